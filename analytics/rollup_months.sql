-- The months a rollup was built from, with their rows and checksums.
SELECT month, rows, checksum
FROM rollup_months FINAL
WHERE rollup = {rollup:String} AND rows > 0
