-- rollup_activity_report_days for the given months: per report unit and
-- activity date, the counts compliance_reports.sql takes from the raw rows,
-- with the reports per day of submission (offset from the activity date to
-- the WITA day of submitted_at) as two arrays, the reports submitted
-- before the activity date (early), and the reports submitted fewer than k
-- days after it for k = 0, 1, … up to one past the latest offset
-- (submitted_within[k + 1]; see migration 0011).
INSERT INTO rollup_activity_report_days_staging
    (unit_code, activity_date, reports, reviewed, returned, with_latency, offsets, counts, early, submitted_within)
SELECT
    unit_code,
    activity_date,
    toUInt32(sum(n)),
    toUInt32(sum(n_reviewed)),
    toUInt32(sum(n_returned)),
    toUInt32(sum(n_latency)),
    groupArray(offset) AS offs,
    groupArray(toUInt32(n)) AS ns,
    toUInt32(sumIf(n, offset < 0)),
    arrayMap(k -> toUInt32(arraySum(arrayMap((o, c) -> if(o >= 0 AND o < k, c, 0), offs, ns))),
             range(toUInt32(greatest(arrayMax(offs), -1) + 2)))
FROM
(
    SELECT
        unit_code,
        activity_date,
        toInt32(dateDiff('day', activity_date, toDate32(submitted_at))) AS offset,
        count() AS n,
        countIf(status IN ('approved', 'returned')) AS n_reviewed,
        countIf(status = 'returned') AS n_returned,
        countIf(status IN ('approved', 'returned') AND reviewed_at IS NOT NULL) AS n_latency
    FROM activity_reports FINAL
    WHERE toYYYYMM(activity_date) IN {months:Array(UInt32)}
    GROUP BY unit_code, activity_date, offset
)
GROUP BY unit_code, activity_date
