-- Empty one month (YYYYMM) of rollup_activity_reports: its raw rows are gone.
ALTER TABLE rollup_activity_reports DROP PARTITION {month:UInt32}
