-- The years the staff rollups keep, each with the number of input rows and
-- a checksum of everything its rows are built from: the ASN active in the
-- year, every unit, the SKP evaluations of the year, and the competency
-- assessments and trainings up to the year's end. The years kept end with
-- the later of next year (WITA; so that the new year is ready on 1
-- January) and the last year with an assessment, a training or an SKP
-- evaluation, and start five years before it (or with the first year with
-- data, when later); other years are answered from the raw tables.
WITH
    facts AS (
        SELECT 'cumulative' AS kind, toUInt16(toYear(assessed_at)) AS y, count() AS n,
               sum(cityHash64(nip, competency_code, competency_name, competency_type, required_level, assessed_level, assessed_at)) AS h
        FROM competency_assessments FINAL
        GROUP BY y
        UNION ALL
        SELECT 'cumulative', toUInt16(toYear(end_date)) AS y, count(),
               sum(cityHash64(training_id, nip, title, kind, jp, end_date))
        FROM trainings FINAL
        GROUP BY y
        UNION ALL
        SELECT 'year', year AS y, count(), sum(cityHash64(nip, unit_code, year, period, predikat))
        FROM skp_evaluations FINAL
        GROUP BY y
    ),
    bounds AS (
        SELECT greatest(max(y), toUInt16(toYear(now('Asia/Makassar')) + 1)) AS last,
               greatest(if(count() = 0, last - 1, min(y)), last - 5) AS first
        FROM facts
    ),
    years AS (
        SELECT toUInt16(arrayJoin(range(first, last + 1))) AS y FROM bounds
    ),
    fact_years AS (
        SELECT yy.y AS y,
               sum(if(f.kind = 'cumulative' AND f.y <= yy.y OR f.kind = 'year' AND f.y = yy.y, f.n, 0)) AS n,
               sum(if(f.kind = 'cumulative' AND f.y <= yy.y OR f.kind = 'year' AND f.y = yy.y, f.h, 0)) AS h
        FROM years AS yy CROSS JOIN facts AS f
        GROUP BY yy.y
    ),
    emp_years AS (
        SELECT yy.y AS y, count() AS n,
               sum(cityHash64(e.nip, e.unit_code, e.employee_type, e.position_class, e.position_name, e.education)) AS h
        FROM years AS yy CROSS JOIN (SELECT * FROM employees FINAL) AS e
        WHERE (e.active_from IS NULL OR e.active_from <= makeDate32(yy.y, 12, 31))
          AND (e.active_to IS NULL OR e.active_to >= makeDate32(yy.y, 1, 1))
        GROUP BY yy.y
    ),
    unit_sum AS (
        SELECT count() AS n, sum(cityHash64(unit_code, agency_code)) AS h FROM units FINAL
    )
SELECT toUInt32(yy.y) AS month,
       toUInt64(1 + ifNull(f.n, 0) + ifNull(e.n, 0) + (SELECT n FROM unit_sum)) AS rows,
       toUInt64(ifNull(f.h, 0) + ifNull(e.h, 0) + (SELECT h FROM unit_sum)) AS checksum
FROM years AS yy
LEFT JOIN fact_years AS f ON f.y = yy.y
LEFT JOIN emp_years AS e ON e.y = yy.y
