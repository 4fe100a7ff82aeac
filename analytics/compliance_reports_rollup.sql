-- compliance_reports.sql from rollup_activity_report_days (see rollup.go):
-- the same counts. A row holds a report unit's reports of one activity
-- date a: delay ≤ 0 is a submission before the first working day after a,
-- delay 1 one before the second, so with {next1}/{next2} (days from each
-- day of the period to its first and second working day after, from the
-- calendar) the two classes are two lookups in submitted_within (migration
-- 0011) and the third the rest. Counted per report unit and bucket first,
-- the OPD of each unit joined after. delay_median is -1: Go takes the
-- median delay from the class counts when it lies in the first two
-- classes, and asks compliance_reports_median_rollup.sql otherwise. The
-- latency quantiles come from compliance_latency.go (latency_q is left
-- empty here).
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
            toUInt32(dateDiff('day', {from:Date32}, r.activity_date) + 1) AS i,
            length(r.submitted_within) AS len,
            arrayElement(r.submitted_within, toUInt32(least(arrayElement({next1:Array(UInt16)}, i), len - 1) + 1)) AS within1,
            arrayElement(r.submitted_within, toUInt32(least(arrayElement({next2:Array(UInt16)}, i), len - 1) + 1)) AS within2,
            r.early + within1 AS d0,
            toUInt32(within2 - within1) AS d1
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
