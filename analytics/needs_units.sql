-- Every unit the training-needs ranking covers: the units in scope (from
-- the user's role), narrowed by the request's agency.
SELECT u.unit_code, u.unit_name, toString(u.agency_code), toString(u.kind)
FROM units AS u FINAL
WHERE ({scope_agency:String} = '' OR u.agency_code = {scope_agency:String})
  AND ({scope_unit:String} = '' OR u.unit_code = {scope_unit:String})
  AND ({agency:String} = '' OR u.agency_code = {agency:String})
ORDER BY u.unit_code
