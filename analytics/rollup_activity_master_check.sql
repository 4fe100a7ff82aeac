-- The master data the derived activity rollups read (rollup.go,
-- rollup_activity.go), each table's rows and a checksum of the columns
-- they use: employees (an ASN's unit and active days, for
-- rollup_activity_asn_months) and units (a unit's OPD, for
-- rollup_activity_asn_months and rollup_activity_latency_q).
SELECT 'employees' AS part, count() AS rows,
       sum(cityHash64(nip, unit_code, ifNull(toString(active_from), '-'), ifNull(toString(active_to), '-'))) AS checksum
FROM employees FINAL
UNION ALL
SELECT 'units' AS part, count() AS rows, sum(cityHash64(unit_code, agency_code)) AS checksum
FROM units FINAL
