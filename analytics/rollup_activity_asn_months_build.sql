-- rollup_activity_asn_months for the given months (YYYYMM), from
-- rollup_activity_days (already up to date for them), employees and units:
-- per unit of the ASN in the master data and month, for each day d of the
-- month (element d), the ASN active that day (active_from/active_to, as
-- compliance_reported.sql) who reported an activity dated that day under
-- any unit, under a unit of their own OPD, and under their own unit. An
-- NIP missing from employees counts nowhere, as in compliance_reported.sql.
INSERT INTO rollup_activity_asn_months_staging
WITH
    -- bits lo..hi (1-based days) of a month, 0 when lo > hi
    (lo, hi) -> if(lo > hi, toUInt32(0), toUInt32(bitShiftLeft(toUInt64(1), hi) - bitShiftLeft(toUInt64(1), lo - 1))) AS bits,
    -- per day of the month, how many of the masks have its bit
    (masks) -> arrayMap(d -> toUInt32(arrayCount(m -> bitTest(m, d - 1), masks)), range(1, 32)) AS per_day
SELECT
    unit_code,
    month,
    per_day(groupArray(any_days)),
    per_day(groupArray(agency_days)),
    per_day(groupArray(unit_days))
FROM
(
    SELECT
        e.unit_code AS unit_code,
        r.month AS month,
        bits(if(e.active_from IS NULL OR assumeNotNull(e.active_from) < r.month, 1,
                if(assumeNotNull(e.active_from) > toLastDayOfMonth(r.month), 32, toDayOfMonth(assumeNotNull(e.active_from)))),
             if(e.active_to IS NULL OR assumeNotNull(e.active_to) > toLastDayOfMonth(r.month), 31,
                if(assumeNotNull(e.active_to) < r.month, 0, toDayOfMonth(assumeNotNull(e.active_to))))) AS active,
        bitAnd(groupBitOr(r.days), active) AS any_days,
        bitAnd(groupBitOrIf(r.days, ru.agency_code = e.agency_code), active) AS agency_days,
        bitAnd(groupBitOrIf(r.days, r.unit_code = e.unit_code), active) AS unit_days
    FROM rollup_activity_days AS r
    INNER JOIN
    (
        SELECT emp.nip AS nip, emp.unit_code AS unit_code, u.agency_code AS agency_code,
               emp.active_from AS active_from, emp.active_to AS active_to
        FROM employees AS emp FINAL
        LEFT JOIN (SELECT unit_code, agency_code FROM units FINAL) AS u ON u.unit_code = emp.unit_code
    ) AS e ON e.nip = r.nip
    LEFT JOIN (SELECT unit_code, agency_code FROM units FINAL) AS ru ON ru.unit_code = r.unit_code
    WHERE toYYYYMM(r.month) IN {months:Array(UInt32)}
    GROUP BY r.nip, e.unit_code, e.agency_code, e.active_from, e.active_to, r.month
)
WHERE any_days != 0
GROUP BY unit_code, month
