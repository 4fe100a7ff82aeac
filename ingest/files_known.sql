-- Which of the given contents (SHA-256, hex) a source has already imported.
SELECT sha256
FROM ingest_files FINAL
WHERE source = {source:String}
  AND sha256 IN {hashes:Array(String)}
