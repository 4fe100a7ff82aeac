package analytics

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"kinerja/warehouse"
	"kinerja/warehouse/warehousetest"
)

// rollupCase is one query whose answer must not depend on whether the
// rollups or the raw tables answer it.
type rollupCase struct {
	name string
	run  func(ctx context.Context, s *Service) (any, error)
}

func surveyRollupCases() []rollupCase {
	year := bucket(Year, 2025, 1)
	two := Period{From: bucket(Year, 2024, 1).From, To: year.To}
	var cs []rollupCase
	for _, by := range []By{ByAll, ByAgency, ByUnit} {
		by := by
		cs = append(cs, rollupCase{"ikm/" + string(by), func(ctx context.Context, s *Service) (any, error) {
			return s.IKM(ctx, IKMQuery{By: by, Period: year})
		}})
		cs = append(cs, rollupCase{"ikm/" + string(by) + "/days", func(ctx context.Context, s *Service) (any, error) {
			return s.IKM(ctx, IKMQuery{By: by, Period: Period{day(2025, 2, 10), day(2025, 5, 12)}, Weight: Weight0111})
		}})
		for _, g := range []Grain{Month, Quarter, Semester, Year} {
			g := g
			cs = append(cs, rollupCase{"trend/" + string(by) + "/" + string(g), func(ctx context.Context, s *Service) (any, error) {
				return s.IKMTrend(ctx, IKMQuery{By: by, Period: two}, g)
			}})
		}
		cs = append(cs, rollupCase{"compare/" + string(by), func(ctx context.Context, s *Service) (any, error) {
			return s.Compare(ctx, CompareQuery{Metric: "ikm", By: by, Period: bucket(Quarter, 2025, 4)})
		}})
	}
	cs = append(cs,
		rollupCase{"ikm/scoped", func(ctx context.Context, s *Service) (any, error) {
			return s.IKM(ctx, IKMQuery{By: ByUnit, Period: year, Scope: Scope{Agency: "DINKES"}})
		}},
		rollupCase{"ikm/filtered", func(ctx context.Context, s *Service) (any, error) {
			return s.IKM(ctx, IKMQuery{By: ByAll, Period: year, Unit: "PKM-KALUKKU"})
		}},
	)
	return cs
}

func complianceRollupCases() []rollupCase {
	var cs []rollupCase
	for _, by := range []By{ByAll, ByAgency, ByUnit} {
		for _, g := range []Grain{"", Month, Quarter, Year} {
			by, g := by, g
			cs = append(cs, rollupCase{fmt.Sprintf("compliance/%s/%s", by, g), func(ctx context.Context, s *Service) (any, error) {
				return s.Compliance(ctx, ComplianceQuery{By: by, Grain: g, Period: Period{day(2025, 4, 23), day(2025, 5, 20)}})
			}})
		}
	}
	cs = append(cs,
		rollupCase{"compliance/mid-month", func(ctx context.Context, s *Service) (any, error) {
			return s.Compliance(ctx, ComplianceQuery{By: ByUnit, Period: Period{day(2025, 5, 6), day(2025, 5, 14)}})
		}},
		rollupCase{"compliance/scoped", func(ctx context.Context, s *Service) (any, error) {
			return s.Compliance(ctx, ComplianceQuery{By: ByUnit, Grain: Month, Period: Period{day(2025, 4, 1), day(2025, 5, 31)}, Scope: Scope{Agency: "DINKES"}})
		}},
		rollupCase{"compliance/unit", func(ctx context.Context, s *Service) (any, error) {
			return s.Compliance(ctx, ComplianceQuery{By: ByAll, Period: Period{day(2025, 4, 1), day(2025, 5, 31)}, Unit: "DUKCAPIL-PEL"})
		}},
		rollupCase{"compare/compliance", func(ctx context.Context, s *Service) (any, error) {
			return s.Compare(ctx, CompareQuery{Metric: "compliance", By: ByUnit, Period: Period{day(2025, 5, 5), day(2025, 5, 16)}})
		}},
	)
	return cs
}

// sameAnswers runs every case on the raw tables and through the rollups
// (which must be fresh) and fails on any difference.
func sameAnswers(t *testing.T, db warehouse.DB, rollup string, cases []rollupCase) {
	t.Helper()
	ctx := context.Background()
	viaRollup := New(db, "")
	raw := New(db, "")
	raw.Rollups = nil
	ok, release := viaRollup.Rollups.Use(ctx, rollup)
	release()
	if !ok {
		t.Fatalf("rollup %s is not fresh: the comparison would read the raw table twice", rollup)
	}
	for _, c := range cases {
		want, err := c.run(ctx, raw)
		if err != nil {
			t.Fatalf("%s raw: %v", c.name, err)
		}
		got, err := c.run(ctx, viaRollup)
		if err != nil {
			t.Fatalf("%s rollup: %v", c.name, err)
		}
		if w, g := asJSON(want), asJSON(got); w != g {
			t.Errorf("%s: the rollup answers\n%s\nthe raw table\n%s", c.name, g, w)
		}
	}
}

func refresh(t *testing.T, db warehouse.DB, rollup string) RefreshStats {
	t.Helper()
	stats, err := NewRollups(db, nil).Refresh(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range stats {
		if st.Rollup == rollup {
			return st
		}
	}
	t.Fatalf("no refresh of %s in %+v", rollup, stats)
	return RefreshStats{}
}

func TestSurveyRollupEqualsRaw(t *testing.T) {
	db := warehousetest.Open(t)
	compareFixture(t, db)
	insertAnswers(t, db, 1, uniform("PKM-BINANGA", wita(2024, 11, 30, 23, 50), 2, 3)) // late on 30 Nov: still November in WITA
	ctx := context.Background()
	svc := New(db, "")
	if ok, release := svc.Rollups.Use(ctx, "survey"); ok {
		release()
		t.Fatal("a rollup never built claims to be fresh")
	}

	st := refresh(t, db, "survey")
	if fmt.Sprint(st.Rebuilt) != "[202411 202502 202505]" {
		t.Errorf("first build rebuilt %v, want the three months with questionnaires", st.Rebuilt)
	}
	sameAnswers(t, db, "survey", surveyRollupCases())
	if st := refresh(t, db, "survey"); st.Checked || len(st.Rebuilt) != 0 {
		t.Errorf("nothing changed, yet the refresh did %+v", st)
	}
	// Background merges change the parts, not the data: still fresh.
	if err := db.Exec(ctx, "OPTIMIZE TABLE survey_responses FINAL", nil); err != nil {
		t.Fatal(err)
	}
	if ok, release := svc.Rollups.Use(ctx, "survey"); !ok {
		t.Error("a merge made the rollup look stale")
	} else {
		release()
	}

	// A re-import writes the same questionnaires again under a new version:
	// the raw table changed (the rollup is not fresh until refreshed), the
	// numbers did not, and no month needs rebuilding.
	insertAnswers(t, db, 2, uniform("PKM-BINANGA", wita(2024, 11, 30, 23, 50), 2, 3))
	if ok, release := svc.Rollups.Use(ctx, "survey"); ok {
		release()
		t.Fatal("after a write the rollup still claims to be fresh")
	}
	if st := refresh(t, db, "survey"); !st.Checked || len(st.Rebuilt) != 0 {
		t.Errorf("re-import: refresh did %+v, want a check and nothing rebuilt", st)
	}
	sameAnswers(t, db, "survey", surveyRollupCases())

	// A correction moves a November questionnaire of Binanga to Kalukku in
	// May 2025 with other answers: both months change, nothing else.
	b, err := db.PrepareBatch(ctx, "survey_responses", []string{"source", "response_id", "unit_code", "submitted_at",
		"u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9", "_version"})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Append("test", "PKM-BINANGA-0", "PKM-KALUKKU", wita(2025, 5, 20, 10, 0), uint8(4), uint8(4), uint8(4), uint8(4), uint8(4), uint8(4), uint8(4), uint8(4), uint8(4), uint64(3)); err != nil {
		t.Fatal(err)
	}
	if err := b.Send(); err != nil {
		t.Fatal(err)
	}
	if st := refresh(t, db, "survey"); fmt.Sprint(st.Rebuilt) != "[202411 202505]" {
		t.Errorf("correction: rebuilt %v, want [202411 202505]", st.Rebuilt)
	}
	sameAnswers(t, db, "survey", surveyRollupCases())
	// Kalukku in Q2: 10 questionnaires (50 and 25) and the moved one (100).
	res, err := svc.IKM(ctx, IKMQuery{By: ByUnit, Unit: "PKM-KALUKKU", Period: bucket(Quarter, 2025, 4)})
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(groupsSummary(res.Groups)); got != "[PKM-KALUKKU:11:43.18:D]" {
		t.Errorf("Kalukku after the correction: %s, want 11 respondents, (375+100)/11 = 43,18", got)
	}

	// Deleting a month's questionnaires empties that month of the rollup.
	if err := db.Exec(ctx, "ALTER TABLE survey_responses DELETE WHERE toYYYYMM(submitted_at) = 202411 SETTINGS mutations_sync = 1", nil); err != nil {
		t.Fatal(err)
	}
	if st := refresh(t, db, "survey"); fmt.Sprint(st.Rebuilt) != "[202411]" {
		t.Errorf("delete: rebuilt %v, want [202411]", st.Rebuilt)
	}
	sameAnswers(t, db, "survey", surveyRollupCases())
	var left uint64
	if err := warehouse.QueryRow(ctx, db, "SELECT count() FROM rollup_survey_daily WHERE toYYYYMM(day) = 202411", nil, &left); err != nil || left != 0 {
		t.Errorf("November still has %d rollup rows (%v)", left, err)
	}
}

func TestActivityRollupEqualsRaw(t *testing.T) {
	db := warehousetest.Open(t)
	fixtureCompliance(t, db)
	ctx := context.Background()
	st := refresh(t, db, "activity")
	if fmt.Sprint(st.Rebuilt) != "[202504 202505]" {
		t.Errorf("first build rebuilt %v", st.Rebuilt)
	}
	sameAnswers(t, db, "activity", complianceRollupCases())

	// Re-import of the same reports: nothing to rebuild.
	insertActivityReports(t, db, 3, []activityReport{
		{"1", "A1", "DUKCAPIL-PEL", "2025-04-28", "2025-04-28 16:00", "approved", "2025-04-29 09:00"},
		{"14", "B2", "PKM-BINANGA", "2025-04-29", "2025-05-06 09:00", "approved", "2025-05-06 11:00"},
	})
	if st := refresh(t, db, "activity"); !st.Checked || len(st.Rebuilt) != 0 {
		t.Errorf("re-import: %+v", st)
	}
	sameAnswers(t, db, "activity", complianceRollupCases())

	// Corrections: report 14 moves from B2's 29 April to 6 May under
	// DUKCAPIL-PEL, returned; report 12 is approved later. Both months
	// change.
	insertActivityReports(t, db, 4, []activityReport{
		{"14", "B2", "DUKCAPIL-PEL", "2025-05-06", "2025-05-06 09:00", "returned", "2025-05-07 11:30"},
		{"12", "B1", "PKM-BINANGA", "2025-05-02", "2025-05-02 14:00", "approved", "2025-05-09 08:00"},
	})
	if st := refresh(t, db, "activity"); fmt.Sprint(st.Rebuilt) != "[202504 202505]" {
		t.Errorf("correction: rebuilt %v", st.Rebuilt)
	}
	sameAnswers(t, db, "activity", complianceRollupCases())
	res, err := New(db, "").Compliance(ctx, ComplianceQuery{By: ByUnit, Unit: "PKM-BINANGA", Period: Period{day(2025, 4, 28), day(2025, 4, 30)}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Groups) != 1 || res.Groups[0].Periods[0].ReportedASNDays != 0 || res.Groups[0].Periods[0].Reports != 0 {
		t.Errorf("Binanga at the end of April after the move: %s", complianceSummary(res))
	}
}

// A query waits for a refresh that is running, and reads the raw table if
// it takes too long.
func TestRollupUseWaitsForARefresh(t *testing.T) {
	db := warehousetest.Open(t)
	fixtureOrg(t, db)
	insertAnswers(t, db, 1, uniform("PKM-BINANGA", wita(2025, 3, 3, 9, 0), 4, 2))
	r := NewRollups(db, nil)
	if _, err := r.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	m := r.lock("survey")
	m.Lock() // as a refresh would
	r.Wait = 0
	if ok, release := r.Use(context.Background(), "survey"); ok {
		release()
		t.Error("used a rollup while it was being refreshed")
	}
	m.Unlock()
	ok, release := r.Use(context.Background(), "survey")
	release()
	if !ok {
		t.Error("the refreshed rollup is not used")
	}
	if ok, _ := (*Rollups)(nil).Use(context.Background(), "survey"); ok {
		t.Error("no rollups, yet one is used")
	}
	if !strings.Contains(mustSQL("ikm_rollup.sql"), "rollup_survey_daily") {
		t.Error("ikm_rollup.sql does not read the rollup")
	}
}

// The two-step latency quantiles equal the engine's on many random
// latencies (repeated values, groups spread over many latency buckets,
// interpolation between ranks) for every grouping and grain, over whole
// months (the histogram) and parts of months (counted day by day).
func TestActivityRollupLatencyQuantilesAtRandom(t *testing.T) {
	db := warehousetest.Open(t)
	fixtureOrg(t, db)
	rng := rand.New(rand.NewPCG(4, 2))
	units := []string{"DUKCAPIL-PEL", "PKM-BINANGA", "PKM-KALUKKU"}
	var rows []activityReport
	for i := 0; i < 4000; i++ {
		act := day(2025, 3, 1).AddDate(0, 0, rng.IntN(92))
		sub := act.Add(time.Duration(8+rng.IntN(10)) * time.Hour)
		status, reviewed := "submitted", ""
		if rng.IntN(10) > 0 {
			status = "approved"
			if rng.IntN(8) == 0 {
				status = "returned"
			}
			// Minutes to two weeks, some exactly on the hour (ties).
			lat := time.Duration(rng.ExpFloat64()*40) * time.Hour / 2
			if rng.IntN(4) == 0 {
				lat = time.Duration(rng.IntN(48)) * time.Hour
			}
			reviewed = sub.Add(lat).Format("2006-01-02 15:04")
		}
		rows = append(rows, activityReport{fmt.Sprintf("R%d", i), fmt.Sprintf("N%d", rng.IntN(60)), units[rng.IntN(3)],
			act.Format(time.DateOnly), sub.Format("2006-01-02 15:04"), status, reviewed})
	}
	insertActivityReports(t, db, 1, rows)
	refresh(t, db, "activity")
	var cases []rollupCase
	for _, by := range []By{ByAll, ByAgency, ByUnit} {
		for _, g := range []Grain{"", Month, Quarter} {
			by, g := by, g
			for _, p := range []Period{{day(2025, 3, 10), day(2025, 5, 31)}, bucket(Quarter, 2025, 4), {day(2025, 4, 3), day(2025, 4, 21)}} {
				p := p
				cases = append(cases, rollupCase{fmt.Sprintf("latency/%s/%s/%s", by, g, p.Label()), func(ctx context.Context, s *Service) (any, error) {
					res, err := s.Compliance(ctx, ComplianceQuery{By: by, Grain: g, Period: p})
					var review []Review
					for _, gr := range res.Groups {
						for _, p := range gr.Periods {
							review = append(review, p.Review)
						}
					}
					return review, err
				}})
			}
		}
	}
	sameAnswers(t, db, "activity", cases)
	res, err := New(db, "").Compliance(context.Background(), ComplianceQuery{By: ByAll, Period: Period{day(2025, 3, 10), day(2025, 5, 31)}})
	if err != nil {
		t.Fatal(err)
	}
	r := res.Groups[0].Periods[0].Review
	if r.LatencyMedianHours == nil || r.LatencyP90Hours == nil || *r.LatencyP90Hours <= *r.LatencyMedianHours || r.Reviewed < 3000 {
		t.Errorf("the random latencies give %+v: the test would prove little", r)
	}
}
