-- Swap one month (YYYYMM) of rollup_survey_daily in from its staging table (atomic).
ALTER TABLE rollup_survey_daily REPLACE PARTITION {month:UInt32} FROM rollup_survey_daily_staging
