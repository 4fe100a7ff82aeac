package analytics

import (
	"testing"
)

func TestParsePeriodLabel(t *testing.T) {
	for _, tc := range []struct {
		name, in, from, to, label string
		grain                     Grain
	}{
		{"year", "2025", "2025-01-01", "2025-12-31", "2025", Year},
		{"leap year", "2024", "2024-01-01", "2024-12-31", "2024", Year},
		{"first semester", "2025-S1", "2025-01-01", "2025-06-30", "2025-S1", Semester},
		{"second semester, lower case", "2025-s2", "2025-07-01", "2025-12-31", "2025-S2", Semester},
		{"first quarter", "2025-Q1", "2025-01-01", "2025-03-31", "2025-Q1", Quarter},
		{"second quarter", "2025-Q2", "2025-04-01", "2025-06-30", "2025-Q2", Quarter},
		{"fourth quarter, lower case", "2025-q4", "2025-10-01", "2025-12-31", "2025-Q4", Quarter},
		{"February of a leap year", "2024-02", "2024-02-01", "2024-02-29", "2024-02", Month},
		{"February", "2025-02", "2025-02-01", "2025-02-28", "2025-02", Month},
		{"December", "2025-12", "2025-12-01", "2025-12-31", "2025-12", Month},
		{"range", "2025-01-01..2025-06-15", "2025-01-01", "2025-06-15", "2025-01-01..2025-06-15", ""},
		{"range with spaces", " 2025-03-02 .. 2025-03-08 ", "2025-03-02", "2025-03-08", "2025-03-02..2025-03-08", ""},
		{"range that is a calendar quarter", "2025-04-01..2025-06-30", "2025-04-01", "2025-06-30", "2025-Q2", Quarter},
		{"range that is a calendar month", "2025-03-01..2025-03-31", "2025-03-01", "2025-03-31", "2025-03", Month},
		{"one day", "2025-03-14", "2025-03-14", "2025-03-14", "2025-03-14..2025-03-14", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := ParsePeriodLabel(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if got := p.From.Format("2006-01-02"); got != tc.from {
				t.Errorf("from = %s, want %s", got, tc.from)
			}
			if got := p.To.Format("2006-01-02"); got != tc.to {
				t.Errorf("to = %s, want %s", got, tc.to)
			}
			if p.From.Location() != WITA || p.From.Hour() != 0 || p.To.Hour() != 0 {
				t.Errorf("bounds %v %v are not midnight WITA", p.From, p.To)
			}
			if got := p.Label(); got != tc.label {
				t.Errorf("label = %s, want %s", got, tc.label)
			}
			g, ok := p.Grain()
			if g != tc.grain || ok != (tc.grain != "") {
				t.Errorf("grain = %q %v, want %q", g, ok, tc.grain)
			}
			back, err := ParsePeriodLabel(p.Label())
			if err != nil || !back.From.Equal(p.From) || !back.To.Equal(p.To) {
				t.Errorf("label %s parses back to %v (%v)", p.Label(), back, err)
			}
		})
	}
}

func TestParsePeriodLabelRejects(t *testing.T) {
	for _, in := range []string{"", "25", "2025-S3", "2025-Q0", "2025-Q5", "2025-13", "2025-00", "2025-3",
		"2025-06-31", "2025-03-31..2025-03-01", "2025-01-01..", "..2025-01-01", "2025-01..2025-03", "2025/03", "0999"} {
		if p, err := ParsePeriodLabel(in); err == nil {
			t.Errorf("ParsePeriodLabel(%q) = %v, want an error", in, p)
		}
	}
}

func TestPreviousAndLastYear(t *testing.T) {
	for _, tc := range []struct {
		name, in, previous, lastYear string
	}{
		{"year", "2025", "2024", "2024"},
		{"first semester", "2025-S1", "2024-S2", "2024-S1"},
		{"second semester", "2025-S2", "2025-S1", "2024-S2"},
		{"first quarter", "2025-Q1", "2024-Q4", "2024-Q1"},
		{"third quarter", "2025-Q3", "2025-Q2", "2024-Q3"},
		{"January", "2025-01", "2024-12", "2024-01"},
		{"March after a leap February", "2024-03", "2024-02", "2023-03"},
		{"leap February", "2024-02", "2024-01", "2023-02"},
		// Same length ending the day before; a year back keeps the dates.
		{"year to date", "2025-01-01..2025-06-15", "2024-07-19..2024-12-31", "2024-01-01..2024-06-15"},
		{"a week", "2025-03-03..2025-03-09", "2025-02-24..2025-03-02", "2024-03-03..2024-03-09"},
		{"ending on 29 February", "2024-02-10..2024-02-29", "2024-01-21..2024-02-09", "2023-02-10..2023-02-28"},
		{"leap February as a range is the month", "2024-02-01..2024-02-29", "2024-01", "2023-02"},
		{"crossing the year", "2024-12-15..2025-01-14", "2024-11-14..2024-12-14", "2023-12-15..2024-01-14"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := ParsePeriodLabel(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if got := p.Previous().Label(); got != tc.previous {
				t.Errorf("previous = %s, want %s", got, tc.previous)
			}
			if got := VsPrevious.Of(p).Label(); got != tc.previous {
				t.Errorf("vs previous = %s, want %s", got, tc.previous)
			}
			if got := p.LastYear().Label(); got != tc.lastYear {
				t.Errorf("last year = %s, want %s", got, tc.lastYear)
			}
			if got := VsLastYear.Of(p).Label(); got != tc.lastYear {
				t.Errorf("vs last-year = %s, want %s", got, tc.lastYear)
			}
			if g, ok := p.Grain(); !ok && p.Previous().Days() != p.Days() {
				t.Errorf("previous of a range has %d days, want %d", p.Previous().Days(), p.Days())
			} else if ok {
				if pg, _ := p.Previous().Grain(); pg != g {
					t.Errorf("previous of a %s is a %s", g, pg)
				}
			}
		})
	}
}

func TestPeriodDays(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{{"2024", 366}, {"2025", 365}, {"2024-02", 29}, {"2025-Q1", 90}, {"2025-S2", 184}, {"2025-03-14", 1}} {
		p, _ := ParsePeriodLabel(tc.in)
		if got := p.Days(); got != tc.want {
			t.Errorf("%s has %d days, want %d", tc.in, got, tc.want)
		}
	}
}

func TestParseBaseline(t *testing.T) {
	for in, want := range map[string]Baseline{"": VsPrevious, "previous": VsPrevious, "last-year": VsLastYear} {
		if got, err := ParseBaseline(in); err != nil || got != want {
			t.Errorf("ParseBaseline(%q) = %q %v, want %q", in, got, err, want)
		}
	}
	if _, err := ParseBaseline("lastyear"); err == nil {
		t.Error("ParseBaseline(lastyear) accepted")
	}
}
