-- rollup_activity_days for the given months: per report unit, NIP and
-- month, the days of the month with at least one report (bit d−1 = day d),
-- whatever their status.
INSERT INTO rollup_activity_days_staging
SELECT
    unit_code,
    nip,
    toDate32(toStartOfMonth(activity_date)) AS month,
    groupBitOr(bitShiftLeft(toUInt32(1), toDayOfMonth(activity_date) - 1))
FROM activity_reports FINAL
WHERE toYYYYMM(activity_date) IN {months:Array(UInt32)}
GROUP BY unit_code, nip, month
