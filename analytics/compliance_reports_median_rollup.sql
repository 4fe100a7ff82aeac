-- The median delay of compliance_reports.sql from
-- rollup_activity_report_days, for when it does not lie in the first two
-- delay classes (compliance_reports_rollup.sql): each day of submission of
-- a row is one delay weighted by its reports, so the weighted quantile sees
-- the same value → weight map the raw query builds one report at a time.
SELECT code, bucket, quantileExactWeightedInterpolated(0.5)(greatest(p.1, 0), p.2) AS delay_median
FROM
(
    SELECT
        multiIf({by:String} = 'agency', u.agency_code, {by:String} = 'unit', r.unit_code, 'ALL') AS code,
        multiIf({grain:String} = 'month', toDate32(toStartOfMonth(r.activity_date)),
                {grain:String} = 'quarter', toDate32(toStartOfQuarter(r.activity_date)),
                {grain:String} = 'semester', toDate32(addMonths(toStartOfYear(r.activity_date), if(toMonth(r.activity_date) <= 6, 0, 6))),
                {grain:String} = 'year', toDate32(toStartOfYear(r.activity_date)),
                {from:Date32}) AS bucket,
        dateDiff('day', toDate32('1900-01-01'), r.activity_date) AS na,
        dateDiff('day', toDate32('1900-01-01'), {from:Date32}) - 1 AS nbase,
        length({holiday_count:Array(UInt16)}) - 1 AS hlast,
        intDiv(na, 7) * 5 + least(na % 7 + 1, 5)
            - arrayElement({holiday_count:Array(UInt16)}, toUInt32(least(greatest(na - nbase, 0), hlast) + 1)) AS wa,
        arrayJoin(arrayZip(arrayMap(o -> intDiv(na + o, 7) * 5 + least((na + o) % 7 + 1, 5)
            - arrayElement({holiday_count:Array(UInt16)}, toUInt32(least(greatest(na + o - nbase, 0), hlast) + 1)) - wa,
            r.offsets), r.counts)) AS p
    FROM rollup_activity_report_days AS r
    LEFT JOIN (SELECT unit_code, agency_code FROM units FINAL) AS u ON u.unit_code = r.unit_code
    WHERE r.activity_date BETWEEN {from:Date32} AND {to:Date32}
      AND ({scope_agency:String} = '' OR u.agency_code = {scope_agency:String})
      AND ({scope_unit:String} = '' OR r.unit_code = {scope_unit:String})
      AND ({agency:String} = '' OR u.agency_code = {agency:String})
      AND ({unit:String} = '' OR r.unit_code = {unit:String})
)
GROUP BY code, bucket
