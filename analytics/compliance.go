package analytics

import (
	"context"
	"fmt"
	"math"
	"sort"
	"sync"
	"time"

	"kinerja/warehouse"
)

// Activity-report compliance (laporan kegiatan / log harian), per group
// and per bucket of the period. Definitions:
//
//   - Working day: Monday–Friday in WITA that is not a holiday of the
//     configured Calendar (CalendarConfig: the national holidays and cuti
//     bersama ASN plus the Pemda's own days).
//   - Active ASN: an employee with active_from ≤ the day (or unknown) and
//     active_to ≥ the day (or still active). ActiveASN of a bucket counts
//     the ASN active on at least one of its working days.
//   - Expected ASN-days: Σ over active ASN of the working days of the
//     bucket they were active on. Reported ASN-days: those (ASN, working
//     day) pairs with at least one report whose activity_date is that day,
//     whenever it was submitted. Compliance = reported ÷ expected ASN-days.
//     Both are counted in the group of the ASN's unit in the master data
//     (employees.unit_code): the numerator is part of the denominator.
//   - Everything else is counted per report, in the group of the report's
//     own unit (activity_reports.unit_code), for the reports whose activity
//     date lies in the bucket (weekends and holidays included):
//     reports per ASN = reports ÷ ActiveASN; timeliness = delay in working
//     days from the activity date to the WITA day of submitted_at (0 = the
//     same working day, i.e. before the next working day starts; 1 = the
//     next working day; 2 or more = later), with its median; review =
//     status approved or returned (a supervisor decided), returned share =
//     returned ÷ reviewed, approval latency = reviewed_at − submitted_at in
//     hours for the reviewed reports that carry reviewed_at, median and
//     90th percentile.
//   - Quantiles (median, p90) interpolate linearly between the closest
//     ranks at position (n − 1)·p of the sorted values (Hyndman–Fan type 7,
//     Excel PERCENTILE.INC): of ten latencies 1…10 h, the median is 5,5 h
//     and p90 is 9,1 h.
//
// A ratio whose denominator is zero is null, not 0.

// ComplianceQuery asks for activity-report compliance per group and bucket.
type ComplianceQuery struct {
	By     By
	Period Period
	// Grain splits the period into calendar buckets (month, quarter,
	// semester, year), clipped to the period; "" is the whole period as one
	// bucket.
	Grain  Grain
	Agency string // filter: one OPD
	Unit   string // filter: one unit
	Scope  Scope  // from the user's role
	// ASNDaysOnly asks for the working days, active ASN and expected and
	// reported ASN-days (and compliance) alone: reports, timeliness and
	// review are left empty, and not queried (compare needs no more).
	ASNDaysOnly bool
}

// CompliancePoint is one group over one bucket.
type CompliancePoint struct {
	Period          string     `json:"period"` // 2025-03, 2025-Q1, …; the period's label for one bucket
	From            string     `json:"from"`   // first day in the bucket and the period
	To              string     `json:"to"`     // last day in the bucket and the period
	WorkingDays     int        `json:"working_days"`
	ActiveASN       uint64     `json:"active_asn"`
	ExpectedASNDays uint64     `json:"expected_asn_days"`
	ReportedASNDays uint64     `json:"reported_asn_days"`
	Compliance      *Dec4      `json:"compliance"` // reported ÷ expected ASN-days, 0–1
	Reports         uint64     `json:"reports"`
	ReportsPerASN   *Dec2      `json:"reports_per_asn"`
	Timeliness      Timeliness `json:"timeliness"`
	Review          Review     `json:"review"`
}

// Timeliness: reports by delay in working days from activity to submission.
type Timeliness struct {
	SameDay         uint64 `json:"same_day"` // delay 0
	NextDay         uint64 `json:"next_day"` // delay 1
	Later           uint64 `json:"later"`    // delay ≥ 2
	SameDayShare    *Dec4  `json:"same_day_share"`
	NextDayShare    *Dec4  `json:"next_day_share"`
	LaterShare      *Dec4  `json:"later_share"`
	MedianDelayDays *Dec2  `json:"median_delay_days"` // working days
}

// Review: the supervisors' decisions and how long they took.
type Review struct {
	Reviewed           uint64 `json:"reviewed"` // approved or returned
	Returned           uint64 `json:"returned"`
	Pending            uint64 `json:"pending"` // not reviewed yet
	ReturnedShare      *Dec4  `json:"returned_share"`
	LatencyMedianHours *Dec2  `json:"latency_median_hours"`
	LatencyP90Hours    *Dec2  `json:"latency_p90_hours"`
}

// ComplianceGroup is the series of one group, one point per bucket.
type ComplianceGroup struct {
	Code    string            `json:"code"`
	Name    string            `json:"name"`
	Agency  string            `json:"agency,omitempty"` // the OPD of a unit
	Periods []CompliancePoint `json:"periods"`
}

// ComplianceResult is what `report compliance` and /api/v1/compliance return.
type ComplianceResult struct {
	From        string            `json:"from"`
	To          string            `json:"to"`
	By          By                `json:"by"`
	Grain       string            `json:"grain"` // month, quarter, semester, year, or period (one bucket)
	WorkingDays int               `json:"working_days"`
	Groups      []ComplianceGroup `json:"groups"`
}

// complianceBucket is one bucket of the period.
type complianceBucket struct {
	key      string // bucket start as the SQL returns it (YYYY-MM-DD)
	label    string
	from, to time.Time
}

// buckets splits q.Period by q.Grain, clipping the first and last bucket.
func (q ComplianceQuery) buckets() []complianceBucket {
	p := q.Period
	if q.Grain == "" {
		return []complianceBucket{{key: p.From.Format(time.DateOnly), label: p.Label(), from: p.From, to: p.To}}
	}
	step := q.Grain.months()
	start := time.Date(p.From.Year(), p.From.Month()-time.Month((int(p.From.Month())-1)%step), 1, 0, 0, 0, 0, WITA)
	var out []complianceBucket
	for ; !start.After(p.To); start = start.AddDate(0, step, 0) {
		b := complianceBucket{key: start.Format(time.DateOnly), label: PeriodLabel(q.Grain, start), from: start, to: start.AddDate(0, step, -1)}
		if b.from.Before(p.From) {
			b.from = p.From
		}
		if b.to.After(p.To) {
			b.to = p.To
		}
		out = append(out, b)
	}
	return out
}

func (q ComplianceQuery) params(cal Calendar) warehouse.Params {
	p := q.Period.params()
	grain := string(q.Grain)
	if grain == "" {
		grain = "period"
	}
	p["by"], p["grain"] = string(q.By), grain
	p["holidays"] = cal.weekdayHolidaysIn(q.Period)
	p["holiday_count"] = cal.holidayCounts(q.Period.From, q.Period.To)
	p["agency"], p["unit"] = q.Agency, q.Unit
	p["scope_agency"], p["scope_unit"] = q.Scope.Agency, q.Scope.Unit
	p["mask_months"], p["masks"] = cal.workingDayMasks(q.Period)
	p["next1"], p["next2"] = cal.nextWorkingDays(q.Period)
	return p
}

// workingDayMasks are the {mask_months:Array(Date32)} and
// {masks:Array(UInt32)} parameters of compliance_reported_rollup.sql: for
// every month the period touches, its first day and the working days of
// it inside the period (bit d − 1 for day d).
func (c Calendar) workingDayMasks(p Period) (months []string, masks []uint64) {
	for d := p.From; !d.After(p.To); d = d.AddDate(0, 0, 1) {
		if d.Day() == 1 || len(months) == 0 {
			months = append(months, time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, WITA).Format(time.DateOnly))
			masks = append(masks, 0)
		}
		if c.IsWorkingDay(d) {
			masks[len(masks)-1] |= 1 << (d.Day() - 1)
		}
	}
	return months, masks
}

// workingDayPrefix returns, for the days of p, prefix[i] = the working
// days among its first i days, and index, a date's position in p (0 for
// p.From): the working days from a to b inside p are
// prefix[index(b)+1] − prefix[index(a)].
func (c Calendar) workingDayPrefix(p Period) (prefix []int, index func(time.Time) int) {
	days := p.Days()
	prefix = make([]int, days+1)
	for i, d := 0, p.From; i < days; i, d = i+1, d.AddDate(0, 0, 1) {
		prefix[i+1] = prefix[i]
		if c.IsWorkingDay(d) {
			prefix[i+1]++
		}
	}
	from := time.Date(p.From.Year(), p.From.Month(), p.From.Day(), 0, 0, 0, 0, time.UTC)
	index = func(t time.Time) int {
		a := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		return int(a.Sub(from).Hours() / 24)
	}
	return prefix, index
}

// nextWorkingDays are the {next1:Array(UInt16)} and {next2:Array(UInt16)}
// parameters of compliance_reports_rollup.sql: for every day of the
// period, how many days after it its first and its second working day
// come. A report submitted fewer than next1 days after its activity date
// has delay 0 (no working day in between), fewer than next2 days delay 1.
func (c Calendar) nextWorkingDays(p Period) (next1, next2 []uint64) {
	days := p.Days()
	next1, next2 = make([]uint64, days), make([]uint64, days)
	// Walk back from past the end: the working days after each day.
	first, second := -1, -1 // offsets from the period start of the next two working days
	end := p.To.AddDate(0, 0, 1)
	for k := 0; second < 0; k++ { // the first two working days after the period
		if d := end.AddDate(0, 0, k); c.IsWorkingDay(d) {
			if first < 0 {
				first = days + k
			} else {
				second = days + k
			}
		}
	}
	for i := days - 1; i >= 0; i-- {
		next1[i], next2[i] = uint64(first-i), uint64(second-i)
		if c.IsWorkingDay(p.From.AddDate(0, 0, i)) {
			first, second = i, first
		}
	}
	return next1, next2
}

// MaxComplianceDays bounds the period of a compliance query (about 20
// years): the calendar is walked day by day.
const MaxComplianceDays = 7320

// Compliance returns, per group, one point per bucket of the period; every
// group that has ASN or reports in the period gets every bucket. Groups
// are ordered by name (by=unit: by OPD name, then unit name).
//
// Its queries (the org tree, the active ASN, the reported ASN-days, the
// reports, the latency order statistics) run concurrently: each reads a
// rollup of a few thousand to a few hundred thousand rows while the
// activity rollups are fresh (rollup.go), the raw tables otherwise.
// checkPeriod refuses an empty period or one longer than MaxComplianceDays.
func (q ComplianceQuery) checkPeriod() error {
	if q.Period.From.IsZero() || q.Period.To.Before(q.Period.From) {
		return fmt.Errorf("compliance: the period is empty")
	}
	if q.Period.Days() > MaxComplianceDays {
		return fmt.Errorf("compliance: period of %d days: want at most %d", q.Period.Days(), MaxComplianceDays)
	}
	return nil
}

func (s *Service) Compliance(ctx context.Context, q ComplianceQuery) (ComplianceResult, error) {
	if q.By == "" {
		q.By = ByAll
	}
	if err := q.checkPeriod(); err != nil {
		return ComplianceResult{}, err
	}
	cal, err := s.Config.Calendar.Calendar()
	if err != nil {
		return ComplianceResult{}, fmt.Errorf("compliance: configuration: %w", err)
	}
	grain := string(q.Grain)
	if grain == "" {
		grain = "period"
	}
	res := ComplianceResult{From: q.Period.From.Format(time.DateOnly), To: q.Period.To.Format(time.DateOnly),
		By: q.By, Grain: grain, WorkingDays: cal.WorkingDays(q.Period), Groups: []ComplianceGroup{}}
	ctx = warehouse.WithSettings(ctx, warehouse.Settings{"log_comment": "analytics.compliance"})
	buckets := q.buckets()
	index := map[string]int{}
	for i, b := range buckets {
		index[b.key] = i
	}
	bucketOf := func(t time.Time) (int, error) {
		i, ok := index[t.Format(time.DateOnly)]
		if !ok {
			return 0, fmt.Errorf("bucket %s outside the period", t.Format(time.DateOnly))
		}
		return i, nil
	}
	params := q.params(cal)

	// The queries, concurrently; each keeps its rows for the merge below.
	type spanRow struct {
		code        string
		first, last time.Time
		n           uint64
	}
	type countRow struct {
		code   string
		bucket int
		n      uint64
	}
	type reportsRow struct {
		code                                                        string
		bucket                                                      int
		reports, reviewed, returned, same, next, later, withLatency uint64
		delay                                                       float64
		latency                                                     []float64
	}
	var (
		names    orgNames
		spans    []spanRow
		reported []countRow
		reports  []reportsRow
		stats    []latencyStats
	)
	var wg sync.WaitGroup
	errs := make([]error, 5)
	run := func(i int, f func() error) {
		wg.Go(func() { errs[i] = f() })
	}
	run(0, func() (err error) {
		names, err = s.names(ctx)
		return err
	})
	run(1, func() error {
		return s.queryEach(ctx, "compliance_employees.sql", params, func(rows warehouse.Rows) error {
			var r spanRow
			if err := rows.Scan(&r.code, &r.first, &r.last, &r.n); err != nil {
				return err
			}
			spans = append(spans, r)
			return nil
		})
	})
	// The activity rollups answer the same while they are up to date
	// (rollup.go); the raw tables otherwise. (The org tree and the active
	// ASN, which no rollup holds, are on their way meanwhile.)
	reportedSQL, reportsSQL := "compliance_reported.sql", "compliance_reports.sql"
	rolled, release := s.Rollups.Use(ctx, "activity")
	defer release()
	if rolled {
		reportedSQL, reportsSQL = "compliance_reported_rollup.sql", "compliance_reports_rollup.sql"
	}
	run(2, func() error {
		return s.queryEach(ctx, reportedSQL, params, func(rows warehouse.Rows) error {
			var r countRow
			var b time.Time
			if err := rows.Scan(&r.code, &b, &r.n); err != nil {
				return err
			}
			var err error
			r.bucket, err = bucketOf(b)
			reported = append(reported, r)
			return err
		})
	})
	if !q.ASNDaysOnly {
		run(3, func() error {
			return s.queryEach(ctx, reportsSQL, params, func(rows warehouse.Rows) error {
				var r reportsRow
				var b time.Time
				if err := rows.Scan(&r.code, &b, &r.reports, &r.reviewed, &r.returned, &r.same, &r.next, &r.later,
					&r.delay, &r.latency, &r.withLatency); err != nil {
					return err
				}
				var err error
				r.bucket, err = bucketOf(b)
				reports = append(reports, r)
				return err
			})
		})
		if rolled {
			run(4, func() (err error) {
				stats, err = s.latencyStats(ctx, q, buckets)
				return err
			})
		}
	}
	wg.Wait()
	for i, what := range []string{"organisation names", "active ASN", "reported ASN-days", "reports", "latency"} {
		if errs[i] != nil {
			return res, fmt.Errorf("compliance: %s: %w", what, errs[i])
		}
	}
	// The rollup gives the median delay as -1: it is taken from the delay
	// classes, or asked for where it lies beyond them (rare: more than
	// half the reports two working days late or more).
	unresolved := map[latencyKey]int{}
	for i := range reports {
		r := &reports[i]
		if r.delay >= 0 || r.reports == 0 {
			continue
		}
		if m, ok := medianDelay(r.reports, r.same, r.next); ok {
			r.delay = m
		} else {
			unresolved[latencyKey{r.code, buckets[r.bucket].key}] = i
		}
	}
	if len(unresolved) > 0 {
		if err := s.queryEach(ctx, "compliance_reports_median_rollup.sql", params, func(rows warehouse.Rows) error {
			var k latencyKey
			var b time.Time
			var m float64
			if err := rows.Scan(&k.code, &b, &m); err != nil {
				return err
			}
			k.bucket = b.Format(time.DateOnly)
			if i, ok := unresolved[k]; ok {
				reports[i].delay = m
				delete(unresolved, k)
			}
			return nil
		}); err != nil {
			return res, fmt.Errorf("compliance: median delay: %w", err)
		}
		if len(unresolved) > 0 {
			return res, fmt.Errorf("compliance: median delay of %d groups not found (the rollup changed during the query?)", len(unresolved))
		}
	}

	// The working days before each day of the period, for the expected days.
	prefix, dayIndex := cal.workingDayPrefix(q.Period)

	points := map[string][]CompliancePoint{}
	point := func(code string) []CompliancePoint {
		ps, ok := points[code]
		if !ok {
			ps = make([]CompliancePoint, len(buckets))
			for i, b := range buckets {
				ps[i] = CompliancePoint{Period: b.label, From: b.from.Format(time.DateOnly), To: b.to.Format(time.DateOnly),
					WorkingDays: prefix[dayIndex(b.to)+1] - prefix[dayIndex(b.from)]}
			}
			points[code] = ps
		}
		return ps
	}

	// Expected ASN-days and active ASN.
	for _, r := range spans {
		ps := point(r.code)
		fi, li := dayIndex(r.first), dayIndex(r.last)
		for i, b := range buckets {
			lo, hi := max(fi, dayIndex(b.from)), min(li, dayIndex(b.to))
			if lo > hi {
				continue
			}
			if wd := prefix[hi+1] - prefix[lo]; wd > 0 {
				ps[i].ExpectedASNDays += r.n * uint64(wd)
				ps[i].ActiveASN += r.n
			}
		}
	}
	// Reported ASN-days.
	for _, r := range reported {
		point(r.code)[r.bucket].ReportedASNDays += r.n
	}
	// Reports, timeliness, review.
	withLatency := map[latencyKey]uint64{}
	for _, r := range reports {
		pt := &point(r.code)[r.bucket]
		pt.Reports = r.reports
		pt.Timeliness = Timeliness{SameDay: r.same, NextDay: r.next, Later: r.later}
		if r.reports > 0 {
			pt.Timeliness.MedianDelayDays = roundDec2(r.delay)
		}
		pt.Review = Review{Reviewed: r.reviewed, Returned: r.returned, Pending: r.reports - r.reviewed}
		if r.withLatency > 0 && len(r.latency) == 2 {
			pt.Review.LatencyMedianHours = roundDec2(r.latency[0] / 3600)
			pt.Review.LatencyP90Hours = roundDec2(r.latency[1] / 3600)
		}
		withLatency[latencyKey{r.code, buckets[r.bucket].key}] = r.withLatency
	}
	if rolled && !q.ASNDaysOnly {
		// The latency quantiles from the rollups (compliance_latency.go).
		if err := s.rollupLatency(ctx, q, params, names, stats, withLatency, func(code string, bucket time.Time, lq [2]float64, n uint64) error {
			i, err := bucketOf(bucket)
			if err != nil {
				return err
			}
			pt := &point(code)[i]
			pt.Review.LatencyMedianHours, pt.Review.LatencyP90Hours = roundDec2(lq[0]/3600), roundDec2(lq[1]/3600)
			return nil
		}); err != nil {
			return res, fmt.Errorf("compliance: latency: %w", err)
		}
	}

	for code, ps := range points {
		for i := range ps {
			pt := &ps[i]
			pt.Compliance = ratioDec4(pt.ReportedASNDays, pt.ExpectedASNDays)
			if q.ASNDaysOnly {
				continue
			}
			if pt.ActiveASN > 0 {
				pt.ReportsPerASN = roundDec2(float64(pt.Reports) / float64(pt.ActiveASN))
			}
			t := &pt.Timeliness
			t.SameDayShare, t.NextDayShare, t.LaterShare = ratioDec4(t.SameDay, pt.Reports), ratioDec4(t.NextDay, pt.Reports), ratioDec4(t.Later, pt.Reports)
			pt.Review.ReturnedShare = ratioDec4(pt.Review.Returned, pt.Review.Reviewed)
		}
		g := ComplianceGroup{Code: code, Periods: ps}
		g.Name, g.Agency = s.nameOf(names, q.By, code)
		res.Groups = append(res.Groups, g)
	}
	sort.Slice(res.Groups, func(i, j int) bool {
		a, b := res.Groups[i], res.Groups[j]
		return names.lessGroup(a.Agency, a.Name, a.Code, b.Agency, b.Name, b.Code)
	})
	return res, nil
}

// medianDelay is the median delay in working days of n reports of which
// same have delay 0 (or less, counted as 0) and next delay 1, when both
// ranks it interpolates between lie in those two classes: the engine's
// quantileExactWeightedInterpolated(0.5) over the delays, as
// compliance_reports.sql computes it (see interpolate).
func medianDelay(n, same, next uint64) (float64, bool) {
	pos := float64(n-1) * 0.5
	value := func(rank uint64) (uint32, bool) {
		switch {
		case rank < same:
			return 0, true
		case rank < same+next:
			return 1, true
		}
		return 0, false
	}
	lo, okLo := value(uint64(math.Floor(pos)))
	hi, okHi := value(uint64(math.Ceil(pos)))
	if !okLo || !okHi {
		return 0, false
	}
	return interpolate(pos, lo, hi), true
}

// queryEach runs an embedded query and hands every row to scan.
func (s *Service) queryEach(ctx context.Context, file string, p warehouse.Params, scan func(warehouse.Rows) error) error {
	return queryEach(ctx, s.DB, file, p, scan)
}

// queryEach runs the embedded query file and scans each row it returns.
func queryEach(ctx context.Context, db warehouse.DB, file string, p warehouse.Params, scan func(warehouse.Rows) error) error {
	rows, err := db.Query(ctx, mustSQL(file), p)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ratioDec4 is x/n as an exact Dec4, null when n is 0.
func ratioDec4(x, n uint64) *Dec4 {
	if n == 0 {
		return nil
	}
	v := share4(x, n)
	return &v
}

// roundDec2 rounds half away from zero to 2 decimals.
func roundDec2(v float64) *Dec2 {
	d := Dec2(math.Round(v*100) / 100)
	return &d
}
