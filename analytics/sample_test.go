package analytics

import (
	"testing"
)

// The Krejcie–Morgan table as domain.md §1 quotes it, plus rows of the
// published table around the rounding edges (500 → 217: the formula gives
// 217,47; 100 000 → 384 as printed, where the formula gives 382,63).
func TestRequiredSampleKrejcieMorgan(t *testing.T) {
	for _, tc := range []struct{ n, want uint64 }{
		{100, 80}, {500, 217}, {1000, 278}, {5000, 357}, {10000, 370}, {100000, 384},
		{10, 10}, {50, 44}, {400, 196}, {2000, 322}, {75000, 382}, {1000000, 384},
		{0, 0}, {1, 1}, {99999, 383}, {100001, 384},
	} {
		if got := RequiredSample(tc.n); got != tc.want {
			t.Errorf("RequiredSample(%d) = %d, want %d", tc.n, got, tc.want)
		}
	}
	// Never decreasing as the population grows.
	prev := uint64(0)
	for n := uint64(0); n <= 200_000; n++ {
		s := RequiredSample(n)
		if s < prev {
			t.Fatalf("RequiredSample(%d) = %d < RequiredSample(%d) = %d", n, s, n-1, prev)
		}
		prev = s
	}
}

func TestSampleAdequacyOfAPeriod(t *testing.T) {
	c := Config{Population: map[string]uint64{"A": 400, "B": 3600, "Z": 0}}
	q2, _ := ParsePeriodLabel("2025-Q2")
	year, _ := ParsePeriodLabel("2025")
	march, _ := ParsePeriodLabel("2025-03")
	days, _ := ParsePeriodLabel("2025-01-01..2025-01-10")
	for _, tc := range []struct {
		name        string
		units       []string
		p           Period
		n           uint64
		population  uint64
		required    uint64
		adequate    bool
		unknownJSON bool
	}{
		{"a year: the yearly users", []string{"A"}, year, 196, 400, 196, true, false},
		{"a quarter: a quarter of them", []string{"A"}, q2, 79, 100, 80, false, false},
		{"a month, rounded up", []string{"A"}, march, 30, 34, 31, false, false},  // 400/12 = 33,3 → 34
		{"ten days of 365", []string{"A", "B"}, days, 100, 110, 86, true, false}, // 4000·10/365 = 109,6 → 110
		{"two units of a group add up", []string{"A", "B"}, year, 350, 4000, 351, false, false},
		{"a unit without users", []string{"Z"}, year, 0, 0, 0, true, false},
		{"a unit without a population", []string{"A", "C"}, year, 500, 0, 0, false, true},
		{"no respondents, nothing to judge", nil, year, 0, 0, 0, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := c.sampleAdequacy(tc.units, tc.p, tc.n)
			if tc.unknownJSON {
				if a.Population != nil || a.Required != nil || a.Adequate != nil {
					t.Errorf("got %+v, want nothing", a)
				}
				return
			}
			if a.Population == nil || *a.Population != tc.population || *a.Required != tc.required || *a.Adequate != tc.adequate {
				t.Errorf("got population %v required %v adequate %v, want %d %d %v", deref(a.Population), deref(a.Required), derefB(a.Adequate), tc.population, tc.required, tc.adequate)
			}
		})
	}
	if a := (Config{}).sampleAdequacy([]string{"A"}, year, 10); a.Required != nil {
		t.Error("no population configured, yet a requirement")
	}
}

func deref(p *uint64) any {
	if p == nil {
		return nil
	}
	return *p
}

func derefB(p *bool) any {
	if p == nil {
		return nil
	}
	return *p
}
