-- The months (YYYYMM partitions) a staging table holds rows for.
SELECT DISTINCT toUInt32(partition)
FROM system.parts
WHERE database = currentDatabase() AND table = {staging:String} AND active AND rows > 0
