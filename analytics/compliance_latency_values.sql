-- Step 2 of the exact approval-latency quantiles from the rollups
-- (compliance_latency.go): for each target (group, bucket, whole hour of
-- latency, 0-based rank within that hour's sorted latencies) the value at
-- that rank. Only the rows of the hours some target needs are read
-- ({lhours}; rollup_activity_latency is sorted by unit and hour).
SELECT v.code, v.bucket, v.lhour, t.rank, arrayElement(v.vals, t.rank + 1) AS value
FROM
(
    SELECT code, bucket, lhour, arraySort(groupArray(latency)) AS vals
    FROM
    (
        SELECT
            multiIf({by:String} = 'agency', u.agency_code, {by:String} = 'unit', l.unit_code, 'ALL') AS code,
            multiIf({grain:String} = 'month', toDate32(toStartOfMonth(l.activity_date)),
                    {grain:String} = 'quarter', toDate32(toStartOfQuarter(l.activity_date)),
                    {grain:String} = 'semester', toDate32(addMonths(toStartOfYear(l.activity_date), if(toMonth(l.activity_date) <= 6, 0, 6))),
                    {grain:String} = 'year', toDate32(toStartOfYear(l.activity_date)),
                    {from:Date32}) AS bucket,
            l.lhour AS lhour,
            l.latency AS latency
        FROM rollup_activity_latency AS l
        LEFT JOIN (SELECT unit_code, agency_code FROM units FINAL) AS u ON u.unit_code = l.unit_code
        WHERE has({lhours:Array(UInt32)}, l.lhour)
          AND l.activity_date BETWEEN {from:Date32} AND {to:Date32}
          AND ({scope_agency:String} = '' OR u.agency_code = {scope_agency:String})
          AND ({scope_unit:String} = '' OR l.unit_code = {scope_unit:String})
          AND ({agency:String} = '' OR u.agency_code = {agency:String})
          AND ({unit:String} = '' OR l.unit_code = {unit:String})
    )
    WHERE (code, bucket, lhour) IN (SELECT arrayJoin(arrayZip({t_code:Array(String)}, {t_bucket:Array(Date32)}, {t_lhour:Array(UInt32)})))
    GROUP BY code, bucket, lhour
) AS v
INNER JOIN
(
    SELECT t.1 AS code, t.2 AS bucket, t.3 AS lhour, t.4 AS rank
    FROM (SELECT arrayJoin(arrayZip({t_code:Array(String)}, {t_bucket:Array(Date32)}, {t_lhour:Array(UInt32)}, {t_rank:Array(UInt64)})) AS t)
) AS t ON t.code = v.code AND t.bucket = v.bucket AND t.lhour = v.lhour
