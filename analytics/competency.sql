-- Competency gaps (PermenPANRB 38/2017) per group × type × competency and
-- per group × type (the GROUPING SETS; is_type_total = 1 on the latter).
-- Every ASN active in the period counts with the latest assessment of each
-- competency up to the period end: argMax by (assessed_at, _version) is the
-- newest assessment in its newest version, what FINAL then "latest" would
-- give, without FINAL's merge. The required level is the assessment's own;
-- for a manajerial competency without one, the position's (manajerial_level,
-- computed once per ASN): by class, or for fungsional by the grade the
-- position name ends with. A row with neither counts in no_standard and not
-- in the gap. An ASN is grouped by the unit of the employees record. Scope
-- (from the user's role) and filter (from the request) both apply.
WITH
    emp AS (
        SELECT e.nip AS nip,
               multiIf({by:String} = 'agency', u.agency_code, {by:String} = 'unit', e.unit_code, 'ALL') AS code,
               toUInt8(if(e.position_class = 'fungsional',
                   if(arrayFirstIndex(g -> endsWith(lowerUTF8(e.position_name), g), {grade_names:Array(String)}) AS gi = 0,
                      {grade_default:UInt8}, arrayElement({grade_levels:Array(UInt8)}, gi)),
                   transform(toString(e.position_class), {class_names:Array(String)}, {class_levels:Array(UInt8)}, toUInt8(0)))) AS manajerial_level
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
        SELECT nip, competency_code,
               argMax(tuple(competency_name, competency_type, required_level, assessed_level), (assessed_at, _version)) AS a
        FROM competency_assessments
        WHERE assessed_at <= {to:Date}
          AND ({type:String} = '' OR competency_type = {type:String})
        GROUP BY nip, competency_code
    ),
    rated AS (
        SELECT e.code AS code, l.nip AS nip, l.competency_code AS competency_code,
               l.a.1 AS competency_name, l.a.2 AS competency_type,
               toInt32(multiIf(l.a.3 > 0, l.a.3, l.a.2 = 'manajerial', e.manajerial_level, 0)) AS required,
               toInt32(l.a.4) AS assessed
        FROM latest AS l
        INNER JOIN emp AS e ON e.nip = l.nip
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
