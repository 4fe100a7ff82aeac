-- The newest run of every source (scheduler catch-up, admin page).
SELECT toString(id), source, dataset, kind, location, status, started, finished,
       rows_read, rows_accepted, rows_rejected, rows_unchanged, error, notes
FROM ingest_runs FINAL
ORDER BY started DESC, id DESC
LIMIT 1 BY source
