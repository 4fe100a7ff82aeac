-- Swap one month (YYYYMM) of rollup_activity_latency_hist in from its staging table (atomic).
ALTER TABLE rollup_activity_latency_hist REPLACE PARTITION {month:UInt32} FROM rollup_activity_latency_hist_staging
