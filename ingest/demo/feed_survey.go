package demo

import (
	"bufio"
	"net/http"
	"time"
)

// FeedSurveyMaxDays is the longest range one survey export serves.
const FeedSurveyMaxDays = 366

// serveSurvey is the survey app's export, CSV over HTTP:
//
//	GET /exports/survey.csv?from=YYYY-MM-DD&to=YYYY-MM-DD&updated_since=RFC3339
//
// The canonical survey CSV (SurveyHeader; the bytes WriteSurvey writes)
// of the questionnaires submitted on days from..to (WITA, inclusive) by
// "now" and, with updated_since, strictly after it (questionnaires never
// change once sent). Defaults: to is today; from is the first day of the
// previous month, or the day of updated_since when given. At most
// FeedSurveyMaxDays days per request; a bad date or range gets 400. The
// body is streamed (chunked, no Content-Length); an injected truncation
// cuts it in the middle of a row and aborts the connection.
func (f *Feed) serveSurvey(w http.ResponseWriter, r *http.Request, fault Fault) {
	asof := f.opt.Now()
	now := asof.Unix()
	today := witaDay(asof)
	v := r.URL.Query()
	since := int64(-1 << 62)
	from := time.Date(today.Year(), today.Month()-1, 1, 0, 0, 0, 0, wita)
	to := today
	if s := v.Get("updated_since"); s != "" {
		t, err := parseSince(s)
		if err != nil {
			writeError(w, http.StatusBadRequest, "bad_updated_since", "updated_since \""+s+"\": want an RFC 3339 time with an offset, e.g. 2025-03-01T08:00:00+08:00")
			return
		}
		since, from = t.Unix(), witaDay(t)
	}
	for _, p := range []struct {
		name string
		dst  *time.Time
	}{{"from", &from}, {"to", &to}} {
		s := v.Get(p.name)
		if s == "" {
			continue
		}
		t, err := time.ParseInLocation("2006-01-02", s, wita)
		if err != nil {
			writeError(w, http.StatusBadRequest, "bad_"+p.name, p.name+" \""+s+"\": want a date YYYY-MM-DD")
			return
		}
		*p.dst = t
	}
	if from.Year() < 2000 || to.Year() > 2100 {
		writeError(w, http.StatusBadRequest, "bad_range", "from and to: want days between 2000 and 2100")
		return
	}
	if to.Before(from) {
		writeError(w, http.StatusBadRequest, "bad_range", "to "+to.Format("2006-01-02")+" is before from "+from.Format("2006-01-02"))
		return
	}
	if to.After(today) {
		to = today // nothing has been submitted after today
	}
	if n := int(to.Sub(from).Hours()/24+0.5) + 1; n > FeedSurveyMaxDays {
		writeError(w, http.StatusBadRequest, "bad_range", "from "+from.Format("2006-01-02")+" to "+to.Format("2006-01-02")+": at most 366 days per export, ask for a year at a time")
		return
	}
	g := f.generator(asof)
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="skm-`+from.Format("20060102")+"-"+to.Format("20060102")+`.csv"`)
	w.Header().Set("X-Feed-Now", asof.In(wita).Format(time.RFC3339Nano))
	w.WriteHeader(http.StatusOK)
	rec, _ := w.(*recorder)
	bw := bufio.NewWriterSize(w, 64<<10)
	line := append(make([]byte, 0, 512), SurveyHeader+"\n"...)
	bw.Write(line)
	all := days(from, to)
	cut := -1
	if fault.Truncate != TruncateNone {
		cut = len(all) / 2
	}
	var buf []surveyRow
	for k, d := range all {
		if k == cut {
			// Cut the last row written (or the header) in half and drop the
			// connection: the client reads an unexpected EOF from the
			// chunked body.
			bw.Write(line[:len(line)/2])
			bw.Flush()
			http.NewResponseController(w).Flush()
			panic(http.ErrAbortHandler)
		}
		buf = g.surveyDay(d, buf[:0])
		base := d.t.Unix()
		for i := range buf {
			t := base + int64(buf[i].sec)
			if t > now || t <= since {
				continue
			}
			line = g.appendSurveyRow(line[:0], d, &buf[i])
			if _, err := bw.Write(line); err != nil {
				return // the client went away
			}
			if rec != nil {
				rec.rows++
			}
		}
	}
	bw.Flush()
}
