-- ASN active during the period, per group, with their active days clipped
-- to the period; Go counts the expected ASN-days from these ranges and the
-- working-day calendar. The group of an ASN is their unit in the master
-- data (employees.unit_code) and its OPD. Active: active_from ≤ the day
-- (or unknown) and active_to ≥ the day (or still active). The ASN are
-- counted per unit first and the OPD of each unit joined after.
SELECT
    multiIf({by:String} = 'agency', u.agency_code, {by:String} = 'unit', e.unit_code, 'ALL') AS code,
    e.first_day AS first_day,
    e.last_day AS last_day,
    sum(e.asn) AS asn
FROM
(
    SELECT
        unit_code,
        greatest(ifNull(active_from, {from:Date32}), {from:Date32}) AS first_day,
        least(ifNull(active_to, {to:Date32}), {to:Date32}) AS last_day,
        count() AS asn
    FROM employees FINAL
    WHERE (active_from IS NULL OR active_from <= {to:Date32})
      AND (active_to IS NULL OR active_to >= {from:Date32})
      AND ({scope_unit:String} = '' OR unit_code = {scope_unit:String})
      AND ({unit:String} = '' OR unit_code = {unit:String})
      AND ({scope_agency:String} = '' OR unit_code IN (SELECT unit_code FROM units FINAL WHERE agency_code = {scope_agency:String}))
      AND ({agency:String} = '' OR unit_code IN (SELECT unit_code FROM units FINAL WHERE agency_code = {agency:String}))
    GROUP BY unit_code, first_day, last_day
) AS e
LEFT JOIN (SELECT unit_code, agency_code FROM units FINAL) AS u ON u.unit_code = e.unit_code
GROUP BY code, first_day, last_day
