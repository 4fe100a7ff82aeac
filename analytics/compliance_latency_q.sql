-- The approval-latency order statistics of the calendar buckets of {span}
-- months starting on {starts}, for one group level, one code of it or
-- every code (''): see rollup_activity_latency_q in rollup_activity.go and
-- compliance_latency.go. span and bucket prune the partitions.
SELECT bucket, level, code, n, median_lo, median_hi, p90_lo, p90_hi
FROM rollup_activity_latency_q
WHERE span = {span:UInt8}
  AND bucket IN {starts:Array(Date32)}
  AND level = {level:String}
  AND ({code:String} = '' OR code = {code:String})
