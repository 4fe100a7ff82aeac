-- The partitions (a month YYYYMM, or what a derived table partitions by) a
-- staging table holds rows for.
SELECT DISTINCT toUInt64(partition)
FROM system.parts
WHERE database = currentDatabase() AND table = {staging:String} AND active AND rows > 0
