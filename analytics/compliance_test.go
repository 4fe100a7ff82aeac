package analytics

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"kinerja/warehouse"
	"kinerja/warehouse/warehousetest"
)

// complianceEmployee is one employees row; from/to "" are NULL.
type complianceEmployee struct {
	nip, unit, from, to string
}

func insertComplianceEmployees(t *testing.T, db warehouse.DB, rows []complianceEmployee) {
	t.Helper()
	b, err := db.PrepareBatch(context.Background(), "employees", []string{"nip", "name", "employee_type", "position_class",
		"position_name", "golongan", "education", "unit_code", "gender", "birth_date", "active_from", "active_to", "_version"})
	if err != nil {
		t.Fatal(err)
	}
	day := func(s string) *time.Time {
		if s == "" {
			return nil
		}
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return &d
	}
	for _, r := range rows {
		if err := b.Append(r.nip, "ASN "+r.nip, "PNS", "pelaksana", "Pengadministrasi", "II/a", "SMA", r.unit, "L", nil,
			day(r.from), day(r.to), uint64(1)); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Send(); err != nil {
		t.Fatal(err)
	}
}

// activityReport is one activity_reports row: times are "YYYY-MM-DD hh:mm"
// WITA, reviewed "" is NULL.
type activityReport struct {
	id, nip, unit, activity, submitted, status, reviewed string
}

func insertActivityReports(t *testing.T, db warehouse.DB, version uint64, rows []activityReport) {
	t.Helper()
	b, err := db.PrepareBatch(context.Background(), "activity_reports", []string{"source", "report_id", "nip", "unit_code",
		"activity_date", "submitted_at", "activity", "output", "quantity", "status", "reviewed_at", "reviewer_nip", "_version"})
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, WITA)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, r := range rows {
		act, err := time.Parse(time.DateOnly, r.activity)
		if err != nil {
			t.Fatal(err)
		}
		var reviewed *time.Time
		if r.reviewed != "" {
			v := at(r.reviewed)
			reviewed = &v
		}
		if err := b.Append("test", r.id, r.nip, r.unit, act, at(r.submitted), "Mengarsipkan dokumen", "Berkas", 1.0,
			r.status, reviewed, "SUP", version); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Send(); err != nil {
		t.Fatal(err)
	}
}

// fixtureCompliance: 28 April – 16 May 2025, the default national calendar.
// Working days: 28, 29, 30 April; 2 May (1 May Hari Buruh); 5–9 May;
// 14–16 May (12 May Waisak, 13 May cuti bersama) = 12 (April 3, May 9).
//
//	A1 DUKCAPIL-PEL  active all along         expected 12 (Apr 3, May 9)
//	A2 DUKCAPIL-PEL  joined Wed 7 May         expected  6 (May 7, 8, 9, 14, 15, 16)
//	B1 PKM-BINANGA   left Fri 9 May           expected  9 (Apr 3, May 6)
//	B2 PKM-BINANGA   active all along         expected 12 (Apr 3, May 9)
//
// Reports (delay in working days; latency in hours):
//
//	#   who act.  submitted     status     delay latency  ASN-day counted
//	1   A1  4-28  4-28 16:00    approved   0     17       4-28
//	2   A1  4-28  4-28 17:00    approved   0      1       (same day)
//	3   A1  4-30  5-02 08:00    returned   1      2       4-30 (1 May is a holiday)
//	4   A1  5-05  5-05 15:00    approved   0     24       5-05
//	5   A1  5-09  5-14 08:00    submitted  1      –       5-09 (12, 13 May are holidays)
//	6   A1  5-12  5-12 20:00    approved   0     36       – (a holiday)
//	7   A1  5-14  5-19 09:00    approved   3      4       5-14
//	8   A2  5-06  5-07 08:00    approved   1      4       – (before A2 joined)
//	9   A2  5-07  5-07 16:00    approved   0     24       5-07
//	10  A2  5-08  5-08 16:00    returned   0      1,5     5-08 (v1 said submitted)
//	11  A2  5-16  5-17 10:00    submitted  0      –       5-16 (sent on Saturday)
//	12  B1  5-02  5-02 14:00    approved   0     66       5-02
//	13  B1  5-14  5-14 09:00    approved   0      1       – (after B1 left)
//	14  B2  4-29  5-06 09:00    approved   4      2       4-29
//	15  B2  5-15  5-15 13:00    approved   0      1,5     5-15
//	16  B2  5-19  5-19 15:00    approved   –      –       – (after the period)
func fixtureCompliance(t *testing.T, db warehouse.DB) {
	t.Helper()
	fixtureOrg(t, db)
	insertComplianceEmployees(t, db, []complianceEmployee{
		{"A1", "DUKCAPIL-PEL", "2015-03-01", ""},
		{"A2", "DUKCAPIL-PEL", "2025-05-07", ""},
		{"B1", "PKM-BINANGA", "", "2025-05-09"},
		{"B2", "PKM-BINANGA", "2010-01-01", ""},
		{"C1", "PKM-KALUKKU", "2010-01-01", "2025-04-27"}, // left before the period
	})
	insertActivityReports(t, db, 1, []activityReport{
		{"1", "A1", "DUKCAPIL-PEL", "2025-04-28", "2025-04-28 16:00", "approved", "2025-04-29 09:00"},
		{"2", "A1", "DUKCAPIL-PEL", "2025-04-28", "2025-04-28 17:00", "approved", "2025-04-28 18:00"},
		{"3", "A1", "DUKCAPIL-PEL", "2025-04-30", "2025-05-02 08:00", "returned", "2025-05-02 10:00"},
		{"4", "A1", "DUKCAPIL-PEL", "2025-05-05", "2025-05-05 15:00", "approved", "2025-05-06 15:00"},
		{"5", "A1", "DUKCAPIL-PEL", "2025-05-09", "2025-05-14 08:00", "submitted", ""},
		{"6", "A1", "DUKCAPIL-PEL", "2025-05-12", "2025-05-12 20:00", "approved", "2025-05-14 08:00"},
		{"7", "A1", "DUKCAPIL-PEL", "2025-05-14", "2025-05-19 09:00", "approved", "2025-05-19 13:00"},
		{"8", "A2", "DUKCAPIL-PEL", "2025-05-06", "2025-05-07 08:00", "approved", "2025-05-07 12:00"},
		{"9", "A2", "DUKCAPIL-PEL", "2025-05-07", "2025-05-07 16:00", "approved", "2025-05-08 16:00"},
		{"10", "A2", "DUKCAPIL-PEL", "2025-05-08", "2025-05-08 16:00", "submitted", ""},
		{"11", "A2", "DUKCAPIL-PEL", "2025-05-16", "2025-05-17 10:00", "submitted", ""},
		{"12", "B1", "PKM-BINANGA", "2025-05-02", "2025-05-02 14:00", "approved", "2025-05-05 08:00"},
		{"13", "B1", "PKM-BINANGA", "2025-05-14", "2025-05-14 09:00", "approved", "2025-05-14 10:00"},
		{"14", "B2", "PKM-BINANGA", "2025-04-29", "2025-05-06 09:00", "approved", "2025-05-06 11:00"},
		{"15", "B2", "PKM-BINANGA", "2025-05-15", "2025-05-15 13:00", "approved", "2025-05-15 14:30"},
		{"16", "B2", "PKM-BINANGA", "2025-05-19", "2025-05-19 15:00", "approved", "2025-05-19 16:00"},
	})
	// The supervisor returned report 10: the newer version replaces the old.
	insertActivityReports(t, db, 2, []activityReport{
		{"10", "A2", "DUKCAPIL-PEL", "2025-05-08", "2025-05-08 16:00", "returned", "2025-05-08 17:30"},
	})
}

// pointSummary writes the numbers of a point compactly.
func pointSummary(p CompliancePoint) string {
	f4 := func(v *Dec4) string {
		if v == nil {
			return "null"
		}
		return fmt.Sprintf("%.4f", float64(*v))
	}
	f2 := func(v *Dec2) string {
		if v == nil {
			return "null"
		}
		return fmt.Sprintf("%.2f", float64(*v))
	}
	t, r := p.Timeliness, p.Review
	return fmt.Sprintf("%s %s..%s wd=%d asn=%d days=%d/%d c=%s | reports=%d per_asn=%s | time %d/%d/%d %s/%s/%s med=%s | review %d/%d/%d ret=%s lat=%s/%s",
		p.Period, p.From, p.To, p.WorkingDays, p.ActiveASN, p.ReportedASNDays, p.ExpectedASNDays, f4(p.Compliance),
		p.Reports, f2(p.ReportsPerASN),
		t.SameDay, t.NextDay, t.Later, f4(t.SameDayShare), f4(t.NextDayShare), f4(t.LaterShare), f2(t.MedianDelayDays),
		r.Reviewed, r.Returned, r.Pending, f4(r.ReturnedShare), f2(r.LatencyMedianHours), f2(r.LatencyP90Hours))
}

func complianceSummary(res ComplianceResult) string {
	var b strings.Builder
	for _, g := range res.Groups {
		for _, p := range g.Periods {
			fmt.Fprintf(&b, "%s %s\n", g.Code, pointSummary(p))
		}
	}
	return b.String()
}

func TestComplianceFromTheEngine(t *testing.T) {
	db := warehousetest.Open(t)
	fixtureCompliance(t, db)
	svc := New(db, "Kabupaten Mamuju")
	ctx := context.Background()
	p, _ := ParsePeriod("2025-04-28", "2025-05-16")
	for _, tc := range []struct {
		name string
		q    ComplianceQuery
		want string
	}{
		{
			// DUKCAPIL: reported A1 4-28, 4-30, 5-05, 5-09, 5-14 + A2 5-07, 5-08,
			// 5-16 = 8 of 12 + 6 = 18 → 0,4444. Reports 1–11, 11 ÷ 2 ASN = 5,50.
			// Delays 0 ×7 (1, 2, 4, 6, 9, 10, 11), 1 ×3 (3, 5, 8), 3 ×1 (7):
			// 7/11 = 0,6364, 3/11 = 0,2727, 1/11 = 0,0909; median at (11−1)·0,5 = 5 → 0.
			// Reviewed 9 (all but 5 and 11), returned 2 (3, 10) → 0,2222. Latencies
			// sorted 1; 1,5; 2; 4; 4; 17; 24; 24; 36: median x[4] = 4,
			// p90 at 8·0,9 = 7,2 → 24 + 0,2·(36 − 24) = 26,40.
			//
			// DINKES: reported B1 5-02 + B2 4-29, 5-15 = 3 of 9 + 12 = 21 → 0,1429
			// (C1 left before the period: not counted). Reports 12–15 (16 is after
			// the period) = 4 ÷ 2 = 2,00. Delays 0, 0, 4, 0 → 3/0/1, median at 1,5
			// → 0. Reviewed 4, returned 0. Latencies 1; 1,5; 2; 66: median at 1,5
			// → 1,5 + 0,5·0,5 = 1,75; p90 at 2,7 → 2 + 0,7·64 = 46,80.
			name: "per OPD over the whole period",
			q:    ComplianceQuery{By: ByAgency, Period: p},
			want: "DUKCAPIL 2025-04-28..2025-05-16 2025-04-28..2025-05-16 wd=12 asn=2 days=8/18 c=0.4444 | reports=11 per_asn=5.50 | time 7/3/1 0.6364/0.2727/0.0909 med=0.00 | review 9/2/2 ret=0.2222 lat=4.00/26.40\n" +
				"DINKES 2025-04-28..2025-05-16 2025-04-28..2025-05-16 wd=12 asn=2 days=3/21 c=0.1429 | reports=4 per_asn=2.00 | time 3/0/1 0.7500/0.0000/0.2500 med=0.00 | review 4/0/0 ret=0.0000 lat=1.75/46.80\n",
		},
		{
			// 11 of 39 = 0,2821; 15 reports ÷ 4 = 3,75; delays 10/3/2; reviewed 13,
			// returned 2 → 0,1538; latencies 1; 1; 1,5; 1,5; 2; 2; 4; 4; 17; 24; 24;
			// 36; 66: median x[6] = 4, p90 at 12·0,9 = 10,8 → 24 + 0,8·12 = 33,60.
			name: "whole Pemda",
			q:    ComplianceQuery{By: ByAll, Period: p},
			want: "ALL 2025-04-28..2025-05-16 2025-04-28..2025-05-16 wd=12 asn=4 days=11/39 c=0.2821 | reports=15 per_asn=3.75 | time 10/3/2 0.6667/0.2000/0.1333 med=0.00 | review 13/2/2 ret=0.1538 lat=4.00/33.60\n",
		},
		{
			// April (28–30, 3 working days): DUKCAPIL-PEL A1 only, 2 of 3; reports
			// 1–3, delays 0, 0, 1, latencies 1; 2; 17 → median 2, p90 at 1,8 →
			// 2 + 0,8·15 = 14. May (9 working days): A1 9 + A2 6 = 15, reported
			// A1 5-05, 5-09, 5-14 + A2 5-07, 5-08, 5-16 = 6 → 0,4; reports 4–11.
			// Its latencies 1,5; 4; 4; 24; 24; 36: median at 2,5 → 4 + 0,5·20 = 14,
			// p90 at 4,5 → 24 + 0,5·12 = 30. PKM-BINANGA April: B1 3 + B2 3,
			// reported 4-29 → 1/6, report 14 (delay 4); May: B1 6 + B2 9 = 15,
			// reported 5-02, 5-15 → 2/15 = 0,1333, reports 12, 13, 15 with
			// latencies 1; 1,5; 66: median 1,5, p90 at 1,8 → 1,5 + 0,8·64,5 = 53,1.
			name: "per unit per month",
			q:    ComplianceQuery{By: ByUnit, Period: p, Grain: Month},
			want: "DUKCAPIL-PEL 2025-04 2025-04-28..2025-04-30 wd=3 asn=1 days=2/3 c=0.6667 | reports=3 per_asn=3.00 | time 2/1/0 0.6667/0.3333/0.0000 med=0.00 | review 3/1/0 ret=0.3333 lat=2.00/14.00\n" +
				"DUKCAPIL-PEL 2025-05 2025-05-01..2025-05-16 wd=9 asn=2 days=6/15 c=0.4000 | reports=8 per_asn=4.00 | time 5/2/1 0.6250/0.2500/0.1250 med=0.00 | review 6/1/2 ret=0.1667 lat=14.00/30.00\n" +
				"PKM-BINANGA 2025-04 2025-04-28..2025-04-30 wd=3 asn=2 days=1/6 c=0.1667 | reports=1 per_asn=0.50 | time 0/0/1 0.0000/0.0000/1.0000 med=4.00 | review 1/0/0 ret=0.0000 lat=2.00/2.00\n" +
				"PKM-BINANGA 2025-05 2025-05-01..2025-05-16 wd=9 asn=2 days=2/15 c=0.1333 | reports=3 per_asn=1.50 | time 3/0/0 1.0000/0.0000/0.0000 med=0.00 | review 3/0/0 ret=0.0000 lat=1.50/53.10\n",
		},
		{
			name: "scope OPD, by all: only that OPD",
			q:    ComplianceQuery{By: ByAll, Period: p, Scope: Scope{Agency: "DINKES"}},
			want: "ALL 2025-04-28..2025-05-16 2025-04-28..2025-05-16 wd=12 asn=2 days=3/21 c=0.1429 | reports=4 per_asn=2.00 | time 3/0/1 0.7500/0.0000/0.2500 med=0.00 | review 4/0/0 ret=0.0000 lat=1.75/46.80\n",
		},
		{
			name: "scope unit, filter another OPD: nothing",
			q:    ComplianceQuery{By: ByUnit, Period: p, Agency: "DINKES", Scope: Scope{Unit: "DUKCAPIL-PEL"}},
			want: "",
		},
		{
			name: "scope OPD, filter a unit of another OPD: nothing",
			q:    ComplianceQuery{By: ByAgency, Period: p, Unit: "DUKCAPIL-PEL", Scope: Scope{Agency: "DINKES"}},
			want: "",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := svc.Compliance(ctx, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := complianceSummary(res); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

// The quantile method as documented: ten latencies of 1, 2, …, 10 hours
// give a median of 5,5 h (position 4,5) and a p90 of 9,1 h (position 8,1).
func TestComplianceLatencyQuantiles(t *testing.T) {
	db := warehousetest.Open(t)
	fixtureOrg(t, db)
	var rows []activityReport
	for h := 1; h <= 10; h++ {
		rows = append(rows, activityReport{fmt.Sprint(h), "Q", "PKM-KALUKKU", "2025-06-02", "2025-06-02 08:00", "approved",
			fmt.Sprintf("2025-06-02 %02d:00", 8+h)})
	}
	insertActivityReports(t, db, 1, rows)
	p, _ := ParsePeriod("2025-06-02", "2025-06-02")
	res, err := New(db, "").Compliance(context.Background(), ComplianceQuery{By: ByUnit, Period: p})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Groups) != 1 {
		t.Fatalf("got %s", complianceSummary(res))
	}
	r := res.Groups[0].Periods[0].Review
	if r.LatencyMedianHours == nil || *r.LatencyMedianHours != 5.5 || r.LatencyP90Hours == nil || *r.LatencyP90Hours != 9.1 {
		t.Errorf("latency %s", pointSummary(res.Groups[0].Periods[0]))
	}
	// No ASN in the master data: compliance and reports per ASN are null, not 0.
	if pt := res.Groups[0].Periods[0]; pt.Compliance != nil || pt.ReportsPerASN != nil || pt.ExpectedASNDays != 0 {
		t.Errorf("without ASN: %s", pointSummary(pt))
	}
}

// The calendar parameters of the compliance rollup queries, around the
// holidays of May 2025 (1 May Hari Buruh; 12 May Waisak, 13 May cuti
// bersama).
func TestComplianceCalendarParameters(t *testing.T) {
	cal, err := CalendarConfig{}.Calendar()
	if err != nil {
		t.Fatal(err)
	}
	p := Period{day(2025, 4, 30), day(2025, 5, 16)}
	next1, next2 := cal.nextWorkingDays(p)
	for _, tc := range []struct {
		name         string
		day          time.Time
		first, other uint64
	}{
		{"Wednesday before Hari Buruh: Friday 2 May, Monday 5 May", day(2025, 4, 30), 2, 5},
		{"Hari Buruh itself", day(2025, 5, 1), 1, 4},
		{"Friday: Monday, Tuesday", day(2025, 5, 2), 3, 4},
		{"Friday before Waisak: Wednesday 14, Thursday 15", day(2025, 5, 9), 5, 6},
		{"Saturday: Wednesday, Thursday", day(2025, 5, 10), 4, 5},
		{"last day of the period, Friday: past its end", day(2025, 5, 16), 3, 4},
	} {
		i := int(tc.day.Sub(p.From).Hours() / 24)
		if next1[i] != tc.first || next2[i] != tc.other {
			t.Errorf("%s: next working days in %d and %d days, want %d and %d", tc.name, next1[i], next2[i], tc.first, tc.other)
		}
	}
	months, masks := cal.workingDayMasks(p)
	// April: the 30th; May 1–16: 2, 5–9, 14–16.
	want := []uint64{1 << 29, 1<<1 | 1<<4 | 1<<5 | 1<<6 | 1<<7 | 1<<8 | 1<<13 | 1<<14 | 1<<15}
	if fmt.Sprint(months) != "[2025-04-01 2025-05-01]" || fmt.Sprint(masks) != fmt.Sprint(want) {
		t.Errorf("masks %v %b, want %b", months, masks, want)
	}
}
