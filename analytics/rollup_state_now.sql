-- The state of the tables a rollup reads, and the state it was last
-- brought up to date with, in one query (analytics/rollup.go).
--
-- kind 'parts': per table, from its active parts, three numbers no
-- background merge changes: the newest insert block (max_block_number: an
-- insert always takes a new, larger one; a merged part keeps the largest
-- of its parts); the number of insert blocks the parts cover (a merged
-- part covers exactly the blocks of the parts it replaces, so the sum
-- changes only when a part appears, disappears or is dropped: e.g. DROP
-- PARTITION of an old month); and the newest mutation applied (ALTER …
-- DELETE/UPDATE, DELETE FROM: a part's data_version is the mutation's
-- number, larger than its first block, and merges keep the largest; an
-- unmutated part's data_version is its first block and counts as 0).
-- Emptying a table (TRUNCATE) drops every part: no row.
-- kind 'mutating': a table with a mutation not yet applied to every part
-- (its parts change one by one while it runs).
-- kind 'recorded': the fingerprint rollup_state holds for the rollup;
-- kind 'version': the largest version recorded for it (0 when none).
SELECT
    'parts' AS kind,
    table,
    toString(max(max_block_number)) || ':' || toString(sum(max_block_number - min_block_number + 1))
        || ':' || toString(max(if(data_version > min_block_number, data_version, 0))) AS value
FROM system.parts
WHERE database = currentDatabase() AND active AND table IN {tables:Array(String)}
GROUP BY table
UNION ALL
SELECT 'mutating' AS kind, table, toString(count()) AS value
FROM system.mutations
WHERE database = currentDatabase() AND table IN {tables:Array(String)} AND NOT is_done
GROUP BY table
UNION ALL
SELECT 'recorded' AS kind, '' AS table, fingerprint AS value
FROM rollup_state FINAL
WHERE rollup = {rollup:String}
UNION ALL
SELECT 'version' AS kind, '' AS table, toString(max(_version)) AS value
FROM rollup_state
WHERE rollup = {rollup:String}
