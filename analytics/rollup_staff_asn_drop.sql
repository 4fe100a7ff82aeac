-- Empty one year of rollup_staff_asn: nothing is left to count in it.
ALTER TABLE rollup_staff_asn DROP PARTITION {month:UInt32}
