-- rollup_survey_daily for the given months: per unit and WITA day the sums
-- ikm.sql computes from the raw rows.
INSERT INTO rollup_survey_daily_staging
SELECT
    unit_code,
    toDate(submitted_at) AS day,
    count(),
    sum(u1), sum(u2), sum(u3), sum(u4), sum(u5), sum(u6), sum(u7), sum(u8), sum(u9),
    sum(toUInt64(u1 + u2 + u3 + u4 + u5 + u6 + u7 + u8 + u9) * (u1 + u2 + u3 + u4 + u5 + u6 + u7 + u8 + u9))
FROM survey_responses FINAL
WHERE toYYYYMM(submitted_at) IN {months:Array(UInt32)}
GROUP BY unit_code, day
