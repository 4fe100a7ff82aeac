-- Whether a source has any activity report stored (none: a first import
-- need not compare its rows with what is stored).
SELECT count() FROM (SELECT 1 FROM activity_reports WHERE source = {source:String} LIMIT 1)
