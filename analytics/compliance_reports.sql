-- Activity reports per group and bucket of the activity date: how many,
-- how late they were submitted, how the supervisors reviewed them. The
-- group is the report's own unit (activity_reports.unit_code) and its OPD.
--
-- Delay in working days = W(submitted day) − W(activity date), with W(x)
-- the number of working days up to x: weekdays since 1900-01-01 (a
-- Monday), intDiv(n, 7)·5 + least(n mod 7 + 1, 5) with n the days since
-- then, minus the Monday–Friday holidays up to x. The holidays come as
-- {holiday_count:Array(UInt16)}: element k + 1 is the number of weekday
-- holidays from {from} up to {from} − 1 + k days, the array running to the
-- last holiday the calendar knows (or {to}); an index past either end is
-- clamped, which is exact: holidays before {from} cancel out in the
-- difference and none follow the last one. Calendar.workdayNumber is the
-- same W in Go. A report submitted before the next working day begins has
-- delay 0 (same working day); a negative delay (submitted before the
-- activity) counts as 0. The submitted day is the WITA date of
-- submitted_at (a DateTime('Asia/Makassar')).
--
-- Reviewed = status approved or returned (a supervisor decided); approval
-- latency = reviewed_at − submitted_at in seconds, for reviewed reports
-- that carry reviewed_at, negative values as 0. Quantiles are
-- quantileExactWeightedInterpolated with weight 1: linear interpolation
-- between the closest ranks at position (n − 1)·p (Hyndman–Fan type 7,
-- Excel PERCENTILE.INC), exact, memory per distinct value.
SELECT
    code,
    bucket,
    count() AS reports,
    countIf(reviewed) AS reviewed,
    countIf(returned) AS returned,
    countIf(delay <= 0) AS same_day,
    countIf(delay = 1) AS next_day,
    countIf(delay >= 2) AS later,
    quantileExactWeightedInterpolated(0.5)(greatest(delay, 0), 1) AS delay_median,
    quantilesExactWeightedInterpolated(0.5, 0.9)(latency, 1) AS latency_q,
    count(latency) AS with_latency
FROM
(
    SELECT
        multiIf({by:String} = 'agency', u.agency_code, {by:String} = 'unit', r.unit_code, 'ALL') AS code,
        multiIf({grain:String} = 'month', toDate32(toStartOfMonth(r.activity_date)),
                {grain:String} = 'quarter', toDate32(toStartOfQuarter(r.activity_date)),
                {grain:String} = 'semester', toDate32(addMonths(toStartOfYear(r.activity_date), if(toMonth(r.activity_date) <= 6, 0, 6))),
                {grain:String} = 'year', toDate32(toStartOfYear(r.activity_date)),
                {from:Date32}) AS bucket,
        r.status IN ('approved', 'returned') AS reviewed,
        r.status = 'returned' AS returned,
        dateDiff('day', toDate32('1900-01-01'), toDate32(r.submitted_at)) AS ns,
        dateDiff('day', toDate32('1900-01-01'), r.activity_date) AS na,
        dateDiff('day', toDate32('1900-01-01'), {from:Date32}) - 1 AS nbase,
        (intDiv(ns, 7) * 5 + least(ns % 7 + 1, 5)
            - arrayElement({holiday_count:Array(UInt16)}, toUInt32(least(greatest(ns - nbase, 0), length({holiday_count:Array(UInt16)}) - 1) + 1)))
        - (intDiv(na, 7) * 5 + least(na % 7 + 1, 5)
            - arrayElement({holiday_count:Array(UInt16)}, toUInt32(least(greatest(na - nbase, 0), length({holiday_count:Array(UInt16)}) - 1) + 1))) AS delay,
        if(reviewed AND r.reviewed_at IS NOT NULL,
           greatest(toInt64(dateDiff('second', r.submitted_at, assumeNotNull(r.reviewed_at))), 0), NULL) AS latency
    FROM activity_reports AS r FINAL
    LEFT JOIN (SELECT unit_code, agency_code FROM units FINAL) AS u ON u.unit_code = r.unit_code
    WHERE r.activity_date BETWEEN {from:Date32} AND {to:Date32}
      AND ({scope_agency:String} = '' OR u.agency_code = {scope_agency:String})
      AND ({scope_unit:String} = '' OR r.unit_code = {scope_unit:String})
      AND ({agency:String} = '' OR u.agency_code = {agency:String})
      AND ({unit:String} = '' OR r.unit_code = {unit:String})
)
GROUP BY code, bucket
