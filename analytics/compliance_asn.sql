-- The sums behind compare's compliance interval (compliance_asn.go): per
-- group and active range (the ASN's active days clipped to the period, as
-- compliance_employees.sql; Go counts the working days x of each range),
-- the ASN, Σy and Σy² of their reported working days y, by the rules of
-- compliance_reported.sql (a report counts under the scope and filters by
-- the report's unit, on a day the ASN was active). Σx and Σy per group
-- equal compliance's expected and reported ASN-days.
SELECT code, first_day, last_day, count() AS k, sum(y) AS sy, sum(y * y) AS syy
FROM
(
    SELECT
        multiIf({by:String} = 'agency', e.agency_code, {by:String} = 'unit', e.unit_code, 'ALL') AS code,
        e.first_day AS first_day,
        e.last_day AS last_day,
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
GROUP BY code, first_day, last_day
