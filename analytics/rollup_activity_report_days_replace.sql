-- Swap one month (YYYYMM) of rollup_activity_report_days in from its staging table (atomic).
ALTER TABLE rollup_activity_report_days REPLACE PARTITION {month:UInt32} FROM rollup_activity_report_days_staging
