-- Runs still marked running that started before a time: after the process
-- that ran them stopped (killed, crashed), they would stay running forever.
SELECT toString(id), source, dataset, kind, location, status, started, finished,
       rows_read, rows_accepted, rows_rejected, rows_unchanged, error, notes
FROM ingest_runs FINAL
WHERE status = 'running' AND started < {before:DateTime64(3, 'UTC')}
ORDER BY started
