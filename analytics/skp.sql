-- SKP predikat per group for one year and period (PermenPANRB 6/2022).
-- skp_evaluations is keyed by (year, period, nip): FINAL keeps the latest
-- record per employee and period. The group of an evaluation is its own
-- unit_code (the unit at evaluation time) and that unit's OPD.
-- Groups: 'all' → ALL, 'agency' → the unit's OPD, 'unit'.
-- Scope (from the user's role) and filter (from the request) both apply.
SELECT
    multiIf({by:String} = 'agency', u.agency_code, {by:String} = 'unit', s.unit_code, 'ALL') AS code,
    countIf(s.predikat = 'sangat_baik') AS sangat_baik,
    countIf(s.predikat = 'baik') AS baik,
    countIf(s.predikat = 'butuh_perbaikan') AS butuh_perbaikan,
    countIf(s.predikat = 'kurang') AS kurang,
    countIf(s.predikat = 'sangat_kurang') AS sangat_kurang,
    countIf(s.predikat NOT IN ('sangat_baik', 'baik', 'butuh_perbaikan', 'kurang', 'sangat_kurang')) AS unclassified
FROM skp_evaluations AS s FINAL
LEFT JOIN (SELECT unit_code, agency_code FROM units FINAL) AS u ON u.unit_code = s.unit_code
WHERE s.year = {year:UInt16} AND s.period = {period:String}
  AND ({scope_agency:String} = '' OR u.agency_code = {scope_agency:String})
  AND ({scope_unit:String} = '' OR s.unit_code = {scope_unit:String})
  AND ({agency:String} = '' OR u.agency_code = {agency:String})
  AND ({unit:String} = '' OR s.unit_code = {unit:String})
GROUP BY code
