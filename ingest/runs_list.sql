-- Ingest runs, newest first, optionally of one source (admin page, CLI).
SELECT toString(id), source, dataset, kind, location, status, started, finished,
       rows_read, rows_accepted, rows_rejected, rows_unchanged, error, notes
FROM ingest_runs FINAL
WHERE {source:String} = '' OR source = {source:String}
ORDER BY started DESC, id DESC
LIMIT {limit:UInt32} OFFSET {offset:UInt32}
