-- How many rejects (cells, rows or files) one run recorded.
SELECT count()
FROM ingest_rejects
WHERE run_id = {run:UUID}
