-- Notes of an ingest run that are not errors (columns ignored in a file,
-- agencies written, …), one per line, for the admin page and the CLI.
ALTER TABLE ingest_runs ADD COLUMN IF NOT EXISTS notes String AFTER error;
