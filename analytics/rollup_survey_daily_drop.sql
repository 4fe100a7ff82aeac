-- Empty one month (YYYYMM) of rollup_survey_daily: its raw rows are gone.
ALTER TABLE rollup_survey_daily DROP PARTITION {month:UInt32}
