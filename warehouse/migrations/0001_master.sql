-- Master data: the organisation tree (OPD → unit) and the ASN.
-- Raw tables are ReplacingMergeTree keyed by the dataset's natural key, so a
-- re-import or a correction replaces the row; read them with FINAL. Every row
-- carries the ingest run that wrote it (ingest_run_id) and a _version that
-- grows with each run (the newest row for a key wins).

CREATE TABLE IF NOT EXISTS agencies
(
    agency_code   String,
    agency_name   String,
    ingest_run_id UUID,
    ingested_at   DateTime64(3, 'UTC'),
    _version      UInt64
)
ENGINE = ReplacingMergeTree(_version)
ORDER BY agency_code;

CREATE TABLE IF NOT EXISTS units
(
    unit_code     String,
    unit_name     String,
    agency_code   LowCardinality(String),
    kind          LowCardinality(String), -- dinas|badan|kecamatan|puskesmas|sekolah|kelurahan|upt|other
    kecamatan     LowCardinality(String), -- may be empty
    ingest_run_id UUID,
    ingested_at   DateTime64(3, 'UTC'),
    _version      UInt64
)
ENGINE = ReplacingMergeTree(_version)
ORDER BY unit_code;

-- Personal data (NIP, name): shown only to roles that need it.
CREATE TABLE IF NOT EXISTS employees
(
    nip            String,
    name           String,
    employee_type  LowCardinality(String), -- PNS|PPPK
    position_class LowCardinality(String), -- jpt_madya|jpt_pratama|administrator|pengawas|pelaksana|fungsional
    position_name  String,
    golongan       LowCardinality(String), -- I/a … IV/e (PNS), empty for PPPK
    education      LowCardinality(String), -- SD … S3
    unit_code      LowCardinality(String),
    gender         LowCardinality(String), -- L|P
    birth_date     Nullable(Date32),
    active_from    Nullable(Date32),
    active_to      Nullable(Date32),       -- NULL while active
    ingest_run_id  UUID,
    ingested_at    DateTime64(3, 'UTC'),
    _version       UInt64
)
ENGINE = ReplacingMergeTree(_version)
ORDER BY nip;

-- The organisation's own predikat for a year (PermenPANRB 6/2022), which fixes
-- the allowed distribution of its employees' predikat.
CREATE TABLE IF NOT EXISTS organisation_ratings
(
    agency_code   String,
    year          UInt16,
    predikat      LowCardinality(String), -- istimewa|baik|butuh_perbaikan|kurang|sangat_kurang
    ingest_run_id UUID,
    ingested_at   DateTime64(3, 'UTC'),
    _version      UInt64
)
ENGINE = ReplacingMergeTree(_version)
ORDER BY (agency_code, year);
