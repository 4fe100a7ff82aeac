package ingest

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Cell parsers shared by the datasets. Each reads canonical column i of
// the record under c, fails the cell with a reason in both languages when
// the value is wrong, and returns the parsed value (and whether there is
// one). Formats accepted, in every dataset:
//
//   - Numbers: "7.5", "7,5" (one comma is always a decimal comma),
//     "1.234,5" and "1,234.5" (the last separator is the decimal one, the
//     other groups thousands by three), and in a ';'-separated file
//     (Indonesian-locale Excel) "1.234" is one thousand two hundred
//     thirty-four. No spaces, no currency, no percent.
//   - Dates: "YYYY-MM-DD" (also with a time of 00:00 or 00:00:00 after it,
//     as spreadsheets export date cells), "YYYY/MM/DD", day first
//     "DD/MM/YYYY", "D-M-YYYY" and "DD.MM.YYYY" (the Indonesian order; a
//     month-first date is misread when its day is 12 or less), or an Excel
//     serial number (days; 1900 date system with its fictitious 29 February
//     1900, or the 1904 system when the workbook says so).
//   - Dates and times: "YYYY-MM-DD HH:MM[:SS]" (a fraction of a second is
//     dropped), "YYYY/MM/DD HH:MM[:SS]", "DD/MM/YYYY HH:MM[:SS]" (also
//     "HH.MM.SS", the Indonesian time separator), all in WITA; RFC 3339 with
//     an offset ("2025-03-01T09:30:00+08:00", "…Z"); or an Excel serial with
//     the time as its fraction (WITA, rounded to the second).

// minDate and maxDate bound every date: Excel's first and last days.
var (
	minDate = time.Date(1900, 1, 1, 0, 0, 0, 0, wita)
	maxDate = time.Date(9999, 12, 31, 0, 0, 0, 0, wita)
)

// dateOf is the calendar day (WITA) of t, as a time at 00:00 UTC: the way
// Date and Date32 columns are written and read back.
func dateOf(t time.Time) time.Time {
	y, m, d := t.In(wita).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// appendDay appends t's calendar day as t.Format("2006-01-02") writes it,
// without parsing the layout.
func appendDay(b []byte, t time.Time) []byte {
	y, m, d := t.Date()
	if y < 0 || y > 9999 {
		return t.AppendFormat(b, "2006-01-02")
	}
	return append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-', byte('0'+d/10), byte('0'+d%10))
}

// today is the calendar day of now in WITA, as dateOf returns it.
func today(now time.Time) time.Time { return dateOf(now) }

// clock is the calendar of a run's "now" in WITA, computed once for the
// checks of every row.
type clock struct {
	today       time.Time // 00:00 UTC
	year, month int
	inAYear     time.Time // the day a year (366 days) from now
}

func clockAt(now time.Time) clock {
	y, m, _ := now.In(wita).Date()
	return clock{today: dateOf(now), year: y, month: int(m), inAYear: dateOf(now.Add(maxActiveAhead))}
}

// fromSerial converts an Excel serial date (days, the fraction the time of
// day) to a time in WITA. In the 1900 system serial 1 is 1900-01-01 and 60
// is Excel's fictitious 1900-02-29 (refused); from 61 on, a serial counts
// days since 1899-12-30. In the 1904 system serial 0 is 1904-01-01.
func fromSerial(f float64, date1904 bool) (time.Time, bool) {
	if math.IsNaN(f) || math.IsInf(f, 0) || f < 0 || f >= 2958466 {
		return time.Time{}, false
	}
	days := math.Floor(f)
	secs := int(math.Round((f - days) * 86400))
	var base time.Time
	switch {
	case date1904:
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, wita)
	case days < 1 || days == 60:
		return time.Time{}, false
	case days < 60:
		base = time.Date(1899, 12, 31, 0, 0, 0, 0, wita)
	default:
		base = time.Date(1899, 12, 30, 0, 0, 0, 0, wita)
	}
	t := base.AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second)
	if t.After(maxDate.AddDate(0, 0, 1)) {
		return time.Time{}, false
	}
	return t, true
}

// isSerial reports whether v looks like a serial number: digits, at most
// one decimal separator ('.' or ','), at most 7 digits before it.
func isSerial(v string) bool {
	if v == "" {
		return false
	}
	intDigits, sep := 0, false
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c >= '0' && c <= '9':
			if !sep {
				intDigits++
			}
		case (c == '.' || c == ',') && !sep && i > 0 && i < len(v)-1:
			sep = true
		default:
			return false
		}
	}
	return intDigits > 0 && intDigits <= 7
}

// parseSerial reads a serial number cell.
func parseSerial(v string, date1904 bool) (time.Time, bool) {
	if !isSerial(v) {
		return time.Time{}, false
	}
	f, err := strconv.ParseFloat(strings.Replace(v, ",", ".", 1), 64)
	if err != nil {
		return time.Time{}, false
	}
	return fromSerial(f, date1904)
}

// parseDate reads a date (see the formats above) as its calendar day at
// 00:00 UTC.
func parseDate(v string, date1904 bool) (time.Time, bool) {
	if isSerial(v) {
		t, ok := parseSerial(v, date1904)
		if !ok || t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0 {
			return time.Time{}, false // a time of day in a date column
		}
		return dateOf(t), true
	}
	y, m, d, rest, ok := splitDate(v)
	if !ok {
		return time.Time{}, false
	}
	switch strings.TrimSpace(rest) {
	case "", "00:00", "00:00:00", "0:00", "0:00:00", "00.00", "00.00.00", "T00:00:00":
	default:
		if !strings.HasPrefix(rest, "T00:00:00") && !strings.HasPrefix(rest, " 00:00:00.") {
			return time.Time{}, false
		}
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), true
}

// splitDate reads the date at the start of v: YYYY-MM-DD, YYYY/MM/DD, or
// day first D/M/YYYY, D-M-YYYY, D.M.YYYY (one or two digits). rest is what
// follows the date.
func splitDate(v string) (y, m, d int, rest string, ok bool) {
	if len(v) >= 10 && (v[4] == '-' || v[4] == '/') && v[7] == v[4] {
		y, ok1 := digits(v[0:4])
		m, ok2 := digits(v[5:7])
		d, ok3 := digits(v[8:10])
		if ok1 && ok2 && ok3 && validYMD(y, m, d) {
			return y, m, d, v[10:], true
		}
		return 0, 0, 0, "", false
	}
	// Day first: D{1,2} sep M{1,2} sep YYYY.
	i := 0
	num := func() (int, bool) {
		j := i
		for i < len(v) && i-j < 4 && v[i] >= '0' && v[i] <= '9' {
			i++
		}
		if i == j {
			return 0, false
		}
		n, _ := digits(v[j:i])
		return n, true
	}
	d, ok1 := num()
	if !ok1 || i > 2 || i >= len(v) {
		return 0, 0, 0, "", false
	}
	sep := v[i]
	if sep != '/' && sep != '-' && sep != '.' {
		return 0, 0, 0, "", false
	}
	i++
	start := i
	m, ok2 := num()
	if !ok2 || i-start > 2 || i >= len(v) || v[i] != sep {
		return 0, 0, 0, "", false
	}
	i++
	start = i
	y, ok3 := num()
	if !ok3 || i-start != 4 || !validYMD(y, m, d) {
		return 0, 0, 0, "", false
	}
	return y, m, d, v[i:], true
}

func validYMD(y, m, d int) bool {
	return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m)
}

// parseClock reads " HH:MM[:SS[.fff]]" (':' or '.' between the parts, one
// or two digits for the hour) after a date.
func parseClock(rest string) (h, mi, s int, ok bool) {
	if len(rest) < 5 || rest[0] != ' ' {
		return 0, 0, 0, false
	}
	rest = rest[1:]
	i := 0
	for i < len(rest) && i < 2 && rest[i] >= '0' && rest[i] <= '9' {
		i++
	}
	if i == 0 || i >= len(rest) {
		return 0, 0, 0, false
	}
	h, _ = digits(rest[:i])
	sep := rest[i]
	if sep != ':' && sep != '.' {
		return 0, 0, 0, false
	}
	rest = rest[i+1:]
	if len(rest) < 2 {
		return 0, 0, 0, false
	}
	var ok1 bool
	if mi, ok1 = digits(rest[:2]); !ok1 {
		return 0, 0, 0, false
	}
	rest = rest[2:]
	if rest != "" {
		if len(rest) < 3 || rest[0] != sep {
			return 0, 0, 0, false
		}
		var ok2 bool
		if s, ok2 = digits(rest[1:3]); !ok2 {
			return 0, 0, 0, false
		}
		rest = rest[3:]
		if rest != "" { // a fraction of a second, dropped
			if rest[0] != '.' && rest[0] != ',' || len(rest) < 2 {
				return 0, 0, 0, false
			}
			if _, okf := digits(rest[1:]); !okf {
				return 0, 0, 0, false
			}
		}
	}
	if h > 23 || mi > 59 || s > 59 {
		return 0, 0, 0, false
	}
	return h, mi, s, true
}

// parseDateTime reads a date and time (see the formats above).
func parseDateTime(v string, date1904 bool) (time.Time, bool) {
	if isSerial(v) {
		t, ok := parseSerial(v, date1904)
		return t, ok
	}
	if len(v) >= 20 && v[10] == 'T' {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return time.Time{}, false
		}
		return t.Truncate(time.Second), true
	}
	y, m, d, rest, ok := splitDate(v)
	if !ok {
		return time.Time{}, false
	}
	h, mi, s, ok := parseClock(rest)
	if !ok {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(m), d, h, mi, s, 0, wita), true
}

// normalizeNumber rewrites a number cell as Go parses it ("1234.5"): see
// the rules above. ok is false when v is not a number written one of
// those ways.
func normalizeNumber(v string, decimalComma bool) (string, bool) {
	if v == "" {
		return "", false
	}
	if plainNumber(v, decimalComma) {
		return v, true // what normalizeGeneral returns for it, sooner
	}
	return normalizeGeneral(v, decimalComma)
}

// normalizeGeneral is normalizeNumber for any number cell.
func normalizeGeneral(v string, decimalComma bool) (string, bool) {
	if v == "" {
		return "", false
	}
	commas, dots := strings.Count(v, ","), strings.Count(v, ".")
	body := v
	if body[0] == '-' || body[0] == '+' {
		body = body[1:]
	}
	if body == "" {
		return "", false
	}
	for i := 0; i < len(body); i++ {
		c := body[i]
		if !(c >= '0' && c <= '9' || c == ',' || c == '.' || (c == 'E' || c == 'e' || c == '+' || c == '-') && commas == 0) {
			return "", false
		}
	}
	if strings.ContainsAny(body, "Ee") {
		// 1.5E+3, as Excel writes big and small numbers.
		if _, err := strconv.ParseFloat(v, 64); err != nil && !errors.Is(err, strconv.ErrRange) {
			return "", false
		}
		return v, true
	}
	if strings.ContainsAny(body, "+-") {
		return "", false
	}
	var group, dec byte
	switch {
	case commas > 0 && dots > 0:
		if strings.LastIndexByte(v, ',') > strings.LastIndexByte(v, '.') {
			group, dec = '.', ','
		} else {
			group, dec = ',', '.'
		}
		if strings.Count(v, string(dec)) != 1 {
			return "", false
		}
	case commas == 1:
		dec = ','
	case commas > 1:
		group = ','
	case dots > 1:
		group = '.'
	case dots == 1 && decimalComma && groupedByThree(body, '.'):
		group = '.'
	case dots == 1:
		dec = '.'
	}
	intPart, frac := body, ""
	if dec != 0 {
		i := strings.IndexByte(body, dec)
		intPart, frac = body[:i], body[i+1:]
		if frac == "" || strings.ContainsAny(frac, ",.") {
			return "", false
		}
	}
	if group != 0 {
		if !groupedByThree(intPart, group) {
			return "", false
		}
		intPart = strings.ReplaceAll(intPart, string(group), "")
	}
	if intPart == "" {
		intPart = "0"
	}
	if strings.ContainsAny(intPart, ",.") {
		return "", false
	}
	out := intPart
	if frac != "" {
		out += "." + frac
	}
	if v[0] == '-' {
		out = "-" + out
	}
	return out, true
}

// plainNumber reports whether v is [-]digits[.digits] that the rules
// below leave as it is: digits with at most one dot between digits, which
// is a decimal point (in a decimal-comma file a dot may group thousands,
// so only numbers without a dot are plain there).
func plainNumber(v string, decimalComma bool) bool {
	i := 0
	if v[0] == '-' {
		i = 1
	}
	start, dot := i, -1
	for ; i < len(v); i++ {
		switch c := v[i]; {
		case c >= '0' && c <= '9':
		case c == '.' && dot < 0 && !decimalComma:
			dot = i
		default:
			return false
		}
	}
	return len(v) > start && dot != start && dot != len(v)-1
}

// groupedByThree reports whether s is digits in groups of three after the
// first (1 to 3 digits), separated by sep.
func groupedByThree(s string, sep byte) bool {
	parts := strings.Split(s, string(sep))
	if len(parts) < 2 || len(parts[0]) < 1 || len(parts[0]) > 3 {
		return false
	}
	for _, p := range parts[1:] {
		if len(p) != 3 {
			return false
		}
	}
	return true
}

// number parses a number cell (see normalizeNumber); required says an
// empty cell is a failure.
func (c *rowCheck) number(i int, name string, required bool) (float64, bool) {
	v := strings.TrimSpace(c.get(i))
	if v == "" {
		if required {
			c.fail(name, v, name+": wajib diisi (angka)", name+": required (a number), the cell is empty")
		}
		return 0, false
	}
	n, ok := normalizeNumber(v, c.hints.DecimalComma)
	var f float64
	var err error
	if ok {
		f, err = strconv.ParseFloat(n, 64)
	}
	if !ok || err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		c.fail(name, v,
			fmt.Sprintf("%s: harus angka (mis. 7, 7,5 atau 1.234,5), ditemukan %s", name, quote(v)),
			fmt.Sprintf("%s: expected a number (such as 7, 7.5 or 1,234.5), got %s", name, quote(v)))
		return 0, false
	}
	return f, true
}

// decimalCell parses a number cell exactly, with at most places decimals
// (a spreadsheet's binary noise such as 7.4999999999999991 is rounded when
// it is within a millionth of such a value).
func (c *rowCheck) decimalCell(i int, name string, places int32, required bool) (decimal.Decimal, bool) {
	v := strings.TrimSpace(c.get(i))
	if v == "" {
		if required {
			c.fail(name, v, name+": wajib diisi (angka)", name+": required (a number), the cell is empty")
		}
		return decimal.Decimal{}, false
	}
	n, ok := normalizeNumber(v, c.hints.DecimalComma)
	if ok {
		if d, ok := smallDecimal(n, places); ok {
			return d, true
		}
	}
	var d decimal.Decimal
	var err error
	if ok {
		d, err = decimal.NewFromString(n)
	}
	if !ok || err != nil {
		c.fail(name, v,
			fmt.Sprintf("%s: harus angka (mis. 7, 7,5 atau 1.234,5), ditemukan %s", name, quote(v)),
			fmt.Sprintf("%s: expected a number (such as 7, 7.5 or 1,234.5), got %s", name, quote(v)))
		return decimal.Decimal{}, false
	}
	if dot := strings.IndexByte(n, '.'); !strings.ContainsAny(n, "Ee") && (dot < 0 || len(n)-dot-1 <= int(places)) {
		return d, true // no more decimals than allowed: nothing to round
	}
	if r := d.Round(places); !r.Equal(d) {
		if r.Sub(d).Abs().GreaterThan(decimal.New(1, -6)) {
			c.fail(name, v,
				fmt.Sprintf("%s: paling banyak %d angka di belakang koma, ditemukan %s", name, places, quote(v)),
				fmt.Sprintf("%s: at most %d decimal places, got %s", name, places, quote(v)))
			return decimal.Decimal{}, false
		}
		d = r
	}
	return d, true
}

// smallDecimal reads what normalizeNumber returns, [-]digits[.digits],
// when it has at most places decimals and fits 18 digits with places
// decimals: its value (as decimal.NewFromString reads it) with exponent
// -places, the way the warehouse returns a Decimal(P, places), so that
// comparisons with stored values and bounds need no rescaling. ok is
// false for anything else (an exponent, more digits or decimals), which
// goes the general way.
func smallDecimal(n string, places int32) (decimal.Decimal, bool) {
	s := n
	if len(s) > 0 && s[0] == '-' {
		s = s[1:]
	}
	var v int64
	digits, frac, dot := 0, 0, false
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; {
		case ch >= '0' && ch <= '9':
			v = v*10 + int64(ch-'0')
			digits++
			if dot {
				frac++
			}
		case ch == '.' && !dot:
			dot = true
		default:
			return decimal.Decimal{}, false
		}
	}
	if digits == 0 || dot && frac == 0 || frac > int(places) || digits+int(places)-frac > 18 {
		return decimal.Decimal{}, false
	}
	for ; frac < int(places); frac++ {
		v *= 10
	}
	if n[0] == '-' {
		v = -v
	}
	return decimal.New(v, -places), true
}

// integer parses a whole number lo–hi ("3", also "3.0" as a spreadsheet
// may write it).
func (c *rowCheck) integer(i int, name string, lo, hi int) (int, bool) {
	v := strings.TrimSpace(c.get(i))
	if v == "" {
		c.fail(name, v, fmt.Sprintf("%s: wajib diisi (bilangan bulat %d–%d)", name, lo, hi),
			fmt.Sprintf("%s: required (an integer %d–%d), the cell is empty", name, lo, hi))
		return 0, false
	}
	s := strings.TrimSuffix(strings.TrimSuffix(v, ".0"), ",0")
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		c.fail(name, v,
			fmt.Sprintf("%s: harus bilangan bulat %d–%d, ditemukan %s", name, lo, hi, quote(v)),
			fmt.Sprintf("%s: expected an integer %d–%d, got %s", name, lo, hi, quote(v)))
		return 0, false
	}
	return n, true
}

// dateRange bounds a date column; zero times mean no bound.
type dateRange struct {
	min, max       time.Time // calendar days at 00:00 UTC
	minWhy, maxWhy [2]string // why, in Bahasa Indonesia and English
}

// date parses a date cell within r.
func (c *rowCheck) date(i int, name string, required bool, r dateRange) (time.Time, bool) {
	v := strings.TrimSpace(c.get(i))
	if v == "" {
		if required {
			c.fail(name, v, name+": wajib diisi (tanggal YYYY-MM-DD)", name+": required (a date YYYY-MM-DD), the cell is empty")
		}
		return time.Time{}, false
	}
	t, ok := parseDate(v, c.hints.Date1904)
	if !ok {
		c.fail(name, v,
			fmt.Sprintf("%s: harus tanggal yang ada, YYYY-MM-DD atau DD/MM/YYYY, ditemukan %s", name, quote(v)),
			fmt.Sprintf("%s: expected a real date, YYYY-MM-DD or DD/MM/YYYY, got %s", name, quote(v)))
		return time.Time{}, false
	}
	return c.dateIn(name, v, t, r)
}

// dateIn checks t against r.
func (c *rowCheck) dateIn(name, v string, t time.Time, r dateRange) (time.Time, bool) {
	early, late := !r.min.IsZero() && t.Before(r.min), !r.max.IsZero() && t.After(r.max)
	if !early && !late {
		return t, true
	}
	shown := t.Format("2006-01-02")
	if isSerial(v) {
		shown += " (serial Excel " + v + ")"
	}
	if early {
		c.fail(name, v,
			fmt.Sprintf("%s: %s %s (paling awal %s)", name, shown, r.minWhy[0], r.min.Format("2006-01-02")),
			fmt.Sprintf("%s: %s %s (at the earliest %s)", name, shown, r.minWhy[1], r.min.Format("2006-01-02")))
		return time.Time{}, false
	}
	c.fail(name, v,
		fmt.Sprintf("%s: %s %s (paling akhir %s)", name, shown, r.maxWhy[0], r.max.Format("2006-01-02")),
		fmt.Sprintf("%s: %s %s (at the latest %s)", name, shown, r.maxWhy[1], r.max.Format("2006-01-02")))
	return time.Time{}, false
}

// dateTime parses a date-and-time cell between earliest and now +
// futureSlack.
func (c *rowCheck) dateTime(i int, name string, required bool) (time.Time, bool) {
	v := strings.TrimSpace(c.get(i))
	if v == "" {
		if required {
			c.fail(name, v, name+": wajib diisi (YYYY-MM-DD HH:MM[:SS] WITA)", name+": required (YYYY-MM-DD HH:MM[:SS] WITA), the cell is empty")
		}
		return time.Time{}, false
	}
	t, ok := parseDateTime(v, c.hints.Date1904)
	if !ok {
		c.fail(name, v,
			fmt.Sprintf("%s: harus tanggal dan jam YYYY-MM-DD HH:MM[:SS] (WITA) atau RFC 3339 dengan zona waktu, ditemukan %s", name, quote(v)),
			fmt.Sprintf("%s: expected a date and time YYYY-MM-DD HH:MM[:SS] (WITA) or RFC 3339 with an offset, got %s", name, quote(v)))
		return time.Time{}, false
	}
	if t.Before(earliest) {
		c.fail(name, v,
			fmt.Sprintf("%s: waktu sebelum tahun 2000, ditemukan %s", name, quote(v)),
			fmt.Sprintf("%s: before the year 2000, got %s", name, quote(v)))
		return time.Time{}, false
	}
	if t.After(c.now.Add(futureSlack)) {
		c.fail(name, v,
			fmt.Sprintf("%s: waktu di masa depan (%s WITA, sekarang %s WITA), ditemukan %s", name,
				t.In(wita).Format("2006-01-02 15:04"), c.now.In(wita).Format("2006-01-02 15:04"), quote(v)),
			fmt.Sprintf("%s: in the future (%s WITA, now is %s WITA), got %s", name,
				t.In(wita).Format("2006-01-02 15:04"), c.now.In(wita).Format("2006-01-02 15:04"), quote(v)))
		return time.Time{}, false
	}
	return t, true
}

// enum is a closed list of canonical values, each reachable from several
// spellings. Spellings are compared by enumKey: lower case, letters and
// digits only ("Di Atas Ekspektasi", "di_atas", "DIATAS" are one).
type enum struct {
	canonical []string          // what is stored, in the order of the docs
	spellings map[string]string // enumKey(spelling) → canonical
	exact     []string          // canonical values that are their own spelling's value
}

func newEnum(canonical []string, aliases map[string]string) *enum {
	e := &enum{canonical: canonical, spellings: map[string]string{}}
	for _, v := range canonical {
		e.spellings[enumKey(v)] = v
	}
	for a, v := range aliases {
		e.spellings[enumKey(a)] = v
	}
	for _, v := range canonical {
		if e.spellings[enumKey(v)] == v {
			e.exact = append(e.exact, v)
		}
	}
	return e
}

// enumKey is how enumeration spellings are compared.
func enumKey(s string) string {
	var buf [64]byte
	return string(appendEnumKey(buf[:0], s))
}

// appendEnumKey appends the ASCII letters (lower-cased) and digits of s.
func appendEnumKey(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			dst = append(dst, c)
		case c >= 'A' && c <= 'Z':
			dst = append(dst, c+'a'-'A')
		}
	}
	return dst
}

func (e *enum) lookup(v string) (string, bool) {
	for _, c := range e.exact { // most cells are written the canonical way
		if v == c {
			return c, true
		}
	}
	var buf [64]byte
	c, ok := e.spellings[string(appendEnumKey(buf[:0], v))] // no allocation for the lookup
	return c, ok
}

// oneOf parses cell i as one of e; an empty cell fails when required and
// returns "" otherwise.
func (c *rowCheck) oneOf(i int, name string, e *enum, required bool) string {
	v := strings.TrimSpace(c.get(i))
	if v == "" {
		if required {
			c.fail(name, v, fmt.Sprintf("%s: wajib diisi (%s)", name, strings.Join(e.canonical, ", ")),
				fmt.Sprintf("%s: required (%s), the cell is empty", name, strings.Join(e.canonical, ", ")))
		}
		return ""
	}
	if canon, ok := e.lookup(v); ok {
		return canon
	}
	c.fail(name, v,
		fmt.Sprintf("%s: harus salah satu dari %s, ditemukan %s", name, strings.Join(e.canonical, ", "), quote(v)),
		fmt.Sprintf("%s: expected one of %s, got %s", name, strings.Join(e.canonical, ", "), quote(v)))
	return ""
}

// knownCode checks that a code is in known (units, agencies), naming the
// dataset to import first.
func (c *rowCheck) knownCode(name, code string, known map[string]struct{}, what, whatEN, dataset string) {
	if code == "" {
		return
	}
	if _, ok := known[code]; !ok {
		c.fail(name, code,
			fmt.Sprintf("%s: %s %s tidak dikenal; impor %s terlebih dahulu", name, what, quote(code), dataset),
			fmt.Sprintf("%s: unknown %s %s; import it with the %s first", name, whatEN, quote(code), dataset))
	}
}
