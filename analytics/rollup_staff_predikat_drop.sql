-- Empty one year of rollup_staff_predikat: nothing is left to count in it.
ALTER TABLE rollup_staff_predikat DROP PARTITION {month:UInt32}
