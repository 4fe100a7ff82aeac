-- Swap one year of rollup_staff_asn in from its staging table (atomic).
ALTER TABLE rollup_staff_asn REPLACE PARTITION {month:UInt32} FROM rollup_staff_asn_staging
