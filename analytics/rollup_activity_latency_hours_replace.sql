-- Swap one month (YYYYMM) of rollup_activity_latency_hours in from its staging table (atomic).
ALTER TABLE rollup_activity_latency_hours REPLACE PARTITION {month:UInt32} FROM rollup_activity_latency_hours_staging
