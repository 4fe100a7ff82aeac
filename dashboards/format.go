package dashboards

import (
	"math"
	"strconv"
	"strings"
	"time"

	"kinerja/analytics"
)

// Numbers and dates are written the way the reader's language writes them:
// Indonesian 12.345 and 88,31, English 12,345 and 88.31. Dates are calendar
// days in WITA, "14 Mar 2025" (Indonesian month abbreviations: Mei, Agu,
// Okt, Des).

var monthsID = [12]string{"Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"}
var monthsEN = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// separators returns the thousands and the decimal separator of l.
func (l Lang) separators() (thousands, decimal string) {
	if l == EN {
		return ",", "."
	}
	return ".", ","
}

// Decimal formats v with exactly d decimals (half away from zero), with
// thousands grouping: Decimal(88.3149, 2) is "88,31" in Indonesian.
func (l Lang) Decimal(v float64, d int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	s := strconv.FormatFloat(roundHalfAway(v, d), 'f', d, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	th, dec := l.separators()
	out := group(intPart, th)
	if d > 0 {
		out += dec + frac
	}
	if neg && strings.Trim(out, "0.,") != "" {
		out = "-" + out
	}
	return out
}

// Int formats n with thousands grouping: 12345 is "12.345" in Indonesian.
func (l Lang) Int(n uint64) string {
	th, _ := l.separators()
	return group(strconv.FormatUint(n, 10), th)
}

// Date formats the calendar day of t in WITA: "14 Mar 2025".
func (l Lang) Date(t time.Time) string {
	t = t.In(analytics.WITA)
	months := monthsID
	if l == EN {
		months = monthsEN
	}
	return strconv.Itoa(t.Day()) + " " + months[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// DateTime formats t in WITA with the time of day: "14 Mar 2025 09:05 WITA".
func (l Lang) DateTime(t time.Time) string {
	return l.Date(t) + " " + t.In(analytics.WITA).Format("15:04") + " WITA"
}

// Bucket names a trend bucket for an axis: "Mar 2025", "Triwulan I 2025" /
// "Q1 2025", "Semester 1 2025" / "H1 2025", "2025".
func (l Lang) Bucket(g analytics.Grain, start time.Time) string {
	y := strconv.Itoa(start.Year())
	m := int(start.Month())
	switch g {
	case analytics.Quarter:
		q := (m-1)/3 + 1
		if l == EN {
			return "Q" + strconv.Itoa(q) + " " + y
		}
		return "TW " + [4]string{"I", "II", "III", "IV"}[q-1] + " " + y
	case analytics.Semester:
		s := strconv.Itoa((m-1)/6 + 1)
		if l == EN {
			return "H" + s + " " + y
		}
		return "Sem " + s + " " + y
	case analytics.Year:
		return y
	default:
		if l == EN {
			return monthsEN[m-1] + " " + y
		}
		return monthsID[m-1] + " " + y
	}
}

func group(digits, sep string) string {
	if len(digits) <= 3 {
		return digits
	}
	var b strings.Builder
	first := len(digits) % 3
	if first > 0 {
		b.WriteString(digits[:first])
	}
	for i := first; i < len(digits); i += 3 {
		if b.Len() > 0 {
			b.WriteString(sep)
		}
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}

// roundHalfAway rounds to d decimals, half away from zero, correcting the
// binary representation first (88.305 is 88.30499… as a float64 but is
// meant as 88,305 → 88,31, the same rule analytics.MutuOf applies).
func roundHalfAway(v float64, d int) float64 {
	p := math.Pow(10, float64(d))
	x, _ := strconv.ParseFloat(strconv.FormatFloat(v*p, 'f', 6, 64), 64)
	return math.Round(x) / p
}
