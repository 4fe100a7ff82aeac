-- Whether a source has any questionnaire stored (none: a first import
-- need not compare its rows with what is stored).
SELECT count() FROM (SELECT 1 FROM survey_responses WHERE source = {source:String} LIMIT 1)
