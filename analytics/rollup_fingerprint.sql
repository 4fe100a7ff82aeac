-- The state of raw tables as their active parts show it, in a way
-- background merges leave alone: per table the newest insert block
-- (max_block_number: an insert always takes a new, larger one; a merged
-- part keeps the largest of its parts) and the newest mutation applied
-- (ALTER … DELETE/UPDATE: a part's data_version is the mutation's number,
-- larger than its first block, and merges keep the largest; an unmutated
-- part's data_version is its first block and counts as 0). Emptying a
-- table (TRUNCATE) drops every part. Hand-dropping one part of a raw table
-- is not seen; the application never does.
SELECT
    table,
    toString(max(max_block_number)) || ':' || toString(max(if(data_version > min_block_number, data_version, 0))) AS fingerprint
FROM system.parts
WHERE database = currentDatabase() AND active AND table IN {tables:Array(String)}
GROUP BY table
