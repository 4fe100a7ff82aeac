-- needs_predikat.sql from rollup_staff_predikat (see rollup_staff.go): the
-- same counts per evaluated unit, summed from the yearly rollup.
SELECT toString(unit_code) AS unit, sum(evaluated) AS evaluated, sum(low) AS low
FROM rollup_staff_predikat
WHERE year = {year:UInt16}
  AND ({scope_agency:String} = '' OR agency_code = {scope_agency:String})
  AND ({scope_unit:String} = '' OR unit_code = {scope_unit:String})
  AND ({agency:String} = '' OR agency_code = {agency:String})
GROUP BY unit
