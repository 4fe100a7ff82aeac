-- How far an HTTP source's pulls have got.
SELECT watermark, updated
FROM ingest_watermarks FINAL
WHERE source = {source:String}
