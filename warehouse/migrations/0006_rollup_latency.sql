-- Approval latencies of activity reports for exact quantiles in two steps
-- (analytics/compliance_latency.go): the counts per whole hour of latency
-- (rollup_activity_latency_hours) say which hour holds the wanted rank, and
-- only that hour's values are read from rollup_activity_latency, which is
-- sorted for it. Both are derived from activity_reports and rebuilt by the
-- rollup refresh: the old table is dropped and the activity rollup marked
-- for a rebuild of every month.
DROP TABLE IF EXISTS rollup_activity_latency;
DROP TABLE IF EXISTS rollup_activity_latency_staging;

CREATE TABLE IF NOT EXISTS rollup_activity_latency
(
    unit_code     LowCardinality(String),
    lhour         UInt32, -- whole hours of latency: intDiv(latency, 3600)
    activity_date Date32,
    latency       UInt32  -- seconds from submission to review, negative as 0
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(activity_date)
ORDER BY (unit_code, lhour, activity_date, latency);

CREATE TABLE IF NOT EXISTS rollup_activity_latency_staging AS rollup_activity_latency;

CREATE TABLE IF NOT EXISTS rollup_activity_latency_hours
(
    unit_code     LowCardinality(String),
    activity_date Date32,
    lhour         UInt32,
    n             UInt64
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(activity_date)
ORDER BY (unit_code, activity_date, lhour);

CREATE TABLE IF NOT EXISTS rollup_activity_latency_hours_staging AS rollup_activity_latency_hours;

-- Every month of the activity rollup is to be rebuilt, and it is not fresh
-- until then.
INSERT INTO rollup_months (rollup, month, rows, checksum, _version)
SELECT rollup, month, 0, 0, toUInt64(toUnixTimestamp64Nano(now64(9))) FROM rollup_months FINAL WHERE rollup = 'activity';

INSERT INTO rollup_state (rollup, fingerprint, built_at, _version)
SELECT 'activity', 'rebuild', now64(3, 'UTC'), toUInt64(toUnixTimestamp64Nano(now64(9)));
