-- Stored employees among the given NIPs, to tell an identical re-import
-- (unchanged, not written) from a correction.
SELECT nip, name, employee_type, position_class, position_name, golongan, education,
       unit_code, gender, birth_date, active_from, active_to
FROM employees FINAL
WHERE nip IN {keys:Array(String)}
