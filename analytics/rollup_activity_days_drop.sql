-- Empty one month (YYYYMM) of rollup_activity_days: its raw rows are gone.
ALTER TABLE rollup_activity_days DROP PARTITION {month:UInt32}
