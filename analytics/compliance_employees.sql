-- ASN active during the period, per group, with their active days clipped
-- to the period; Go counts the expected ASN-days from these ranges and the
-- working-day calendar. The group of an ASN is their unit in the master
-- data (employees.unit_code) and its OPD. Active: active_from ≤ the day
-- (or unknown) and active_to ≥ the day (or still active).
SELECT
    multiIf({by:String} = 'agency', u.agency_code, {by:String} = 'unit', e.unit_code, 'ALL') AS code,
    greatest(ifNull(e.active_from, {from:Date32}), {from:Date32}) AS first_day,
    least(ifNull(e.active_to, {to:Date32}), {to:Date32}) AS last_day,
    count() AS asn
FROM employees AS e FINAL
LEFT JOIN (SELECT unit_code, agency_code FROM units FINAL) AS u ON u.unit_code = e.unit_code
WHERE (e.active_from IS NULL OR e.active_from <= {to:Date32})
  AND (e.active_to IS NULL OR e.active_to >= {from:Date32})
  AND ({scope_agency:String} = '' OR u.agency_code = {scope_agency:String})
  AND ({scope_unit:String} = '' OR e.unit_code = {scope_unit:String})
  AND ({agency:String} = '' OR u.agency_code = {agency:String})
  AND ({unit:String} = '' OR e.unit_code = {unit:String})
GROUP BY code, first_day, last_day
