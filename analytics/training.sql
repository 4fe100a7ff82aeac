-- JP (jam pelajaran) of competency development per group and employee type
-- in one calendar year (PP 11/2017 art. 203(4): at least 20 JP a year for a
-- PNS). Every ASN active in the year counts, with 0 JP when no training of
-- theirs ended in it (LEFT JOIN from employees). A training's JP count in
-- full in the year its end_date falls in: the JP is earned when the
-- training is completed, as its certificate is dated. Sums are exact
-- decimals. An ASN is grouped by the unit of the employees record. Scope
-- (from the user's role) and filter (from the request) both apply.
WITH
    emp AS (
        SELECT e.nip AS nip, e.employee_type AS employee_type, e.unit_code AS unit_code, u.agency_code AS agency_code
        FROM employees AS e FINAL
        LEFT JOIN (SELECT unit_code, agency_code FROM units FINAL) AS u ON u.unit_code = e.unit_code
        WHERE (e.active_from IS NULL OR e.active_from <= {to:Date})
          AND (e.active_to IS NULL OR e.active_to >= {from:Date})
          AND ({scope_agency:String} = '' OR u.agency_code = {scope_agency:String})
          AND ({scope_unit:String} = '' OR e.unit_code = {scope_unit:String})
          AND ({agency:String} = '' OR u.agency_code = {agency:String})
          AND ({unit:String} = '' OR e.unit_code = {unit:String})
    ),
    jp AS (
        SELECT nip, sum(jp) AS jp
        FROM trainings FINAL
        WHERE end_date BETWEEN {from:Date} AND {to:Date} AND nip IN (SELECT nip FROM emp)
        GROUP BY nip
    )
SELECT
    multiIf({by:String} = 'agency', e.agency_code, {by:String} = 'unit', e.unit_code, 'ALL') AS code,
    toString(e.employee_type) AS employee_type,
    count() AS employees,
    sum(j.jp) AS jp_total,
    countIf(j.jp >= 20) AS reached,
    sumIf(toDecimal128(20, 2) - j.jp, j.jp < 20) AS deficit
FROM emp AS e
LEFT JOIN jp AS j ON j.nip = e.nip
GROUP BY code, employee_type
