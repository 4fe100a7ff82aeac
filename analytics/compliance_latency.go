package analytics

import (
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"time"

	"kinerja/warehouse"
)

// Approval-latency quantiles (median, p90) from the activity rollups,
// exactly as compliance_reports.sql computes them from the raw reports
// with quantilesExactWeightedInterpolated(0.5, 0.9): of n latencies
// sorted, position h = (n − 1)·p, and the result interpolates the values
// at ranks ⌊h⌋ and ⌈h⌉: (⌈h⌉ − h)·v[⌊h⌋] + (h − ⌊h⌋)·v[⌈h⌉] (the engine's
// formula, in the same float64 operations, so the numbers are
// bit-identical).
//
// Exact quantiles need the values, and a year of a large Pemda has tens of
// millions of them. So:
//
//  1. For the calendar buckets (a month, quarter, semester or year) the
//     rollup keeps, per group (the whole Pemda, each OPD, each report
//     unit), the count and the values at those ranks
//     (rollup_activity_latency_q, rollup_activity.go): a query reads one row
//     per group and bucket. A bucket of the query that is no calendar
//     bucket (a period of arbitrary days as one bucket, or a grain bucket
//     clipped by the period) uses the smallest calendar bucket holding it,
//     when the group has exactly as many latencies in the clipped bucket
//     (compliance_reports_rollup.sql counts them) as in the calendar one:
//     the latencies of the one are among those of the other, so equal
//     counts mean equal sets (year to date, or a period ending today, is
//     such a bucket while no activity is dated after it).
//  2. Any other (group, bucket), when they span at most three months, from
//     all their latencies in rollup_activity_latency at once
//     (compliance_latency_direct.sql: sorted per group, the same order
//     statistics as the rollup keeps).
//  3. Otherwise in two steps (migration 0007): the counts
//     per unit, month and logarithmic latency bucket
//     (rollup_activity_latency_hist, ~4 % of the value wide) locate the
//     bucket that holds each wanted rank and the rank inside it; then only
//     those buckets' latencies of the units and months concerned are read,
//     by primary key, from rollup_activity_latency, and the values at those
//     ranks picked. A month the period covers only in part is counted from
//     the latencies themselves, day by day. This reads far more (at the
//     large benchmark scale, up to seconds for a year by OPD).

// latencyLevels are the quantiles compliance reports: median and p90.
var latencyLevels = [2]float64{0.5, 0.9}

// latencyKey is one group's bucket.
type latencyKey struct {
	code   string
	bucket string // YYYY-MM-DD
}

// latencyTarget is one rank to read: in a group's bucket, in one latency
// bucket, the rank-th smallest value (0-based).
type latencyTarget struct {
	key     latencyKey
	lbucket uint16
	rank    uint64
}

// latencyStats is one row of rollup_activity_latency_q, for the bucket of
// the query (its key) that its calendar bucket holds.
type latencyStats struct {
	bucket             string // the query's bucket key (YYYY-MM-DD)
	level, code        string
	n                  uint64
	medianLo, medianHi uint32
	p90Lo, p90Hi       uint32
}

// calendarSpan is the calendar bucket holding b, a bucket of q: span
// months (1, 3, 6 or 12) from start; ok false when no calendar bucket holds
// it (a period over two years as one bucket).
func (q ComplianceQuery) calendarSpan(b complianceBucket) (span int, start time.Time, ok bool) {
	if q.Grain != "" {
		return q.Grain.months(), calendarBucketStart(b.from, q.Grain.months()), true
	}
	for _, span := range latencySpans {
		if start := calendarBucketStart(b.from, span); start.Equal(calendarBucketStart(b.to, span)) {
			return span, start, true
		}
	}
	return 0, time.Time{}, false
}

// latencyLevel is the group level and code of rollup_activity_latency_q
// the query's groups come from: the scope and filters leave the whole
// Pemda, one OPD or one unit (or nothing: code "-" when they exclude each
// other), and the grouping splits that by OPD or unit. Code "" means every
// code of the level.
func (q ComplianceQuery) latencyLevel() (level, code string) {
	one := func(a, b string) string {
		switch {
		case a == "":
			return b
		case b == "" || a == b:
			return a
		}
		return "-"
	}
	unit, agency := one(q.Scope.Unit, q.Unit), one(q.Scope.Agency, q.Agency)
	switch {
	case unit != "":
		return "unit", unit
	case q.By == ByUnit:
		return "unit", ""
	case agency != "":
		return "agency", agency
	case q.By == ByAgency:
		return "agency", ""
	}
	return "all", "ALL"
}

// latencyStats reads the latency order statistics of the calendar buckets
// holding the query's buckets.
func (s *Service) latencyStats(ctx context.Context, q ComplianceQuery, buckets []complianceBucket) ([]latencyStats, error) {
	level, code := q.latencyLevel()
	keyOf := map[string]string{} // calendar bucket start → the query's bucket
	// One span for every bucket: the grain's, or the single bucket's.
	span, starts := 0, []string{}
	for _, b := range buckets {
		sp, start, ok := q.calendarSpan(b)
		if !ok {
			continue
		}
		span = sp
		keyOf[start.Format(time.DateOnly)] = b.key
		starts = append(starts, start.Format(time.DateOnly))
	}
	if len(starts) == 0 {
		return nil, nil
	}
	var out []latencyStats
	p := warehouse.Params{"level": level, "code": code, "span": span, "starts": starts}
	err := s.queryEach(ctx, "compliance_latency_q.sql", p, func(rows warehouse.Rows) error {
		var st latencyStats
		var start time.Time
		if err := rows.Scan(&start, &st.level, &st.code, &st.n, &st.medianLo, &st.medianHi, &st.p90Lo, &st.p90Hi); err != nil {
			return err
		}
		st.bucket = keyOf[start.Format(time.DateOnly)]
		out = append(out, st)
		return nil
	})
	return out, err
}

// rollupLatency calls set for every group and bucket with reviewed reports
// (withLatency: how many latencies compliance_reports_rollup.sql counts
// per group and bucket) with the latency quantiles in seconds and how many
// latencies they cover: from the order statistics of stats where they
// cover the same latencies, in two steps for the rest.
func (s *Service) rollupLatency(ctx context.Context, q ComplianceQuery, params warehouse.Params, names orgNames,
	stats []latencyStats, withLatency map[latencyKey]uint64,
	set func(code string, bucket time.Time, quantiles [2]float64, n uint64) error) error {
	done := map[latencyKey]bool{}
	for _, st := range stats {
		code := st.code // the query's group of the statistics' group
		switch {
		case q.By == ByAll:
			code = "ALL"
		case q.By == ByAgency && st.level == "unit":
			code = names.unit[st.code][1]
		}
		k := latencyKey{code, st.bucket}
		if st.n == 0 || withLatency[k] != st.n || done[k] {
			continue
		}
		b, err := time.ParseInLocation(time.DateOnly, k.bucket, WITA)
		if err != nil {
			return err
		}
		if err := set(code, b, st.quantiles(), st.n); err != nil {
			return err
		}
		done[k] = true
	}
	rest := map[latencyKey]bool{}
	for k, n := range withLatency {
		if n > 0 && !done[k] {
			rest[k] = true
		}
	}
	if len(rest) == 0 {
		return nil
	}
	want := func(k latencyKey) bool { return rest[k] }
	// Few months of latencies are read whole; more in two steps.
	months := map[string]bool{}
	var buckets []string
	for k := range rest {
		if !slices.Contains(buckets, k.bucket) {
			buckets = append(buckets, k.bucket)
		}
		for _, m := range q.monthsOfBucket(k.bucket) {
			months[m] = true
		}
	}
	if len(months) <= maxDirectLatencyMonths {
		return s.directLatency(ctx, params, slices.Sorted(maps.Keys(months)), buckets, want, set)
	}
	return s.twoStepLatency(ctx, q, params, names, want, set)
}

// maxDirectLatencyMonths: up to this many months of latencies, the
// buckets the calendar-bucket statistics do not answer are computed from
// all their latencies at once (directLatency: about 0,1 s a month at the
// large benchmark scale); beyond, in two steps, which read less of a long
// period but cost more for a short one.
const maxDirectLatencyMonths = 3

// directLatency calls set for the groups and buckets want accepts, among
// the buckets (keys) and months (first days) given, with the latency
// quantiles computed from every latency of theirs
// (compliance_latency_direct.sql).
func (s *Service) directLatency(ctx context.Context, params warehouse.Params, months, buckets []string,
	want func(latencyKey) bool, set func(code string, bucket time.Time, quantiles [2]float64, n uint64) error) error {
	p := warehouse.Params{}
	for k, v := range params {
		p[k] = v
	}
	p["months"], p["only"] = months, buckets
	return s.queryEach(ctx, "compliance_latency_direct.sql", p, func(rows warehouse.Rows) error {
		var st latencyStats
		var b time.Time
		if err := rows.Scan(&st.code, &b, &st.n, &st.medianLo, &st.medianHi, &st.p90Lo, &st.p90Hi); err != nil {
			return err
		}
		if !want(latencyKey{st.code, b.Format(time.DateOnly)}) {
			return nil
		}
		return set(st.code, b, st.quantiles(), st.n)
	})
}

// quantiles interpolates the median and the 90th percentile between the
// order statistics, as the engine's quantilesExactWeightedInterpolated.
func (st latencyStats) quantiles() [2]float64 {
	pos := [2]float64{float64(st.n-1) * latencyLevels[0], float64(st.n-1) * latencyLevels[1]}
	return [2]float64{interpolate(pos[0], st.medianLo, st.medianHi), interpolate(pos[1], st.p90Lo, st.p90Hi)}
}

// twoStepLatency calls set for the groups and buckets want accepts, with
// the latency quantiles found in two steps (histogram, then values).
func (s *Service) twoStepLatency(ctx context.Context, q ComplianceQuery, params warehouse.Params, names orgNames,
	want func(latencyKey) bool, set func(code string, bucket time.Time, quantiles [2]float64, n uint64) error) error {
	p := warehouse.Params{}
	for k, v := range params {
		p[k] = v
	}
	// The months wholly inside the period (from the histogram), and those
	// only partly inside (counted day by day).
	first := time.Date(q.Period.From.Year(), q.Period.From.Month(), 1, 0, 0, 0, 0, WITA)
	last := time.Date(q.Period.To.Year(), q.Period.To.Month(), 1, 0, 0, 0, 0, WITA)
	fullFrom, fullTo := first, last
	partial := []string{}
	if q.Period.From.Day() != 1 {
		partial = append(partial, first.Format(time.DateOnly))
		fullFrom = first.AddDate(0, 1, 0)
	}
	if !q.Period.To.AddDate(0, 0, 1).Equal(last.AddDate(0, 1, 0)) {
		if !last.Equal(first) || len(partial) == 0 {
			partial = append(partial, last.Format(time.DateOnly))
		}
		fullTo = last.AddDate(0, -1, 0)
	}
	p["full_from"], p["full_to"], p["partial"] = warehouse.DateOf(fullFrom), warehouse.DateOf(fullTo), partial

	type count struct {
		lbucket uint16
		n       uint64
	}
	counts := map[latencyKey][]count{}
	var keys []latencyKey
	if err := s.queryEach(ctx, "compliance_latency_hist.sql", p, func(rows warehouse.Rows) error {
		var k latencyKey
		var b time.Time
		var c count
		if err := rows.Scan(&k.code, &b, &c.lbucket, &c.n); err != nil {
			return err
		}
		k.bucket = b.Format(time.DateOnly)
		if !want(k) {
			return nil
		}
		if _, ok := counts[k]; !ok {
			keys = append(keys, k)
		}
		counts[k] = append(counts[k], c) // in latency order (ORDER BY lbucket)
		return nil
	}); err != nil {
		return fmt.Errorf("latency counts: %w", err)
	}
	if len(keys) == 0 {
		return nil
	}

	// Locate the ranks each group needs.
	type need struct {
		total    uint64
		pos      [2]float64
		ranks    [2][2]uint64 // per level: ⌊h⌋, ⌈h⌉ (0-based, overall)
		located  map[uint64]latencyTarget
		resolved map[uint64]uint32
	}
	needs := map[latencyKey]*need{}
	var targets []latencyTarget
	for _, k := range keys {
		cs := counts[k]
		nd := &need{located: map[uint64]latencyTarget{}, resolved: map[uint64]uint32{}}
		for _, c := range cs {
			nd.total += c.n
		}
		if nd.total == 0 {
			continue
		}
		for i, level := range latencyLevels {
			nd.pos[i] = float64(nd.total-1) * level
			nd.ranks[i] = [2]uint64{uint64(math.Floor(nd.pos[i])), uint64(math.Ceil(nd.pos[i]))}
			for _, r := range nd.ranks[i] {
				if _, ok := nd.located[r]; ok {
					continue
				}
				var before uint64
				for _, c := range cs {
					if r < before+c.n {
						t := latencyTarget{key: k, lbucket: c.lbucket, rank: r - before}
						nd.located[r] = t
						targets = append(targets, t)
						break
					}
					before += c.n
				}
			}
		}
		needs[k] = nd
	}

	// The (unit, month, latency bucket) ranges the targets need.
	unitsOf := map[string][]string{}
	for u, v := range names.unit {
		unitsOf[v[1]] = append(unitsOf[v[1]], u)
	}
	type triple struct {
		unit, month string
		lbucket     uint16
	}
	type pair struct {
		month   string
		lbucket uint16
	}
	triples, pairs := map[triple]bool{}, map[pair]bool{}
	for _, t := range targets {
		for _, m := range q.monthsOfBucket(t.key.bucket) {
			var units []string
			switch q.By {
			case ByUnit:
				units = []string{t.key.code}
			case ByAgency:
				units = unitsOf[t.key.code]
			}
			if len(units) == 0 { // by=all, or an OPD whose units are unknown
				pairs[pair{m, t.lbucket}] = true
				continue
			}
			for _, u := range units {
				triples[triple{u, m, t.lbucket}] = true
			}
		}
	}
	pUnit, pMonth, pBucket := []string{}, []string{}, []uint64{}
	for tr := range triples {
		pUnit, pMonth, pBucket = append(pUnit, tr.unit), append(pMonth, tr.month), append(pBucket, uint64(tr.lbucket))
	}
	aMonth, aBucket := []string{}, []uint64{}
	for pr := range pairs {
		aMonth, aBucket = append(aMonth, pr.month), append(aBucket, uint64(pr.lbucket))
	}
	tCode, tBucket, tLbucket, tRank := []string{}, []string{}, []uint64{}, []uint64{}
	for _, t := range targets {
		tCode, tBucket = append(tCode, t.key.code), append(tBucket, t.key.bucket)
		tLbucket, tRank = append(tLbucket, uint64(t.lbucket)), append(tRank, t.rank)
	}
	p["p_unit"], p["p_month"], p["p_lbucket"] = pUnit, pMonth, pBucket
	p["a_month"], p["a_lbucket"] = aMonth, aBucket
	p["t_code"], p["t_bucket"], p["t_lbucket"], p["t_rank"] = tCode, tBucket, tLbucket, tRank
	if err := s.queryEach(ctx, "compliance_latency_values.sql", p, func(rows warehouse.Rows) error {
		var k latencyKey
		var b time.Time
		var lbucket uint16
		var rank uint64
		var v uint32
		if err := rows.Scan(&k.code, &b, &lbucket, &rank, &v); err != nil {
			return err
		}
		k.bucket = b.Format(time.DateOnly)
		nd, ok := needs[k]
		if !ok {
			return fmt.Errorf("latency of %s %s: not asked for", k.code, k.bucket)
		}
		for r, t := range nd.located {
			if t.lbucket == lbucket && t.rank == rank {
				nd.resolved[r] = v
			}
		}
		return nil
	}); err != nil {
		return fmt.Errorf("latency values: %w", err)
	}

	for _, k := range keys {
		nd, ok := needs[k]
		if !ok {
			continue
		}
		var qs [2]float64
		for i := range latencyLevels {
			lo, okLo := nd.resolved[nd.ranks[i][0]]
			hi, okHi := nd.resolved[nd.ranks[i][1]]
			if !okLo || !okHi {
				return fmt.Errorf("latency of %s %s: ranks %v not found (the rollup changed during the query?)", k.code, k.bucket, nd.ranks[i])
			}
			qs[i] = interpolate(nd.pos[i], lo, hi)
		}
		b, err := time.ParseInLocation(time.DateOnly, k.bucket, WITA)
		if err != nil {
			return err
		}
		if err := set(k.code, b, qs, nd.total); err != nil {
			return err
		}
	}
	return nil
}

// monthsOfBucket lists the first days of the months of a compliance bucket
// (starting on bucket, YYYY-MM-DD) that lie in the period.
func (q ComplianceQuery) monthsOfBucket(bucket string) []string {
	start, err := time.ParseInLocation(time.DateOnly, bucket, WITA)
	if err != nil {
		return nil
	}
	end := q.Period.To
	if q.Grain != "" {
		end = start.AddDate(0, q.Grain.months(), -1)
	}
	if start.Before(q.Period.From) {
		start = q.Period.From
	}
	if end.After(q.Period.To) {
		end = q.Period.To
	}
	var out []string
	for m := time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, WITA); !m.After(end); m = m.AddDate(0, 1, 0) {
		out = append(out, m.Format(time.DateOnly))
	}
	sort.Strings(out)
	return out
}

// interpolate is the engine's QuantileExactWeighted interpolation between
// the values at ranks ⌊pos⌋ and ⌈pos⌉, in the same float64 operations
// (each product rounded before the sum, never fused).
func interpolate(pos float64, lo, hi uint32) float64 {
	lower, higher := math.Floor(pos), math.Ceil(pos)
	if lower == higher || lo == hi {
		return float64(lo)
	}
	a := float64((higher - pos) * float64(lo))
	b := float64((pos - lower) * float64(hi))
	return a + b
}
