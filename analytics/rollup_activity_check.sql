-- Per month of activity_date: the reports and a checksum of everything the
-- activity rollups are built from.
SELECT
    toYYYYMM(activity_date) AS month,
    count() AS rows,
    sum(cityHash64(source, report_id, nip, unit_code, activity_date, submitted_at, status, ifNull(toString(reviewed_at), '-'))) AS checksum
FROM activity_reports FINAL
GROUP BY month
