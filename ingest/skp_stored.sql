-- Stored SKP evaluations of the given employees in the given years and
-- periods, to tell an identical re-import (unchanged, not written) from a
-- correction. The caller keeps only its keys.
SELECT nip, unit_code, year, period, hasil_kerja, perilaku_kerja, predikat, evaluator_nip
FROM skp_evaluations FINAL
WHERE year IN {years:Array(UInt16)}
  AND period IN {periods:Array(String)}
  AND nip IN {nips:Array(String)}
