-- One ingest run by id.
SELECT toString(id), source, dataset, kind, location, status, started, finished,
       rows_read, rows_accepted, rows_rejected, rows_unchanged, error, notes
FROM ingest_runs FINAL
WHERE id = {id:UUID}
