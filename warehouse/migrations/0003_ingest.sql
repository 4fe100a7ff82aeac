-- The record of every ingest run and every rejected row.

-- A run is written when it starts (status running) and again when it ends;
-- read with FINAL.
CREATE TABLE IF NOT EXISTS ingest_runs
(
    id            UUID,
    source        LowCardinality(String),
    dataset       LowCardinality(String),
    kind          LowCardinality(String), -- file|inbox|http
    location      String,                 -- file names or URL
    status        LowCardinality(String), -- running|ok|partial|failed
    started       DateTime64(3, 'UTC'),
    finished      Nullable(DateTime64(3, 'UTC')),
    rows_read     UInt64,
    rows_accepted UInt64,
    rows_rejected UInt64,
    rows_unchanged UInt64,                -- accepted rows identical to what was already stored
    error         String,
    _version      UInt64
)
ENGINE = ReplacingMergeTree(_version)
ORDER BY id;

-- One rejected input row (or a whole file that could not be read: line 0).
-- raw may hold personal data: admin only.
CREATE TABLE IF NOT EXISTS ingest_rejects
(
    run_id   UUID,
    source   LowCardinality(String),
    dataset  LowCardinality(String),
    file     String,
    line     UInt64,
    column   String,
    value    String,                   -- the offending value, truncated
    reason   String,                   -- what was expected, in Bahasa Indonesia
    reason_en String,                  -- the same in English
    raw      String,                   -- the whole input row, truncated
    created  DateTime64(3, 'UTC')
)
ENGINE = MergeTree
ORDER BY (run_id, line);

-- Files already imported from an inbox, by content hash, so a file is
-- imported once whatever it is called and a changed file is imported again.
CREATE TABLE IF NOT EXISTS ingest_files
(
    source      LowCardinality(String),
    sha256      FixedString(64),
    name        String,
    size        UInt64,
    run_id      UUID,
    imported_at DateTime64(3, 'UTC'),
    _version    UInt64
)
ENGINE = ReplacingMergeTree(_version)
ORDER BY (source, sha256);

-- Per source, how far an incremental pull has got (HTTP sources).
CREATE TABLE IF NOT EXISTS ingest_watermarks
(
    source    String,
    watermark String,
    run_id    UUID,
    updated   DateTime64(3, 'UTC'),
    _version  UInt64
)
ENGINE = ReplacingMergeTree(_version)
ORDER BY source;
