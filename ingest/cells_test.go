package ingest

import (
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func TestNormalizeNumber(t *testing.T) {
	for _, tc := range []struct {
		name         string
		in           string
		decimalComma bool
		want         string // "" = not a number
	}{
		{"integer", "8", false, "8"},
		{"decimal point", "7.5", false, "7.5"},
		{"decimal comma", "7,5", false, "7.5"},
		{"decimal comma in a ';' file", "7,5", true, "7.5"},
		{"Indonesian thousands and decimals", "1.234,5", true, "1234.5"},
		{"Indonesian thousands and decimals in a ',' file", "1.234,5", false, "1234.5"},
		{"English thousands and decimals", "1,234.5", false, "1234.5"},
		{"several thousands groups", "1.234.567", false, "1234567"},
		{"several comma groups", "1,234,567", false, "1234567"},
		{"one dot in a ';' file groups thousands", "1.234", true, "1234"},
		{"one dot in a ',' file is a decimal point", "1.234", false, "1.234"},
		{"one dot, not three digits after, in a ';' file", "1.25", true, "1.25"},
		{"negative", "-2,5", false, "-2.5"},
		{"leading decimal separator", ",5", false, "0.5"},
		{"Excel exponent", "1.5E+3", false, "1.5E+3"},
		{"bad grouping", "1.23.4", false, ""},
		{"two decimal commas", "1,234,5", false, ""},
		{"mixed, decimal separator twice", "1.234,5,6", false, ""},
		{"letters", "7 JP", false, ""},
		{"empty", "", false, ""},
		{"sign only", "-", false, ""},
		{"trailing separator", "7,", false, ""},
		{"space inside", "1 234", false, ""},
		{"exponent with comma", "1,5E+3", false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := normalizeNumber(tc.in, tc.decimalComma)
			if !ok {
				got = ""
			}
			if got != tc.want {
				t.Errorf("normalizeNumber(%q, %v) = %q, want %q", tc.in, tc.decimalComma, got, tc.want)
			}
		})
	}
}

// Excel serials against the dates Excel shows for them, with its
// fictitious 29 February 1900 and the 1904 system.
func TestFromSerial(t *testing.T) {
	for _, tc := range []struct {
		name     string
		serial   float64
		date1904 bool
		want     string // "" = refused
	}{
		{"serial 1 is 1900-01-01", 1, false, "1900-01-01 00:00:00"},
		{"serial 59 is 1900-02-28", 59, false, "1900-02-28 00:00:00"},
		{"serial 60 is Excel's 29 Feb 1900, which never was", 60, false, ""},
		{"serial 61 is 1900-03-01", 61, false, "1900-03-01 00:00:00"},
		{"serial 0 does not exist in the 1900 system", 0, false, ""},
		{"a 2025 date", 45717, false, "2025-03-01 00:00:00"},
		{"a date and time, noise rounded to the second", 45717.395833333336, false, "2025-03-01 09:30:00"},
		{"one second before midnight", 45717 + 86399.0/86400, false, "2025-03-01 23:59:59"},
		{"1904 system: serial 0 is 1904-01-01", 0, true, "1904-01-01 00:00:00"},
		{"1904 system: the same day is 1462 less", 45717 - 1462, true, "2025-03-01 00:00:00"},
		{"last day Excel knows", 2958465, false, "9999-12-31 00:00:00"},
		{"after it", 2958466, false, ""},
		{"negative", -1, false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := fromSerial(tc.serial, tc.date1904)
			s := ""
			if ok {
				s = got.In(wita).Format("2006-01-02 15:04:05")
			}
			if s != tc.want {
				t.Errorf("fromSerial(%v, %v) = %q, want %q", tc.serial, tc.date1904, s, tc.want)
			}
		})
	}
}

func TestParseDateAndTime(t *testing.T) {
	for _, tc := range []struct {
		name     string
		in       string
		date     string // parseDate; "" = refused
		dateTime string // parseDateTime in WITA; "" = refused
	}{
		{"ISO date", "2025-03-01", "2025-03-01", ""},
		{"ISO date with midnight", "2025-03-01 00:00:00", "2025-03-01", "2025-03-01 00:00:00"},
		{"ISO date and time", "2025-03-01 09:30", "", "2025-03-01 09:30:00"},
		{"ISO with seconds and a fraction", "2025-03-01 09:30:15.250", "", "2025-03-01 09:30:15"},
		{"slashes, year first", "2025/03/01", "2025-03-01", ""},
		{"day first, Indonesian", "01/03/2025", "2025-03-01", ""},
		{"day first, one digit", "1/3/2025", "2025-03-01", ""},
		{"day first with dashes", "1-3-2025", "2025-03-01", ""},
		{"day first with dots", "01.03.2025", "2025-03-01", ""},
		{"day first with a time", "01/03/2025 9:30:00", "", "2025-03-01 09:30:00"},
		{"Indonesian time separator", "01/03/2025 09.30.00", "", "2025-03-01 09:30:00"},
		{"RFC 3339 with an offset", "2025-03-01T01:30:00Z", "", "2025-03-01 09:30:00"},
		{"RFC 3339 without an offset", "2025-03-01T09:30:00", "", ""},
		{"serial date", "45717", "2025-03-01", "2025-03-01 00:00:00"},
		{"serial date and time", "45717.5", "", "2025-03-01 12:00:00"},
		{"serial with a decimal comma", "45717,5", "", "2025-03-01 12:00:00"},
		{"29 February of a leap year", "2024-02-29", "2024-02-29", ""},
		{"29 February of another year", "2025-02-29", "", ""},
		{"month 13", "2025-13-01", "", ""},
		{"day first, month 13", "01/13/2025", "", ""},
		{"hour 24", "2025-03-01 24:00", "", ""},
		{"two-digit year", "01/03/25", "", ""},
		{"words", "1 Maret 2025", "", ""},
		{"compact", "20250301", "", ""},
		{"empty", "", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, ok := parseDate(tc.in, false)
			got := ""
			if ok {
				got = d.Format("2006-01-02")
				if d.Location() != time.UTC || d.Hour() != 0 {
					t.Errorf("parseDate(%q) = %v, want 00:00 UTC", tc.in, d)
				}
			}
			if got != tc.date {
				t.Errorf("parseDate(%q) = %q, want %q", tc.in, got, tc.date)
			}
			dt, ok := parseDateTime(tc.in, false)
			got = ""
			if ok {
				got = dt.In(wita).Format("2006-01-02 15:04:05")
			}
			if got != tc.dateTime {
				t.Errorf("parseDateTime(%q) = %q, want %q", tc.in, got, tc.dateTime)
			}
		})
	}
}

// testNIPNow is the "now" of the NIP cases: 2025-06-30 12:00 WITA.
var testNIPNow = time.Date(2025, 6, 30, 12, 0, 0, 0, wita)

func TestParseNIP(t *testing.T) {
	for _, tc := range []struct {
		name   string
		nip    string
		typ    nipType
		reason string // "" = valid; else a piece of the English reason
		female bool
		pppk   bool
	}{
		{name: "PNS", nip: "198106262009121003", typ: nipPNS},
		{name: "PNS, female", nip: "199210022022102002", typ: nipPNS, female: true},
		{name: "PNS printed with spaces", nip: "19810626 200912 1 003", typ: nipPNS},
		{name: "PPPK", nip: "198608092022211002", typ: nipPPPK, pppk: true},
		{name: "unknown type, PNS layout", nip: "198106262009121003", typ: nipAny},
		{name: "unknown type, PPPK layout", nip: "198302272023212004", typ: nipAny, female: true, pppk: true},
		{name: "17 digits", nip: "19810626200912100", typ: nipPNS, reason: "a NIP has 18 digits, got 17 characters"},
		{name: "19 digits", nip: "1981062620091210031", typ: nipPNS, reason: "got 19 characters"},
		{name: "letters", nip: "19810626200912100A", typ: nipPNS, reason: "digits only"},
		{name: "impossible birth date", nip: "198102302009121003", typ: nipPNS, reason: "the birth date 1981-02-30 does not exist"},
		{name: "birth in the future", nip: "202601012009121003", typ: nipPNS, reason: "the birth date 2026-01-01 is impossible"},
		{name: "gender digit 3", nip: "198106262009123003", typ: nipPNS, reason: "the gender digit (15th) must be 1 (male) or 2 (female), got 3"},
		{name: "sequence 000, Excel's rounding", nip: "198106262009121000", typ: nipPNS, reason: "sequence 000 does not exist"},
		{name: "stored as a number in Excel", nip: "1.98106262009121E+17", typ: nipPNS, reason: "stored as a number in Excel"},
		{name: "appointment month 13", nip: "198106262009131003", typ: nipPNS, reason: "the CPNS appointment month 13 does not exist"},
		{name: "PPPK given as PNS", nip: "198608092022211002", typ: nipPNS, reason: "should employee_type be PPPK?"},
		{name: "appointed as a child", nip: "198106261995121003", typ: nipPNS, reason: "before the 18th birthday"},
		{name: "appointed more than a year ahead", nip: "198106262026121003", typ: nipPNS, reason: "more than a year ahead"},
		{name: "PPPK before 2019", nip: "198608092015211002", typ: nipPPPK, reason: "before PPPK existed"},
		{name: "PPPK in the future", nip: "198608092027211002", typ: nipPPPK, reason: "in the future"},
		{name: "PPPK appointed as a child", nip: "201008092022211002", typ: nipPPPK, reason: "at about 12 years of age"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			info, reason, reasonEN := parseNIP(tc.nip, tc.typ, testNIPNow)
			if tc.reason == "" {
				if reasonEN != "" {
					t.Fatalf("parseNIP(%q) refused: %s", tc.nip, reasonEN)
				}
				if len(info.nip) != 18 || info.female != tc.female || info.pppk != tc.pppk || info.birth.IsZero() {
					t.Errorf("parseNIP(%q) = %+v", tc.nip, info)
				}
				return
			}
			if !strings.Contains(reasonEN, tc.reason) || reason == "" {
				t.Errorf("parseNIP(%q) = %q, want it to say %q", tc.nip, reasonEN, tc.reason)
			}
		})
	}
}

func TestParseGolongan(t *testing.T) {
	for in, want := range map[string]string{
		"III/b": "III/b", "iii/B": "III/b", "IV-e": "IV/e", "II a": "II/a", "IIc": "II/c", " I/d ": "I/d",
		"IV/f": "", "III/e": "", "V/a": "", "3/b": "", "": "", "III/": "", "IX": "",
	} {
		got, ok := parseGolongan(in)
		if !ok {
			got = ""
		}
		if got != want {
			t.Errorf("parseGolongan(%q) = %q, want %q", in, got, want)
		}
	}
	if len(Golongan) != 17 || Golongan[0] != "I/a" || Golongan[16] != "IV/e" {
		t.Errorf("Golongan = %v", Golongan)
	}
}

// The predikat matrix of PermenPANRB 6/2022 (domain.md §2), cell by cell.
func TestPredikatMatrix(t *testing.T) {
	want := map[string][3]string{ // hasil kerja → perilaku dibawah, sesuai, diatas
		"diatas":  {"kurang", "baik", "sangat_baik"},
		"sesuai":  {"kurang", "baik", "baik"},
		"dibawah": {"sangat_kurang", "butuh_perbaikan", "butuh_perbaikan"},
	}
	for hasil, row := range want {
		for i, perilaku := range []string{"dibawah", "sesuai", "diatas"} {
			if got := Predikat(hasil, perilaku); got != row[i] {
				t.Errorf("Predikat(%s, %s) = %q, want %q", hasil, perilaku, got, row[i])
			}
		}
	}
	if got := Predikat("baik", "sesuai"); got != "" {
		t.Errorf("Predikat of an unknown rating = %q", got)
	}
}

func TestEnumSpellings(t *testing.T) {
	for _, tc := range []struct {
		e    *enum
		in   string
		want string
	}{
		{skpRatings, "Di Atas Ekspektasi", "diatas"},
		{skpRatings, "di_bawah", "dibawah"},
		{skpRatings, "SESUAI EKSPEKTASI", "sesuai"},
		{skpPredikat, "Kurang/Misconduct", "kurang"},
		{skpPredikat, "Butuh Perbaikan", "butuh_perbaikan"},
		{skpPeriods, "Triwulan III", "Q3"},
		{skpPeriods, "annual", "ANNUAL"},
		{positionClasses, "JPT Pratama", "jpt_pratama"},
		{competencyTypes, "Sosial Kultural", "sosial_kultural"},
		{trainingKinds, "E-Learning", "elearning"},
		{educationLevels, "S-1", "S1"},
		{educationLevels, "D-III", "D3"},
		{activityStatuses, "Disetujui", "approved"},
		{skpRatings, "baik", ""},
	} {
		got, _ := tc.e.lookup(tc.in)
		if got != tc.want {
			t.Errorf("lookup(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// smallDecimal gives the value decimal.NewFromString gives, with exponent
// -places, or leaves the number to it.
func TestSmallDecimal(t *testing.T) {
	for _, tc := range []struct {
		in     string
		places int32
		fast   bool
	}{
		{"0", 2, true}, {"-0", 2, true}, {"12.5", 2, true}, {"007.50", 2, true}, {"-3.25", 2, true},
		{"1000", 2, true}, {"999999999999999999", 0, true}, {"0.000001", 6, true}, {"9999999999999999.9", 2, true},
		{"7.499", 2, false}, {"99999999999999999.9", 2, false}, {"1234567890123456789", 0, false},
		{"1.5E+3", 2, false}, {"1.", 2, false}, {"", 2, false}, {"-", 2, false}, {"1.2.3", 4, false}, {"+1", 2, false},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, ok := smallDecimal(tc.in, tc.places)
			if ok != tc.fast {
				t.Fatalf("fast path %v, want %v", ok, tc.fast)
			}
			if !ok {
				return
			}
			if want := decimal.RequireFromString(tc.in); !got.Equal(want) || got.Exponent() != -tc.places {
				t.Errorf("%s = %s×10^%d, want %s with exponent %d", tc.in, got.Coefficient(), got.Exponent(), want, -tc.places)
			}
		})
	}
}

func TestAppendDay(t *testing.T) {
	for _, day := range []time.Time{
		time.Date(2025, 3, 9, 0, 0, 0, 0, time.UTC), time.Date(1970, 12, 31, 23, 59, 0, 0, wita),
		time.Date(999, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(-5, 6, 7, 0, 0, 0, 0, time.UTC), {},
	} {
		if got, want := string(appendDay([]byte("x"), day)), "x"+day.Format("2006-01-02"); got != want {
			t.Errorf("appendDay(%v) = %q, want %q", day, got, want)
		}
	}
}

// The shortcut for canonical spellings gives what the spelling rules give.
func TestEnumLookupCanonical(t *testing.T) {
	e := newEnum([]string{"a_b", "cd", "E"}, map[string]string{"A B": "a_b", "cd": "E"})
	for _, tc := range []struct{ in, want string }{
		{"a_b", "a_b"}, {"A-B", "a_b"}, {"cd", "E"}, {"CD", "E"}, {"E", "E"}, {"e", "E"}, {"x", ""},
	} {
		if got, _ := e.lookup(tc.in); got != tc.want {
			t.Errorf("lookup(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if len(e.exact) != 2 {
		t.Errorf("exact = %q, want a_b and E (cd is an alias of E)", e.exact)
	}
}

func TestIsASCII(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{{"", true}, {"abc", true}, {"abcdefgh", true}, {"abcdefghi", true}, {"abcdefg\xc3\xa9", false}, {"\x80", false}, {"abcdefgh\x80", false}} {
		if got := isASCII([]byte(tc.in)); got != tc.want {
			t.Errorf("isASCII(%q) = %v", tc.in, got)
		}
	}
}
