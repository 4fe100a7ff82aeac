-- rollup_staff_competency for the given years, counted from the latest
-- assessments just built into rollup_staff_asn_staging (built first and
-- left in place). The position is kept only where it decides the required
-- level: a manajerial competency without one in the data.
INSERT INTO rollup_staff_competency_staging
SELECT year, agency_code, unit_code, ct, cc, cn, cr,
       if(cr = 0 AND ct = 'manajerial', toString(position_class), '') AS pc,
       if(cr = 0 AND ct = 'manajerial' AND position_class = 'fungsional', lowerUTF8(position_name), '') AS pk,
       ca, count()
FROM rollup_staff_asn_staging
ARRAY JOIN c_type AS ct, c_code AS cc, c_name AS cn, c_required AS cr, c_assessed AS ca
WHERE year IN {months:Array(UInt32)}
GROUP BY year, agency_code, unit_code, ct, cc, cn, cr, pc, pk, ca
