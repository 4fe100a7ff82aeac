-- Empty one year of rollup_staff_competency: nothing is left to count in it.
ALTER TABLE rollup_staff_competency DROP PARTITION {month:UInt32}
