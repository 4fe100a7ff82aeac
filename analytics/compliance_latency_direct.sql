-- Approval-latency order statistics per group and bucket from every
-- latency of the buckets {only} (their keys), read from
-- rollup_activity_latency in the months {months}: for the buckets no
-- calendar-bucket statistic of rollup_activity_latency_q answers
-- (compliance_latency.go). n and the values at the 0-based ranks
-- ⌊(n − 1)·p⌋ and ⌈(n − 1)·p⌉ of the sorted latencies for p = 0,5 and 0,9,
-- as rollup_activity_latency_q_build.sql. Groups, buckets, scope and
-- filters as in compliance_reports.sql.
WITH arraySort(groupArray(latency)) AS v
SELECT
    code,
    bucket,
    length(v) AS n,
    v[toUInt64(floor((n - 1) * 0.5)) + 1] AS median_lo,
    v[toUInt64(ceil((n - 1) * 0.5)) + 1] AS median_hi,
    v[toUInt64(floor((n - 1) * 0.9)) + 1] AS p90_lo,
    v[toUInt64(ceil((n - 1) * 0.9)) + 1] AS p90_hi
FROM
(
    SELECT
        multiIf({by:String} = 'agency', u.agency_code, {by:String} = 'unit', l.unit_code, 'ALL') AS code,
        multiIf({grain:String} = 'month', toDate32(toStartOfMonth(l.activity_date)),
                {grain:String} = 'quarter', toDate32(toStartOfQuarter(l.activity_date)),
                {grain:String} = 'semester', toDate32(addMonths(toStartOfYear(l.activity_date), if(toMonth(l.activity_date) <= 6, 0, 6))),
                {grain:String} = 'year', toDate32(toStartOfYear(l.activity_date)),
                {from:Date32}) AS bucket,
        l.latency AS latency
    FROM rollup_activity_latency AS l
    LEFT JOIN (SELECT unit_code, agency_code FROM units FINAL) AS u ON u.unit_code = l.unit_code
    WHERE l.month IN {months:Array(Date32)}
      AND l.activity_date BETWEEN {from:Date32} AND {to:Date32}
      AND ({scope_agency:String} = '' OR u.agency_code = {scope_agency:String})
      AND ({scope_unit:String} = '' OR l.unit_code = {scope_unit:String})
      AND ({agency:String} = '' OR u.agency_code = {agency:String})
      AND ({unit:String} = '' OR l.unit_code = {unit:String})
)
WHERE has({only:Array(Date32)}, bucket)
GROUP BY code, bucket
