-- First and last day (WITA) with survey responses. Read without FINAL on
-- purpose: min and max do not change when duplicates merge, and the count is
-- only used to tell "no data at all" from "no data in this period".
SELECT
    count() AS responses,
    min(toDate(submitted_at)) AS first_day,
    max(toDate(submitted_at)) AS last_day
FROM survey_responses
