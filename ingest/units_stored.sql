-- Stored units among the given codes, to tell an identical re-import
-- (unchanged, not written) from a correction.
SELECT unit_code, unit_name, agency_code, kind, kecamatan
FROM units FINAL
WHERE unit_code IN {keys:Array(String)}
