-- Whether the staff rollups hold the given year (rollup_staff_check.sql
-- decides which years they keep).
SELECT count()
FROM rollup_months FINAL
WHERE rollup = 'staff' AND month = {year:UInt32} AND rows > 0
