-- Per month (WITA) of submitted_at: the questionnaires and a checksum of
-- everything rollup_survey_daily is built from.
SELECT
    toYYYYMM(submitted_at) AS month,
    count() AS rows,
    sum(cityHash64(source, response_id, unit_code, submitted_at, u1, u2, u3, u4, u5, u6, u7, u8, u9)) AS checksum
FROM survey_responses FINAL
GROUP BY month
