-- Stored participations in the given trainings (every participant), to
-- tell an identical re-import (unchanged, not written) from a correction.
-- The caller keeps only its keys.
SELECT training_id, nip, title, kind, jp, start_date, end_date, provider
FROM trainings FINAL
WHERE training_id IN {ids:Array(String)}
