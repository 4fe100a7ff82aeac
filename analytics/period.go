package analytics

import (
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Period labels name the periods users compare: a year "2025", a semester
// "2025-S1", a quarter "2025-Q2", a month "2025-03", or any range of days
// "2025-01-01..2025-06-15" (both ends inclusive, WITA). A single day
// "2025-03-14" is a one-day range. Semester and quarter letters may be
// lower case. Every period is a range of calendar days in WITA.
var (
	labelYear     = regexp.MustCompile(`^(\d{4})$`)
	labelSemester = regexp.MustCompile(`^(\d{4})-[Ss]([12])$`)
	labelQuarter  = regexp.MustCompile(`^(\d{4})-[Qq]([1-4])$`)
	labelMonth    = regexp.MustCompile(`^(\d{4})-(\d{2})$`)
	labelDay      = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
)

// ParsePeriodLabel turns a period label into a Period.
func ParsePeriodLabel(s string) (Period, error) {
	s = strings.TrimSpace(s)
	bad := func() (Period, error) {
		return Period{}, fmt.Errorf("period %q: want 2025, 2025-S1, 2025-Q2, 2025-03 or 2025-01-01..2025-03-31", s)
	}
	year := func(v string) (int, bool) {
		y, err := strconv.Atoi(v)
		return y, err == nil && y >= 1900 && y <= 9999
	}
	if from, to, ok := strings.Cut(s, ".."); ok {
		from, to = strings.TrimSpace(from), strings.TrimSpace(to)
		if !labelDay.MatchString(from) || !labelDay.MatchString(to) {
			return bad()
		}
		return ParsePeriod(from, to)
	}
	switch {
	case labelYear.MatchString(s):
		y, ok := year(s)
		if !ok {
			return bad()
		}
		return bucket(Year, y, 1), nil
	case labelSemester.MatchString(s):
		m := labelSemester.FindStringSubmatch(s)
		y, ok := year(m[1])
		if !ok {
			return bad()
		}
		h, _ := strconv.Atoi(m[2])
		return bucket(Semester, y, time.Month(6*(h-1)+1)), nil
	case labelQuarter.MatchString(s):
		m := labelQuarter.FindStringSubmatch(s)
		y, ok := year(m[1])
		if !ok {
			return bad()
		}
		q, _ := strconv.Atoi(m[2])
		return bucket(Quarter, y, time.Month(3*(q-1)+1)), nil
	case labelMonth.MatchString(s):
		m := labelMonth.FindStringSubmatch(s)
		y, ok := year(m[1])
		mo, _ := strconv.Atoi(m[2])
		if !ok || mo < 1 || mo > 12 {
			return bad()
		}
		return bucket(Month, y, time.Month(mo)), nil
	case labelDay.MatchString(s):
		return ParsePeriod(s, s)
	}
	return bad()
}

// months is the length of a calendar bucket in months.
func (g Grain) months() int {
	switch g {
	case Quarter:
		return 3
	case Semester:
		return 6
	case Year:
		return 12
	}
	return 1
}

// bucket is the calendar bucket of grain g starting on the first of month m.
func bucket(g Grain, y int, m time.Month) Period {
	from := time.Date(y, m, 1, 0, 0, 0, 0, WITA)
	return Period{From: from, To: from.AddDate(0, g.months(), -1)}
}

// Grain says whether p is exactly one calendar year, semester, quarter or
// month (in that order of preference), and which.
func (p Period) Grain() (Grain, bool) {
	if p.From.Day() != 1 {
		return "", false
	}
	for _, g := range []Grain{Year, Semester, Quarter, Month} {
		if (int(p.From.Month())-1)%g.months() != 0 {
			continue
		}
		if b := bucket(g, p.From.Year(), p.From.Month()); b.To.Equal(p.To) {
			return g, true
		}
	}
	return "", false
}

// Label is the canonical label of p: "2025", "2025-S1", "2025-Q2",
// "2025-03" for a calendar bucket, "2025-01-01..2025-06-15" otherwise.
// ParsePeriodLabel(p.Label()) gives p back.
func (p Period) Label() string {
	if g, ok := p.Grain(); ok {
		return PeriodLabel(g, p.From)
	}
	return p.From.Format("2006-01-02") + ".." + p.To.Format("2006-01-02")
}

func (p Period) String() string { return p.Label() }

// Days is the number of calendar days in p.
func (p Period) Days() int {
	f := time.Date(p.From.Year(), p.From.Month(), p.From.Day(), 0, 0, 0, 0, time.UTC)
	t := time.Date(p.To.Year(), p.To.Month(), p.To.Day(), 0, 0, 0, 0, time.UTC)
	return int(t.Sub(f).Hours()/24) + 1
}

// Previous is the period just before p: the previous bucket for a calendar
// bucket (2025-Q1 → 2024-Q4, 2025-03 → 2025-02, 2025-S1 → 2024-S2), else
// the same number of days ending the day before p starts.
func (p Period) Previous() Period {
	if g, ok := p.Grain(); ok {
		from := p.From.AddDate(0, -g.months(), 0)
		return bucket(g, from.Year(), from.Month())
	}
	to := p.From.AddDate(0, 0, -1)
	return Period{From: to.AddDate(0, 0, 1-p.Days()), To: to}
}

// LastYear is the same period one year earlier: the same bucket of the
// previous year for a calendar bucket, else the same calendar dates a year
// earlier, 29 February becoming 28 February (2024-01-01..2024-02-29 →
// 2023-01-01..2023-02-28).
func (p Period) LastYear() Period {
	if g, ok := p.Grain(); ok {
		return bucket(g, p.From.Year()-1, p.From.Month())
	}
	back := func(t time.Time) time.Time {
		d := t.Day()
		if t.Month() == time.February && d == 29 {
			d = 28
		}
		return time.Date(t.Year()-1, t.Month(), d, 0, 0, 0, 0, WITA)
	}
	return Period{From: back(p.From), To: back(p.To)}
}

// Baseline is what a period is compared with.
type Baseline string

const (
	VsPrevious Baseline = "previous"  // the period just before (Period.Previous)
	VsLastYear Baseline = "last-year" // the same period a year earlier (Period.LastYear)
)

// ParseBaseline validates a baseline name ("" means previous).
func ParseBaseline(s string) (Baseline, error) {
	switch Baseline(s) {
	case VsPrevious, VsLastYear:
		return Baseline(s), nil
	case "":
		return VsPrevious, nil
	}
	return "", fmt.Errorf("vs %q: want previous or last-year", s)
}

// Of returns the baseline period of p.
func (b Baseline) Of(p Period) Period {
	if b == VsLastYear {
		return p.LastYear()
	}
	return p.Previous()
}

// bucketPeriod is the calendar bucket of grain g that contains day.
func bucketPeriod(g Grain, day time.Time) Period {
	m := time.Month((int(day.Month())-1)/g.months()*g.months() + 1)
	return bucket(g, day.Year(), m)
}

// intersect is the part of p inside q (p itself when they do not overlap).
func (p Period) intersect(q Period) Period {
	if p.To.Before(q.From) || q.To.Before(p.From) {
		return p
	}
	if q.From.After(p.From) {
		p.From = q.From
	}
	if q.To.Before(p.To) {
		p.To = q.To
	}
	return p
}

// yearFraction is how much of a year p covers, for yearly quantities: a
// calendar bucket is its months ÷ 12 (a quarter is exactly ¼), any other
// range its days ÷ 365.
func (p Period) yearFraction() *big.Rat {
	if g, ok := p.Grain(); ok {
		return big.NewRat(int64(g.months()), 12)
	}
	return big.NewRat(int64(p.Days()), 365)
}
