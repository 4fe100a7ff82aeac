-- rollup_activity_latency_hist for the given months, counted from the
-- latencies just built into rollup_activity_latency_staging (which the
-- refresh builds first and leaves in place).
INSERT INTO rollup_activity_latency_hist_staging
SELECT unit_code, month, lbucket, count()
FROM rollup_activity_latency_staging
WHERE toYYYYMM(month) IN {months:Array(UInt32)}
GROUP BY unit_code, month, lbucket
