-- Competency gaps (PermenPANRB 38/2017) per group × type × competency and
-- per group × type (the GROUPING SETS; is_type_total = 1 on the latter:
-- Competency takes the ASN counts from them and adds up the rest from the
-- competencies, as it does with competency_rollup.sql).
-- Every ASN active in the period counts with the latest assessment of each
-- competency up to the period end (the newest assessed_at wins; FINAL gives
-- the newest version of one assessment: measured cheaper here than argMax by
-- (assessed_at, _version) without FINAL). (nip, competency_code,
-- assessed_at) is the table's key, so after FINAL the newest is unique:
-- LIMIT 1 BY in the key's order picks it, 2,5 times cheaper than argMax
-- per column at 900 000 assessments. The nip IN (emp) filter lets a
-- scoped question (one OPD, one unit) read only its ASN's assessments. The required level is the
-- assessment's own; for a manajerial competency without one, the
-- position's: by class, or for fungsional by the grade the position name
-- ends with. A row with neither counts in no_standard and not in the gap.
-- An ASN is grouped by the unit of the employees record. Scope (from the
-- user's role) and filter (from the request) both apply.
WITH
    emp AS (
        SELECT e.nip AS nip, e.unit_code AS unit_code, u.agency_code AS agency_code,
               e.position_class AS position_class, lowerUTF8(e.position_name) AS position_name
        FROM employees AS e FINAL
        LEFT JOIN (SELECT unit_code, agency_code FROM units FINAL) AS u ON u.unit_code = e.unit_code
        WHERE (e.active_from IS NULL OR e.active_from <= {to:Date})
          AND (e.active_to IS NULL OR e.active_to >= {from:Date})
          AND ({scope_agency:String} = '' OR u.agency_code = {scope_agency:String})
          AND ({scope_unit:String} = '' OR e.unit_code = {scope_unit:String})
          AND ({agency:String} = '' OR u.agency_code = {agency:String})
          AND ({unit:String} = '' OR e.unit_code = {unit:String})
    ),
    latest AS (
        SELECT nip, competency_code, competency_name, competency_type, required_level, assessed_level
        FROM competency_assessments FINAL
        WHERE assessed_at <= {to:Date} AND nip IN (SELECT nip FROM emp)
        ORDER BY nip, competency_code, assessed_at DESC
        LIMIT 1 BY nip, competency_code
    ),
    rated AS (
        SELECT multiIf({by:String} = 'agency', e.agency_code, {by:String} = 'unit', e.unit_code, 'ALL') AS code,
               l.nip AS nip, l.competency_code AS competency_code,
               l.competency_name AS competency_name, l.competency_type AS competency_type,
               toInt32(multiIf(
                   l.required_level > 0, l.required_level,
                   l.competency_type != 'manajerial', toUInt8(0),
                   e.position_class = 'fungsional',
                       if(arrayFirstIndex(g -> endsWith(e.position_name, g), {grade_names:Array(String)}) = 0,
                          toUInt8({grade_default:UInt8}),
                          arrayElement({grade_levels:Array(UInt8)},
                                       arrayFirstIndex(g -> endsWith(e.position_name, g), {grade_names:Array(String)}))),
                   transform(toString(e.position_class), {class_names:Array(String)}, {class_levels:Array(UInt8)}, toUInt8(0)))) AS required,
               toInt32(l.assessed_level) AS assessed
        FROM latest AS l
        INNER JOIN emp AS e ON e.nip = l.nip
        WHERE {type:String} = '' OR l.competency_type = {type:String}
    )
SELECT
    code,
    toString(competency_type) AS type,
    toString(competency_code) AS competency,
    grouping(competency_code) AS is_type_total,
    toString(any(competency_name)) AS name,
    uniqExactIf(nip, required > 0) AS asn,
    uniqExactIf(nip, required > 0 AND assessed < required) AS asn_below,
    countIf(required > 0) AS assessments,
    countIf(required > 0 AND assessed < required) AS below,
    toInt64(sumIf(required - assessed, required > 0 AND assessed < required)) AS gap_sum,
    countIf(required = 0) AS no_standard
FROM rated
GROUP BY GROUPING SETS ((code, competency_type, competency_code), (code, competency_type))
