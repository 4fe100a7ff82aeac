-- Swap one month (YYYYMM) of rollup_activity_reports in from its staging table (atomic).
ALTER TABLE rollup_activity_reports REPLACE PARTITION {month:UInt32} FROM rollup_activity_reports_staging
