-- Swap one bucket (partition YYYYMM × 100 + span) of rollup_activity_latency_q in from its staging table (atomic).
ALTER TABLE rollup_activity_latency_q REPLACE PARTITION {partition:UInt64} FROM rollup_activity_latency_q_staging
