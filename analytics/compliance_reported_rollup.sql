-- compliance_reported.sql from rollup_activity_asn_months
-- (rollup_activity.go): the same reported ASN-days, summed per unit of the
-- ASN in the master data over the working days of each month inside the
-- period ({masks}: bit d − 1 for day d, for the months {mask_months}),
-- then per group. A scope or filter restricts both the ASN (by their
-- unit) and the reports that count (by the report's unit): to one unit,
-- the ASN of that unit reporting under it (reported_unit); to one OPD, the
-- ASN of its units reporting under any of its units, their own OPD
-- (reported_agency); else any report (reported_any). Bucket as in
-- compliance_reported.sql.
SELECT
    multiIf({by:String} = 'agency', u.agency_code, {by:String} = 'unit', a.unit_code, 'ALL') AS code,
    a.bucket AS bucket,
    sum(a.asn_days) AS asn_days
FROM
(
    SELECT
        unit_code,
        multiIf({grain:String} = 'month', month,
                {grain:String} = 'quarter', toDate32(toStartOfQuarter(month)),
                {grain:String} = 'semester', toDate32(addMonths(toStartOfYear(month), if(toMonth(month) <= 6, 0, 6))),
                {grain:String} = 'year', toDate32(toStartOfYear(month)),
                {from:Date32}) AS bucket,
        arrayElement({masks:Array(UInt32)}, indexOf({mask_months:Array(Date32)}, month)) AS mask,
        sum(arraySum(arrayMap((n, d) -> if(bitTest(mask, d - 1), n, 0),
            multiIf({scope_unit:String} != '' OR {unit:String} != '', reported_unit,
                    {scope_agency:String} != '' OR {agency:String} != '', reported_agency,
                    reported_any),
            range(1, 32)))) AS asn_days
    FROM rollup_activity_asn_months
    WHERE month BETWEEN toDate32(toStartOfMonth({from:Date32})) AND {to:Date32}
      AND ({scope_unit:String} = '' OR unit_code = {scope_unit:String})
      AND ({unit:String} = '' OR unit_code = {unit:String})
      AND ({scope_agency:String} = '' OR unit_code IN (SELECT unit_code FROM units FINAL WHERE agency_code = {scope_agency:String}))
      AND ({agency:String} = '' OR unit_code IN (SELECT unit_code FROM units FINAL WHERE agency_code = {agency:String}))
    GROUP BY unit_code, bucket, mask
) AS a
LEFT JOIN (SELECT unit_code, agency_code FROM units FINAL) AS u ON u.unit_code = a.unit_code
GROUP BY code, bucket
HAVING asn_days > 0
