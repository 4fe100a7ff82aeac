-- ikm.sql from rollup_survey_daily (see rollup.go): the same sums per
-- group, summed from per-unit-and-day sums instead of the questionnaires.
SELECT
    multiIf({by:String} = 'agency', u.agency_code, {by:String} = 'unit', s.unit_code, 'ALL') AS code,
    sum(s.respondents) AS respondents,
    sum(s.s1), sum(s.s2), sum(s.s3), sum(s.s4), sum(s.s5), sum(s.s6), sum(s.s7), sum(s.s8), sum(s.s9),
    toFloat64(sum(s.sum_sq)) AS sum_sq,
    arraySort(groupUniqArray(s.unit_code)) AS units -- for the service-user population
FROM rollup_survey_daily AS s
LEFT JOIN (SELECT unit_code, agency_code FROM units FINAL) AS u ON u.unit_code = s.unit_code
WHERE s.day BETWEEN {from:Date} AND {to:Date}
  AND ({scope_agency:String} = '' OR u.agency_code = {scope_agency:String})
  AND ({scope_unit:String} = '' OR s.unit_code = {scope_unit:String})
  AND ({agency:String} = '' OR u.agency_code = {agency:String})
  AND ({unit:String} = '' OR s.unit_code = {unit:String})
GROUP BY code
