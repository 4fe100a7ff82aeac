-- rollup_staff_competency_asn for the given years, from the latest
-- assessments in rollup_staff_asn_staging: per ASN and competency type
-- whether a required level in the data exists and is missed, and over the
-- manajerial competencies whose level the position gives (cfg) the lowest
-- assessed level, then ASN counted per unit, type and those values.
INSERT INTO rollup_staff_competency_asn_staging
SELECT year, agency_code, unit_code, ct,
       arrayExists((r, t) -> r > 0 AND t = ct, c_required, c_type) AS data_std,
       arrayExists((r, a, t) -> r > 0 AND a < r AND t = ct, c_required, c_assessed, c_type) AS data_below,
       ct = 'manajerial' AND arrayExists((r, t) -> r = 0 AND t = ct, c_required, c_type) AS cfg,
       if(cfg, arrayMin(arrayFilter((a, r, t) -> r = 0 AND t = ct, c_assessed, c_required, c_type)), 0) AS cfg_min,
       if(cfg, toString(position_class), '') AS pc,
       if(cfg AND position_class = 'fungsional', lowerUTF8(position_name), '') AS pk,
       count()
FROM rollup_staff_asn_staging
ARRAY JOIN arrayDistinct(c_type) AS ct
WHERE year IN {months:Array(UInt32)}
GROUP BY year, agency_code, unit_code, ct, data_std, data_below, cfg, cfg_min, pc, pk
