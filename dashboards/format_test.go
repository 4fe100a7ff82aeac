package dashboards

import (
	"sort"
	"testing"
	"time"

	"kinerja/analytics"
)

func TestNumberFormatting(t *testing.T) {
	for _, tc := range []struct {
		name string
		l    Lang
		got  string
		want string
	}{
		{"IKM with decimal comma", ID, ID.Decimal(88.31, 2), "88,31"},
		{"rounding half up at the band edge", ID, ID.Decimal(88.305, 2), "88,31"},
		{"just below the edge", ID, ID.Decimal(88.3049, 2), "88,30"},
		{"trailing zeros kept", ID, ID.Decimal(75, 2), "75,00"},
		{"index with four decimals", ID, ID.Decimal(3.659, 4), "3,6590"},
		{"thousands with dots", ID, ID.Int(12345), "12.345"},
		{"millions", ID, ID.Int(1234567), "1.234.567"},
		{"no separator under a thousand", ID, ID.Int(999), "999"},
		{"zero", ID, ID.Int(0), "0"},
		{"decimal with thousands", ID, ID.Decimal(12345.678, 2), "12.345,68"},
		{"negative", ID, ID.Decimal(-1.5, 1), "-1,5"},
		{"negative zero", ID, ID.Decimal(-0.001, 2), "0,00"},
		{"English decimal point", EN, EN.Decimal(88.31, 2), "88.31"},
		{"English thousands", EN, EN.Int(12345), "12,345"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got %q, want %q", tc.got, tc.want)
			}
		})
	}
}

func TestDateFormatting(t *testing.T) {
	for _, tc := range []struct {
		name string
		got  string
		want string
	}{
		{"a WITA day", ID.Date(time.Date(2025, 3, 14, 9, 0, 0, 0, analytics.WITA)), "14 Mar 2025"},
		{"UTC evening is the next day in WITA", ID.Date(time.Date(2025, 3, 13, 16, 30, 0, 0, time.UTC)), "14 Mar 2025"},
		{"Indonesian month names", ID.Date(time.Date(2025, 5, 1, 0, 0, 0, 0, analytics.WITA)) + " " + ID.Date(time.Date(2025, 8, 17, 0, 0, 0, 0, analytics.WITA)) + " " + ID.Date(time.Date(2025, 12, 31, 0, 0, 0, 0, analytics.WITA)), "1 Mei 2025 17 Agu 2025 31 Des 2025"},
		{"English month names", EN.Date(time.Date(2025, 5, 1, 0, 0, 0, 0, analytics.WITA)), "1 May 2025"},
		{"date and time in WITA", ID.DateTime(time.Date(2025, 3, 14, 1, 5, 0, 0, time.UTC)), "14 Mar 2025 09:05 WITA"},
		{"month bucket", ID.Bucket(analytics.Month, time.Date(2025, 8, 1, 0, 0, 0, 0, analytics.WITA)), "Agu 2025"},
		{"quarter bucket", ID.Bucket(analytics.Quarter, time.Date(2025, 7, 1, 0, 0, 0, 0, analytics.WITA)), "TW III 2025"},
		{"quarter bucket in English", EN.Bucket(analytics.Quarter, time.Date(2025, 7, 1, 0, 0, 0, 0, analytics.WITA)), "Q3 2025"},
		{"semester bucket", ID.Bucket(analytics.Semester, time.Date(2025, 7, 1, 0, 0, 0, 0, analytics.WITA)), "Sem 2 2025"},
		{"year bucket", ID.Bucket(analytics.Year, time.Date(2025, 1, 1, 0, 0, 0, 0, analytics.WITA)), "2025"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got %q, want %q", tc.got, tc.want)
			}
		})
	}
}

func TestCatalogComplete(t *testing.T) {
	keys := func(l Lang) []string {
		var k []string
		for key := range catalog[l] {
			k = append(k, key)
		}
		sort.Strings(k)
		return k
	}
	for _, key := range keys(ID) {
		if _, ok := catalog[EN][key]; !ok {
			t.Errorf("%s: no English text", key)
		}
	}
	for _, key := range keys(EN) {
		if _, ok := catalog[ID][key]; !ok {
			t.Errorf("%s: no Indonesian text", key)
		}
	}
	if got := ID.T("no.such.key"); got != "?no.such.key?" {
		t.Errorf("missing key shows as %q", got)
	}
	// The mutu labels of the catalog are analytics' labels.
	for _, v := range []float64{95, 80, 70, 40} {
		m, label, labelEN := analytics.MutuOf(v)
		if ID.T("mutu."+m) != label || EN.T("mutu."+m) != labelEN {
			t.Errorf("mutu %s: catalog %q/%q, analytics %q/%q", m, ID.T("mutu."+m), EN.T("mutu."+m), label, labelEN)
		}
	}
}

func TestDefaultFilters(t *testing.T) {
	for _, tc := range []struct {
		name     string
		now      time.Time
		query    map[string]string
		from, to string
	}{
		{"last 12 months up to today", time.Date(2025, 3, 14, 10, 0, 0, 0, analytics.WITA), nil, "2024-04-01", "2025-03-14"},
		{"today is the WITA day, not the UTC day", time.Date(2025, 12, 31, 20, 0, 0, 0, time.UTC), nil, "2025-02-01", "2026-01-01"},
		{"only to given", time.Date(2025, 3, 14, 10, 0, 0, 0, analytics.WITA), map[string]string{"to": "2024-06-30"}, "2023-07-01", "2024-06-30"},
		{"only from given", time.Date(2025, 3, 14, 10, 0, 0, 0, analytics.WITA), map[string]string{"from": "2025-01-01"}, "2025-01-01", "2025-03-14"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, perr := parseFilters(func(k string) string { return tc.query[k] }, tc.now)
			if perr != nil {
				t.Fatal(perr)
			}
			if got := f.Period.From.Format("2006-01-02"); got != tc.from {
				t.Errorf("from %s, want %s", got, tc.from)
			}
			if got := f.Period.To.Format("2006-01-02"); got != tc.to {
				t.Errorf("to %s, want %s", got, tc.to)
			}
			if f.Grain != analytics.Month || f.Weight != analytics.WeightExact {
				t.Errorf("grain %s weight %s, want month exact", f.Grain, f.Weight)
			}
		})
	}
}

func TestBucketStarts(t *testing.T) {
	p := analytics.Period{From: time.Date(2024, 11, 15, 0, 0, 0, 0, analytics.WITA), To: time.Date(2025, 7, 2, 0, 0, 0, 0, analytics.WITA)}
	for _, tc := range []struct {
		g    analytics.Grain
		want []string
	}{
		{analytics.Month, []string{"2024-11-01", "2024-12-01", "2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01", "2025-05-01", "2025-06-01", "2025-07-01"}},
		{analytics.Quarter, []string{"2024-10-01", "2025-01-01", "2025-04-01", "2025-07-01"}},
		{analytics.Semester, []string{"2024-07-01", "2025-01-01", "2025-07-01"}},
		{analytics.Year, []string{"2024-01-01", "2025-01-01"}},
	} {
		t.Run(string(tc.g), func(t *testing.T) {
			var got []string
			for _, s := range bucketStarts(tc.g, p) {
				got = append(got, s.Format("2006-01-02"))
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("got %v, want %v", got, tc.want)
					break
				}
			}
		})
	}
}
