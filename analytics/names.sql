-- Display names and the OPD of every unit and agency.
SELECT 'agency' AS kind, agency_code AS code, agency_name AS name, agency_code AS agency
FROM agencies FINAL
UNION ALL
SELECT 'unit', unit_code, unit_name, agency_code
FROM units FINAL
