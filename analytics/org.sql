-- The organisation tree for filters and labels: every OPD (agency) and every
-- unit with its OPD. An agency that only appears through its units is listed
-- with its code as name (see Service.Organisation).
SELECT 'agency' AS kind, agency_code AS code, agency_name AS name, agency_code AS agency, '' AS unit_kind
FROM agencies FINAL
UNION ALL
SELECT 'unit', unit_code, unit_name, agency_code, kind
FROM units FINAL
