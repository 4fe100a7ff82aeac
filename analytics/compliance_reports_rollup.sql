-- compliance_reports.sql from rollup_activity_report_days (see rollup.go):
-- the same counts. A row holds a report unit's reports of one activity
-- date with their days of submission (offsets, counts); the delay of each
-- day of submission is computed as in compliance_reports.sql, and the
-- reports counted by class (delay ≤ 0, 1, ≥ 2). Counted per report unit and
-- bucket first, the OPD of each unit joined after. delay_median is -1:
-- Go takes the median delay from the class counts when it lies in the
-- first two classes, and asks compliance_reports_median_rollup.sql
-- otherwise. The latency quantiles come from compliance_latency.go
-- (latency_q is left empty here).
SELECT
    multiIf({by:String} = 'agency', u.agency_code, {by:String} = 'unit', c.unit_code, 'ALL') AS code,
    c.bucket AS bucket,
    sum(c.reports) AS reports,
    sum(c.reviewed) AS reviewed,
    sum(c.returned) AS returned,
    sum(c.same_day) AS same_day,
    sum(c.next_day) AS next_day,
    toUInt64(sum(c.reports) - sum(c.same_day) - sum(c.next_day)) AS later,
    toFloat64(-1) AS delay_median,
    CAST([], 'Array(Float64)') AS latency_q,
    sum(c.with_latency) AS with_latency
FROM
(
    SELECT
        unit_code,
        bucket,
        sum(reports) AS reports,
        sum(reviewed) AS reviewed,
        sum(returned) AS returned,
        sum(with_latency) AS with_latency,
        sum(d0) AS same_day,
        sum(d1) AS next_day
    FROM
    (
        SELECT
            r.unit_code AS unit_code,
            multiIf({grain:String} = 'month', toDate32(toStartOfMonth(r.activity_date)),
                    {grain:String} = 'quarter', toDate32(toStartOfQuarter(r.activity_date)),
                    {grain:String} = 'semester', toDate32(addMonths(toStartOfYear(r.activity_date), if(toMonth(r.activity_date) <= 6, 0, 6))),
                    {grain:String} = 'year', toDate32(toStartOfYear(r.activity_date)),
                    {from:Date32}) AS bucket,
            r.reports AS reports,
            r.reviewed AS reviewed,
            r.returned AS returned,
            r.with_latency AS with_latency,
            dateDiff('day', toDate32('1900-01-01'), r.activity_date) AS na,
            dateDiff('day', toDate32('1900-01-01'), {from:Date32}) - 1 AS nbase,
            length({holiday_count:Array(UInt16)}) - 1 AS hlast,
            intDiv(na, 7) * 5 + least(na % 7 + 1, 5)
                - arrayElement({holiday_count:Array(UInt16)}, toUInt32(least(greatest(na - nbase, 0), hlast) + 1)) AS wa,
            arrayMap(o -> intDiv(na + o, 7) * 5 + least((na + o) % 7 + 1, 5)
                - arrayElement({holiday_count:Array(UInt16)}, toUInt32(least(greatest(na + o - nbase, 0), hlast) + 1)) - wa,
                r.offsets) AS delays,
            arraySum(arrayMap((d, n) -> if(d <= 0, n, 0), delays, r.counts)) AS d0,
            arraySum(arrayMap((d, n) -> if(d = 1, n, 0), delays, r.counts)) AS d1
        FROM rollup_activity_report_days AS r
        WHERE r.activity_date BETWEEN {from:Date32} AND {to:Date32}
          AND ({scope_unit:String} = '' OR r.unit_code = {scope_unit:String})
          AND ({unit:String} = '' OR r.unit_code = {unit:String})
          AND ({scope_agency:String} = '' OR r.unit_code IN (SELECT unit_code FROM units FINAL WHERE agency_code = {scope_agency:String}))
          AND ({agency:String} = '' OR r.unit_code IN (SELECT unit_code FROM units FINAL WHERE agency_code = {agency:String}))
    )
    GROUP BY unit_code, bucket
) AS c
LEFT JOIN (SELECT unit_code, agency_code FROM units FINAL) AS u ON u.unit_code = c.unit_code
GROUP BY code, bucket
