package analytics

import (
	"context"
	"fmt"
	"testing"
	"time"

	"kinerja/warehouse"
	"kinerja/warehouse/warehousetest"
)

func TestMain(m *testing.M) { warehousetest.Main(m) }

// fixtureOrg inserts two OPD with three units.
func fixtureOrg(t *testing.T, db warehouse.DB) {
	t.Helper()
	ctx := context.Background()
	b, err := db.PrepareBatch(ctx, "agencies", []string{"agency_code", "agency_name", "_version"})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range [][2]string{{"DUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil"}, {"DINKES", "Dinas Kesehatan"}} {
		if err := b.Append(a[0], a[1], uint64(1)); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Send(); err != nil {
		t.Fatal(err)
	}
	b, err = db.PrepareBatch(ctx, "units", []string{"unit_code", "unit_name", "agency_code", "kind", "kecamatan", "_version"})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range [][4]string{
		{"DUKCAPIL-PEL", "Bidang Pelayanan Pendaftaran Penduduk", "DUKCAPIL", "dinas"},
		{"PKM-BINANGA", "Puskesmas Binanga", "DINKES", "puskesmas"},
		{"PKM-KALUKKU", "Puskesmas Kalukku", "DINKES", "puskesmas"},
	} {
		if err := b.Append(u[0], u[1], u[2], u[3], "", uint64(1)); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Send(); err != nil {
		t.Fatal(err)
	}
}

type answer struct {
	unit string
	at   time.Time
	u    [9]uint8
}

func insertAnswers(t *testing.T, db warehouse.DB, version uint64, rows []answer) {
	t.Helper()
	b, err := db.PrepareBatch(context.Background(), "survey_responses", []string{"source", "response_id", "unit_code", "submitted_at",
		"u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9", "_version"})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if err := b.Append("test", fmt.Sprintf("%s-%d", r.unit, i), r.unit, r.at,
			r.u[0], r.u[1], r.u[2], r.u[3], r.u[4], r.u[5], r.u[6], r.u[7], r.u[8], version); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Send(); err != nil {
		t.Fatal(err)
	}
}

// workedAnswers returns 29 questionnaires whose element sums are those of
// the worked example: 105, 101, 100, 116, 102, 105, 106, 105, 115.
func workedAnswers(unit string, at time.Time) []answer {
	rows := make([]answer, 29)
	for e, sum := range workedSums {
		// spread sum over 29 answers of 1..4: as many 4s as fit, then the rest.
		left := int(sum)
		for i := range rows {
			remaining := 29 - i - 1
			v := left - remaining // at least 1 for each remaining answer
			if v > 4 {
				v = 4
			}
			if v < 1 {
				v = 1
			}
			rows[i].u[e] = uint8(v)
			left -= v
		}
	}
	for i := range rows {
		rows[i].unit = unit
		rows[i].at = at.Add(time.Duration(i) * time.Minute)
	}
	return rows
}

func wita(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, WITA)
}

func TestIKMFromTheEngineMatchesTheWorkedExample(t *testing.T) {
	db := warehousetest.Open(t)
	fixtureOrg(t, db)
	insertAnswers(t, db, 1, workedAnswers("DUKCAPIL-PEL", wita(2025, 3, 3, 9, 0)))
	svc := New(db, "Kabupaten Mamuju")
	ctx := context.Background()
	p, _ := ParsePeriod("2025-01-01", "2025-12-31")
	for _, tc := range []struct {
		by     By
		weight Weight
		code   string
		name   string
		ikm    Dec2
	}{
		{ByAll, WeightExact, "ALL", "Kabupaten Mamuju", 91.48},
		{ByAgency, WeightExact, "DUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", 91.48},
		{ByUnit, WeightExact, "DUKCAPIL-PEL", "Bidang Pelayanan Pendaftaran Penduduk", 91.48},
		{ByUnit, Weight0111, "DUKCAPIL-PEL", "Bidang Pelayanan Pendaftaran Penduduk", 91.38},
	} {
		t.Run(fmt.Sprintf("%s/%s", tc.by, tc.weight), func(t *testing.T) {
			res, err := svc.IKM(ctx, IKMQuery{By: tc.by, Period: p, Weight: tc.weight})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Groups) != 1 {
				t.Fatalf("groups = %+v, want 1", res.Groups)
			}
			g := res.Groups[0]
			if g.Code != tc.code || g.Name != tc.name || g.Respondents != 29 || g.IKM != tc.ikm || g.Mutu != "A" {
				t.Errorf("got %s %q n=%d ikm=%v mutu=%s, want %s %q 29 %v A", g.Code, g.Name, g.Respondents, g.IKM, g.Mutu, tc.code, tc.name, tc.ikm)
			}
			if g.Sums != workedSums {
				t.Errorf("sums = %v, want %v", g.Sums, workedSums)
			}
		})
	}
}

func TestIKMPeriodIsInWITA(t *testing.T) {
	db := warehousetest.Open(t)
	fixtureOrg(t, db)
	all4 := [9]uint8{4, 4, 4, 4, 4, 4, 4, 4, 4}
	all1 := [9]uint8{1, 1, 1, 1, 1, 1, 1, 1, 1}
	insertAnswers(t, db, 1, []answer{
		{"PKM-BINANGA", wita(2025, 1, 1, 0, 30), all4},    // 2024-12-31 16:30 UTC: in 2025 for WITA
		{"PKM-BINANGA", wita(2024, 12, 31, 23, 59), all1}, // last minute of 2024 in WITA
		{"PKM-BINANGA", wita(2025, 3, 31, 23, 30), all4},
		{"PKM-BINANGA", wita(2025, 4, 1, 7, 30), all1}, // 2025-03-31 23:30 UTC: April in WITA
	})
	svc := New(db, "")
	ctx := context.Background()
	p, _ := ParsePeriod("2025-01-01", "2025-03-31")
	res, err := svc.IKM(ctx, IKMQuery{By: ByUnit, Period: p})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Groups) != 1 || res.Groups[0].Respondents != 2 || res.Groups[0].IKM != 100 {
		t.Fatalf("Q1 2025 in WITA: %+v, want 2 respondents, IKM 100", res.Groups)
	}
	p, _ = ParsePeriod("2024-01-01", "2025-12-31")
	tr, err := svc.IKMTrend(ctx, IKMQuery{By: ByAll, Period: p}, Month)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, pt := range tr.Series[0].Points {
		got = append(got, fmt.Sprintf("%s:%d:%v", pt.Period, pt.Respondents, pt.IKM))
	}
	want := "[2024-12:1:25 2025-01:1:100 2025-03:1:100 2025-04:1:25]"
	if fmt.Sprint(got) != want {
		t.Errorf("monthly trend = %v, want %s", got, want)
	}
	for _, tc := range []struct {
		grain Grain
		want  string
	}{
		{Quarter, "[2024-Q4:1 2025-Q1:2 2025-Q2:1]"},
		{Semester, "[2024-S2:1 2025-S1:3]"},
		{Year, "[2024:1 2025:3]"},
	} {
		tr, err := svc.IKMTrend(ctx, IKMQuery{By: ByUnit, Period: p}, tc.grain)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, pt := range tr.Series[0].Points {
			got = append(got, fmt.Sprintf("%s:%d", pt.Period, pt.Respondents))
		}
		if fmt.Sprint(got) != tc.want {
			t.Errorf("%s trend = %v, want %s", tc.grain, got, tc.want)
		}
	}
}

func TestIKMGroupsAndScope(t *testing.T) {
	db := warehousetest.Open(t)
	fixtureOrg(t, db)
	at := wita(2025, 6, 2, 9, 0)
	var rows []answer
	for i := 0; i < 10; i++ {
		rows = append(rows, answer{"DUKCAPIL-PEL", at, [9]uint8{3, 3, 3, 3, 3, 3, 3, 3, 3}}) // 75,00 C
		rows = append(rows, answer{"PKM-BINANGA", at, [9]uint8{4, 4, 4, 4, 4, 4, 4, 4, 4}})  // 100 A
		rows = append(rows, answer{"PKM-KALUKKU", at, [9]uint8{2, 2, 2, 2, 2, 2, 2, 2, 2}})  // 50 D
	}
	insertAnswers(t, db, 1, rows)
	svc := New(db, "")
	ctx := context.Background()
	p, _ := ParsePeriod("2025-01-01", "2025-12-31")
	res, err := svc.IKM(ctx, IKMQuery{By: ByAgency, Period: p})
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(groupsSummary(res.Groups))
	if want := "[DINKES:20:75:C DUKCAPIL:10:75:C]"; got != want {
		t.Errorf("by agency = %s, want %s", got, want)
	}
	res, err = svc.IKM(ctx, IKMQuery{By: ByUnit, Period: p, Agency: "DINKES"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprint(groupsSummary(res.Groups)), "[PKM-BINANGA:10:100:A PKM-KALUKKU:10:50:D]"; got != want {
		t.Errorf("units of DINKES = %s, want %s", got, want)
	}
	if res.Groups[0].Agency != "DINKES" {
		t.Errorf("unit group carries agency %q, want DINKES", res.Groups[0].Agency)
	}
	// A scope cannot be widened by a filter: a user scoped to DINKES asking
	// for DUKCAPIL sees nothing, and by=all only counts DINKES.
	scoped := IKMQuery{By: ByUnit, Period: p, Agency: "DUKCAPIL", Scope: Scope{Agency: "DINKES"}}
	if res, err = svc.IKM(ctx, scoped); err != nil || len(res.Groups) != 0 {
		t.Errorf("scope DINKES, filter DUKCAPIL: %v %v, want nothing", groupsSummary(res.Groups), err)
	}
	scoped = IKMQuery{By: ByAll, Period: p, Scope: Scope{Unit: "PKM-KALUKKU"}}
	if res, err = svc.IKM(ctx, scoped); err != nil || fmt.Sprint(groupsSummary(res.Groups)) != "[ALL:10:50:D]" {
		t.Errorf("scope one unit, by all: %v %v", groupsSummary(res.Groups), err)
	}
}

// A corrected questionnaire (same key, newer version) replaces the old one
// at once, before any background merge.
func TestIKMReadsTheLatestVersion(t *testing.T) {
	db := warehousetest.Open(t)
	fixtureOrg(t, db)
	at := wita(2025, 6, 2, 9, 0)
	insertAnswers(t, db, 1, []answer{{"PKM-BINANGA", at, [9]uint8{1, 1, 1, 1, 1, 1, 1, 1, 1}}})
	insertAnswers(t, db, 2, []answer{{"PKM-BINANGA", at, [9]uint8{4, 4, 4, 4, 4, 4, 4, 4, 4}}})
	p, _ := ParsePeriod("2025-01-01", "2025-12-31")
	res, err := New(db, "").IKM(context.Background(), IKMQuery{By: ByAll, Period: p})
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(groupsSummary(res.Groups)); got != "[ALL:1:100:A]" {
		t.Errorf("after correction = %s, want [ALL:1:100:A]", got)
	}
}

func groupsSummary(gs []IKMGroup) []string {
	var out []string
	for _, g := range gs {
		out = append(out, fmt.Sprintf("%s:%d:%v:%s", g.Code, g.Respondents, g.IKM, g.Mutu))
	}
	return out
}
