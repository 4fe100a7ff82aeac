-- The rejects of one run, by file and line.
SELECT file, line, column, value, reason, reason_en, raw
FROM ingest_rejects
WHERE run_id = {run:UUID}
ORDER BY file, line, column
LIMIT {limit:UInt32} OFFSET {offset:UInt32}
