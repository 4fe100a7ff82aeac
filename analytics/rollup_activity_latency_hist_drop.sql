-- Empty one month (YYYYMM) of rollup_activity_latency_hist: its raw rows are gone.
ALTER TABLE rollup_activity_latency_hist DROP PARTITION {month:UInt32}
