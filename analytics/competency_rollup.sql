-- competency.sql from the staff rollups (see rollup_staff.go), with the
-- same columns. Per competency: the latest assessments counted per
-- required level, the required level being the data's or, for a manajerial
-- competency without one, the position's (configured standards, as in
-- competency.sql). Per type (is_type_total = 1) only the ASN with a
-- standard and those below it, counted from each ASN's summary of the type
-- (rollup_staff_competency_asn): below where a level in the data is missed
-- or the lowest of the position-standard assessments is under the
-- position's level. Competency adds up the type's other sums from its
-- competencies; they are 0 here.
WITH
    comps AS (
        SELECT multiIf({by:String} = 'agency', agency_code, {by:String} = 'unit', unit_code, 'ALL') AS code,
               competency_type, competency_code, competency_name, n,
               toInt32(multiIf(
                   required_level > 0, required_level,
                   competency_type != 'manajerial', toUInt8(0),
                   position_class = 'fungsional',
                       if(arrayFirstIndex(g -> endsWith(position_key, g), {grade_names:Array(String)}) = 0,
                          toUInt8({grade_default:UInt8}),
                          arrayElement({grade_levels:Array(UInt8)},
                                       arrayFirstIndex(g -> endsWith(position_key, g), {grade_names:Array(String)}))),
                   transform(toString(position_class), {class_names:Array(String)}, {class_levels:Array(UInt8)}, toUInt8(0)))) AS required,
               toInt32(assessed_level) AS assessed
        FROM rollup_staff_competency
        WHERE year = {year:UInt16}
          AND ({type:String} = '' OR competency_type = {type:String})
          AND ({scope_agency:String} = '' OR agency_code = {scope_agency:String})
          AND ({scope_unit:String} = '' OR unit_code = {scope_unit:String})
          AND ({agency:String} = '' OR agency_code = {agency:String})
          AND ({unit:String} = '' OR unit_code = {unit:String})
    ),
    asn AS (
        SELECT code, competency_type, sumIf(n, std) AS asn, sumIf(n, below) AS asn_below
        FROM (
            SELECT multiIf({by:String} = 'agency', agency_code, {by:String} = 'unit', unit_code, 'ALL') AS code,
                   competency_type, n,
                   toInt32(multiIf(
                       position_class = 'fungsional',
                           if(arrayFirstIndex(g -> endsWith(position_key, g), {grade_names:Array(String)}) = 0,
                              toUInt8({grade_default:UInt8}),
                              arrayElement({grade_levels:Array(UInt8)},
                                           arrayFirstIndex(g -> endsWith(position_key, g), {grade_names:Array(String)}))),
                       transform(toString(position_class), {class_names:Array(String)}, {class_levels:Array(UInt8)}, toUInt8(0)))) AS level,
                   data_std = 1 OR (cfg = 1 AND level > 0) AS std,
                   data_below = 1 OR (cfg = 1 AND toInt32(cfg_min) < level) AS below
            FROM rollup_staff_competency_asn
            WHERE year = {year:UInt16}
              AND ({type:String} = '' OR competency_type = {type:String})
              AND ({scope_agency:String} = '' OR agency_code = {scope_agency:String})
              AND ({scope_unit:String} = '' OR unit_code = {scope_unit:String})
              AND ({agency:String} = '' OR agency_code = {agency:String})
              AND ({unit:String} = '' OR unit_code = {unit:String})
        )
        GROUP BY code, competency_type
    )
SELECT code, toString(competency_type) AS type, toString(competency_code) AS competency, toUInt64(0) AS is_type_total,
       toString(any(competency_name)) AS name, toUInt64(0) AS asn, toUInt64(0) AS asn_below,
       sumIf(n, required > 0) AS assessments,
       sumIf(n, required > 0 AND assessed < required) AS below,
       toInt64(sumIf(n * (required - assessed), required > 0 AND assessed < required)) AS gap_sum,
       sumIf(n, required = 0) AS no_standard
FROM comps
GROUP BY code, competency_type, competency_code
UNION ALL
SELECT code, toString(competency_type), '', toUInt64(1), '', asn, asn_below, toUInt64(0), toUInt64(0), toInt64(0), toUInt64(0)
FROM asn
