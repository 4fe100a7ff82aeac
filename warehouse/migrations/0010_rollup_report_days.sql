-- Activity reports per report unit and activity date, with the days of
-- submission as arrays (analytics/rollup.go, compliance_reports_rollup.sql):
-- the counts behind timeliness and review in one row per unit and day,
-- about ten times fewer rows than 0005's rollup_activity_reports (one row
-- per unit, activity date and day of submission), which it replaces.
-- offsets[i] is the number of days from the activity date to the WITA day
-- of submission (negative when submitted before), counts[i] the reports
-- submitted that day. Built from activity_reports by the rollup refresh:
-- the activity rollup is marked for a rebuild of every month.
DROP TABLE IF EXISTS rollup_activity_reports;
DROP TABLE IF EXISTS rollup_activity_reports_staging;

CREATE TABLE IF NOT EXISTS rollup_activity_report_days
(
    unit_code     LowCardinality(String),
    activity_date Date32,
    reports       UInt32,
    reviewed      UInt32, -- approved or returned
    returned      UInt32,
    with_latency  UInt32, -- reviewed, with reviewed_at
    offsets       Array(Int32),
    counts        Array(UInt32)
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(activity_date)
ORDER BY (unit_code, activity_date);

CREATE TABLE IF NOT EXISTS rollup_activity_report_days_staging AS rollup_activity_report_days;

INSERT INTO rollup_months (rollup, month, rows, checksum, _version)
SELECT rollup, month, 0, 0, toUInt64(toUnixTimestamp64Nano(now64(9))) FROM rollup_months FINAL WHERE rollup = 'activity';

INSERT INTO rollup_state (rollup, fingerprint, built_at, _version)
SELECT 'activity', 'rebuild', now64(3, 'UTC'), toUInt64(toUnixTimestamp64Nano(now64(9)));
