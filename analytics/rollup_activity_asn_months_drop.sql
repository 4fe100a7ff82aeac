-- Empty one month (partition YYYYMM) of rollup_activity_asn_months: it has no reported days any more.
ALTER TABLE rollup_activity_asn_months DROP PARTITION {partition:UInt64}
