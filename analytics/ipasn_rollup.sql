-- The IP ASN of groups from rollup_staff_asn (see rollup_staff.go), scored
-- in SQL exactly as IPASN scores each ASN in Go, in hundredths of a point,
-- so that only the sums per group and category leave the engine. The
-- instrument comes as parameters (IPASNConfig resolved): points per
-- education, the (class, title) pairs whose leadership training matches
-- the position (matched in Go: lead_keys are class || 0x1F || title), the
-- functional classes, the technical and seminar kinds in the window from
-- window_year, the technical minimum in hundredths of a JP, the cap, the
-- points per predikat, the discipline points, and the lower bounds of the
-- categories (cat_mins, best first). Scope (from the user's role) and
-- filter (from the request) both apply.
SELECT
    multiIf({by:String} = 'agency', agency_code, {by:String} = 'unit', unit_code, 'ALL') AS code,
    toUInt64(arrayFirstIndex(m -> total >= m, {cat_mins:Array(Int64)})) AS category,
    count() AS employees,
    sum(total), sum(kual), sum(komp), sum(kin), sum(dis),
    countIf(predikat = '') AS no_skp,
    countIf(NOT edu_known) AS unknown_education
FROM (
    SELECT agency_code, unit_code, predikat,
           transform(toString(education), {edu_names:Array(String)}, {edu_points:Array(Int64)}, toInt64(0)) AS kual,
           has({edu_names:Array(String)}, toString(education)) AS edu_known,
           least(
               if(arrayExists(t -> has({lead_keys:Array(String)}, concat(toString(position_class), '\x1F', t)), leadership), {leadership:Int64}, 0)
             + if(has({functional_classes:Array(String)}, toString(position_class)) AND functional > 0, {functional:Int64}, 0)
             + if(toInt64(arraySum(arrayFilter((j, k, yr) -> has({technical_kinds:Array(String)}, toString(k)) AND yr >= {window_year:UInt16},
                                               tr_jp, tr_kind, tr_year)) * 100) >= {technical_min:Int64}, {technical:Int64}, 0)
             + if(arrayExists((k, yr) -> has({seminar_kinds:Array(String)}, toString(k)) AND yr >= {window_year:UInt16}, tr_kind, tr_year), {seminar:Int64}, 0),
               {cap:Int64}) AS komp,
           transform(toString(predikat), {kinerja_names:Array(String)}, {kinerja_points:Array(Int64)}, toInt64(0)) AS kin,
           toInt64({disiplin:Int64}) AS dis,
           kual + komp + kin + dis AS total
    FROM rollup_staff_asn
    WHERE year = {year:UInt16}
      AND has({types:Array(String)}, toString(employee_type))
      AND ({scope_agency:String} = '' OR agency_code = {scope_agency:String})
      AND ({scope_unit:String} = '' OR unit_code = {scope_unit:String})
      AND ({agency:String} = '' OR agency_code = {agency:String})
      AND ({unit:String} = '' OR unit_code = {unit:String})
)
GROUP BY code, category
