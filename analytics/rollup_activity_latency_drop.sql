-- Empty one month (YYYYMM) of rollup_activity_latency: its raw rows are gone.
ALTER TABLE rollup_activity_latency DROP PARTITION {month:UInt32}
