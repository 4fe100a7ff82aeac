-- compliance_reported.sql from rollup_activity_days (see rollup.go): the
-- same reported ASN-days, counted with bit masks of the days of a month.
-- Per NIP and month, the days reported under the report units in scope
-- (OR of their masks) are ANDed with the month's working days inside the
-- period (w) and with the days the ASN was active (from employees, as in
-- compliance_reported.sql); the set bits are the (ASN, working day) pairs.
WITH
    toDate32(toStartOfMonth({from:Date32})) AS first_month,
    -- bits lo..hi (1-based days) of a month, 0 when lo > hi
    (lo, hi) -> if(lo > hi, toUInt32(0), toUInt32(bitShiftLeft(toUInt64(1), hi) - bitShiftLeft(toUInt64(1), lo - 1))) AS bits
SELECT
    multiIf({by:String} = 'agency', e.agency_code, {by:String} = 'unit', e.unit_code, 'ALL') AS code,
    multiIf({grain:String} = 'month', r.month,
            {grain:String} = 'quarter', toDate32(toStartOfQuarter(r.month)),
            {grain:String} = 'semester', toDate32(addMonths(toStartOfYear(r.month), if(toMonth(r.month) <= 6, 0, 6))),
            {grain:String} = 'year', toDate32(toStartOfYear(r.month)),
            {from:Date32}) AS bucket,
    sum(bitCount(bitAnd(bitAnd(r.days, w.mask),
        bits(if(e.active_from IS NULL OR assumeNotNull(e.active_from) < r.month, 1,
                if(assumeNotNull(e.active_from) > toLastDayOfMonth(r.month), 32, toDayOfMonth(assumeNotNull(e.active_from)))),
             if(e.active_to IS NULL OR assumeNotNull(e.active_to) > toLastDayOfMonth(r.month), 31,
                if(assumeNotNull(e.active_to) < r.month, 0, toDayOfMonth(assumeNotNull(e.active_to)))))))) AS asn_days
FROM
(
    SELECT nip, month, groupBitOr(days) AS days
    FROM rollup_activity_days
    WHERE month BETWEEN first_month AND {to:Date32}
      AND ({scope_unit:String} = '' OR unit_code = {scope_unit:String})
      AND ({unit:String} = '' OR unit_code = {unit:String})
      AND ({scope_agency:String} = '' OR unit_code IN (SELECT unit_code FROM units FINAL WHERE agency_code = {scope_agency:String}))
      AND ({agency:String} = '' OR unit_code IN (SELECT unit_code FROM units FINAL WHERE agency_code = {agency:String}))
    GROUP BY nip, month
) AS r
INNER JOIN
(
    -- The working days of each month inside the period.
    SELECT toDate32(toStartOfMonth(d)) AS month, toUInt32(groupBitOr(bitShiftLeft(toUInt32(1), toDayOfMonth(d) - 1))) AS mask
    FROM (SELECT arrayJoin(arrayMap(i -> {from:Date32} + i, range(toUInt32(dateDiff('day', {from:Date32}, {to:Date32}) + 1)))) AS d)
    WHERE toDayOfWeek(d) <= 5 AND NOT has({holidays:Array(Date32)}, d)
    GROUP BY month
) AS w ON w.month = r.month
INNER JOIN
(
    SELECT emp.nip AS nip, emp.unit_code AS unit_code, u.agency_code AS agency_code,
           emp.active_from AS active_from, emp.active_to AS active_to
    FROM employees AS emp FINAL
    LEFT JOIN (SELECT unit_code, agency_code FROM units FINAL) AS u ON u.unit_code = emp.unit_code
    WHERE ({scope_agency:String} = '' OR u.agency_code = {scope_agency:String})
      AND ({scope_unit:String} = '' OR emp.unit_code = {scope_unit:String})
      AND ({agency:String} = '' OR u.agency_code = {agency:String})
      AND ({unit:String} = '' OR emp.unit_code = {unit:String})
) AS e ON e.nip = r.nip
GROUP BY code, bucket
HAVING asn_days > 0
