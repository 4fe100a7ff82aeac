-- Empty one month (partition YYYYMM) of rollup_activity_asn_days: it has no reported days any more.
ALTER TABLE rollup_activity_asn_days DROP PARTITION {partition:UInt64}
