-- compliance_reports.sql from rollup_activity_reports (see rollup.go): the
-- same counts and delays. Reports come as counts per (unit, activity date,
-- day of submission), so each delay carries the weight of its reports: the
-- weighted quantile sees the same value → weight map the raw query builds
-- from one report at a time. Counted per report unit, bucket and delay
-- first, the OPD of each unit joined after. The latency quantiles come
-- from compliance_latency.go (latency_q is left empty here).
SELECT
    multiIf({by:String} = 'agency', u.agency_code, {by:String} = 'unit', c.unit_code, 'ALL') AS code,
    c.bucket AS bucket,
    sum(c.n) AS reports,
    sum(c.n_reviewed) AS reviewed,
    sum(c.n_returned) AS returned,
    sumIf(c.n, c.delay <= 0) AS same_day,
    sumIf(c.n, c.delay = 1) AS next_day,
    sumIf(c.n, c.delay >= 2) AS later,
    quantileExactWeightedInterpolated(0.5)(greatest(c.delay, 0), c.n) AS delay_median,
    CAST([], 'Array(Float64)') AS latency_q,
    sum(c.n_latency) AS with_latency
FROM
(
    SELECT unit_code, bucket, delay, sum(n) AS n, sum(n_reviewed) AS n_reviewed, sum(n_returned) AS n_returned, sum(n_latency) AS n_latency
    FROM
    (
        SELECT
            r.unit_code AS unit_code,
            multiIf({grain:String} = 'month', toDate32(toStartOfMonth(r.activity_date)),
                    {grain:String} = 'quarter', toDate32(toStartOfQuarter(r.activity_date)),
                    {grain:String} = 'semester', toDate32(addMonths(toStartOfYear(r.activity_date), if(toMonth(r.activity_date) <= 6, 0, 6))),
                    {grain:String} = 'year', toDate32(toStartOfYear(r.activity_date)),
                    {from:Date32}) AS bucket,
            dateDiff('day', toDate32('1900-01-01'), r.submitted_day) AS ns,
            dateDiff('day', toDate32('1900-01-01'), r.activity_date) AS na,
            dateDiff('day', toDate32('1900-01-01'), {from:Date32}) - 1 AS nbase,
            (intDiv(ns, 7) * 5 + least(ns % 7 + 1, 5)
                - arrayElement({holiday_count:Array(UInt16)}, toUInt32(least(greatest(ns - nbase, 0), length({holiday_count:Array(UInt16)}) - 1) + 1)))
            - (intDiv(na, 7) * 5 + least(na % 7 + 1, 5)
                - arrayElement({holiday_count:Array(UInt16)}, toUInt32(least(greatest(na - nbase, 0), length({holiday_count:Array(UInt16)}) - 1) + 1))) AS delay,
            r.reports AS n, r.reviewed AS n_reviewed, r.returned AS n_returned, r.with_latency AS n_latency
        FROM rollup_activity_reports AS r
        WHERE r.activity_date BETWEEN {from:Date32} AND {to:Date32}
          AND ({scope_unit:String} = '' OR r.unit_code = {scope_unit:String})
          AND ({unit:String} = '' OR r.unit_code = {unit:String})
          AND ({scope_agency:String} = '' OR r.unit_code IN (SELECT unit_code FROM units FINAL WHERE agency_code = {scope_agency:String}))
          AND ({agency:String} = '' OR r.unit_code IN (SELECT unit_code FROM units FINAL WHERE agency_code = {agency:String}))
    )
    GROUP BY unit_code, bucket, delay
) AS c
LEFT JOIN (SELECT unit_code, agency_code FROM units FINAL) AS u ON u.unit_code = c.unit_code
GROUP BY code, bucket
