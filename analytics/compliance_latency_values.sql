-- Step 2 of the exact approval-latency quantiles from the rollups
-- (compliance_latency.go): for each target (group, bucket, latency bucket,
-- 0-based rank within that latency bucket's sorted values) the value at
-- that rank. Only the (unit, month, latency bucket) ranges the targets
-- need are read, by primary key: {p_unit}/{p_month}/{p_lbucket} list them,
-- and {a_month}/{a_lbucket} the (month, latency bucket) ranges needed from
-- every unit (by=all, or an OPD whose units are unknown).
SELECT v.code, v.bucket, v.lbucket, t.rank, arrayElement(v.vals, t.rank + 1) AS value
FROM
(
    SELECT code, bucket, lbucket, arraySort(groupArray(latency)) AS vals
    FROM
    (
        SELECT
            multiIf({by:String} = 'agency', u.agency_code, {by:String} = 'unit', l.unit_code, 'ALL') AS code,
            multiIf({grain:String} = 'month', toDate32(toStartOfMonth(l.activity_date)),
                    {grain:String} = 'quarter', toDate32(toStartOfQuarter(l.activity_date)),
                    {grain:String} = 'semester', toDate32(addMonths(toStartOfYear(l.activity_date), if(toMonth(l.activity_date) <= 6, 0, 6))),
                    {grain:String} = 'year', toDate32(toStartOfYear(l.activity_date)),
                    {from:Date32}) AS bucket,
            l.lbucket AS lbucket,
            l.latency AS latency
        FROM rollup_activity_latency AS l
        LEFT JOIN (SELECT unit_code, agency_code FROM units FINAL) AS u ON u.unit_code = l.unit_code
        WHERE ((l.unit_code, l.month, l.lbucket) IN (SELECT arrayJoin(arrayZip({p_unit:Array(String)}, {p_month:Array(Date32)}, {p_lbucket:Array(UInt16)})))
               OR (l.month, l.lbucket) IN (SELECT arrayJoin(arrayZip({a_month:Array(Date32)}, {a_lbucket:Array(UInt16)}))))
          AND l.activity_date BETWEEN {from:Date32} AND {to:Date32}
          AND ({scope_agency:String} = '' OR u.agency_code = {scope_agency:String})
          AND ({scope_unit:String} = '' OR l.unit_code = {scope_unit:String})
          AND ({agency:String} = '' OR u.agency_code = {agency:String})
          AND ({unit:String} = '' OR l.unit_code = {unit:String})
    )
    WHERE (code, bucket, lbucket) IN (SELECT arrayJoin(arrayZip({t_code:Array(String)}, {t_bucket:Array(Date32)}, {t_lbucket:Array(UInt16)})))
    GROUP BY code, bucket, lbucket
) AS v
INNER JOIN
(
    SELECT t.1 AS code, t.2 AS bucket, t.3 AS lbucket, t.4 AS rank
    FROM (SELECT arrayJoin(arrayZip({t_code:Array(String)}, {t_bucket:Array(Date32)}, {t_lbucket:Array(UInt16)}, {t_rank:Array(UInt64)})) AS t)
) AS t ON t.code = v.code AND t.bucket = v.bucket AND t.lbucket = v.lbucket
