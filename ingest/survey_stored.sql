-- Stored questionnaires of one source among the given ids, to tell an
-- identical re-import (unchanged, not written) from a correction.
SELECT response_id, unit_code, service, submitted_at,
       u1, u2, u3, u4, u5, u6, u7, u8, u9,
       gender, age, education, occupation, comment
FROM survey_responses FINAL
WHERE source = {source:String}
  AND response_id IN {keys:Array(String)}
