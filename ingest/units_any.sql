-- Whether any unit is stored (none: a first import need not compare).
SELECT count() FROM (SELECT 1 FROM units LIMIT 1)
