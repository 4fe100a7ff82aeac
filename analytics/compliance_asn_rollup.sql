-- compliance_asn.sql from rollup_activity_days (rollup_activity.go): the
-- same rows, the reported working days of each ASN being those that
-- compliance_reported_rollup.sql sums per group. Reports count under the
-- scope and filters by their unit, as in compliance_reported.sql (the ASN
-- are in scope too, so this is compliance_reported_rollup.sql's choice of
-- reported_unit, reported_agency or reported_any). Per NIP and month the
-- report units' day masks are joined (a day reported under two units is
-- one day), restricted to the working days of the month inside the period
-- ({masks}) and to the days the ASN was active, and counted.
WITH
    -- bits lo..hi (1-based days) of a month, 0 when lo > hi
    (lo, hi) -> if(lo > hi, toUInt32(0), toUInt32(bitShiftLeft(toUInt64(1), hi) - bitShiftLeft(toUInt64(1), lo - 1))) AS bits,
    -- the days of month m from first to last
    (m, first, last) -> bits(if(first <= m, 1, if(first > toLastDayOfMonth(m), 32, toDayOfMonth(first))),
                             if(last >= toLastDayOfMonth(m), 31, if(last < m, 0, toDayOfMonth(last)))) AS active,
    -- the working days of month m inside the period ({masks} holds one per
    -- month from the period's first)
    m -> arrayElement({masks:Array(UInt32)},
        (toYear(m) - toYear({from:Date32})) * 12 + toMonth(m) - toMonth({from:Date32}) + 1) AS month_mask
SELECT code, first_day, last_day, count() AS k, sum(y) AS sy, sum(y * y) AS syy
FROM
(
    SELECT
        multiIf({by:String} = 'agency', e.agency_code, {by:String} = 'unit', e.unit_code, 'ALL') AS code,
        -- active the whole period (most ASN): no per-month active days needed
        -- (the working days of the period, month_mask, hold them)
        e.first_day = {from:Date32} AND e.last_day = {to:Date32} AS full,
        e.first_day AS first_day,
        e.last_day AS last_day,
        -- reported: the days of each (month, days) pair on working days the
        -- ASN was active; when a month comes twice (reports under two
        -- units), the days of its pairs joined first
        toUInt64(if(length(r.month_days) = length(arrayDistinct(arrayMap(t -> t.1, r.month_days))),
            if(full,
                arraySum(arrayMap(t -> bitCount(bitAnd(t.2, month_mask(t.1))), r.month_days)),
                arraySum(arrayMap(t -> bitCount(bitAnd(t.2, bitAnd(month_mask(t.1), active(t.1, e.first_day, e.last_day)))), r.month_days))),
            arraySum(arrayMap(m -> bitCount(bitAnd(
                arrayFold((acc, t) -> bitOr(acc, if(t.1 = m, t.2, toUInt32(0))), r.month_days, toUInt32(0)),
                bitAnd(month_mask(m), active(m, e.first_day, e.last_day)))),
                arrayDistinct(arrayMap(t -> t.1, r.month_days)))))) AS y
    FROM
    (
        SELECT emp.nip AS nip, emp.unit_code AS unit_code, u.agency_code AS agency_code,
               greatest(ifNull(emp.active_from, {from:Date32}), {from:Date32}) AS first_day,
               least(ifNull(emp.active_to, {to:Date32}), {to:Date32}) AS last_day
        FROM employees AS emp FINAL
        LEFT JOIN (SELECT unit_code, agency_code FROM units FINAL) AS u ON u.unit_code = emp.unit_code
        WHERE (emp.active_from IS NULL OR emp.active_from <= {to:Date32})
          AND (emp.active_to IS NULL OR emp.active_to >= {from:Date32})
          AND ({scope_agency:String} = '' OR u.agency_code = {scope_agency:String})
          AND ({scope_unit:String} = '' OR emp.unit_code = {scope_unit:String})
          AND ({agency:String} = '' OR u.agency_code = {agency:String})
          AND ({unit:String} = '' OR emp.unit_code = {unit:String})
    ) AS e
    LEFT JOIN
    (
        -- per NIP, its rows' (month, days reported) under any unit the
        -- scope and filters allow (a month may come once per unit)
        SELECT nip, groupArray((month, days)) AS month_days
        FROM rollup_activity_days
        WHERE month BETWEEN toDate32(toStartOfMonth({from:Date32})) AND {to:Date32}
          AND ({scope_unit:String} = '' OR unit_code = {scope_unit:String})
          AND ({unit:String} = '' OR unit_code = {unit:String})
          AND ({scope_agency:String} = '' OR unit_code IN (SELECT unit_code FROM units FINAL WHERE agency_code = {scope_agency:String}))
          AND ({agency:String} = '' OR unit_code IN (SELECT unit_code FROM units FINAL WHERE agency_code = {agency:String}))
        GROUP BY nip
    ) AS r ON r.nip = e.nip
)
GROUP BY code, first_day, last_day
