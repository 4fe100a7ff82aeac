-- Empty one month (YYYYMM) of rollup_activity_latency_hours: its raw rows are gone.
ALTER TABLE rollup_activity_latency_hours DROP PARTITION {month:UInt32}
