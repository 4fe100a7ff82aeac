-- The facts of the ASN professionalism index (PermenPANRB 38/2018,
-- Peraturan BKN 8/2019), one row per ASN active in the year and of the
-- measured types: education, position, the titles of their leadership
-- trainings and the number of functional trainings up to the year's end,
-- the JP of technical training and the number of seminars ending in the
-- window, and the SKP predikat of the year (ANNUAL, else the latest
-- quarter). Scoring is done in Go from these facts. Names are read only
-- when the per-ASN view is asked for (detail = 1). Scope (from the user's
-- role) and filter (from the request) both apply.
WITH
    emp AS (
        SELECT e.nip AS nip, if({detail:UInt8} = 1, e.name, '') AS name, toString(e.employee_type) AS employee_type,
               toString(e.position_class) AS position_class, e.position_name AS position_name,
               toString(e.education) AS education, toString(e.unit_code) AS unit_code, u.agency_code AS agency_code
        FROM employees AS e FINAL
        LEFT JOIN (SELECT unit_code, agency_code FROM units FINAL) AS u ON u.unit_code = e.unit_code
        WHERE (e.active_from IS NULL OR e.active_from <= {to:Date})
          AND (e.active_to IS NULL OR e.active_to >= {from:Date})
          AND has({types:Array(String)}, toString(e.employee_type))
          AND ({nip:String} = '' OR e.nip = {nip:String})
          AND ({scope_agency:String} = '' OR u.agency_code = {scope_agency:String})
          AND ({scope_unit:String} = '' OR e.unit_code = {scope_unit:String})
          AND ({agency:String} = '' OR u.agency_code = {agency:String})
          AND ({unit:String} = '' OR e.unit_code = {unit:String})
    ),
    tr AS (
        SELECT nip,
               groupUniqArrayIf(title, kind = 'kepemimpinan') AS leadership,
               countIf(kind = 'fungsional') AS functional,
               sumIf(jp, has({technical_kinds:Array(String)}, toString(kind)) AND end_date >= {window_from:Date}) AS technical_jp,
               countIf(has({seminar_kinds:Array(String)}, toString(kind)) AND end_date >= {window_from:Date}) AS seminars
        FROM trainings FINAL
        WHERE end_date <= {to:Date} AND nip IN (SELECT nip FROM emp)
        GROUP BY nip
    ),
    skp AS (
        SELECT nip, toString(argMax(predikat, if(period = 'ANNUAL', 5, toUInt8OrZero(substring(toString(period), 2))))) AS predikat
        FROM skp_evaluations FINAL
        WHERE year = {year:UInt16} AND nip IN (SELECT nip FROM emp)
        GROUP BY nip
    )
SELECT e.nip, e.name, e.employee_type, e.position_class, e.position_name, e.education, e.unit_code, e.agency_code,
       t.leadership, t.functional, t.technical_jp, t.seminars, s.predikat
FROM emp AS e
LEFT JOIN tr AS t ON t.nip = e.nip
LEFT JOIN skp AS s ON s.nip = e.nip
ORDER BY e.unit_code, e.nip
