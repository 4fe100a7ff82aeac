-- rollup_activity_latency_hours for the given months, counted from the
-- latencies just built into rollup_activity_latency_staging (which the
-- refresh builds first and leaves in place).
INSERT INTO rollup_activity_latency_hours_staging
SELECT unit_code, activity_date, lhour, count()
FROM rollup_activity_latency_staging
WHERE toYYYYMM(activity_date) IN {months:Array(UInt32)}
GROUP BY unit_code, activity_date, lhour
