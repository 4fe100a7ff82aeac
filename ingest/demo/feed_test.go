package demo

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// clock is a settable "now" for a feed.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock(s string) *clock {
	t, err := time.ParseInLocation("2006-01-02 15:04:05", s, wita)
	if err != nil {
		panic(err)
	}
	return &clock{t: t}
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// testFeed starts a feed on an httptest server.
func testFeed(t testing.TB, opt FeedOptions) (*Feed, *httptest.Server) {
	t.Helper()
	f, err := NewFeed(opt)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv
}

// get fetches path?query with the token ("" sends no Authorization).
func get(t testing.TB, srv *httptest.Server, path string, q url.Values, token string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest("GET", srv.URL+path+"?"+q.Encode(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: read body: %v", path, err)
	}
	return resp, body
}

// record is one JSON record, values as decoded with UseNumber.
type record map[string]any

func (r record) str(k string) string {
	switch v := r[k].(type) {
	case nil:
		return ""
	case string:
		return v
	case json.Number:
		return v.String()
	}
	panic(fmt.Sprintf("field %s: %T", k, r[k]))
}

type feedPage struct {
	Data       []record `json:"data"`
	NextCursor *string  `json:"next_cursor"`
}

func decodePage(t testing.TB, body []byte) feedPage {
	t.Helper()
	var p feedPage
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&p); err != nil {
		t.Fatalf("decode page: %v\n%.300s", err, body)
	}
	return p
}

// idOf is the natural key of a record of the path.
func idOf(path string, r record) string {
	switch path {
	case FeedPathActivity:
		return r.str("report_id")
	case FeedPathSKP:
		return r.str("nip") + "/" + r.str("year") + "/" + r.str("period")
	case FeedPathEmployees:
		return r.str("nip")
	case FeedPathUnits:
		return r.str("unit_code")
	}
	panic(path)
}

// pull pages through path from updated_since (zero: everything), checking
// on the way that records come in strictly increasing (updated_at, id)
// order and that only the last page has no cursor. It returns the records
// and the number of pages.
func pull(t testing.TB, srv *httptest.Server, path string, since time.Time, limit int) ([]record, int) {
	t.Helper()
	q := url.Values{}
	if !since.IsZero() {
		q.Set("updated_since", since.Format(time.RFC3339Nano))
	}
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	var out []record
	var last position
	pages := 0
	for {
		resp, body := get(t, srv, path, q, DefaultFeedToken)
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s?%s: %d %s", path, q.Encode(), resp.StatusCode, body)
		}
		p := decodePage(t, body)
		pages++
		if limit > 0 && len(p.Data) > limit {
			t.Fatalf("page of %d records, limit %d", len(p.Data), limit)
		}
		for _, r := range p.Data {
			ts, err := time.Parse(time.RFC3339, r.str("updated_at"))
			if err != nil {
				t.Fatalf("updated_at %q: %v", r.str("updated_at"), err)
			}
			pos := position{ts.Unix(), idOf(path, r)}
			if len(out) > 0 && !last.before(pos) {
				t.Fatalf("%s: record %v after %v: not in (updated_at, id) order", path, pos, last)
			}
			if !since.IsZero() && !ts.After(since) {
				t.Fatalf("%s: updated_at %s not after updated_since %s", path, ts, since)
			}
			last = pos
			out = append(out, r)
		}
		if p.NextCursor == nil {
			return out, pages
		}
		if len(p.Data) == 0 {
			t.Fatalf("%s: empty page with a next cursor", path)
		}
		q.Set("cursor", *p.NextCursor)
	}
}

func day0Time(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02", s, wita)
	if err != nil {
		panic(err)
	}
	return t
}

// csvRecords parses a canonical CSV into records keyed by header names.
func csvRecords(t testing.TB, b []byte) []record {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []record
	for _, row := range rows[1:] {
		r := record{}
		for i, h := range rows[0] {
			r[h] = row[i]
		}
		out = append(out, r)
	}
	return out
}

// sameTime compares a CSV time ("YYYY-MM-DD HH:MM:SS" WITA, or empty) with
// a feed time (RFC 3339, or empty).
func sameTime(t testing.TB, csvT, feedT string) bool {
	t.Helper()
	if csvT == "" || feedT == "" {
		return csvT == feedT
	}
	a, err1 := time.ParseInLocation("2006-01-02 15:04:05", csvT, wita)
	b, err2 := time.Parse(time.RFC3339, feedT)
	if err1 != nil || err2 != nil {
		t.Fatalf("times %q %q: %v %v", csvT, feedT, err1, err2)
	}
	return a.Equal(b)
}

// The activity reports served as of the midnight after To are the rows
// WriteActivity writes for the range, field by field, except the reports
// revised or corrected by then, which carry their newer state.
func TestFeedActivityMatchesCSV(t *testing.T) {
	from, to := day0Time("2025-03-01"), day0Time("2025-04-30")
	g, err := New(Options{Seed: 7, Scale: 0.2, From: from, To: to, ActivityFrom: from})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := g.WriteActivity(&buf, from, to); err != nil {
		t.Fatal(err)
	}
	want := csvRecords(t, buf.Bytes())
	clk := newClock("2025-05-01 00:00:00")
	f, srv := testFeed(t, FeedOptions{Seed: 7, Scale: 0.2, From: from, Now: clk.Now})
	got, pages := pull(t, srv, FeedPathActivity, time.Time{}, 4999)
	if len(got) != len(want) {
		t.Fatalf("feed served %d reports in %d pages, the CSV has %d", len(got), pages, len(want))
	}
	if len(want) < 10000 {
		t.Fatalf("only %d reports: the test needs a realistic volume", len(want))
	}
	// Which reports changed after their first review, by the cutoff.
	changed := map[string]string{}
	now := clk.Now().Unix()
	ro := f.gen.roster()
	for _, d := range days(from, to) {
		ld := f.lives(f.gen, d.t)
		for _, l := range ld.recs {
			id := reportID(ro.emps[l.emp].nip, d, l.n)
			switch {
			case l.resubmit != 0 && ld.base+int64(l.resubmit) <= now:
				changed[id] = "revised"
			case l.corrected != 0 && ld.base+int64(l.corrected) <= now:
				changed[id] = "corrected"
			}
		}
	}
	byID := map[string]record{}
	for _, r := range got {
		byID[r.str("report_id")] = r
	}
	kinds := map[string]int{}
	for _, w := range want {
		id := w.str("report_id")
		r, ok := byID[id]
		if !ok {
			t.Fatalf("report %s of the CSV not in the feed", id)
		}
		for _, k := range []string{"nip", "unit_code", "activity_date", "activity", "output"} {
			if w.str(k) != r.str(k) {
				t.Fatalf("%s %s: CSV %q, feed %q", id, k, w.str(k), r.str(k))
			}
		}
		if !sameTime(t, w.str("submitted_at"), r.str("submitted_at")) {
			t.Fatalf("%s submitted_at: CSV %q, feed %q", id, w.str("submitted_at"), r.str("submitted_at"))
		}
		same := w.str("status") == r.str("status") && w.str("quantity") == r.str("quantity") &&
			sameTime(t, w.str("reviewed_at"), r.str("reviewed_at")) && w.str("reviewer_nip") == r.str("reviewer_nip")
		switch kind := changed[id]; {
		case kind == "" && !same:
			t.Fatalf("%s differs from the CSV without a revision or correction:\nCSV  %v\nfeed %v", id, w, r)
		case kind == "revised" && w.str("status") != StatusReturned:
			t.Fatalf("%s revised in the feed but %s in the CSV", id, w.str("status"))
		case kind == "revised" && r.str("status") == StatusReturned:
			t.Fatalf("%s revised but still returned in the feed", id)
		case kind == "corrected" && (w.str("quantity") == r.str("quantity") || w.str("status") != StatusApproved || r.str("status") != StatusApproved):
			t.Fatalf("%s corrected: CSV %v, feed %v", id, w, r)
		case kind != "":
			kinds[kind]++
		}
		if r.str("status") != StatusSubmitted && (r.str("reviewed_at") == "" || r.str("reviewer_nip") == "") {
			t.Fatalf("%s %s without reviewed_at or reviewer_nip: %v", id, r.str("status"), r)
		}
	}
	if kinds["revised"] == 0 || kinds["corrected"] == 0 {
		t.Fatalf("want both revisions and corrections in two months, got %v", kinds)
	}
	t.Logf("%d reports in %d pages; %v", len(got), pages, kinds)
}

// Every event of a report lies within feedLag days of its activity day:
// the bound pages rely on to look back no further.
func TestFeedLagBound(t *testing.T) {
	f, err := NewFeed(FeedOptions{Seed: 3, Scale: 0.3, From: day0Time("2025-01-01"), Now: newClock("2025-06-01 00:00:00").Now})
	if err != nil {
		t.Fatal(err)
	}
	limit := int64(feedLag * 24 * 3600)
	n, longest := 0, time.Duration(0)
	for _, d := range days(day0Time("2025-01-01"), day0Time("2025-04-30")) {
		for _, row := range f.gen.activityDay(d, farFuture, nil) {
			for _, ev := range []time.Time{row.submitted, row.reviewed} {
				if !ev.IsZero() && ev.Sub(d.t) >= time.Duration(limit)*time.Second {
					t.Fatalf("generator event %s of activity day %s beyond %d days", ev, d.key, feedLag)
				}
			}
		}
		for _, l := range f.reportLives(f.gen, d).recs {
			n++
			longest = max(longest, time.Duration(l.last())*time.Second)
			if int64(l.last()) >= limit {
				t.Fatalf("report of %s changes %s after its day, beyond %d days", d.key, time.Duration(l.last())*time.Second, feedLag)
			}
			if l.resubmit != 0 && l.resubmit <= l.reviewed || l.reapprove != 0 && l.reapprove <= l.resubmit || l.corrected != 0 && l.corrected <= l.reviewed {
				t.Fatalf("events out of order: %+v", l)
			}
		}
	}
	t.Logf("%d reports, last event at most %.1f days after the activity day", n, longest.Hours()/24)
}

// Paging with a cursor yields each record exactly once, whatever the page
// size, and the same records as one big page.
func TestFeedPagingExactlyOnce(t *testing.T) {
	clk := newClock("2025-04-10 13:30:00")
	_, srv := testFeed(t, FeedOptions{Seed: 11, Scale: 0.1, From: day0Time("2025-03-01"), Now: clk.Now})
	for _, tc := range []struct {
		path  string
		limit int
	}{
		{FeedPathActivity, 1}, // exercises ties at one updated_at second too
		{FeedPathActivity, 313},
		{FeedPathSKP, 250},
		{FeedPathEmployees, 97},
		{FeedPathUnits, 7},
	} {
		t.Run(fmt.Sprintf("%s limit %d", tc.path, tc.limit), func(t *testing.T) {
			if tc.limit == 1 && testing.Short() {
				t.Skip("one record per page")
			}
			whole, _ := pull(t, srv, tc.path, time.Time{}, FeedMaxLimit)
			if tc.limit == 1 {
				whole = whole[:min(len(whole), 2500)]
			}
			var got []record
			q := url.Values{"limit": {strconv.Itoa(tc.limit)}}
			seen := map[string]bool{}
			for len(got) < len(whole) {
				resp, body := get(t, srv, tc.path, q, DefaultFeedToken)
				if resp.StatusCode != 200 {
					t.Fatalf("%d %s", resp.StatusCode, body)
				}
				p := decodePage(t, body)
				for _, r := range p.Data {
					id := idOf(tc.path, r)
					if seen[id] {
						t.Fatalf("%s twice", id)
					}
					seen[id] = true
				}
				got = append(got, p.Data...)
				if p.NextCursor == nil {
					break
				}
				q.Set("cursor", *p.NextCursor)
			}
			if len(got) < len(whole) || len(whole) == 0 {
				t.Fatalf("paged %d records, one pull %d", len(got), len(whole))
			}
			for i := range whole {
				a, _ := json.Marshal(whole[i])
				b, _ := json.Marshal(got[i])
				if !bytes.Equal(a, b) {
					t.Fatalf("record %d: paged %s, one pull %s", i, b, a)
				}
			}
			t.Logf("%d records", len(whole))
		})
	}
}

// updated_since returns exactly the records updated strictly after it.
func TestFeedUpdatedSince(t *testing.T) {
	clk := newClock("2025-04-22 16:45:10")
	_, srv := testFeed(t, FeedOptions{Seed: 5, Scale: 0.1, From: day0Time("2025-03-01"), Now: clk.Now})
	for _, path := range []string{FeedPathActivity, FeedPathSKP, FeedPathEmployees} {
		t.Run(path, func(t *testing.T) {
			all, _ := pull(t, srv, path, time.Time{}, FeedMaxLimit)
			if len(all) < 100 {
				t.Fatalf("only %d records", len(all))
			}
			for _, at := range []int{len(all) / 3, len(all) - 5} {
				since, _ := time.Parse(time.RFC3339, all[at].str("updated_at"))
				var want []record
				for _, r := range all {
					if ts, _ := time.Parse(time.RFC3339, r.str("updated_at")); ts.After(since) {
						want = append(want, r)
					}
				}
				got, _ := pull(t, srv, path, since, 1000)
				if len(got) != len(want) {
					t.Fatalf("since %s: %d records, want %d", since, len(got), len(want))
				}
				for i := range want {
					if idOf(path, got[i]) != idOf(path, want[i]) {
						t.Fatalf("since %s: record %d is %s, want %s", since, i, idOf(path, got[i]), idOf(path, want[i]))
					}
				}
				// The same instant written in UTC, and with a fraction of a
				// second, select the same records.
				got2, _ := pull(t, srv, path, since.UTC().Add(500*time.Millisecond), 1000)
				if len(got2) != len(want) {
					t.Fatalf("since %s + 0.5 s: %d records, want %d", since.UTC(), len(got2), len(want))
				}
			}
		})
	}
}

// A source polling every few hours with updated_since = the greatest
// updated_at it has seen ends up with exactly what a full pull at the end
// shows: nothing missed, every change picked up. During a working day the
// feed has something new at every poll.
func TestFeedPollingFollowsTheClock(t *testing.T) {
	clk := newClock("2025-04-14 06:00:00") // a Monday
	_, srv := testFeed(t, FeedOptions{Seed: 9, Scale: 0.1, From: day0Time("2025-03-01"), Now: clk.Now})
	for _, path := range []string{FeedPathActivity, FeedPathSKP, FeedPathEmployees} {
		t.Run(path, func(t *testing.T) {
			c := newClock("2025-04-14 06:00:00")
			clk.mu.Lock()
			clk.t = c.t
			clk.mu.Unlock()
			state := map[string]string{}
			var watermark time.Time
			apply := func(recs []record) {
				for _, r := range recs {
					b, _ := json.Marshal(r)
					state[idOf(path, r)] = string(b)
					ts, _ := time.Parse(time.RFC3339, r.str("updated_at"))
					if ts.After(watermark) {
						watermark = ts
					}
				}
			}
			recs, _ := pull(t, srv, path, time.Time{}, 2000)
			apply(recs)
			working := 0
			for range 4 * 8 { // four days, every three hours
				clk.Add(3 * time.Hour)
				recs, _ := pull(t, srv, path, watermark, 2000)
				apply(recs)
				if h := clk.Now().Hour(); path == FeedPathActivity && clk.Now().Weekday() != time.Saturday && h >= 12 && h <= 21 {
					if len(recs) == 0 {
						t.Errorf("%s: nothing new at %s", path, clk.Now())
					}
					working++
				}
			}
			final, _ := pull(t, srv, path, time.Time{}, FeedMaxLimit)
			if len(final) != len(state) {
				t.Fatalf("polling collected %d records, a full pull at the end has %d", len(state), len(final))
			}
			for _, r := range final {
				b, _ := json.Marshal(r)
				if state[idOf(path, r)] != string(b) {
					t.Fatalf("record %s: polled %s, full pull %s", idOf(path, r), state[idOf(path, r)], b)
				}
			}
			t.Logf("%d records after 32 polls", len(final))
		})
	}
}

// A cursor keeps the snapshot of its first page: the clock moving between
// pages changes nothing in the pull, and the next pull from the watermark
// brings what happened meanwhile.
func TestFeedCursorPinsSnapshot(t *testing.T) {
	clk := newClock("2025-04-15 10:00:00")
	_, srv := testFeed(t, FeedOptions{Seed: 2, Scale: 0.1, From: day0Time("2025-03-01"), Now: clk.Now})
	want, _ := pull(t, srv, FeedPathActivity, time.Time{}, FeedMaxLimit)
	q := url.Values{"limit": {"700"}}
	var got []record
	for {
		_, body := get(t, srv, FeedPathActivity, q, DefaultFeedToken)
		p := decodePage(t, body)
		got = append(got, p.Data...)
		if p.NextCursor == nil {
			break
		}
		q.Set("cursor", *p.NextCursor)
		clk.Add(40 * time.Minute)
	}
	if len(got) != len(want) {
		t.Fatalf("pull while the clock moved: %d records, want the snapshot's %d", len(got), len(want))
	}
	last, _ := time.Parse(time.RFC3339, got[len(got)-1].str("updated_at"))
	more, _ := pull(t, srv, FeedPathActivity, last, 0)
	if len(more) == 0 {
		t.Fatalf("nothing new after %s from %s to %s", last, "10:00", clk.Now())
	}
}

// The SKP evaluations of a year, once all evaluated, are WriteSKP's rows,
// except the corrected ones, whose ratings changed within their predikat.
func TestFeedSKPMatchesCSV(t *testing.T) {
	g, err := New(Options{Seed: 4, Scale: 0.2, From: day0Time("2024-01-01"), To: day0Time("2024-12-31")})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := g.WriteSKP(&buf, 2024); err != nil {
		t.Fatal(err)
	}
	want := csvRecords(t, buf.Bytes())
	// From March 2025 the feed serves 2024 onwards; on 1 April 2025 the
	// first quarter of 2025 is not evaluated yet.
	_, srv := testFeed(t, FeedOptions{Seed: 4, Scale: 0.2, From: day0Time("2025-03-01"), Now: newClock("2025-04-01 00:00:00").Now})
	got, _ := pull(t, srv, FeedPathSKP, time.Time{}, FeedMaxLimit)
	if len(got) != len(want) {
		t.Fatalf("feed has %d evaluations, the CSV %d", len(got), len(want))
	}
	byID := map[string]record{}
	for _, r := range got {
		byID[idOf(FeedPathSKP, r)] = r
		ts, _ := time.Parse(time.RFC3339, r.str("updated_at"))
		end := periodEnd(2024, r.str("period"))
		if !ts.After(end.AddDate(0, 0, 1)) || !newDay(ts.In(wita)).working() || ts.In(wita).Hour() < 8 || ts.In(wita).Hour() >= 16 {
			t.Fatalf("%s evaluated at %s: want a working day in office hours after %s", idOf(FeedPathSKP, r), ts, end.Format("2006-01-02"))
		}
	}
	corrected := 0
	for _, w := range want {
		id := idOf(FeedPathSKP, w)
		r, ok := byID[id]
		if !ok {
			t.Fatalf("%s not in the feed", id)
		}
		for _, k := range []string{"unit_code", "predikat", "evaluator_nip"} {
			if w.str(k) != r.str(k) {
				t.Fatalf("%s %s: CSV %q, feed %q", id, k, w.str(k), r.str(k))
			}
		}
		if Predikat(r.str("hasil_kerja"), r.str("perilaku_kerja")) != r.str("predikat") {
			t.Fatalf("%s: ratings %s/%s do not give %s", id, r.str("hasil_kerja"), r.str("perilaku_kerja"), r.str("predikat"))
		}
		if w.str("hasil_kerja") != r.str("hasil_kerja") || w.str("perilaku_kerja") != r.str("perilaku_kerja") {
			corrected++
		}
	}
	if corrected == 0 || corrected > len(want)/20 {
		t.Fatalf("%d of %d evaluations corrected: want a few", corrected, len(want))
	}
	t.Logf("%d evaluations, %d corrected", len(want), corrected)
}

// Employees and units as of a day are WriteEmployees' and WriteUnits'
// files for a range ending that day.
func TestFeedMasterDataMatchesCSV(t *testing.T) {
	g, err := New(Options{Seed: 6, Scale: 0.3, From: day0Time("2024-01-01"), To: day0Time("2025-05-20")})
	if err != nil {
		t.Fatal(err)
	}
	_, srv := testFeed(t, FeedOptions{Seed: 6, Scale: 0.3, From: day0Time("2025-04-01"), Now: newClock("2025-05-20 07:00:00").Now})
	for _, tc := range []struct {
		path  string
		write func(io.Writer) (int64, error)
	}{
		{FeedPathEmployees, g.WriteEmployees},
		{FeedPathUnits, g.WriteUnits},
	} {
		t.Run(tc.path, func(t *testing.T) {
			var buf bytes.Buffer
			if _, err := tc.write(&buf); err != nil {
				t.Fatal(err)
			}
			want := csvRecords(t, buf.Bytes())
			got, _ := pull(t, srv, tc.path, time.Time{}, FeedMaxLimit)
			if len(got) != len(want) {
				t.Fatalf("feed %d records, CSV %d", len(got), len(want))
			}
			byID := map[string]record{}
			for _, r := range got {
				byID[idOf(tc.path, r)] = r
			}
			for _, w := range want {
				r := byID[idOf(tc.path, w)]
				if r == nil {
					t.Fatalf("%s not in the feed", idOf(tc.path, w))
				}
				for k := range w {
					if w.str(k) != r.str(k) {
						t.Fatalf("%s %s: CSV %q, feed %q", idOf(tc.path, w), k, w.str(k), r.str(k))
					}
				}
			}
		})
	}
	// A golongan step shows up on its day with that day's updated_at.
	all, _ := pull(t, srv, FeedPathEmployees, time.Time{}, FeedMaxLimit)
	promoted := 0
	for _, r := range all {
		if strings.HasPrefix(r.str("updated_at"), "2025-") && r.str("active_from") < "2025-01-01" && r.str("active_to") == "" {
			promoted++
		}
	}
	if promoted == 0 {
		t.Errorf("no employee record changed in 2025 after joining before it")
	}
}

// The survey export of past days is byte for byte what WriteSurvey writes;
// today's export stops at "now"; updated_since keeps what came after it.
func TestFeedSurveyCSV(t *testing.T) {
	clk := newClock("2025-03-12 10:15:00")
	f, srv := testFeed(t, FeedOptions{Seed: 8, Scale: 0.2, Now: clk.Now})
	var want bytes.Buffer
	if _, err := f.gen.WriteSurvey(&want, day0Time("2025-02-01"), day0Time("2025-02-28")); err != nil {
		t.Fatal(err)
	}
	resp, body := get(t, srv, FeedPathSurveyCSV, url.Values{"from": {"2025-02-01"}, "to": {"2025-02-28"}}, DefaultFeedToken)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" {
		t.Fatalf("%d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if !bytes.Equal(body, want.Bytes()) {
		t.Fatalf("export of February differs from WriteSurvey (%d bytes vs %d)", len(body), want.Len())
	}
	// Today: only what was submitted by 10:15.
	_, body = get(t, srv, FeedPathSurveyCSV, url.Values{"from": {"2025-03-12"}, "to": {"2025-03-20"}}, DefaultFeedToken)
	rows := csvRecords(t, body)
	if len(rows) == 0 {
		t.Fatal("nothing submitted on a Wednesday morning by 10:15")
	}
	for _, r := range rows {
		if r.str("submitted_at") > "2025-03-12 10:15:00" {
			t.Fatalf("response submitted at %s after now", r.str("submitted_at"))
		}
	}
	clk.Add(3 * time.Hour)
	_, body = get(t, srv, FeedPathSurveyCSV, url.Values{"updated_since": {"2025-03-12T10:15:00+08:00"}}, DefaultFeedToken)
	later := csvRecords(t, body)
	if len(later) == 0 {
		t.Fatal("nothing new between 10:15 and 13:15")
	}
	for _, r := range later {
		if s := r.str("submitted_at"); s <= "2025-03-12 10:15:00" || s > "2025-03-12 13:15:00" {
			t.Fatalf("updated_since 10:15 at 13:15 returned a response of %s", s)
		}
	}
	// Default range: the first day of the previous month to today.
	_, body = get(t, srv, FeedPathSurveyCSV, nil, DefaultFeedToken)
	_, explicit := get(t, srv, FeedPathSurveyCSV, url.Values{"from": {"2025-02-01"}, "to": {"2025-03-12"}}, DefaultFeedToken)
	if !bytes.Equal(body, explicit) || len(csvRecords(t, body)) < 1000 {
		t.Fatalf("default export (%d bytes) is not from 1 February to today (%d bytes)", len(body), len(explicit))
	}
}

func TestFeedAuth(t *testing.T) {
	_, srv := testFeed(t, FeedOptions{Seed: 1, Scale: 0.05, Token: "rahasia", Now: newClock("2025-04-10 12:00:00").Now})
	for _, path := range []string{FeedPathActivity, FeedPathSKP, FeedPathEmployees, FeedPathUnits, FeedPathSurveyCSV} {
		for _, tc := range []struct {
			name   string
			header string
			status int
		}{
			{"no header", "", 401},
			{"wrong token", "Bearer salah", 401},
			{"default token when another is set", "Bearer " + DefaultFeedToken, 401},
			{"token without scheme", "rahasia", 401},
			{"basic scheme", "Basic rahasia", 401},
			{"token with a suffix", "Bearer rahasia2", 401},
			{"right token", "Bearer rahasia", 200},
			{"scheme in lower case", "bearer rahasia", 200},
		} {
			t.Run(path+" "+tc.name, func(t *testing.T) {
				req, _ := http.NewRequest("GET", srv.URL+path+"?limit=1", nil)
				if tc.header != "" {
					req.Header.Set("Authorization", tc.header)
				}
				resp, err := srv.Client().Do(req)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != tc.status {
					t.Fatalf("%d, want %d: %s", resp.StatusCode, tc.status, body)
				}
				if tc.status == 401 && (resp.Header.Get("WWW-Authenticate") == "" || !strings.Contains(string(body), `"error":"unauthorized"`)) {
					t.Fatalf("401 without WWW-Authenticate or JSON error: %s", body)
				}
			})
		}
	}
	resp, body := get(t, srv, FeedPathHealth, nil, "")
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"status":"ok"`) {
		t.Fatalf("healthz without a token: %d %s", resp.StatusCode, body)
	}
}

func TestFeedBadRequests(t *testing.T) {
	_, srv := testFeed(t, FeedOptions{Seed: 1, Scale: 0.05, Now: newClock("2025-04-10 12:00:00").Now})
	// A real cursor of the units endpoint, to try on another one.
	_, body := get(t, srv, FeedPathUnits, url.Values{"limit": {"2"}}, DefaultFeedToken)
	unitsCursor := *decodePage(t, body).NextCursor
	for _, tc := range []struct {
		name   string
		path   string
		query  url.Values
		status int
		code   string
	}{
		{"limit zero", FeedPathActivity, url.Values{"limit": {"0"}}, 400, "bad_limit"},
		{"limit negative", FeedPathSKP, url.Values{"limit": {"-5"}}, 400, "bad_limit"},
		{"limit not a number", FeedPathEmployees, url.Values{"limit": {"sepuluh"}}, 400, "bad_limit"},
		{"limit above the max", FeedPathActivity, url.Values{"limit": {"5001"}}, 400, "bad_limit"},
		{"limit at the max", FeedPathActivity, url.Values{"limit": {"5000"}}, 200, ""},
		{"updated_since without offset", FeedPathActivity, url.Values{"updated_since": {"2025-04-01T08:00:00"}}, 400, "bad_updated_since"},
		{"updated_since a date", FeedPathSKP, url.Values{"updated_since": {"2025-04-01"}}, 400, "bad_updated_since"},
		{"updated_since garbage", FeedPathUnits, url.Values{"updated_since": {"kemarin"}}, 400, "bad_updated_since"},
		{"updated_since with a space for +", FeedPathActivity, url.Values{"updated_since": {"2025-04-09T08:00:00 08:00"}}, 200, ""},
		{"cursor not base64", FeedPathActivity, url.Values{"cursor": {"!!!"}}, 400, "bad_cursor"},
		{"cursor of something else", FeedPathActivity, url.Values{"cursor": {"aGVsbG8"}}, 400, "bad_cursor"},
		{"cursor of another endpoint", FeedPathEmployees, url.Values{"cursor": {unitsCursor}}, 400, "bad_cursor"},
		{"survey from not a date", FeedPathSurveyCSV, url.Values{"from": {"01/04/2025"}}, 400, "bad_from"},
		{"survey to not a date", FeedPathSurveyCSV, url.Values{"to": {"2025-02-30"}}, 400, "bad_to"},
		{"survey to before from", FeedPathSurveyCSV, url.Values{"from": {"2025-04-02"}, "to": {"2025-04-01"}}, 400, "bad_range"},
		{"survey range over a year", FeedPathSurveyCSV, url.Values{"from": {"2023-01-01"}, "to": {"2024-12-31"}}, 400, "bad_range"},
		{"survey updated_since garbage", FeedPathSurveyCSV, url.Values{"updated_since": {"x"}}, 400, "bad_updated_since"},
		{"unknown path", "/api/v1/laporan", nil, 404, "not_found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := get(t, srv, tc.path, tc.query, DefaultFeedToken)
			if resp.StatusCode != tc.status {
				t.Fatalf("%d, want %d: %s", resp.StatusCode, tc.status, body)
			}
			if tc.code != "" {
				var e struct{ Error, Message string }
				if err := json.Unmarshal(body, &e); err != nil || e.Error != tc.code || e.Message == "" {
					t.Fatalf("body %s, want error %q with a message", body, tc.code)
				}
			}
		})
	}
	req, _ := http.NewRequest("POST", srv.URL+FeedPathActivity, strings.NewReader("{}"))
	req.Header.Set("Authorization", "Bearer "+DefaultFeedToken)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 405 || resp.Header.Get("Allow") != "GET, HEAD" {
		t.Fatalf("POST: %d, Allow %q", resp.StatusCode, resp.Header.Get("Allow"))
	}
}

func TestFeedOptionsRejected(t *testing.T) {
	for _, tc := range []struct {
		name string
		opt  FeedOptions
		want string
	}{
		{"fail rate above 1", FeedOptions{Faults: Faults{FailRate: 1.5}}, "fail rate"},
		{"negative slow rate", FeedOptions{Faults: Faults{SlowRate: -0.1}}, "slow rate"},
		{"rates above 1 together", FeedOptions{Faults: Faults{FailRate: 0.6, TruncateRate: 0.6}}, "together"},
		{"negative delay", FeedOptions{Faults: Faults{SlowDelay: -time.Second}}, "slow delay"},
		{"from before 2001", FeedOptions{From: day0Time("1999-01-01")}, "from 1999-01-01"},
		{"negative scale", FeedOptions{Scale: -1}, "scale"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewFeed(tc.opt)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one about %q", err, tc.want)
			}
		})
	}
}

// doRaw fetches with the default token and returns the status, the
// declared length and the body read, with the read error.
func doRaw(t *testing.T, c *http.Client, u string) (int, int64, []byte, error) {
	t.Helper()
	req, _ := http.NewRequest("GET", u, nil)
	req.Header.Set("Authorization", "Bearer "+DefaultFeedToken)
	resp, err := c.Do(req)
	if err != nil {
		return 0, 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.ContentLength, b, err
}

func TestFeedFaultShapes(t *testing.T) {
	plan := func(f Fault) Faults {
		return Faults{Plan: func(int64, *http.Request) Fault { return f }}
	}
	now := newClock("2025-04-10 15:00:00").Now
	t.Run("unavailable", func(t *testing.T) {
		_, srv := testFeed(t, FeedOptions{Scale: 0.05, Now: now, Faults: Faults{FailRate: 1}})
		status, _, body, err := doRaw(t, srv.Client(), srv.URL+FeedPathActivity)
		if err != nil || status != 503 || !strings.Contains(string(body), `"error":"unavailable"`) {
			t.Fatalf("%d %s %v", status, body, err)
		}
		// Health checks are never faulted.
		if status, _, _, _ := doRaw(t, srv.Client(), srv.URL+FeedPathHealth); status != 200 {
			t.Fatalf("healthz: %d", status)
		}
	})
	t.Run("short body", func(t *testing.T) {
		_, srv := testFeed(t, FeedOptions{Scale: 0.05, Now: now, Faults: plan(Fault{Truncate: TruncateShort})})
		status, declared, body, err := doRaw(t, srv.Client(), srv.URL+FeedPathUnits)
		if status != 200 || !errors.Is(err, io.ErrUnexpectedEOF) || int64(len(body)) >= declared {
			t.Fatalf("status %d, declared %d, read %d bytes, error %v: want an unexpected EOF before the declared length", status, declared, len(body), err)
		}
	})
	t.Run("cut JSON", func(t *testing.T) {
		_, srv := testFeed(t, FeedOptions{Scale: 0.05, Now: now, Faults: plan(Fault{Truncate: TruncateCut})})
		status, declared, body, err := doRaw(t, srv.Client(), srv.URL+FeedPathSKP)
		if err != nil || status != 200 || int64(len(body)) != declared {
			t.Fatalf("status %d, declared %d, read %d, error %v: want a complete response", status, declared, len(body), err)
		}
		var v any
		if err := json.Unmarshal(body, &v); err == nil || !bytes.HasPrefix(body, []byte(`{"data":[`)) {
			t.Fatalf("want the start of a page cut short, got %.100s (%v)", body, err)
		}
	})
	t.Run("survey export cut", func(t *testing.T) {
		_, srv := testFeed(t, FeedOptions{Scale: 0.05, Now: now, Faults: plan(Fault{Truncate: TruncateShort})})
		status, _, body, err := doRaw(t, srv.Client(), srv.URL+FeedPathSurveyCSV+"?from=2025-03-01&to=2025-03-31")
		if status != 200 || !errors.Is(err, io.ErrUnexpectedEOF) || !bytes.HasPrefix(body, []byte(SurveyHeader)) {
			t.Fatalf("status %d, %d bytes, error %v: want the start of the export then an unexpected EOF", status, len(body), err)
		}
	})
	t.Run("slow", func(t *testing.T) {
		_, srv := testFeed(t, FeedOptions{Scale: 0.05, Now: now, Faults: plan(Fault{Delay: time.Minute})})
		c := srv.Client()
		c.Timeout = 50 * time.Millisecond
		_, _, _, err := doRaw(t, c, srv.URL+FeedPathUnits)
		var ne net.Error
		if !errors.As(err, &ne) || !ne.Timeout() {
			t.Fatalf("want a client timeout, got %v", err)
		}
	})
}

// Faults by rate are a function of (seed, request number): the same
// requests meet the same faults, another seed other ones, at about the
// rates asked. A client that retries what failed gets the same records as
// from a feed without faults.
func TestFeedFaultRates(t *testing.T) {
	faults := Faults{FailRate: 0.2, TruncateRate: 0.15, SlowRate: 0.1, SlowDelay: time.Millisecond}
	seq := func(seed uint64) []string {
		f, err := NewFeed(FeedOptions{Seed: seed, Scale: 0.05, Faults: faults})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for i := range int64(400) {
			fl := f.faultFor(i, nil)
			out = append(out, fmt.Sprintf("%v/%s/%v", fl.Unavailable, fl.Truncate, fl.Delay > 0))
		}
		return out
	}
	a, b, c := seq(1), seq(1), seq(2)
	if !slices.Equal(a, b) {
		t.Fatal("same seed, different faults")
	}
	if slices.Equal(a, c) {
		t.Fatal("another seed, the same faults")
	}
	count := map[string]int{}
	for _, s := range a {
		parts := strings.Split(s, "/")
		if parts[0] == "true" {
			count["503"]++
		}
		if parts[1] != "none" {
			count["truncate"]++
			count[parts[1]]++
		}
		if parts[2] == "true" {
			count["slow"]++
		}
		if parts[0] == "true" && parts[1] != "none" {
			t.Fatal("a request both unavailable and truncated")
		}
	}
	for k, want := range map[string]float64{"503": 0.2, "truncate": 0.15, "slow": 0.1} {
		if got := float64(count[k]) / 400; got < want/2 || got > want*1.6 {
			t.Errorf("%s in %.3f of requests, want about %.2f", k, got, want)
		}
	}
	if count["short"] == 0 || count["cut"] == 0 {
		t.Errorf("want both kinds of truncation: %v", count)
	}

	clk := newClock("2025-04-10 18:00:00")
	_, clean := testFeed(t, FeedOptions{Seed: 3, Scale: 0.05, From: day0Time("2025-04-01"), Now: clk.Now})
	_, flaky := testFeed(t, FeedOptions{Seed: 3, Scale: 0.05, From: day0Time("2025-04-01"), Now: clk.Now, Faults: faults})
	want, _ := pull(t, clean, FeedPathActivity, time.Time{}, 50)
	var got []record
	q := url.Values{"limit": {"50"}}
	failures := 0
	for {
		status, _, body, err := doRaw(t, flaky.Client(), flaky.URL+FeedPathActivity+"?"+q.Encode())
		var p feedPage
		if err == nil && status == 200 {
			dec := json.NewDecoder(bytes.NewReader(body))
			dec.UseNumber()
			err = dec.Decode(&p)
		}
		if err != nil || status != 200 {
			failures++
			if failures > 200 {
				t.Fatal("too many failures")
			}
			continue
		}
		got = append(got, p.Data...)
		if p.NextCursor == nil {
			break
		}
		q.Set("cursor", *p.NextCursor)
	}
	if failures == 0 || len(got) != len(want) {
		t.Fatalf("%d failures retried, %d records, want %d", failures, len(got), len(want))
	}
	for i := range want {
		a, _ := json.Marshal(want[i])
		b, _ := json.Marshal(got[i])
		if !bytes.Equal(a, b) {
			t.Fatalf("record %d differs after retries", i)
		}
	}
}

// The same options and the same clock give the same bytes, whatever the
// cache holds.
func TestFeedDeterministic(t *testing.T) {
	opt := func(cache int) FeedOptions {
		return FeedOptions{Seed: 12, Scale: 0.1, From: day0Time("2025-03-01"), Now: newClock("2025-04-23 11:00:00").Now, CacheRecords: cache}
	}
	_, a := testFeed(t, opt(0))
	_, b := testFeed(t, opt(50)) // smaller than one day: nothing is kept
	for _, path := range []string{FeedPathActivity, FeedPathSKP, FeedPathEmployees, FeedPathUnits} {
		q := url.Values{"limit": {"1500"}, "updated_since": {"2025-04-02T00:00:00+08:00"}}
		for range 3 {
			_, x := get(t, a, path, q, DefaultFeedToken)
			_, y := get(t, b, path, q, DefaultFeedToken)
			if !bytes.Equal(x, y) {
				t.Fatalf("%s: two feeds with the same options and clock differ", path)
			}
			p := decodePage(t, x)
			if p.NextCursor == nil {
				break
			}
			q.Set("cursor", *p.NextCursor)
		}
	}
}

// StartFeed serves on a free port until stopped.
func TestStartFeed(t *testing.T) {
	url, stop, err := StartFeed(context.Background(), "127.0.0.1:0", FeedOptions{Scale: 0.05})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(url + FeedPathHealth)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("healthz %d", resp.StatusCode)
	}
	stop()
	stop()
	if _, err := http.Get(url + FeedPathHealth); err == nil {
		t.Fatal("still serving after stop")
	}
}

// BenchmarkFeedActivityFullPull measures a full pull of three months of
// activity reports at scale 1 in pages of 5000 (records/s), cache warm
// after the first pull.
func BenchmarkFeedActivityFullPull(b *testing.B) {
	_, srv := testFeed(b, FeedOptions{Seed: 1, Scale: 1, From: day0Time("2025-03-01"), Now: newClock("2025-05-31 20:00:00").Now})
	var n int
	start := time.Now()
	for b.Loop() {
		recs, _ := pull(b, srv, FeedPathActivity, time.Time{}, FeedMaxLimit)
		n += len(recs)
	}
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "records/s")
}

// BenchmarkFeedPage measures one first page (limit 1000) of each JSON
// endpoint at scale 1, as a poller asking for the last hour sees it, and a
// full first page.
func BenchmarkFeedPage(b *testing.B) {
	clk := newClock("2025-05-20 16:00:00")
	_, srv := testFeed(b, FeedOptions{Seed: 1, Scale: 1, From: day0Time("2025-03-01"), Now: clk.Now})
	for _, path := range []string{FeedPathActivity, FeedPathSKP, FeedPathEmployees, FeedPathUnits} {
		for _, since := range []string{"", "2025-05-20T15:00:00+08:00"} {
			name := path + " full"
			if since != "" {
				name = path + " last hour"
			}
			b.Run(name, func(b *testing.B) {
				q := url.Values{"limit": {"1000"}}
				if since != "" {
					q.Set("updated_since", since)
				}
				for b.Loop() {
					if resp, body := get(b, srv, path, q, DefaultFeedToken); resp.StatusCode != 200 {
						b.Fatalf("%d %s", resp.StatusCode, body)
					}
				}
			})
		}
	}
}

// A feed running across New Year draws the next years' intake: people who
// join after the feed started appear with their join day.
func TestFeedAcrossYears(t *testing.T) {
	clk := newClock("2026-06-01 09:00:00")
	_, srv := testFeed(t, FeedOptions{Seed: 2, Scale: 0.2, Now: clk.Now})
	clk.Add(time.Duration(24*(365+289)) * time.Hour) // 2028-03-16
	all, _ := pull(t, srv, FeedPathEmployees, time.Time{}, FeedMaxLimit)
	joined := 0
	for _, r := range all {
		if strings.HasPrefix(r.str("active_from"), "2028-") {
			joined++
			if r.str("updated_at") != r.str("active_from")+"T07:00:00+08:00" {
				t.Fatalf("joined %s, updated_at %s", r.str("active_from"), r.str("updated_at"))
			}
		}
	}
	if joined == 0 {
		t.Fatal("nobody of the 2028 intake by 16 March 2028")
	}
	// And the activity of a day of 2028 is served.
	recs, _ := pull(t, srv, FeedPathActivity, time.Date(2028, 3, 15, 0, 0, 0, 0, wita), FeedMaxLimit)
	if len(recs) == 0 {
		t.Fatal("no activity on 15 March 2028")
	}
}

// Concurrent pulls of every endpoint share the cache safely (run with
// -race) and agree with each other.
func TestFeedConcurrentPulls(t *testing.T) {
	clk := newClock("2025-04-16 17:00:00")
	_, srv := testFeed(t, FeedOptions{Seed: 13, Scale: 0.05, From: day0Time("2025-03-15"), Now: clk.Now, CacheRecords: 3000})
	paths := []string{FeedPathActivity, FeedPathSKP, FeedPathEmployees, FeedPathUnits, FeedPathActivity, FeedPathActivity}
	got := make([][]record, len(paths))
	var wg sync.WaitGroup
	for i, p := range paths {
		wg.Go(func() { got[i], _ = pull(t, srv, p, time.Time{}, 400) })
	}
	wg.Wait()
	for _, i := range []int{4, 5} {
		if len(got[i]) != len(got[0]) || len(got[0]) == 0 {
			t.Fatalf("concurrent pulls of the activity reports: %d and %d records", len(got[0]), len(got[i]))
		}
	}
}
