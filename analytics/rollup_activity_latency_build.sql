-- rollup_activity_latency for the given months: the approval latency in
-- seconds (negative as 0) of every reviewed report that carries
-- reviewed_at, with its month and logarithmic bucket (about 4 % wide,
-- ordered as the latencies: see migration 0007).
INSERT INTO rollup_activity_latency_staging
SELECT
    unit_code,
    toDate32(toStartOfMonth(activity_date)) AS month,
    toUInt16(floor(16 * log2(1 + latency))) AS lbucket,
    activity_date,
    latency
FROM
(
    SELECT unit_code, activity_date,
           toUInt32(greatest(toInt64(dateDiff('second', submitted_at, assumeNotNull(reviewed_at))), 0)) AS latency
    FROM activity_reports FINAL
    WHERE toYYYYMM(activity_date) IN {months:Array(UInt32)}
      AND status IN ('approved', 'returned')
      AND reviewed_at IS NOT NULL
)
