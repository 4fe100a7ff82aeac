-- Rollups for the dashboards (analytics/rollup.go). Each rollup is an exact
-- aggregate of one raw table read with FINAL, partitioned by month and
-- rebuilt month by month (ALTER TABLE … REPLACE PARTITION from its staging
-- table, atomic per month) for the months whose raw rows changed; a query
-- reads a rollup only while it matches the raw table it was built from,
-- and the raw table otherwise. Plain MergeTree: a month's rows are only
-- ever replaced whole.

-- SKM per unit and WITA day: respondents, per-element sums, and the sum of
-- the squared per-respondent totals (for the respondent-level variance).
CREATE TABLE IF NOT EXISTS rollup_survey_daily
(
    unit_code   LowCardinality(String),
    day         Date,
    respondents UInt64,
    s1 UInt64, s2 UInt64, s3 UInt64, s4 UInt64, s5 UInt64, s6 UInt64, s7 UInt64, s8 UInt64, s9 UInt64,
    sum_sq      UInt64
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (unit_code, day);

CREATE TABLE IF NOT EXISTS rollup_survey_daily_staging AS rollup_survey_daily;

-- Activity reports per report unit, NIP and month of the activity date:
-- bit d−1 of days is set when the ASN reported an activity dated day d.
CREATE TABLE IF NOT EXISTS rollup_activity_days
(
    unit_code LowCardinality(String),
    nip       String,
    month     Date32,
    days      UInt32
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(month)
ORDER BY (unit_code, month, nip);

CREATE TABLE IF NOT EXISTS rollup_activity_days_staging AS rollup_activity_days;

-- Activity reports per report unit, activity date and WITA day of
-- submission: the counts behind timeliness and review.
CREATE TABLE IF NOT EXISTS rollup_activity_reports
(
    unit_code     LowCardinality(String),
    activity_date Date32,
    submitted_day Date32,
    reports       UInt64,
    reviewed      UInt64,
    returned      UInt64,
    with_latency  UInt64
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(activity_date)
ORDER BY (unit_code, activity_date, submitted_day);

CREATE TABLE IF NOT EXISTS rollup_activity_reports_staging AS rollup_activity_reports;

-- Every approval latency (seconds from submission to review, reviewed
-- reports that carry reviewed_at) per report unit and activity date: exact
-- quantiles need every value, and this is the narrowest way to keep them.
CREATE TABLE IF NOT EXISTS rollup_activity_latency
(
    unit_code     LowCardinality(String),
    activity_date Date32,
    latency       UInt32
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(activity_date)
ORDER BY (unit_code, activity_date);

CREATE TABLE IF NOT EXISTS rollup_activity_latency_staging AS rollup_activity_latency;

-- Per rollup and month: the raw rows it was built from and their checksum
-- (a month whose raw rows no longer give these is rebuilt).
CREATE TABLE IF NOT EXISTS rollup_months
(
    rollup   LowCardinality(String),
    month    UInt32,
    rows     UInt64,
    checksum UInt64,
    _version UInt64
)
ENGINE = ReplacingMergeTree(_version)
ORDER BY (rollup, month);

-- Per rollup: the state of its raw table (see analytics/rollup.go) when it
-- was last brought up to date.
CREATE TABLE IF NOT EXISTS rollup_state
(
    rollup      LowCardinality(String),
    fingerprint String,
    built_at    DateTime64(3, 'UTC'),
    _version    UInt64
)
ENGINE = ReplacingMergeTree(_version)
ORDER BY rollup;
