-- compliance_reported.sql from rollup_activity_asn_days (rollup_activity.go):
-- the same reported ASN-days, summed over the working days of the period
-- per unit of the ASN in the master data, then per group. A scope or
-- filter restricts both the ASN (by their unit) and the reports that count
-- (by the report's unit): to one unit, the ASN of that unit reporting
-- under it (reported_unit); to one OPD, the ASN of its units reporting
-- under any of its units, their own OPD (reported_agency); else any report
-- (reported_any). Working day and bucket as in compliance_reported.sql.
SELECT
    multiIf({by:String} = 'agency', u.agency_code, {by:String} = 'unit', a.unit_code, 'ALL') AS code,
    a.bucket AS bucket,
    sum(a.asn_days) AS asn_days
FROM
(
    SELECT
        unit_code,
        multiIf({grain:String} = 'month', toDate32(toStartOfMonth(day)),
                {grain:String} = 'quarter', toDate32(toStartOfQuarter(day)),
                {grain:String} = 'semester', toDate32(addMonths(toStartOfYear(day), if(toMonth(day) <= 6, 0, 6))),
                {grain:String} = 'year', toDate32(toStartOfYear(day)),
                {from:Date32}) AS bucket,
        sum(multiIf({scope_unit:String} != '' OR {unit:String} != '', reported_unit,
                    {scope_agency:String} != '' OR {agency:String} != '', reported_agency,
                    reported_any)) AS asn_days
    FROM rollup_activity_asn_days
    WHERE day BETWEEN {from:Date32} AND {to:Date32}
      AND toDayOfWeek(day) <= 5
      AND NOT has({holidays:Array(Date32)}, day)
      AND ({scope_unit:String} = '' OR unit_code = {scope_unit:String})
      AND ({unit:String} = '' OR unit_code = {unit:String})
      AND ({scope_agency:String} = '' OR unit_code IN (SELECT unit_code FROM units FINAL WHERE agency_code = {scope_agency:String}))
      AND ({agency:String} = '' OR unit_code IN (SELECT unit_code FROM units FINAL WHERE agency_code = {agency:String}))
    GROUP BY unit_code, bucket
) AS a
LEFT JOIN (SELECT unit_code, agency_code FROM units FINAL) AS u ON u.unit_code = a.unit_code
GROUP BY code, bucket
HAVING asn_days > 0
