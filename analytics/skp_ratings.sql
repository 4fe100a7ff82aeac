-- The organisation predikat of every OPD for one year (latest record wins),
-- within the scope and the OPD filter.
SELECT agency_code, predikat
FROM organisation_ratings FINAL
WHERE year = {year:UInt16}
  AND ({scope_agency:String} = '' OR agency_code = {scope_agency:String})
  AND ({agency:String} = '' OR agency_code = {agency:String})
