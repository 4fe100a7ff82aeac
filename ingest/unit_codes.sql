-- The units a survey row may name (validation of survey imports).
SELECT DISTINCT unit_code
FROM units FINAL
