package analytics

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"kinerja/warehouse"
	"kinerja/warehouse/warehousetest"
)

// scopedComplianceCases are compliance questions whose scope and filters
// restrict both the ASN and the reports that count (the three columns of
// rollup_activity_asn_months) and the latencies (the levels of
// rollup_activity_latency_q), over calendar buckets and others.
func scopedComplianceCases() []rollupCase {
	aprMay := Period{day(2025, 4, 1), day(2025, 5, 31)}
	var cs []rollupCase
	for _, c := range []struct {
		name string
		q    ComplianceQuery
	}{
		{"by-agency/unit-filter", ComplianceQuery{By: ByAgency, Grain: Month, Period: aprMay, Unit: "PKM-BINANGA"}},
		{"by-all/agency-filter", ComplianceQuery{By: ByAll, Grain: Month, Period: aprMay, Agency: "DUKCAPIL"}},
		{"by-unit/agency-scope", ComplianceQuery{By: ByUnit, Period: bucket(Quarter, 2025, 4), Scope: Scope{Agency: "DUKCAPIL"}}},
		{"by-agency/unit-scope", ComplianceQuery{By: ByAgency, Period: bucket(Month, 2025, 5), Scope: Scope{Unit: "DUKCAPIL-PEL"}}},
		{"by-all/unit-scope/agency-filter", ComplianceQuery{By: ByAll, Grain: Quarter, Period: aprMay, Scope: Scope{Unit: "PKM-BINANGA"}, Agency: "DINKES"}},
		{"exclusive", ComplianceQuery{By: ByUnit, Period: aprMay, Scope: Scope{Unit: "PKM-BINANGA"}, Agency: "DUKCAPIL"}},
		{"by-agency/semester", ComplianceQuery{By: ByAgency, Grain: Semester, Period: bucket(Year, 2025, 1)}},
		{"by-unit/year-to-date", ComplianceQuery{By: ByUnit, Period: Period{day(2025, 1, 1), day(2025, 5, 20)}}},
		{"by-all/clipped", ComplianceQuery{By: ByAll, Grain: Month, Period: Period{day(2025, 4, 29), day(2025, 5, 15)}}},
	} {
		q := c.q
		cs = append(cs, rollupCase{"scoped/" + c.name, func(ctx context.Context, s *Service) (any, error) {
			return s.Compliance(ctx, q)
		}})
		// The per-ASN days behind compare's intervals add up, per group,
		// to the share's own expected and reported ASN-days.
		cs = append(cs, rollupCase{"per-asn/" + c.name, func(ctx context.Context, s *Service) (any, error) {
			whole := q
			whole.Grain = ""
			res, err := s.Compliance(ctx, whole)
			if err != nil {
				return nil, err
			}
			spreads, err := s.complianceASN(ctx, q)
			if err != nil {
				return nil, err
			}
			out := map[string]asnSpread{}
			for _, g := range res.Groups {
				p, a := g.Periods[0], spreads[g.Code]
				if a == nil {
					a = &asnSpread{}
				}
				if a.sx != p.ExpectedASNDays || a.sy != p.ReportedASNDays || a.k != p.ActiveASN {
					return nil, fmt.Errorf("%s: per ASN %d ASN, %d/%d days; the share %d ASN, %d/%d", g.Code, a.k, a.sy, a.sx, p.ActiveASN, p.ReportedASNDays, p.ExpectedASNDays)
				}
				out[g.Code] = *a
				delete(spreads, g.Code)
			}
			if len(spreads) > 0 {
				return nil, fmt.Errorf("per-ASN groups the share does not have: %v", spreads)
			}
			return fmt.Sprint(out), nil
		}})
	}
	return cs
}

// A change of the master data the derived activity rollups read rebuilds
// them for every month, without a pass over the raw reports; a re-import
// of the same master data rebuilds nothing.
func TestActivityRollupFollowsTheMasterData(t *testing.T) {
	db := warehousetest.Open(t)
	fixtureCompliance(t, db)
	// Report 14 of B2 (PKM-BINANGA) filed under DUKCAPIL-PEL, another OPD.
	insertActivityReports(t, db, 4, []activityReport{
		{"14", "B2", "DUKCAPIL-PEL", "2025-05-06", "2025-05-06 09:00", "returned", "2025-05-07 11:30"},
	})
	ctx := context.Background()
	cases := append(complianceRollupCases(), scopedComplianceCases()...)
	st := refresh(t, db, "activity")
	// The buckets holding April and May: the two months, Q2, S1 and 2025.
	if fmt.Sprint(st.Rebuilt) != "[202504 202505]" || st.Derived["rollup_activity_asn_months"] != 2 || st.Derived["rollup_activity_latency_q"] != 5 {
		t.Errorf("first build: %+v, want April and May, their reported days and the 5 buckets holding them", st)
	}
	sameAnswers(t, db, "activity", cases)

	// A2 moves to Binanga, B1 stays until 14 May: the employees change.
	insertComplianceEmployees(t, db, []complianceEmployee{
		{"A2", "PKM-BINANGA", "2025-05-07", ""},
		{"B1", "PKM-BINANGA", "", "2025-05-14"},
	})
	if ok, release := New(db, "").Rollups.Use(ctx, "activity"); ok {
		release()
		t.Fatal("after an employees import the activity rollup claims to be fresh")
	}
	st = refresh(t, db, "activity")
	if len(st.Rebuilt) != 0 || st.Derived["rollup_activity_asn_months"] != 2 || st.Derived["rollup_activity_latency_q"] != 0 {
		t.Errorf("employees changed: %+v, want the reported days of both months and nothing else", st)
	}
	sameAnswers(t, db, "activity", cases)
	res, err := New(db, "").Compliance(ctx, ComplianceQuery{By: ByUnit, Unit: "PKM-BINANGA", Period: Period{day(2025, 5, 7), day(2025, 5, 16)}})
	if err != nil {
		t.Fatal(err)
	}
	// Binanga, 7–16 May (6 working days): B1 until 14 May (7, 8, 9, 14: 4
	// days, reported 14), B2 (6 days, reported 15), A2 (6 days, reported 7,
	// 8 and 16 under DUKCAPIL-PEL, which a unit filter leaves out) = 2 of 16.
	if p := res.Groups[0].Periods[0]; p.ExpectedASNDays != 16 || p.ReportedASNDays != 2 || p.ActiveASN != 3 {
		t.Errorf("Binanga after the move: %s", pointSummary(p))
	}

	// The same units again (a re-import): checked, nothing rebuilt.
	fixtureOrg(t, db)
	st = refresh(t, db, "activity")
	if !st.Checked || len(st.Rebuilt) != 0 || len(st.Derived) != 0 {
		t.Errorf("units re-imported unchanged: %+v, want a check and nothing rebuilt", st)
	}

	// Kalukku and Binanga move to DUKCAPIL: the OPD of every report and ASN
	// of theirs changes, in both derived tables.
	b, err := db.PrepareBatch(ctx, "units", []string{"unit_code", "unit_name", "agency_code", "kind", "kecamatan", "_version"})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"PKM-BINANGA", "PKM-KALUKKU"} {
		if err := b.Append(u, "Puskesmas "+u, "DUKCAPIL", "puskesmas", "", uint64(2)); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Send(); err != nil {
		t.Fatal(err)
	}
	st = refresh(t, db, "activity")
	if len(st.Rebuilt) != 0 || st.Derived["rollup_activity_asn_months"] != 2 || st.Derived["rollup_activity_latency_q"] != 5 {
		t.Errorf("units changed: %+v, want both derived tables rebuilt for both months", st)
	}
	sameAnswers(t, db, "activity", cases)
}

// Calendar buckets, and buckets a period clips where the group has no
// latencies, take their latency quantiles from rollup_activity_latency_q
// alone: with the two-step tables emptied they still answer as the raw
// reports do.
func TestActivityRollupLatencyFromCalendarBuckets(t *testing.T) {
	db := warehousetest.Open(t)
	fixtureCompliance(t, db)
	refresh(t, db, "activity")
	for _, table := range []string{"rollup_activity_latency", "rollup_activity_latency_hist"} {
		if err := db.Exec(context.Background(), "TRUNCATE TABLE "+table, nil); err != nil {
			t.Fatal(err)
		}
	}
	var cases []rollupCase
	for _, c := range []struct {
		name string
		q    ComplianceQuery
	}{
		{"by-unit/quarter", ComplianceQuery{By: ByUnit, Period: bucket(Quarter, 2025, 4)}},
		{"by-agency/months", ComplianceQuery{By: ByAgency, Grain: Month, Period: bucket(Year, 2025, 1)}},
		{"by-all/year-to-date", ComplianceQuery{By: ByAll, Period: Period{day(2025, 1, 1), day(2025, 5, 20)}}},
		{"by-unit/semester/filtered", ComplianceQuery{By: ByUnit, Grain: Semester, Period: bucket(Year, 2025, 1), Agency: "DINKES"}},
		{"by-agency/unit-scope", ComplianceQuery{By: ByAgency, Period: bucket(Month, 2025, 5), Scope: Scope{Unit: "PKM-BINANGA"}}},
	} {
		q := c.q
		cases = append(cases, rollupCase{"latency/" + c.name, func(ctx context.Context, s *Service) (any, error) {
			res, err := s.Compliance(ctx, q)
			var review []string
			for _, g := range res.Groups {
				for _, p := range g.Periods {
					review = append(review, g.Code+" "+p.Period+" "+pointSummary(p))
				}
			}
			return review, err
		}})
	}
	sameAnswers(t, db, "activity", cases)
	// May, DUKCAPIL-PEL: latencies 24, 36, 4, 4, 24, 1,5 h → median 14, p90 30.
	res, err := New(db, "").Compliance(context.Background(), ComplianceQuery{By: ByUnit, Unit: "DUKCAPIL-PEL", Period: bucket(Month, 2025, 5)})
	if err != nil {
		t.Fatal(err)
	}
	if r := res.Groups[0].Periods[0].Review; r.LatencyMedianHours == nil || *r.LatencyMedianHours != 14 || *r.LatencyP90Hours != 30 {
		t.Errorf("DUKCAPIL-PEL in May: %+v", r)
	}
}

// The median delay beyond the first two delay classes comes from its own
// query, equal to the raw one; between the classes it interpolates.
func TestActivityRollupMedianDelay(t *testing.T) {
	db := warehousetest.Open(t)
	fixtureOrg(t, db)
	insertComplianceEmployees(t, db, []complianceEmployee{{"L1", "PKM-KALUKKU", "", ""}, {"L2", "PKM-BINANGA", "", ""}})
	var rows []activityReport
	// Kalukku, June 2025: 5 reports 3 working days late, 2 on time, 1 a day
	// late: sorted delays 0 0 1 3 3 3 3 3, median (3 + 3) / 2 = 3.
	// Binanga: 2 on time, 2 a day late: median (0 + 1) / 2 = 0,5.
	add := func(unit string, n int, act, sub string) {
		for i := 0; i < n; i++ {
			rows = append(rows, activityReport{fmt.Sprintf("%s-%d-%s", unit, len(rows), act), "L1", unit, act, sub, "approved", sub})
		}
	}
	add("PKM-KALUKKU", 5, "2025-06-02", "2025-06-05 10:00")
	add("PKM-KALUKKU", 2, "2025-06-03", "2025-06-03 10:00")
	add("PKM-KALUKKU", 1, "2025-06-03", "2025-06-04 10:00")
	add("PKM-BINANGA", 2, "2025-06-10", "2025-06-10 10:00")
	add("PKM-BINANGA", 2, "2025-06-10", "2025-06-11 10:00")
	insertActivityReports(t, db, 1, rows)
	refresh(t, db, "activity")
	var cases []rollupCase
	for _, by := range []By{ByAll, ByAgency, ByUnit} {
		q := ComplianceQuery{By: by, Period: bucket(Month, 2025, 6)}
		cases = append(cases, rollupCase{"median/" + string(by), func(ctx context.Context, s *Service) (any, error) {
			return s.Compliance(ctx, q)
		}})
	}
	sameAnswers(t, db, "activity", cases)
	res, err := New(db, "").Compliance(context.Background(), ComplianceQuery{By: ByUnit, Period: bucket(Month, 2025, 6)})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, g := range res.Groups {
		if m := g.Periods[0].Timeliness.MedianDelayDays; m != nil {
			got[g.Code] = fmt.Sprintf("%.2f", float64(*m))
		}
	}
	if fmt.Sprint(got) != "map[PKM-BINANGA:0.50 PKM-KALUKKU:3.00]" {
		t.Errorf("median delays %v, want Kalukku 3, Binanga 0,5", got)
	}
}

// What can make a rollup look fresh when it is not, or stale when it is.
func TestRollupFreshnessGuard(t *testing.T) {
	db := warehousetest.Open(t)
	fixtureCompliance(t, db)
	insertActivityReports(t, db, 1, []activityReport{
		{"M1", "A1", "DUKCAPIL-PEL", "2025-03-03", "2025-03-03 10:00", "approved", "2025-03-03 12:00"},
	})
	ctx := context.Background()
	refresh(t, db, "activity")
	fresh := func() bool {
		ok, release := NewRollups(db, nil).Use(ctx, "activity")
		release()
		return ok
	}
	if !fresh() {
		t.Fatal("a rollup just refreshed is not fresh")
	}

	// Merges of every table the rollup reads change no data.
	for _, table := range []string{"activity_reports", "employees", "units"} {
		if err := db.Exec(ctx, "OPTIMIZE TABLE "+table+" FINAL", nil); err != nil {
			t.Fatal(err)
		}
	}
	if !fresh() {
		t.Error("merges made the rollup look stale")
	}

	// Dropping a part that does not hold the newest insert changes the
	// data, and neither the newest block nor a mutation says so.
	insertActivityReports(t, db, 5, []activityReport{
		{"M2", "A1", "DUKCAPIL-PEL", "2025-03-04", "2025-03-04 10:00", "approved", "2025-03-04 12:00"},
	})
	refresh(t, db, "activity")
	var oldest string
	if err := warehouse.QueryRow(ctx, db, "SELECT name FROM system.parts WHERE database = currentDatabase() AND table = 'activity_reports' AND active ORDER BY min_block_number LIMIT 1", nil, &oldest); err != nil {
		t.Fatal(err)
	}
	if err := db.Exec(ctx, "ALTER TABLE activity_reports DROP PART {part:String}", warehouse.Params{"part": oldest}); err != nil {
		t.Fatal(err)
	}
	if fresh() {
		t.Errorf("after part %s was dropped the rollup still claims to be fresh", oldest)
	}
	refresh(t, db, "activity")
	sameAnswers(t, db, "activity", complianceRollupCases())
	fixtureCompliance(t, db) // the reports back, for what follows

	// A mutation that has not reached every part yet (here one that keeps
	// failing) keeps the rollup stale, even once refreshed.
	if err := db.Exec(ctx, "ALTER TABLE activity_reports UPDATE quantity = throwIf(quantity > 0, 'stuck') WHERE 1 SETTINGS mutations_sync = 0", nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = db.Exec(context.Background(), "KILL MUTATION WHERE database = currentDatabase() AND table = 'activity_reports'", nil)
	})
	deadline := time.Now().Add(10 * time.Second)
	for fresh() && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if fresh() {
		t.Error("a running mutation leaves the rollup fresh")
	}
	if _, err := NewRollups(db, nil).Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if fresh() {
		t.Error("refreshed while a mutation runs, the rollup claims to be fresh")
	}
	if err := db.Exec(ctx, "KILL MUTATION WHERE database = currentDatabase() AND table = 'activity_reports' SYNC", nil); err != nil {
		t.Fatal(err)
	}
	refresh(t, db, "activity")
	if !fresh() {
		t.Error("after the mutation was killed and a refresh, the rollup is not fresh")
	}
}

// Refreshes of one database from several Rollups values (a command's and
// serve's, or a test's) never run at once: they share the staging tables.
// Whatever the interleaving with writes, the last refresh leaves a rollup
// equal to the raw tables.
func TestRollupRefreshesAreSerialised(t *testing.T) {
	db := warehousetest.Open(t)
	fixtureCompliance(t, db)
	a, b := NewRollups(db, nil), NewRollups(db, nil)
	if a.lock("activity") != b.lock("activity") {
		t.Fatal("two Rollups of one database lock apart")
	}
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := 0; i < 4; i++ {
		r := a
		if i%2 == 1 {
			r = b
		}
		wg.Go(func() {
			if _, err := r.Refresh(ctx); err != nil {
				errs <- err
			}
		})
	}
	for i := 0; i < 4; i++ {
		insertActivityReports(t, db, uint64(10+i), []activityReport{
			{fmt.Sprintf("S%d", i), "B2", "PKM-BINANGA", fmt.Sprintf("2025-05-%02d", 5+i), fmt.Sprintf("2025-05-%02d 10:00", 5+i), "approved", fmt.Sprintf("2025-05-%02d 12:00", 6+i)},
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	refresh(t, db, "activity")
	sameAnswers(t, db, "activity", append(complianceRollupCases(), scopedComplianceCases()...))
}

// The state of a rollup never built.
func TestRollupStateOfAnEmptyDatabase(t *testing.T) {
	db := warehousetest.Open(t)
	d, _ := rollupDefFor("activity")
	s, err := NewRollups(db, nil).state(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	// The migrations mark the activity rollup for a rebuild.
	if s.recorded != "rebuild" || s.fingerprint != "empty empty empty" || s.fresh() || !s.changed(0) {
		t.Errorf("state %+v", s)
	}
}

// A refresh whose clock stepped back (a virtual machine's may) still
// records a state that replaces the one before it.
func TestRollupStateSurvivesAClockStepBack(t *testing.T) {
	db := warehousetest.Open(t)
	fixtureCompliance(t, db)
	ctx := context.Background()
	refresh(t, db, "activity")
	insertActivityReports(t, db, 7, []activityReport{
		{"K1", "A1", "DUKCAPIL-PEL", "2025-05-06", "2025-05-06 10:00", "approved", "2025-05-06 12:00"},
	})
	r := NewRollups(db, nil)
	r.now = func() time.Time { return time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC) }
	if _, err := r.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	ok, release := NewRollups(db, nil).Use(ctx, "activity")
	release()
	if !ok {
		t.Fatal("the state recorded with a clock in 2001 lost to the older one")
	}
	sameAnswers(t, db, "activity", complianceRollupCases())
}

// Each way of finding the latency quantiles without the calendar-bucket
// statistics (all the latencies of the buckets at once, or two steps)
// gives the raw answer, on random latencies over whole and partial months.
func TestActivityRollupLatencyFallbacks(t *testing.T) {
	db := warehousetest.Open(t)
	fixtureOrg(t, db)
	rng := rand.New(rand.NewPCG(8, 1))
	units := []string{"DUKCAPIL-PEL", "PKM-BINANGA", "PKM-KALUKKU"}
	var rows []activityReport
	for i := 0; i < 3000; i++ {
		act := day(2025, 1, 1).AddDate(0, 0, rng.IntN(240))
		sub := act.Add(time.Duration(8+rng.IntN(10)) * time.Hour)
		lat := time.Duration(rng.ExpFloat64()*30) * time.Hour / 3
		if rng.IntN(5) == 0 {
			lat = time.Duration(rng.IntN(30)) * time.Hour // ties
		}
		rows = append(rows, activityReport{fmt.Sprintf("F%d", i), fmt.Sprintf("N%d", rng.IntN(40)), units[rng.IntN(3)],
			act.Format(time.DateOnly), sub.Format("2006-01-02 15:04"), "approved", sub.Add(lat).Format("2006-01-02 15:04")})
	}
	insertActivityReports(t, db, 1, rows)
	refresh(t, db, "activity")
	ctx := context.Background()
	raw := New(db, "")
	raw.Rollups = nil
	s := New(db, "")
	cal, err := s.Config.Calendar.Calendar()
	if err != nil {
		t.Fatal(err)
	}
	names, err := s.names(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []ComplianceQuery{
		{By: ByAll, Period: Period{day(2025, 1, 10), day(2025, 7, 20)}},
		{By: ByAgency, Grain: Quarter, Period: Period{day(2025, 2, 3), day(2025, 5, 30)}},
		{By: ByUnit, Grain: Month, Period: Period{day(2025, 3, 5), day(2025, 4, 12)}},
		{By: ByUnit, Period: Period{day(2025, 6, 2), day(2025, 6, 18)}, Scope: Scope{Agency: "DINKES"}},
	} {
		want, err := raw.Compliance(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		wantLat := map[latencyKey]string{}
		all := map[latencyKey]bool{}
		for _, g := range want.Groups {
			for i, p := range g.Periods {
				if p.Review.LatencyMedianHours != nil {
					k := latencyKey{g.Code, q.buckets()[i].key}
					wantLat[k] = fmt.Sprintf("%.2f/%.2f", float64(*p.Review.LatencyMedianHours), float64(*p.Review.LatencyP90Hours))
					all[k] = true
				}
			}
		}
		if len(wantLat) == 0 {
			t.Fatalf("%+v: no latencies, the test would prove nothing", q)
		}
		var months, buckets []string
		for _, b := range q.buckets() {
			buckets = append(buckets, b.key)
			months = append(months, q.monthsOfBucket(b.key)...)
		}
		slices.Sort(months)
		months = slices.Compact(months)
		params := q.params(cal)
		for _, path := range []string{"direct", "two steps"} {
			got := map[latencyKey]string{}
			set := func(code string, b time.Time, lq [2]float64, n uint64) error {
				got[latencyKey{code, b.Format(time.DateOnly)}] = fmt.Sprintf("%.2f/%.2f", float64(*roundDec2(lq[0] / 3600)), float64(*roundDec2(lq[1] / 3600)))
				return nil
			}
			want := func(k latencyKey) bool { return all[k] }
			if path == "direct" {
				err = s.directLatency(ctx, params, months, buckets, want, set)
			} else {
				err = s.twoStepLatency(ctx, q, params, names, want, set)
			}
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(wantLat) {
				t.Errorf("%+v %s:\n got %v\nwant %v", q, path, got, wantLat)
			}
		}
	}
}
