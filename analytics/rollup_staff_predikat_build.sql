-- rollup_staff_predikat for the given years: needs_predikat.sql's counts
-- per evaluated unit (each ASN's ANNUAL evaluation, else the latest
-- quarter; FINAL: the newest version of a record wins).
INSERT INTO rollup_staff_predikat_staging
WITH latest AS (
    SELECT year, nip,
           argMax(unit_code, if(period = 'ANNUAL', 5, toUInt8OrZero(substring(toString(period), 2)))) AS unit_code,
           argMax(predikat, if(period = 'ANNUAL', 5, toUInt8OrZero(substring(toString(period), 2)))) AS predikat
    FROM skp_evaluations FINAL
    WHERE year IN {months:Array(UInt32)}
    GROUP BY year, nip
)
SELECT l.year, u.agency_code, l.unit_code, count(),
       countIf(l.predikat IN ('butuh_perbaikan', 'kurang', 'sangat_kurang'))
FROM latest AS l
LEFT JOIN (SELECT unit_code, agency_code FROM units FINAL) AS u ON u.unit_code = l.unit_code
GROUP BY l.year, u.agency_code, l.unit_code
