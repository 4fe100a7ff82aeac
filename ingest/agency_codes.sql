-- The agencies (OPD) a row may name (validation of organisation ratings).
SELECT DISTINCT agency_code
FROM agencies FINAL
