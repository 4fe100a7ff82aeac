-- Compliance rollups that answer a dashboard query in a few thousand rows
-- (analytics/rollup.go, analytics/compliance.go). Both are derived from
-- the activity rollups and the master data, and rebuilt by the rollup
-- refresh.

-- Reported ASN-days per unit of the ASN in the master data
-- (employees.unit_code) and day: of the ASN of that unit active that day,
-- how many reported an activity dated that day under any unit, under a
-- unit of their own OPD, and under their own unit (the three ways a scope
-- or filter can restrict the reports that count). The calendar is left to
-- the query: every day is kept, working or not.
CREATE TABLE IF NOT EXISTS rollup_activity_asn_days
(
    unit_code       LowCardinality(String),
    day             Date32,
    reported_any    UInt32,
    reported_agency UInt32,
    reported_unit   UInt32
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (unit_code, day);

CREATE TABLE IF NOT EXISTS rollup_activity_asn_days_staging AS rollup_activity_asn_days;

-- Approval latencies per calendar bucket (a month, quarter, semester or
-- year: span 1, 3, 6 or 12 months from bucket) and group (level all, agency
-- or unit, with the report unit's OPD from units): how many, the order
-- statistics the median and the 90th percentile interpolate between
-- (0-based ranks ⌊(n − 1)·p⌋ and ⌈(n − 1)·p⌉ of the sorted latencies, in
-- seconds), and the first and last activity date they come from. One
-- partition per bucket (YYYYMM of bucket × 100 + span).
CREATE TABLE IF NOT EXISTS rollup_activity_latency_q
(
    span       UInt8,
    bucket     Date32,
    level      LowCardinality(String),
    code       LowCardinality(String),
    n          UInt64,
    median_lo  UInt32,
    median_hi  UInt32,
    p90_lo     UInt32,
    p90_hi     UInt32,
    first_day  Date32,
    last_day   Date32
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(bucket) * 100 + span
ORDER BY (span, bucket, level, code);

CREATE TABLE IF NOT EXISTS rollup_activity_latency_q_staging AS rollup_activity_latency_q;

-- Every month of the activity rollup is to be rebuilt, and it is not fresh
-- until then.
INSERT INTO rollup_months (rollup, month, rows, checksum, _version)
SELECT rollup, month, 0, 0, toUInt64(toUnixTimestamp64Nano(now64(9))) FROM rollup_months FINAL WHERE rollup = 'activity';

INSERT INTO rollup_state (rollup, fingerprint, built_at, _version)
SELECT 'activity', 'rebuild', now64(3, 'UTC'), toUInt64(toUnixTimestamp64Nano(now64(9)));
