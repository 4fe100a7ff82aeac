-- Approval latencies of activity reports, second layout (replaces 0006's,
-- which read too much when many groups are asked at once): per report unit
-- and month of the activity date, the latencies in logarithmic buckets of
-- about 4 % of their value (lbucket = ⌊16·log2(1 + seconds)⌋, ordered as
-- the latencies are). rollup_activity_latency_hist counts them per unit,
-- month and bucket; a quantile finds its bucket there and reads only that
-- bucket's values of the units and months it needs, by primary key. Both
-- are derived from activity_reports: the old tables are dropped and the
-- activity rollup marked for a rebuild of every month.
DROP TABLE IF EXISTS rollup_activity_latency;
DROP TABLE IF EXISTS rollup_activity_latency_staging;
DROP TABLE IF EXISTS rollup_activity_latency_hours;
DROP TABLE IF EXISTS rollup_activity_latency_hours_staging;

CREATE TABLE IF NOT EXISTS rollup_activity_latency
(
    unit_code     LowCardinality(String),
    month         Date32, -- first day of the activity date's month
    lbucket       UInt16,
    activity_date Date32,
    latency       UInt32  -- seconds from submission to review, negative as 0
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(month)
ORDER BY (unit_code, month, lbucket, latency);

CREATE TABLE IF NOT EXISTS rollup_activity_latency_staging AS rollup_activity_latency;

CREATE TABLE IF NOT EXISTS rollup_activity_latency_hist
(
    unit_code LowCardinality(String),
    month     Date32,
    lbucket   UInt16,
    n         UInt64
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(month)
ORDER BY (unit_code, month, lbucket);

CREATE TABLE IF NOT EXISTS rollup_activity_latency_hist_staging AS rollup_activity_latency_hist;

INSERT INTO rollup_months (rollup, month, rows, checksum, _version)
SELECT rollup, month, 0, 0, toUInt64(toUnixTimestamp64Nano(now64(9))) FROM rollup_months FINAL WHERE rollup = 'activity';

INSERT INTO rollup_state (rollup, fingerprint, built_at, _version)
SELECT 'activity', 'rebuild', now64(3, 'UTC'), toUInt64(toUnixTimestamp64Nano(now64(9)));
