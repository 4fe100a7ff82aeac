-- Step 1 of the exact approval-latency quantiles from the rollups
-- (compliance_latency.go): per group, bucket and whole hour of latency, how
-- many latencies. Groups, buckets, scope and filters as in
-- compliance_reports.sql.
SELECT code, bucket, lhour, sum(n) AS n
FROM
(
    SELECT
        multiIf({by:String} = 'agency', u.agency_code, {by:String} = 'unit', h.unit_code, 'ALL') AS code,
        multiIf({grain:String} = 'month', toDate32(toStartOfMonth(h.activity_date)),
                {grain:String} = 'quarter', toDate32(toStartOfQuarter(h.activity_date)),
                {grain:String} = 'semester', toDate32(addMonths(toStartOfYear(h.activity_date), if(toMonth(h.activity_date) <= 6, 0, 6))),
                {grain:String} = 'year', toDate32(toStartOfYear(h.activity_date)),
                {from:Date32}) AS bucket,
        h.lhour AS lhour,
        h.n AS n
    FROM rollup_activity_latency_hours AS h
    LEFT JOIN (SELECT unit_code, agency_code FROM units FINAL) AS u ON u.unit_code = h.unit_code
    WHERE h.activity_date BETWEEN {from:Date32} AND {to:Date32}
      AND ({scope_agency:String} = '' OR u.agency_code = {scope_agency:String})
      AND ({scope_unit:String} = '' OR h.unit_code = {scope_unit:String})
      AND ({agency:String} = '' OR u.agency_code = {agency:String})
      AND ({unit:String} = '' OR h.unit_code = {unit:String})
)
GROUP BY code, bucket, lhour
ORDER BY code, bucket, lhour
