-- Stored activity reports of one source among the given ids, to tell an
-- identical re-import (unchanged, not written) from a correction.
SELECT report_id, nip, unit_code, activity_date, submitted_at, activity, output,
       quantity, status, reviewed_at, reviewer_nip
FROM activity_reports FINAL
WHERE source = {source:String}
  AND report_id IN {keys:Array(String)}
