-- Stored ratings of the given agencies (every year), to tell an identical
-- re-import (unchanged, not written) from a correction.
SELECT agency_code, year, predikat
FROM organisation_ratings FINAL
WHERE agency_code IN {codes:Array(String)}
