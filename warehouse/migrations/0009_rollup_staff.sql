-- Staff rollups (analytics/rollup_staff.go): exact aggregates of the
-- ASN datasets (employees, units, competency_assessments, trainings,
-- skp_evaluations) per calendar year, partitioned by year and rebuilt a
-- year at a time (ALTER TABLE … REPLACE PARTITION from the staging table)
-- for the years whose inputs changed. Nothing here depends on the
-- analytics configuration: the queries apply it when they read.

-- One row per ASN active in the year (employees FINAL, grouped by the
-- employees record's unit): the facts the training, IP ASN and
-- competency queries need.
CREATE TABLE IF NOT EXISTS rollup_staff_asn
(
    year           UInt16,
    agency_code    LowCardinality(String),
    unit_code      LowCardinality(String),
    nip            String,
    employee_type  LowCardinality(String),
    position_class LowCardinality(String),
    position_name  String,
    education      LowCardinality(String),
    -- SKP of the year: the ANNUAL evaluation, else the latest quarter ('' without).
    predikat       LowCardinality(String),
    -- Trainings that ended by the year's end: the titles of the
    -- kepemimpinan ones and the number of fungsional ones.
    leadership     Array(String),
    functional     UInt32,
    -- Trainings that ended in the year or the nine before, per kind and
    -- year of their end: JP and count.
    tr_kind        Array(LowCardinality(String)),
    tr_year        Array(UInt16),
    tr_jp          Array(Decimal(38, 2)),
    tr_n           Array(UInt32),
    -- The latest assessment of each competency by the year's end.
    c_code         Array(LowCardinality(String)),
    c_name         Array(LowCardinality(String)),
    c_type         Array(LowCardinality(String)),
    c_required     Array(UInt8),
    c_assessed     Array(UInt8)
)
ENGINE = MergeTree
PARTITION BY year
ORDER BY (year, agency_code, unit_code, nip);

CREATE TABLE IF NOT EXISTS rollup_staff_asn_staging AS rollup_staff_asn;

-- Those latest assessments counted per unit, competency, required level in
-- the data and assessed level. Where the position decides the required
-- level (a manajerial competency without one in the data), the position
-- class and, for fungsional, the lower-case position name are kept, so
-- that the configured standards apply when the table is read.
CREATE TABLE IF NOT EXISTS rollup_staff_competency
(
    year            UInt16,
    agency_code     LowCardinality(String),
    unit_code       LowCardinality(String),
    competency_type LowCardinality(String),
    competency_code LowCardinality(String),
    competency_name LowCardinality(String),
    required_level  UInt8,
    position_class  LowCardinality(String),
    position_key    LowCardinality(String),
    assessed_level  UInt8,
    n               UInt64
)
ENGINE = MergeTree
PARTITION BY year
ORDER BY (year, agency_code, unit_code, competency_type, competency_code);

CREATE TABLE IF NOT EXISTS rollup_staff_competency_staging AS rollup_staff_competency;

-- ASN per unit and competency type by what decides whether they are below
-- a standard: in the competencies with a required level in the data, any
-- standard (data_std) and any below it (data_below); in those whose level
-- the position gives (cfg), the lowest assessed level (cfg_min) and the
-- position.
CREATE TABLE IF NOT EXISTS rollup_staff_competency_asn
(
    year            UInt16,
    agency_code     LowCardinality(String),
    unit_code       LowCardinality(String),
    competency_type LowCardinality(String),
    data_std        UInt8,
    data_below      UInt8,
    cfg             UInt8,
    cfg_min         UInt8,
    position_class  LowCardinality(String),
    position_key    LowCardinality(String),
    n               UInt64
)
ENGINE = MergeTree
PARTITION BY year
ORDER BY (year, agency_code, unit_code, competency_type);

CREATE TABLE IF NOT EXISTS rollup_staff_competency_asn_staging AS rollup_staff_competency_asn;

-- SKP evaluations of the year per evaluated unit (each ASN's ANNUAL, else
-- latest quarter): evaluated ASN and those with a low predikat.
CREATE TABLE IF NOT EXISTS rollup_staff_predikat
(
    year        UInt16,
    agency_code LowCardinality(String),
    unit_code   LowCardinality(String),
    evaluated   UInt64,
    low         UInt64
)
ENGINE = MergeTree
PARTITION BY year
ORDER BY (year, agency_code, unit_code);

CREATE TABLE IF NOT EXISTS rollup_staff_predikat_staging AS rollup_staff_predikat;
