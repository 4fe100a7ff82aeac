-- Low SKP predikat per unit for the training-needs ranking (PermenPANRB
-- 6/2022): each ASN's evaluation of the year, the ANNUAL one, else the
-- latest quarter (FINAL: the newest version of a record wins), counted in
-- the unit the evaluation names. Low = butuh_perbaikan, kurang or
-- sangat_kurang. Scope (from the user's role) and filter both apply.
WITH latest AS (
    SELECT nip,
           argMax(unit_code, if(period = 'ANNUAL', 5, toUInt8OrZero(substring(toString(period), 2)))) AS unit_code,
           argMax(predikat, if(period = 'ANNUAL', 5, toUInt8OrZero(substring(toString(period), 2)))) AS predikat
    FROM skp_evaluations FINAL
    WHERE year = {year:UInt16}
    GROUP BY nip
)
SELECT toString(l.unit_code) AS unit, count() AS evaluated,
       countIf(l.predikat IN ('butuh_perbaikan', 'kurang', 'sangat_kurang')) AS low
FROM latest AS l
LEFT JOIN (SELECT unit_code, agency_code FROM units FINAL) AS u ON u.unit_code = l.unit_code
WHERE ({scope_agency:String} = '' OR u.agency_code = {scope_agency:String})
  AND ({scope_unit:String} = '' OR l.unit_code = {scope_unit:String})
  AND ({agency:String} = '' OR u.agency_code = {agency:String})
GROUP BY unit
