-- rollup_activity_reports for the given months: the counts
-- compliance_reports.sql takes from the raw rows, per report unit,
-- activity date and WITA day of submission.
INSERT INTO rollup_activity_reports_staging
SELECT
    unit_code,
    activity_date,
    toDate32(submitted_at) AS submitted_day,
    count(),
    countIf(status IN ('approved', 'returned')),
    countIf(status = 'returned'),
    countIf(status IN ('approved', 'returned') AND reviewed_at IS NOT NULL)
FROM activity_reports FINAL
WHERE toYYYYMM(activity_date) IN {months:Array(UInt32)}
GROUP BY unit_code, activity_date, submitted_day
