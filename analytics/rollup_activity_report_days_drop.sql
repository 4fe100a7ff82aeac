-- Empty one month (YYYYMM) of rollup_activity_report_days: its raw rows are gone.
ALTER TABLE rollup_activity_report_days DROP PARTITION {month:UInt32}
