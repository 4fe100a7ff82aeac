-- training.sql from rollup_staff_asn (see rollup_staff.go): the same sums
-- over the ASN active in the year, each with the JP of the trainings that
-- ended in the year.
SELECT
    multiIf({by:String} = 'agency', agency_code, {by:String} = 'unit', unit_code, 'ALL') AS code,
    toString(employee_type) AS employee_type,
    count() AS employees,
    sum(jp) AS jp_total,
    countIf(jp >= 20) AS reached,
    sumIf(toDecimal128(20, 2) - jp, jp < 20) AS deficit
FROM (
    SELECT agency_code, unit_code, employee_type,
           arraySum(arrayFilter((j, yr) -> yr = {year:UInt16}, tr_jp, tr_year)) AS jp
    FROM rollup_staff_asn
    WHERE year = {year:UInt16}
      AND ({scope_agency:String} = '' OR agency_code = {scope_agency:String})
      AND ({scope_unit:String} = '' OR unit_code = {scope_unit:String})
      AND ({agency:String} = '' OR agency_code = {agency:String})
      AND ({unit:String} = '' OR unit_code = {unit:String})
)
GROUP BY code, employee_type
