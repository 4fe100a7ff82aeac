-- The state of raw tables as their active parts show it: per table the
-- number of insert blocks its parts cover, the newest block and the newest
-- mutation. Merges keep all three (a merged part covers the blocks of the
-- parts it replaces); an insert, a mutation (ALTER … DELETE/UPDATE) or a
-- dropped part changes at least one. A changed fingerprint means "maybe
-- changed": the rollup then checks its months (rollup_*_check.sql).
SELECT
    table,
    toString(sum(max_block_number - min_block_number + 1)) || ':' || toString(max(max_block_number)) || ':' || toString(max(data_version)) AS fingerprint
FROM system.parts
WHERE database = currentDatabase() AND active AND table IN {tables:Array(String)}
GROUP BY table
