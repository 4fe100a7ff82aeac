package analytics

import (
	"context"
	"fmt"
	"slices"
	"time"

	"kinerja/warehouse"
)

// The derived tables of the activity rollup (rollup.go), rebuilt after its
// months from rollup_activity_days and rollup_activity_latency and the
// master data:
//
//   - rollup_activity_asn_months: per unit of the ASN in the master data,
//     month and day of the month, the ASN active that day who reported an
//     activity dated that day under any unit, under a unit of their own
//     OPD, and under their own unit. compliance_reported_rollup.sql sums
//     the working days of a period from it, one row per unit and month,
//     whatever the number of ASN; the calendar stays with the query. It
//     reads employees and units: a change of either rebuilds every month
//     of it.
//   - rollup_activity_latency_q: per calendar bucket (month, quarter,
//     semester, year) and group (the whole Pemda, each OPD of the report
//     unit, each report unit), the number of approval latencies and the two
//     order statistics each of the median and the 90th percentile
//     interpolates between, with the first and last activity date they come
//     from. compliance_latency.go reads it for every bucket of a query that
//     is a calendar bucket, or one clipped only where the group has no
//     latencies. It reads units (the OPD of a unit): a change rebuilds it
//     all. A month rebuilt rebuilds its month, quarter, semester and year.
//
// Measured at the "large" scale of the benchmarks (238 units, 16,5 M
// latencies a year): a year of latency order statistics takes about 3 s
// per span to build (the year's latencies sorted per group, each group
// level at once: ~200 MB of memory for the year span), the reported
// ASN-days of every month about 1 s.

// activityMaster are the master-data tables the derived activity tables
// read, checksummed by rollup_activity_master_check.sql (parts
// "employees" and "units").
var activityMaster = []string{"employees", "units"}

var activityDerived = []derivedBuild{
	{
		table:  "rollup_activity_asn_months",
		master: []string{"employees", "units"},
		partitions: func(months []uint32) []uint64 {
			out := make([]uint64, len(months))
			for i, m := range months {
				out[i] = uint64(m)
			}
			return out
		},
		build: func(ctx context.Context, db warehouse.DB, parts []uint64) error {
			return db.Exec(ctx, mustSQL("rollup_activity_asn_months_build.sql"), warehouse.Params{"months": parts})
		},
	},
	{
		table:      "rollup_activity_latency_q",
		master:     []string{"units"},
		partitions: latencyQPartitions,
		build:      buildLatencyQ,
	},
}

// latencySpans are the calendar buckets rollup_activity_latency_q keeps, in
// months: a month, a quarter, a semester, a year.
var latencySpans = []int{1, 3, 6, 12}

// latencyQPartition is the partition of the bucket of span months starting
// on start (YYYYMM × 100 + span).
func latencyQPartition(start time.Time, span int) uint64 {
	return uint64(start.Year()*100+int(start.Month()))*100 + uint64(span)
}

// calendarBucketStart is the first day of the bucket of span months (1, 3,
// 6 or 12) holding day d.
func calendarBucketStart(d time.Time, span int) time.Time {
	m := (int(d.Month())-1)/span*span + 1
	return time.Date(d.Year(), time.Month(m), 1, 0, 0, 0, 0, WITA)
}

// latencyQPartitions are the buckets of every span holding the months.
func latencyQPartitions(months []uint32) []uint64 {
	var out []uint64
	for _, m := range months {
		first := time.Date(int(m/100), time.Month(m%100), 1, 0, 0, 0, 0, WITA)
		for _, span := range latencySpans {
			out = append(out, latencyQPartition(calendarBucketStart(first, span), span))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// buildLatencyQ fills rollup_activity_latency_q_staging with the buckets
// of the given partitions: one statement per span and year, so that no
// statement holds more than a year of latencies.
func buildLatencyQ(ctx context.Context, db warehouse.DB, parts []uint64) error {
	type key struct{ span, year int }
	buckets := map[key][]string{}
	var keys []key
	for _, p := range parts {
		span, ym := int(p%100), int(p/100)
		k := key{span, ym / 100}
		if _, ok := buckets[k]; !ok {
			keys = append(keys, k)
		}
		buckets[k] = append(buckets[k], fmt.Sprintf("%04d-%02d-01", ym/100, ym%100))
	}
	for _, k := range keys {
		var months []string
		for _, b := range buckets[k] {
			start, err := time.ParseInLocation(time.DateOnly, b, WITA)
			if err != nil {
				return err
			}
			for i := 0; i < k.span; i++ {
				months = append(months, start.AddDate(0, i, 0).Format(time.DateOnly))
			}
		}
		if err := db.Exec(ctx, mustSQL("rollup_activity_latency_q_build.sql"),
			warehouse.Params{"span": k.span, "buckets": buckets[k], "months": months}); err != nil {
			return fmt.Errorf("span %d, %d: %w", k.span, k.year, err)
		}
	}
	return nil
}
