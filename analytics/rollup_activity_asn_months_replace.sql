-- Swap one month (partition YYYYMM) of rollup_activity_asn_months in from its staging table (atomic).
ALTER TABLE rollup_activity_asn_months REPLACE PARTITION {partition:UInt64} FROM rollup_activity_asn_months_staging
