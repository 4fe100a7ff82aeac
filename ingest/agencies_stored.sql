-- Stored agencies among the given codes.
SELECT agency_code, agency_name
FROM agencies FINAL
WHERE agency_code IN {keys:Array(String)}
