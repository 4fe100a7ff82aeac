package analytics

import (
	"context"
	"fmt"
	"sort"
	"testing"
	"time"

	"kinerja/warehouse/warehousetest"
)

func witaDay(s string) time.Time {
	d, err := time.ParseInLocation(time.DateOnly, s, WITA)
	if err != nil {
		panic(err)
	}
	return d
}

func TestWorkingDays(t *testing.T) {
	for _, tc := range []struct {
		name     string
		cfg      CalendarConfig
		from, to string
		want     int
	}{
		// May 2025 has 22 weekdays; 1 (Hari Buruh), 12 (Waisak), 13 (cuti
		// bersama), 29 (Kenaikan), 30 (cuti bersama) are holidays.
		{"May 2025, national list", CalendarConfig{}, "2025-05-01", "2025-05-31", 17},
		{"May 2025 plus a regional holiday", CalendarConfig{Holidays: []Holiday{{"2025-05-08", "Libur daerah"}}}, "2025-05-01", "2025-05-31", 16},
		{"a weekend holiday changes nothing", CalendarConfig{Holidays: []Holiday{{"2025-05-10", "Sabtu"}}}, "2025-05-01", "2025-05-31", 17},
		{"May 2025, cuti bersama of the 13th worked", CalendarConfig{WorkingDays: []string{"2025-05-13"}}, "2025-05-01", "2025-05-31", 18},
		{"May 2025 without the national list", CalendarConfig{NoNationalHolidays: true}, "2025-05-01", "2025-05-31", 22},
		// Lebaran 2025: 31 March – 7 April, every weekday off.
		{"Lebaran 2025", CalendarConfig{}, "2025-03-31", "2025-04-07", 0},
		// 18 August 2025 became a cuti bersama (SKB 933/2025).
		{"HUT RI ke-80", CalendarConfig{}, "2025-08-18", "2025-08-18", 0},
		// 2024: Pemilu 14 February, Pilkada 27 November.
		{"Pemilu 2024", CalendarConfig{}, "2024-02-14", "2024-02-14", 0},
		{"Pilkada 2024", CalendarConfig{}, "2024-11-27", "2024-11-27", 0},
		// 2026: Idul Fitri cuti bersama 20, 23, 24 March; Nyepi 18 (cuti), 19 March.
		{"Lebaran 2026 week", CalendarConfig{}, "2026-03-16", "2026-03-24", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cal, err := tc.cfg.Calendar()
			if err != nil {
				t.Fatal(err)
			}
			p := Period{From: witaDay(tc.from), To: witaDay(tc.to)}
			if got := cal.WorkingDays(p); got != tc.want {
				t.Errorf("working days %s..%s = %d, want %d", tc.from, tc.to, got, tc.want)
			}
		})
	}
}

func TestCalendarConfigValidate(t *testing.T) {
	for _, cfg := range []CalendarConfig{
		{Holidays: []Holiday{{"2025-13-01", "bulan ke-13"}}},
		{Holidays: []Holiday{{"17/08/2025", "format lain"}}},
		{WorkingDays: []string{"kemarin"}},
	} {
		if _, err := cfg.Calendar(); err == nil {
			t.Errorf("%+v accepted", cfg)
		}
	}
	if err := (CalendarConfig{Holidays: []Holiday{{"2027-07-14", "Hari Jadi"}}}).Validate(); err != nil {
		t.Errorf("a valid configuration: %v", err)
	}
}

// The built-in list: valid, unique, in order, each with a name, 2024–2026.
func TestNationalHolidaysList(t *testing.T) {
	seen := map[string]bool{}
	for i, h := range NationalHolidays {
		d, err := parseDay(h.Date)
		if err != nil || d.Format(time.DateOnly) != h.Date {
			t.Errorf("%d: date %q", i, h.Date)
		}
		if h.Name == "" || seen[h.Date] || d.Year() < 2024 || d.Year() > 2026 {
			t.Errorf("%d: %+v (duplicate %v)", i, h, seen[h.Date])
		}
		if i > 0 && NationalHolidays[i-1].Date >= h.Date {
			t.Errorf("%d: %s not after %s", i, h.Date, NationalHolidays[i-1].Date)
		}
		seen[h.Date] = true
	}
}

// workdayNumber counts the working days since 1900-01-01; consecutive
// numbers differ by one exactly on working days.
func TestWorkdayNumber(t *testing.T) {
	cal, _ := CalendarConfig{}.Calendar()
	if got := cal.workdayNumber(witaDay("1900-01-01")); got != 1 {
		t.Errorf("1900-01-01 (a Monday) = %d, want 1", got)
	}
	if got := cal.workdayNumber(witaDay("1900-01-07")); got != 5 {
		t.Errorf("1900-01-07 (a Sunday) = %d, want 5", got)
	}
	for d := witaDay("2023-12-25"); d.Before(witaDay("2027-01-10")); d = d.AddDate(0, 0, 1) {
		step := cal.workdayNumber(d) - cal.workdayNumber(d.AddDate(0, 0, -1))
		if want := map[bool]int{true: 1, false: 0}[cal.IsWorkingDay(d)]; step != want {
			t.Fatalf("%s: step %d, working day %v", d.Format(time.DateOnly), step, cal.IsWorkingDay(d))
		}
	}
}

// The engine computes delays in working days with its own formula
// (compliance_reports.sql); over three years of reports sent 0–9 days
// after the activity, its timeliness counts and median equal those
// computed in Go with Calendar.workdayNumber, per year.
func TestComplianceDelaysMatchTheCalendar(t *testing.T) {
	db := warehousetest.Open(t)
	fixtureOrg(t, db)
	cal, _ := CalendarConfig{}.Calendar()
	type tally struct {
		same, next, later uint64
		delays            []int
	}
	want := map[string]*tally{}
	var rows []activityReport
	i := 0
	for d := witaDay("2024-01-01"); !d.After(witaDay("2026-12-31")); d = d.AddDate(0, 0, 1) {
		lag := (i*7 + i/5) % 10
		sent := d.AddDate(0, 0, lag).Add(10 * time.Hour)
		rows = append(rows, activityReport{fmt.Sprint(i), "X", "PKM-BINANGA", d.Format(time.DateOnly), sent.Format("2006-01-02 15:04"), "submitted", ""})
		delay := max(0, cal.workdayNumber(sent)-cal.workdayNumber(d))
		y := fmt.Sprint(d.Year())
		if want[y] == nil {
			want[y] = &tally{}
		}
		w := want[y]
		switch {
		case delay == 0:
			w.same++
		case delay == 1:
			w.next++
		default:
			w.later++
		}
		w.delays = append(w.delays, delay)
		i++
	}
	insertActivityReports(t, db, 1, rows)
	p, _ := ParsePeriod("2024-01-01", "2026-12-31")
	res, err := New(db, "").Compliance(context.Background(), ComplianceQuery{By: ByAll, Period: p, Grain: Year})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Groups) != 1 || len(res.Groups[0].Periods) != 3 {
		t.Fatalf("got %s", complianceSummary(res))
	}
	for _, pt := range res.Groups[0].Periods {
		w := want[pt.Period]
		sort.Ints(w.delays)
		// Median, type 7: position (n − 1)/2.
		n := len(w.delays)
		pos := float64(n-1) / 2
		lo := int(pos)
		median := float64(w.delays[lo])
		if lo+1 < n {
			median += (pos - float64(lo)) * float64(w.delays[lo+1]-w.delays[lo])
		}
		tm := pt.Timeliness
		got := -1.0
		if tm.MedianDelayDays != nil {
			got = float64(*tm.MedianDelayDays)
		}
		if tm.SameDay != w.same || tm.NextDay != w.next || tm.Later != w.later || got != median {
			t.Errorf("%s: engine %d/%d/%d median %v, Go %d/%d/%d median %v", pt.Period, tm.SameDay, tm.NextDay, tm.Later,
				got, w.same, w.next, w.later, median)
		}
	}
}
