-- rollup_activity_report_days for the given months: per report unit and
-- activity date, the counts compliance_reports.sql takes from the raw rows,
-- with the reports per day of submission (offset from the activity date to
-- the WITA day of submitted_at) as two arrays.
INSERT INTO rollup_activity_report_days_staging
SELECT
    unit_code,
    activity_date,
    toUInt32(sum(n)),
    toUInt32(sum(n_reviewed)),
    toUInt32(sum(n_returned)),
    toUInt32(sum(n_latency)),
    groupArray(offset),
    groupArray(toUInt32(n))
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
