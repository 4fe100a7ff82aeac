-- Stored competency assessments of the given employees (every competency
-- and date), to tell an identical re-import (unchanged, not written) from
-- a correction. The caller keeps only its keys.
SELECT nip, competency_code, competency_name, competency_type, required_level, assessed_level, assessed_at, method
FROM competency_assessments FINAL
WHERE nip IN {nips:Array(String)}
