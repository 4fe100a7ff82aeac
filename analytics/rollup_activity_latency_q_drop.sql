-- Empty one bucket (partition YYYYMM × 100 + span) of rollup_activity_latency_q: it has no latencies any more.
ALTER TABLE rollup_activity_latency_q DROP PARTITION {partition:UInt64}
