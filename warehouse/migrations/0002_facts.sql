-- Facts. Natural keys in ORDER BY (source + the source's id where the source
-- has ids), so a re-import never double-counts and a correction replaces the
-- old row; read with FINAL (or argMax by _version) and, for the dashboards,
-- from the rollups that are rebuilt after each ingest run.

-- One SKM questionnaire (PermenPANRB 14/2017): U1..U9 on 1..4.
CREATE TABLE IF NOT EXISTS survey_responses
(
    source        LowCardinality(String),
    response_id   String,
    unit_code     LowCardinality(String),
    service       LowCardinality(String),
    submitted_at  DateTime('Asia/Makassar'),
    u1 UInt8, u2 UInt8, u3 UInt8, u4 UInt8, u5 UInt8, u6 UInt8, u7 UInt8, u8 UInt8, u9 UInt8,
    gender        LowCardinality(String),  -- L|P|''
    age           Nullable(UInt8),
    education     LowCardinality(String),
    occupation    LowCardinality(String),
    comment       String,                  -- personal data: free text
    ingest_run_id UUID,
    ingested_at   DateTime64(3, 'UTC'),
    _version      UInt64,
    INDEX idx_unit unit_code TYPE set(0) GRANULARITY 4,
    INDEX idx_submitted submitted_at TYPE minmax GRANULARITY 4
)
ENGINE = ReplacingMergeTree(_version)
ORDER BY (source, response_id);

-- One activity from the web reporting app (laporan kegiatan / log harian).
CREATE TABLE IF NOT EXISTS activity_reports
(
    source        LowCardinality(String),
    report_id     String,
    nip           String,
    unit_code     LowCardinality(String),
    activity_date Date32,
    submitted_at  DateTime('Asia/Makassar'),
    activity      String,
    output        String,
    quantity      Float64,
    status        LowCardinality(String),  -- submitted|approved|returned
    reviewed_at   Nullable(DateTime('Asia/Makassar')),
    reviewer_nip  String,
    ingest_run_id UUID,
    ingested_at   DateTime64(3, 'UTC'),
    _version      UInt64,
    INDEX idx_unit unit_code TYPE set(0) GRANULARITY 4,
    INDEX idx_date activity_date TYPE minmax GRANULARITY 4
)
ENGINE = ReplacingMergeTree(_version)
ORDER BY (source, report_id);

-- SKP evaluation of one ASN for one period (PermenPANRB 6/2022).
CREATE TABLE IF NOT EXISTS skp_evaluations
(
    nip            String,
    unit_code      LowCardinality(String),
    year           UInt16,
    period         LowCardinality(String), -- Q1|Q2|Q3|Q4|ANNUAL
    hasil_kerja    LowCardinality(String), -- diatas|sesuai|dibawah
    perilaku_kerja LowCardinality(String), -- diatas|sesuai|dibawah
    predikat       LowCardinality(String), -- sangat_baik|baik|butuh_perbaikan|kurang|sangat_kurang
    evaluator_nip  String,
    ingest_run_id  UUID,
    ingested_at    DateTime64(3, 'UTC'),
    _version       UInt64
)
ENGINE = ReplacingMergeTree(_version)
ORDER BY (year, period, nip);

-- One competency assessment of one ASN (PermenPANRB 38/2017), levels 1..5.
CREATE TABLE IF NOT EXISTS competency_assessments
(
    nip             String,
    competency_code LowCardinality(String),
    competency_name LowCardinality(String),
    competency_type LowCardinality(String), -- teknis|manajerial|sosial_kultural
    required_level  UInt8,
    assessed_level  UInt8,
    assessed_at     Date32,
    method          LowCardinality(String),
    ingest_run_id   UUID,
    ingested_at     DateTime64(3, 'UTC'),
    _version        UInt64
)
ENGINE = ReplacingMergeTree(_version)
ORDER BY (nip, competency_code, assessed_at);

-- One training attended by one ASN, in JP (jam pelajaran).
CREATE TABLE IF NOT EXISTS trainings
(
    training_id   String,
    nip           String,
    title         String,
    kind          LowCardinality(String), -- teknis|fungsional|kepemimpinan|seminar|workshop|kursus|elearning
    jp            Decimal(9, 2),
    start_date    Date32,
    end_date      Date32,
    provider      String,
    ingest_run_id UUID,
    ingested_at   DateTime64(3, 'UTC'),
    _version      UInt64
)
ENGINE = ReplacingMergeTree(_version)
ORDER BY (training_id, nip);
