-- Reported ASN-days per group and bucket: the pairs (ASN, working day)
-- with at least one activity report for that activity date, for an ASN
-- active on that day. Reports are first reduced to the distinct reported
-- days of each NIP (within the scope and filters, by the report's unit;
-- groupUniqArray per NIP, measured faster here than GROUP BY nip, day),
-- then matched by NIP to the ASN in scope and counted in the group of the
-- ASN's unit in the master data, the group compliance_employees.sql counts
-- the expected days in: the numerator is always part of the denominator,
-- and an ASN who moved between two units in scope keeps the days reported
-- under the old unit. (A report filed under a unit outside the scope does
-- not count, even for an ASN now inside it.)
-- Working day: Monday–Friday (toDayOfWeek 1–5) and not in {holidays}
-- (the calendar's Monday–Friday holidays within the period).
-- Bucket: the first day of the activity date's month, quarter, semester or
-- year, or {from} when the grain is 'period' (one bucket).
SELECT
    multiIf({by:String} = 'agency', e.agency_code, {by:String} = 'unit', e.unit_code, 'ALL') AS code,
    multiIf({grain:String} = 'month', toDate32(toStartOfMonth(r.d)),
            {grain:String} = 'quarter', toDate32(toStartOfQuarter(r.d)),
            {grain:String} = 'semester', toDate32(addMonths(toStartOfYear(r.d), if(toMonth(r.d) <= 6, 0, 6))),
            {grain:String} = 'year', toDate32(toStartOfYear(r.d)),
            {from:Date32}) AS bucket,
    count() AS asn_days
FROM
(
    SELECT nip, arrayJoin(groupUniqArray(activity_date)) AS d
    FROM activity_reports FINAL
    WHERE activity_date BETWEEN {from:Date32} AND {to:Date32}
      AND toDayOfWeek(activity_date) <= 5
      AND NOT has({holidays:Array(Date32)}, activity_date)
      AND ({scope_unit:String} = '' OR unit_code = {scope_unit:String})
      AND ({unit:String} = '' OR unit_code = {unit:String})
      AND ({scope_agency:String} = '' OR unit_code IN (SELECT unit_code FROM units FINAL WHERE agency_code = {scope_agency:String}))
      AND ({agency:String} = '' OR unit_code IN (SELECT unit_code FROM units FINAL WHERE agency_code = {agency:String}))
    GROUP BY nip
) AS r
INNER JOIN
(
    SELECT emp.nip AS nip, emp.unit_code AS unit_code, u.agency_code AS agency_code,
           emp.active_from AS active_from, emp.active_to AS active_to
    FROM employees AS emp FINAL
    LEFT JOIN (SELECT unit_code, agency_code FROM units FINAL) AS u ON u.unit_code = emp.unit_code
    WHERE ({scope_agency:String} = '' OR u.agency_code = {scope_agency:String})
      AND ({scope_unit:String} = '' OR emp.unit_code = {scope_unit:String})
      AND ({agency:String} = '' OR u.agency_code = {agency:String})
      AND ({unit:String} = '' OR emp.unit_code = {unit:String})
) AS e ON e.nip = r.nip
WHERE (e.active_from IS NULL OR e.active_from <= r.d)
  AND (e.active_to IS NULL OR e.active_to >= r.d)
GROUP BY code, bucket
