-- Compliance rollups read in a handful of rows per unit and month or day
-- (analytics/rollup_activity.go, analytics/compliance_*_rollup.sql).
--
-- rollup_activity_report_days gains, per report unit and activity date,
-- the reports submitted before the activity date (early) and, for k = 0,
-- 1, … up to one past the latest day of submission, the reports submitted
-- fewer than k days after the activity date (submitted_within[k + 1]): a
-- query counts the reports submitted before the first and the second
-- working day after the activity date (delay 0, delay 1) with two lookups,
-- whatever the calendar.
ALTER TABLE rollup_activity_report_days ADD COLUMN IF NOT EXISTS early UInt32;
ALTER TABLE rollup_activity_report_days ADD COLUMN IF NOT EXISTS submitted_within Array(UInt32);
ALTER TABLE rollup_activity_report_days_staging ADD COLUMN IF NOT EXISTS early UInt32;
ALTER TABLE rollup_activity_report_days_staging ADD COLUMN IF NOT EXISTS submitted_within Array(UInt32);

-- rollup_activity_asn_months replaces 0008's rollup_activity_asn_days (one
-- row per unit and day): per unit of the ASN in the master data and month,
-- for each day of the month (element d = day d, 31 elements), the ASN of
-- that unit active that day who reported an activity dated that day under
-- any unit, under a unit of their own OPD, and under their own unit.
DROP TABLE IF EXISTS rollup_activity_asn_days;
DROP TABLE IF EXISTS rollup_activity_asn_days_staging;

CREATE TABLE IF NOT EXISTS rollup_activity_asn_months
(
    unit_code       LowCardinality(String),
    month           Date32,
    reported_any    Array(UInt32),
    reported_agency Array(UInt32),
    reported_unit   Array(UInt32)
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(month)
ORDER BY (unit_code, month);

CREATE TABLE IF NOT EXISTS rollup_activity_asn_months_staging AS rollup_activity_asn_months;

-- Every month of the activity rollup is to be rebuilt, and it is not fresh
-- until then.
INSERT INTO rollup_months (rollup, month, rows, checksum, _version)
SELECT rollup, month, 0, 0, toUInt64(toUnixTimestamp64Nano(now64(9))) FROM rollup_months FINAL WHERE rollup = 'activity';

INSERT INTO rollup_state (rollup, fingerprint, built_at, _version)
SELECT 'activity', 'rebuild', now64(3, 'UTC'), toUInt64(toUnixTimestamp64Nano(now64(9)));
