-- rollup_staff_asn for the given years: every ASN active in the year
-- (employees FINAL, in the unit of the employees record, the OPD from
-- units FINAL) with the facts of the year: the SKP predikat (ANNUAL, else
-- the latest quarter), the trainings that ended by the year's end
-- (kepemimpinan titles, fungsional count; per kind and year of their end
-- the JP and count of those of the year and the nine before) and the
-- latest assessment of each competency by the year's end (newest
-- assessed_at; FINAL gives the newest version of each assessment).
INSERT INTO rollup_staff_asn_staging
WITH
    emp AS (
        SELECT y, e.nip AS nip, e.unit_code AS unit_code, u.agency_code AS agency_code, e.employee_type AS employee_type,
               e.position_class AS position_class, e.position_name AS position_name, e.education AS education
        FROM (
            SELECT toUInt16(arrayJoin({months:Array(UInt32)})) AS y, nip, unit_code, employee_type, position_class,
                   position_name, education, active_from, active_to
            FROM employees FINAL
        ) AS e
        LEFT JOIN (SELECT unit_code, agency_code FROM units FINAL) AS u ON u.unit_code = e.unit_code
        WHERE (e.active_from IS NULL OR e.active_from <= makeDate32(y, 12, 31))
          AND (e.active_to IS NULL OR e.active_to >= makeDate32(y, 1, 1))
    ),
    tr AS (
        SELECT y, nip,
               arrayDistinct(arrayFlatten(groupArray(titles))) AS leadership,
               toUInt32(sumIf(n, kind = 'fungsional')) AS functional,
               groupArrayIf(kind, yr + 9 >= y) AS tr_kind,
               groupArrayIf(yr, yr + 9 >= y) AS tr_year,
               groupArrayIf(jp, yr + 9 >= y) AS tr_jp,
               groupArrayIf(n, yr + 9 >= y) AS tr_n
        FROM (
            SELECT y, nip, kind, toUInt16(toYear(end_date)) AS yr,
                   groupUniqArrayIf(title, kind = 'kepemimpinan') AS titles,
                   sum(jp) AS jp, toUInt32(count()) AS n
            FROM (
                SELECT toUInt16(arrayJoin({months:Array(UInt32)})) AS y, nip, kind, title, jp, end_date
                FROM trainings FINAL
            )
            WHERE end_date <= makeDate32(y, 12, 31)
            GROUP BY y, nip, kind, yr
        )
        GROUP BY y, nip
    ),
    skp AS (
        SELECT year AS y, nip,
               toString(argMax(predikat, if(period = 'ANNUAL', 5, toUInt8OrZero(substring(toString(period), 2))))) AS predikat
        FROM skp_evaluations FINAL
        WHERE year IN {months:Array(UInt32)}
        GROUP BY y, nip
    ),
    comp AS (
        SELECT y, nip,
               groupArray(competency_code) AS c_code, groupArray(competency_name) AS c_name,
               groupArray(competency_type) AS c_type, groupArray(required_level) AS c_required,
               groupArray(assessed_level) AS c_assessed
        FROM (
            SELECT y, nip, competency_code, competency_name, competency_type, required_level, assessed_level
            FROM (
                SELECT toUInt16(arrayJoin({months:Array(UInt32)})) AS y, nip, competency_code, competency_name,
                       competency_type, required_level, assessed_level, assessed_at
                FROM competency_assessments FINAL
            )
            WHERE assessed_at <= makeDate32(y, 12, 31)
            ORDER BY y, nip, competency_code, assessed_at DESC
            LIMIT 1 BY y, nip, competency_code
        )
        GROUP BY y, nip
    )
SELECT e.y, e.agency_code, e.unit_code, e.nip, e.employee_type, e.position_class, e.position_name, e.education,
       s.predikat, t.leadership, t.functional, t.tr_kind, t.tr_year, t.tr_jp, t.tr_n,
       c.c_code, c.c_name, c.c_type, c.c_required, c.c_assessed
FROM emp AS e
LEFT JOIN tr AS t ON t.y = e.y AND t.nip = e.nip
LEFT JOIN skp AS s ON s.y = e.y AND s.nip = e.nip
LEFT JOIN comp AS c ON c.y = e.y AND c.nip = e.nip
