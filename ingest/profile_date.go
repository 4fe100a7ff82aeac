package ingest

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// dateLayout is one date format of an import profile, written with the
// tokens people know from spreadsheets rather than Go's reference time:
//
//	YYYY  year, 4 digits           YY    year, 2 digits (20YY)
//	MMMM  month name (Januari/January, Indonesian or English)
//	MMM   month abbreviation (Jan, Feb, Mar, Apr, Mei/May, Jun, Jul, Agu/Agt/Aug, Sep, Okt/Oct, Nov, Des/Dec)
//	MM, M month, 1 or 2 digits     DD, D day, 1 or 2 digits
//	HH, H hour 0–23                hh, h hour 1–12 (with A)
//	mm    minutes                  ss    seconds (a fraction after it is dropped)
//	A     AM/PM (any case; "a.m."/"p.m." too)
//	Z     zone: Z, +08:00, +0800, +8, GMT+8, UTC+08:00, WIB, WITA, WIT
//
// Any other character is literal; a space matches one or more spaces.
// Numeric tokens accept one or two digits whatever their width, so
// "DD/MM/YYYY" reads "1/3/2025" too. Without Z the time is in WITA. The
// special layout "serial" reads an Excel date serial number (days since
// 1899-12-30, a fraction for the time of day).
//
// A layout with no hour token yields a date ("2025-03-14"); one with an
// hour yields "2025-03-14 09:05:33" in WITA — the canonical forms every
// dataset reads.
type dateLayout struct {
	src    string
	tokens []dateToken
	serial bool
	clock  bool // has an hour: the result is a date and time
}

type dateToken struct {
	kind string // token name, or "lit"
	lit  string
}

var dateTokenNames = []string{"YYYY", "MMMM", "MMM", "YY", "MM", "DD", "HH", "hh", "mm", "ss", "M", "D", "H", "h", "A", "Z"}

// parseDateLayout compiles a profile date format.
func parseDateLayout(s string) (dateLayout, error) {
	l := dateLayout{src: s}
	if strings.EqualFold(strings.TrimSpace(s), "serial") {
		l.serial = true
		return l, nil
	}
	if strings.TrimSpace(s) == "" {
		return l, fmt.Errorf("empty date format")
	}
	seen := map[string]bool{}
	for i := 0; i < len(s); {
		matched := false
		for _, name := range dateTokenNames {
			if strings.HasPrefix(s[i:], name) {
				canon := name
				switch name {
				case "M":
					canon = "MM"
				case "D":
					canon = "DD"
				case "H":
					canon = "HH"
				case "h":
					canon = "hh"
				}
				if seen[canon] {
					return l, fmt.Errorf("date format %q: %s appears twice", s, name)
				}
				seen[canon] = true
				l.tokens = append(l.tokens, dateToken{kind: canon})
				i += len(name)
				matched = true
				break
			}
		}
		if !matched {
			if n := len(l.tokens); n > 0 && l.tokens[n-1].kind == "lit" {
				l.tokens[n-1].lit += s[i : i+1]
			} else {
				l.tokens = append(l.tokens, dateToken{kind: "lit", lit: s[i : i+1]})
			}
			i++
		}
	}
	hasYear := seen["YYYY"] || seen["YY"]
	hasMonth := seen["MM"] || seen["MMM"] || seen["MMMM"]
	if !hasYear || !hasMonth || !seen["DD"] {
		return l, fmt.Errorf("date format %q: needs a year (YYYY), a month (MM) and a day (DD)", s)
	}
	if seen["hh"] && !seen["A"] {
		return l, fmt.Errorf("date format %q: hh (12-hour clock) needs A (AM/PM); use HH for 0–23", s)
	}
	if seen["HH"] && seen["hh"] {
		return l, fmt.Errorf("date format %q: HH and hh both given", s)
	}
	if seen["mm"] && !(seen["HH"] || seen["hh"]) {
		return l, fmt.Errorf("date format %q: minutes (mm) without an hour; the month is MM", s)
	}
	l.clock = seen["HH"] || seen["hh"]
	return l, nil
}

// monthNames maps lower-case month names and abbreviations (Indonesian and
// English) to their number.
var monthNames = func() map[string]int {
	m := map[string]int{}
	full := [][]string{
		{"januari", "january"}, {"februari", "february", "pebruari"}, {"maret", "march"}, {"april"},
		{"mei", "may"}, {"juni", "june"}, {"juli", "july"}, {"agustus", "august"},
		{"september"}, {"oktober", "october"}, {"november", "nopember"}, {"desember", "december"},
	}
	abbr := [][]string{
		{"jan"}, {"feb", "peb"}, {"mar"}, {"apr"}, {"mei", "may"}, {"jun"}, {"jul"},
		{"agu", "agt", "ags", "aug"}, {"sep", "sept"}, {"okt", "oct"}, {"nov", "nop"}, {"des", "dec"},
	}
	for i := range full {
		for _, n := range full[i] {
			m[n] = i + 1
		}
		for _, n := range abbr[i] {
			m[n] = i + 1
		}
	}
	return m
}()

// parse reads v with the layout. The result is in WITA (or the zone v names).
func (l dateLayout) parse(v string, date1904 bool) (time.Time, bool) {
	v = strings.TrimSpace(v)
	if l.serial {
		return excelSerial(v, date1904)
	}
	year, month, day, hour, minute, sec := 0, 0, 0, 0, 0, 0
	pm, hasAMPM := false, false
	var loc *time.Location = wita
	i := 0
	num := func(max int) (int, bool) {
		j := i
		for j < len(v) && j-i < max && v[j] >= '0' && v[j] <= '9' {
			j++
		}
		if j == i {
			return 0, false
		}
		n, _ := strconv.Atoi(v[i:j])
		i = j
		return n, true
	}
	word := func() string {
		j := i
		for j < len(v) && (v[j] >= 'a' && v[j] <= 'z' || v[j] >= 'A' && v[j] <= 'Z') {
			j++
		}
		w := v[i:j]
		i = j
		return strings.ToLower(w)
	}
	for _, t := range l.tokens {
		var ok bool
		switch t.kind {
		case "lit":
			for k := 0; k < len(t.lit); k++ {
				c := t.lit[k]
				if c == ' ' {
					if i >= len(v) || v[i] != ' ' {
						return time.Time{}, false
					}
					for i < len(v) && v[i] == ' ' {
						i++
					}
					continue
				}
				if i >= len(v) || v[i] != c {
					return time.Time{}, false
				}
				i++
			}
			ok = true
		case "YYYY":
			j := i
			year, ok = num(4)
			ok = ok && i-j == 4
		case "YY":
			year, ok = num(2)
			year += 2000
		case "MM":
			month, ok = num(2)
		case "MMM", "MMMM":
			month, ok = monthNames[word()]
			if ok && i < len(v) && v[i] == '.' && t.kind == "MMM" {
				i++ // "Agu." as some locales abbreviate
			}
		case "DD":
			day, ok = num(2)
		case "HH", "hh":
			hour, ok = num(2)
		case "mm":
			minute, ok = num(2)
		case "ss":
			sec, ok = num(2)
			if ok && i < len(v) && (v[i] == '.' || v[i] == ',') && i+1 < len(v) && v[i+1] >= '0' && v[i+1] <= '9' {
				i++
				for i < len(v) && v[i] >= '0' && v[i] <= '9' {
					i++
				}
			}
		case "A":
			w := word()
			if (w == "a" || w == "p") && strings.HasPrefix(strings.ToLower(v[i:]), ".m.") {
				w, i = w+"m", i+3 // a.m. / p.m.
			}
			switch w {
			case "am":
				ok, hasAMPM = true, true
			case "pm":
				ok, hasAMPM, pm = true, true, true
			}
		case "Z":
			var n int
			loc, n, ok = parseZone(v[i:])
			i += n
		}
		if !ok {
			return time.Time{}, false
		}
	}
	if i != len(v) {
		return time.Time{}, false
	}
	if hasAMPM {
		if hour < 1 || hour > 12 {
			return time.Time{}, false
		}
		hour %= 12
		if pm {
			hour += 12
		}
	}
	if month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, 0, loc), true
}

// parseZone reads a zone at the start of s and returns it with the number
// of bytes read.
func parseZone(s string) (*time.Location, int, bool) {
	upper := strings.ToUpper(s)
	for _, z := range []struct {
		name   string
		offset int
	}{{"WITA", 8}, {"WIB", 7}, {"WIT", 9}} {
		if strings.HasPrefix(upper, z.name) {
			if z.offset == 8 {
				return wita, len(z.name), true
			}
			return time.FixedZone(z.name, z.offset*3600), len(z.name), true
		}
	}
	i := 0
	if strings.HasPrefix(upper, "GMT") || strings.HasPrefix(upper, "UTC") {
		i = 3
		if i == len(s) {
			return time.UTC, i, true
		}
	} else if strings.HasPrefix(upper, "Z") {
		return time.UTC, 1, true
	}
	if i >= len(s) || (s[i] != '+' && s[i] != '-') {
		return nil, 0, false
	}
	sign := 1
	if s[i] == '-' {
		sign = -1
	}
	i++
	j := i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' && j-i < 4 {
		j++
	}
	digitsStr := s[i:j]
	h, m := 0, 0
	switch len(digitsStr) {
	case 1, 2:
		h, _ = strconv.Atoi(digitsStr)
		if j < len(s) && s[j] == ':' && j+3 <= len(s) {
			mm, err := strconv.Atoi(s[j+1 : j+3])
			if err != nil {
				return nil, 0, false
			}
			m, j = mm, j+3
		}
	case 4:
		h, _ = strconv.Atoi(digitsStr[:2])
		m, _ = strconv.Atoi(digitsStr[2:])
	default:
		return nil, 0, false
	}
	if h > 14 || m > 59 {
		return nil, 0, false
	}
	off := sign * (h*3600 + m*60)
	if off == 8*3600 {
		return wita, j, true
	}
	return time.FixedZone("", off), j, true
}

// excelSerial reads an Excel date serial: days since 1899-12-30 (which
// absorbs Excel's fictitious 29 Feb 1900 for every date after it), or
// since 1904-01-01 for workbooks in the 1904 system; the fraction is the
// time of day. Serials before 1 Mar 1900 are refused.
func excelSerial(v string, date1904 bool) (time.Time, bool) {
	f, err := strconv.ParseFloat(strings.Replace(v, ",", ".", 1), 64)
	if err != nil || math.IsNaN(f) || f < 61 || f > 2958465 {
		return time.Time{}, false
	}
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, wita)
	if date1904 {
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, wita)
	}
	days := math.Floor(f)
	secs := math.Round((f - days) * 86400)
	return base.AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second), true
}

// canonicalTime writes t as the datasets read it: a date, or a date and
// time in WITA.
func canonicalTime(t time.Time, clock bool) string {
	t = t.In(wita)
	if !clock {
		return t.Format("2006-01-02")
	}
	return t.Format("2006-01-02 15:04:05")
}
