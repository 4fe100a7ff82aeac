package analytics

import (
	"context"
	"fmt"
	"math"
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
// millions of them: reading them all takes seconds. So, in two steps: the
// counts per whole hour of latency (rollup_activity_latency_hours) locate
// the day that holds each wanted rank and the rank inside it; then only
// those days' latencies are read (rollup_activity_latency is sorted by
// unit and latency hour) and the values at those ranks picked.

// latencyLevels are the quantiles compliance reports: median and p90.
var latencyLevels = [2]float64{0.5, 0.9}

// latencyKey is one group's bucket.
type latencyKey struct {
	code   string
	bucket string // YYYY-MM-DD
}

// rollupLatency calls set for every group and bucket with reviewed reports
// with the latency quantiles in seconds and how many latencies they cover.
func (s *Service) rollupLatency(ctx context.Context, params warehouse.Params,
	set func(code string, bucket time.Time, q [2]float64, n uint64) error) error {
	type hourCount struct {
		lhour uint32
		n     uint64
	}
	counts := map[latencyKey][]hourCount{}
	var keys []latencyKey
	if err := s.queryEach(ctx, "compliance_latency_hours.sql", params, func(rows warehouse.Rows) error {
		var k latencyKey
		var b time.Time
		var d hourCount
		if err := rows.Scan(&k.code, &b, &d.lhour, &d.n); err != nil {
			return err
		}
		k.bucket = b.Format(time.DateOnly)
		if _, ok := counts[k]; !ok {
			keys = append(keys, k)
		}
		counts[k] = append(counts[k], d) // in lhour order (ORDER BY)
		return nil
	}); err != nil {
		return fmt.Errorf("latency counts: %w", err)
	}
	if len(keys) == 0 {
		return nil
	}
	// The ranks each group needs, located in their latency hour.
	type target struct {
		key   latencyKey
		lhour uint32
		rank  uint64 // within the hour
	}
	type need struct {
		total    uint64
		ranks    [2][2]uint64 // per level: lower, higher (0-based, overall)
		pos      [2]float64
		located  map[uint64]target
		resolved map[uint64]uint32
	}
	needs := map[latencyKey]*need{}
	var targets []target
	read := map[uint32]bool{} // the latency hours to read
	for _, k := range keys {
		hours := counts[k]
		nd := &need{located: map[uint64]target{}, resolved: map[uint64]uint32{}}
		for _, d := range hours {
			nd.total += d.n
		}
		if nd.total == 0 {
			continue
		}
		maxPos := nd.total - 1
		for i, level := range latencyLevels {
			nd.pos[i] = float64(maxPos) * level
			nd.ranks[i] = [2]uint64{uint64(math.Floor(nd.pos[i])), uint64(math.Ceil(nd.pos[i]))}
		}
		for i := range latencyLevels {
			for _, r := range nd.ranks[i] {
				if _, ok := nd.located[r]; ok {
					continue
				}
				var before uint64
				for _, d := range hours {
					if r < before+d.n {
						t := target{key: k, lhour: d.lhour, rank: r - before}
						nd.located[r] = t
						targets = append(targets, t)
						read[d.lhour] = true
						break
					}
					before += d.n
				}
			}
		}
		needs[k] = nd
	}
	p := warehouse.Params{}
	for k, v := range params {
		p[k] = v
	}
	var tCode, tBucket []string
	var tLhour, tRank []uint64
	for _, t := range targets {
		tCode, tBucket = append(tCode, t.key.code), append(tBucket, t.key.bucket)
		tLhour, tRank = append(tLhour, uint64(t.lhour)), append(tRank, t.rank)
	}
	lhours := make([]uint64, 0, len(read))
	for h := range read {
		lhours = append(lhours, uint64(h))
	}
	sort.Slice(lhours, func(i, j int) bool { return lhours[i] < lhours[j] })
	p["t_code"], p["t_bucket"], p["t_lhour"], p["t_rank"] = tCode, tBucket, tLhour, tRank
	p["lhours"] = lhours
	if err := s.queryEach(ctx, "compliance_latency_values.sql", p, func(rows warehouse.Rows) error {
		var k latencyKey
		var b time.Time
		var lhour uint32
		var rank uint64
		var v uint32
		if err := rows.Scan(&k.code, &b, &lhour, &rank, &v); err != nil {
			return err
		}
		k.bucket = b.Format(time.DateOnly)
		nd, ok := needs[k]
		if !ok {
			return fmt.Errorf("latency of %s %s: not asked for", k.code, k.bucket)
		}
		for r, t := range nd.located {
			if t.lhour == lhour && t.rank == rank {
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
		var q [2]float64
		for i := range latencyLevels {
			lo, okLo := nd.resolved[nd.ranks[i][0]]
			hi, okHi := nd.resolved[nd.ranks[i][1]]
			if !okLo || !okHi {
				return fmt.Errorf("latency of %s %s: ranks %v not found (the rollup changed during the query?)", k.code, k.bucket, nd.ranks[i])
			}
			q[i] = interpolate(nd.pos[i], lo, hi)
		}
		b, err := time.ParseInLocation(time.DateOnly, k.bucket, WITA)
		if err != nil {
			return err
		}
		if err := set(k.code, b, q, nd.total); err != nil {
			return err
		}
	}
	return nil
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
