-- Per group, the sums over its ASN behind compare's compliance interval
-- (compliance_asn.go): k ASN with at least one expected day, Σx, Σy, Σx²,
-- Σxy, Σy² of their expected working days x (the working days of the
-- period, {masks} as in compliance_reported_rollup.sql, on which the ASN
-- was active) and reported working days y, by the rules of
-- compliance_reported.sql (a report counts under the scope and filters by
-- the report's unit, on a day the ASN was active). Σx and Σy equal
-- compliance's expected and reported ASN-days.
WITH
    -- bits lo..hi (1-based days) of a month, 0 when lo > hi
    (lo, hi) -> if(lo > hi, toUInt32(0), toUInt32(bitShiftLeft(toUInt64(1), hi) - bitShiftLeft(toUInt64(1), lo - 1))) AS bits,
    -- the days of month m from first to last
    (m, first, last) -> bits(if(first <= m, 1, if(first > toLastDayOfMonth(m), 32, toDayOfMonth(first))),
                             if(last >= toLastDayOfMonth(m), 31, if(last < m, 0, toDayOfMonth(last)))) AS active
SELECT code, count() AS k, sum(x) AS sx, sum(y) AS sy, sum(x * x) AS sxx, sum(x * y) AS sxy, sum(y * y) AS syy
FROM
(
    SELECT
        multiIf({by:String} = 'agency', e.agency_code, {by:String} = 'unit', e.unit_code, 'ALL') AS code,
        -- expected: the working days of the period ({masks}) the ASN was active
        toUInt64(arraySum(arrayMap((m, w) -> bitCount(bitAnd(w, active(m, e.first_day, e.last_day))),
            {mask_months:Array(Date32)}, {masks:Array(UInt32)}))) AS x,
        toUInt64(r.reported) AS y
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
        SELECT r.nip AS nip, count() AS reported
        FROM
        (
            SELECT nip, arrayJoin(groupUniqArray(activity_date)) AS d
            FROM activity_reports FINAL
            WHERE activity_date BETWEEN {from:Date32} AND {to:Date32}
              AND toDayOfWeek(activity_date) <= 5
              AND NOT has({holidays:Array(Date32)}, activity_date)
              AND ({scope_unit:String} = '' OR unit_code = {scope_unit:String})
              AND ({unit:String} = '' OR unit_code = {unit:String})
              AND ({scope_agency:String} = '' OR unit_code IN (SELECT unit_code FROM units FINAL WHERE agency_code = {scope_agency:String}))
              AND ({agency:String} = '' OR unit_code IN (SELECT unit_code FROM units FINAL WHERE agency_code = {agency:String}))
            GROUP BY nip
        ) AS r
        INNER JOIN
        (
            SELECT nip,
                   greatest(ifNull(active_from, {from:Date32}), {from:Date32}) AS first_day,
                   least(ifNull(active_to, {to:Date32}), {to:Date32}) AS last_day
            FROM employees FINAL
        ) AS a ON a.nip = r.nip
        WHERE r.d BETWEEN a.first_day AND a.last_day
        GROUP BY r.nip
    ) AS r ON r.nip = e.nip
)
WHERE x > 0
GROUP BY code
