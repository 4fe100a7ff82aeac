-- Swap one year of rollup_staff_competency in from its staging table (atomic).
ALTER TABLE rollup_staff_competency REPLACE PARTITION {month:UInt32} FROM rollup_staff_competency_staging
