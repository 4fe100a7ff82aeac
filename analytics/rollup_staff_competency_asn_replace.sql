-- Swap one year of rollup_staff_competency_asn in from its staging table (atomic).
ALTER TABLE rollup_staff_competency_asn REPLACE PARTITION {month:UInt32} FROM rollup_staff_competency_asn_staging
