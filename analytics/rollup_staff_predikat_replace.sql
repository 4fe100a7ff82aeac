-- Swap one year of rollup_staff_predikat in from its staging table (atomic).
ALTER TABLE rollup_staff_predikat REPLACE PARTITION {month:UInt32} FROM rollup_staff_predikat_staging
