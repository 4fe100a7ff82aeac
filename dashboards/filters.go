package dashboards

import (
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode"

	"kinerja/analytics"
)

// Filters is what a dashboard URL selects: a period of WITA days, an OPD,
// a unit, the trend grain and the element weight. Filters live in the URL
// (a plain GET form) so that every view can be shared and bookmarked.
type Filters struct {
	Period analytics.Period
	Agency string // OPD code, "" = all
	Unit   string // unit code, "" = all
	Grain  analytics.Grain
	Weight analytics.Weight
}

// paramError is a request parameter that is not what we expected: the
// caller's mistake, answered with 400 and these fields.
type paramError struct {
	Param    string `json:"param"`
	Value    string `json:"value"`
	Expected string `json:"expected"` // in English, for API clients
	Key      string `json:"-"`        // message key of Expected, for pages
}

func (e *paramError) Error() string {
	return fmt.Sprintf("parameter %s=%q: want %s", e.Param, e.Value, e.Expected)
}

// maxCodeLen bounds OPD and unit codes in URLs (real codes are short).
const maxCodeLen = 64

// defaultPeriod is the period a dashboard shows when the URL names none:
// the last 12 months in WITA, from the first day of the month eleven months
// before today up to today. Chosen over "year to date" because in January
// year-to-date is nearly empty, and twelve monthly buckets always make a
// readable trend.
func defaultPeriod(now time.Time) analytics.Period {
	return twelveMonthsTo(now)
}

// twelveMonthsTo is the period of the 12 calendar months ending with the
// month of last, up to and including the day of last (WITA).
func twelveMonthsTo(last time.Time) analytics.Period {
	t := last.In(analytics.WITA)
	to := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, analytics.WITA)
	from := time.Date(t.Year(), t.Month()-11, 1, 0, 0, 0, 0, analytics.WITA)
	return analytics.Period{From: from, To: to}
}

// parseFilters reads the filters from the query parameters (get returns ""
// for a missing one). A missing `to` is today, a missing `from` the first day
// of the month eleven months before `to`; both missing give defaultPeriod.
// Values returned are copies, safe to keep after the request.
func parseFilters(get func(string) string, now time.Time) (Filters, *paramError) {
	var f Filters
	from, to := strings.TrimSpace(get("from")), strings.TrimSpace(get("to"))
	def := defaultPeriod(now)
	f.Period = def
	if to != "" {
		t, err := time.ParseInLocation("2006-01-02", to, analytics.WITA)
		if err != nil {
			return f, &paramError{"to", to, "a date YYYY-MM-DD", "expect.date"}
		}
		f.Period = twelveMonthsTo(t)
	}
	if from != "" {
		t, err := time.ParseInLocation("2006-01-02", from, analytics.WITA)
		if err != nil {
			return f, &paramError{"from", from, "a date YYYY-MM-DD", "expect.date"}
		}
		f.Period.From = t
	}
	if f.Period.To.Before(f.Period.From) {
		return f, &paramError{"to", f.Period.To.Format("2006-01-02"), "a date on or after from (" + f.Period.From.Format("2006-01-02") + ")", "expect.after_from"}
	}
	var perr *paramError
	if f.Agency, perr = parseCode("agency", get("agency")); perr != nil {
		return f, perr
	}
	if f.Unit, perr = parseCode("unit", get("unit")); perr != nil {
		return f, perr
	}
	g, err := analytics.ParseGrain(strings.TrimSpace(get("grain")))
	if err != nil {
		return f, &paramError{"grain", get("grain"), "month, quarter, semester or year", "expect.grain"}
	}
	f.Grain = g
	w, err := analytics.ParseWeight(strings.TrimSpace(get("weight")))
	if err != nil {
		return f, &paramError{"weight", get("weight"), "exact or 0.111", "expect.weight"}
	}
	f.Weight = w
	return f, nil
}

// parseCode validates an OPD or unit code: printable, at most maxCodeLen.
func parseCode(param, v string) (string, *paramError) {
	v = strings.TrimSpace(v)
	if len(v) > maxCodeLen {
		return "", &paramError{param, strings.ToValidUTF8(v[:maxCodeLen], "") + "…", fmt.Sprintf("a code of at most %d characters", maxCodeLen), "expect.code"}
	}
	for _, r := range v {
		if !unicode.IsPrint(r) {
			return "", &paramError{param, v, "a code of printable characters", "expect.code"}
		}
	}
	return strings.Clone(v), nil
}

// query returns the filters as URL query values. The period is always
// written out, so a shared link shows the same days later; grain and weight
// only when they are not the default.
func (f Filters) query() url.Values {
	v := url.Values{}
	v.Set("from", f.Period.From.Format("2006-01-02"))
	v.Set("to", f.Period.To.Format("2006-01-02"))
	if f.Agency != "" {
		v.Set("agency", f.Agency)
	}
	if f.Unit != "" {
		v.Set("unit", f.Unit)
	}
	if f.Grain != "" && f.Grain != analytics.Month {
		v.Set("grain", string(f.Grain))
	}
	if f.Weight != "" && f.Weight != analytics.WeightExact {
		v.Set("weight", string(f.Weight))
	}
	return v
}

// URL returns the page path with these filters.
func (f Filters) URL(path string) string {
	return path + "?" + f.query().Encode()
}

// withAgency selects one OPD (and no unit).
func (f Filters) withAgency(code string) Filters {
	f.Agency, f.Unit = code, ""
	return f
}

// withUnit selects one unit of an OPD.
func (f Filters) withUnit(agency, unit string) Filters {
	f.Agency, f.Unit = agency, unit
	return f
}

// ikmQuery is the analytics query of the filters' selection.
func (f Filters) ikmQuery(by analytics.By) analytics.IKMQuery {
	return analytics.IKMQuery{By: by, Period: f.Period, Agency: f.Agency, Unit: f.Unit, Weight: f.Weight}
}
