-- Step 1 of the exact approval-latency quantiles from the rollups
-- (compliance_latency.go): per group, bucket and logarithmic latency bucket
-- (lbucket), how many latencies. Months wholly inside the period come from
-- rollup_activity_latency_hist ({full_from}..{full_to}, first days of
-- months); a month the period only partly covers ({partial}) is counted
-- from rollup_activity_latency day by day. Groups, buckets, scope and
-- filters as in compliance_reports.sql.
SELECT code, bucket, lbucket, sum(n) AS n
FROM
(
    SELECT
        multiIf({by:String} = 'agency', u.agency_code, {by:String} = 'unit', h.unit_code, 'ALL') AS code,
        multiIf({grain:String} = 'month', h.month,
                {grain:String} = 'quarter', toDate32(toStartOfQuarter(h.month)),
                {grain:String} = 'semester', toDate32(addMonths(toStartOfYear(h.month), if(toMonth(h.month) <= 6, 0, 6))),
                {grain:String} = 'year', toDate32(toStartOfYear(h.month)),
                {from:Date32}) AS bucket,
        h.lbucket AS lbucket,
        h.n AS n
    FROM rollup_activity_latency_hist AS h
    LEFT JOIN (SELECT unit_code, agency_code FROM units FINAL) AS u ON u.unit_code = h.unit_code
    WHERE h.month BETWEEN {full_from:Date32} AND {full_to:Date32}
      AND ({scope_agency:String} = '' OR u.agency_code = {scope_agency:String})
      AND ({scope_unit:String} = '' OR h.unit_code = {scope_unit:String})
      AND ({agency:String} = '' OR u.agency_code = {agency:String})
      AND ({unit:String} = '' OR h.unit_code = {unit:String})
    UNION ALL
    SELECT
        multiIf({by:String} = 'agency', u.agency_code, {by:String} = 'unit', l.unit_code, 'ALL') AS code,
        multiIf({grain:String} = 'month', toDate32(toStartOfMonth(l.activity_date)),
                {grain:String} = 'quarter', toDate32(toStartOfQuarter(l.activity_date)),
                {grain:String} = 'semester', toDate32(addMonths(toStartOfYear(l.activity_date), if(toMonth(l.activity_date) <= 6, 0, 6))),
                {grain:String} = 'year', toDate32(toStartOfYear(l.activity_date)),
                {from:Date32}) AS bucket,
        l.lbucket AS lbucket,
        toUInt64(1) AS n
    FROM rollup_activity_latency AS l
    LEFT JOIN (SELECT unit_code, agency_code FROM units FINAL) AS u ON u.unit_code = l.unit_code
    WHERE has({partial:Array(Date32)}, l.month)
      AND l.activity_date BETWEEN {from:Date32} AND {to:Date32}
      AND ({scope_agency:String} = '' OR u.agency_code = {scope_agency:String})
      AND ({scope_unit:String} = '' OR l.unit_code = {scope_unit:String})
      AND ({agency:String} = '' OR u.agency_code = {agency:String})
      AND ({unit:String} = '' OR l.unit_code = {unit:String})
)
GROUP BY code, bucket, lbucket
ORDER BY code, bucket, lbucket
