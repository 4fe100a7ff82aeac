-- Whether a table holds any row (none: a first import need not compare
-- its rows with what is stored). The table name is an Identifier parameter.
SELECT count() FROM (SELECT 1 FROM {table:Identifier} LIMIT 1)
