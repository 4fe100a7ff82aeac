-- The fingerprint of the raw table a rollup was last brought up to date with.
SELECT fingerprint
FROM rollup_state FINAL
WHERE rollup = {rollup:String}
