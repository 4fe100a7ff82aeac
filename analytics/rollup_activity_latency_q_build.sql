-- rollup_activity_latency_q for the buckets of one span (1, 3, 6 or 12
-- months) that start on {buckets}, from rollup_activity_latency (already up
-- to date for {months}, the months of those buckets) and units: per bucket
-- and group (the whole Pemda, each OPD of the report unit, each report
-- unit) the number of latencies, the values at the 0-based ranks
-- ⌊(n − 1)·p⌋ and ⌈(n − 1)·p⌉ of the sorted latencies for p = 0,5 and 0,9
-- (Go interpolates between them as the engine's
-- quantilesExactWeightedInterpolated does; see compliance_latency.go), and
-- the first and last activity date. (n − 1)·p is the same float64 product
-- Go computes. grouping() is 3 for the whole Pemda, 1 per OPD, 2 per unit.
INSERT INTO rollup_activity_latency_q_staging
    (span, bucket, level, code, n, median_lo, median_hi, p90_lo, p90_hi, first_day, last_day)
WITH arraySort(groupArray(latency)) AS v
SELECT
    {span:UInt8} AS span,
    bucket,
    multiIf(grouping(agency_code, unit_code) = 3, 'all', grouping(agency_code, unit_code) = 1, 'agency', 'unit') AS level,
    multiIf(level = 'all', 'ALL', level = 'agency', agency_code, unit_code) AS code,
    length(v) AS n,
    v[toUInt64(floor((n - 1) * 0.5)) + 1] AS median_lo,
    v[toUInt64(ceil((n - 1) * 0.5)) + 1] AS median_hi,
    v[toUInt64(floor((n - 1) * 0.9)) + 1] AS p90_lo,
    v[toUInt64(ceil((n - 1) * 0.9)) + 1] AS p90_hi,
    min(activity_date) AS first_day,
    max(activity_date) AS last_day
FROM
(
    SELECT
        multiIf({span:UInt8} = 1, l.month,
                {span:UInt8} = 3, toDate32(toStartOfQuarter(l.month)),
                {span:UInt8} = 6, toDate32(addMonths(toStartOfYear(l.month), if(toMonth(l.month) <= 6, 0, 6))),
                toDate32(toStartOfYear(l.month))) AS bucket,
        l.latency AS latency,
        l.activity_date AS activity_date,
        u.agency_code AS agency_code,
        l.unit_code AS unit_code
    FROM rollup_activity_latency AS l
    LEFT JOIN (SELECT unit_code, agency_code FROM units FINAL) AS u ON u.unit_code = l.unit_code
    WHERE l.month IN {months:Array(Date32)}
)
WHERE has({buckets:Array(Date32)}, bucket)
GROUP BY GROUPING SETS ((bucket), (bucket, agency_code), (bucket, unit_code))
SETTINGS group_by_use_nulls = 0
