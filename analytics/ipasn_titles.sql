-- The titles of the leadership trainings of the ASN in rollup_staff_asn
-- for the year, for IPASN to match them with the configured phrases.
SELECT DISTINCT arrayJoin(leadership) AS title
FROM rollup_staff_asn
WHERE year = {year:UInt16}
