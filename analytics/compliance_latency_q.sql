-- The approval-latency order statistics of the calendar buckets
-- ({spans}/{starts}: span months from start) for one group level, one code
-- of it or every code (''): see rollup_activity_latency_q in
-- rollup_activity.go and compliance_latency.go.
SELECT span, bucket, level, code, n, median_lo, median_hi, p90_lo, p90_hi
FROM rollup_activity_latency_q
WHERE (span, bucket) IN (SELECT arrayJoin(arrayZip(arrayMap(s -> toUInt8(s), {spans:Array(UInt64)}), {starts:Array(Date32)})))
  AND level = {level:String}
  AND ({code:String} = '' OR code = {code:String})
