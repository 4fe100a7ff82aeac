-- IKM sums per group and per period bucket (month, quarter, semester, year
-- in WITA: submitted_at is a DateTime('Asia/Makassar')).
SELECT
    multiIf({by:String} = 'agency', u.agency_code, {by:String} = 'unit', s.unit_code, 'ALL') AS code,
    multiIf({grain:String} = 'month', toStartOfMonth(s.submitted_at),
            {grain:String} = 'quarter', toStartOfQuarter(s.submitted_at),
            {grain:String} = 'semester', addMonths(toStartOfYear(s.submitted_at), if(toMonth(s.submitted_at) <= 6, 0, 6)),
            toStartOfYear(s.submitted_at)) AS bucket,
    count() AS respondents,
    sum(s.u1), sum(s.u2), sum(s.u3), sum(s.u4), sum(s.u5), sum(s.u6), sum(s.u7), sum(s.u8), sum(s.u9),
    toFloat64(sum(toUInt32(s.u1 + s.u2 + s.u3 + s.u4 + s.u5 + s.u6 + s.u7 + s.u8 + s.u9) * (s.u1 + s.u2 + s.u3 + s.u4 + s.u5 + s.u6 + s.u7 + s.u8 + s.u9))) AS sum_sq,
    arraySort(groupUniqArray(s.unit_code)) AS units -- for the service-user population
FROM survey_responses AS s FINAL
LEFT JOIN (SELECT unit_code, agency_code FROM units FINAL) AS u ON u.unit_code = s.unit_code
WHERE toDate(s.submitted_at) BETWEEN {from:Date} AND {to:Date}
  AND ({scope_agency:String} = '' OR u.agency_code = {scope_agency:String})
  AND ({scope_unit:String} = '' OR s.unit_code = {scope_unit:String})
  AND ({agency:String} = '' OR u.agency_code = {agency:String})
  AND ({unit:String} = '' OR s.unit_code = {unit:String})
GROUP BY code, bucket
ORDER BY code, bucket
