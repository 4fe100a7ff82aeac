-- Activity reports per group and bucket of the activity date: how many,
-- how late they were submitted, how the supervisors reviewed them. The
-- group is the report's own unit (activity_reports.unit_code) and its OPD.
--
-- Delay in working days = W(submitted day) − W(activity date), where W(x)
-- is the number of working days from 1900-01-01 (a Monday) up to x:
-- weekdays, intDiv(n, 7)·5 + least(n mod 7 + 1, 5) with n the days since
-- 1900-01-01, minus the Monday–Friday {holidays} up to x (Calendar.
-- workdayNumber is the same function in Go). A report submitted before the
-- next working day begins has delay 0 (same working day); a negative delay
-- (submitted before the activity) counts as 0. The submitted day is the
-- WITA date of submitted_at (a DateTime('Asia/Makassar')).
--
-- Reviewed = status approved or returned (a supervisor decided); approval
-- latency = reviewed_at − submitted_at for reviewed reports that carry
-- reviewed_at, negative values as 0. Quantiles are
-- quantileExactWeightedInterpolated: linear interpolation between the
-- closest ranks, position (n − 1)·p (Hyndman–Fan type 7, Excel
-- PERCENTILE.INC), exact, with memory per distinct value, not per report.
--
-- Reports are first reduced per (group, bucket, activity date, submitted
-- day) so that the working-day arithmetic runs on few rows.
SELECT
    code,
    bucket,
    sum(n) AS reports,
    sum(n_reviewed) AS reviewed,
    sum(n_returned) AS returned,
    sumIf(n, delay <= 0) AS same_day,
    sumIf(n, delay = 1) AS next_day,
    sumIf(n, delay >= 2) AS later,
    quantileExactWeightedInterpolated(0.5)(greatest(delay, 0), n) AS delay_median,
    quantilesExactWeightedInterpolatedMerge(0.5, 0.9)(latency) AS latency_q,
    sum(n_latency) AS with_latency
FROM
(
    SELECT
        code, bucket, n, n_reviewed, n_returned, latency, n_latency,
        (intDiv(dateDiff('day', toDate32('1900-01-01'), sd), 7) * 5 + least(dateDiff('day', toDate32('1900-01-01'), sd) % 7 + 1, 5)
            - arrayCount(h -> h <= sd, {holidays:Array(Date32)}))
        - (intDiv(dateDiff('day', toDate32('1900-01-01'), ad), 7) * 5 + least(dateDiff('day', toDate32('1900-01-01'), ad) % 7 + 1, 5)
            - arrayCount(h -> h <= ad, {holidays:Array(Date32)})) AS delay
    FROM
    (
        SELECT
            multiIf({by:String} = 'agency', u.agency_code, {by:String} = 'unit', r.unit_code, 'ALL') AS code,
            multiIf({grain:String} = 'month', toDate32(toStartOfMonth(r.activity_date)),
                    {grain:String} = 'quarter', toDate32(toStartOfQuarter(r.activity_date)),
                    {grain:String} = 'semester', toDate32(addMonths(toStartOfYear(r.activity_date), if(toMonth(r.activity_date) <= 6, 0, 6))),
                    {grain:String} = 'year', toDate32(toStartOfYear(r.activity_date)),
                    {from:Date32}) AS bucket,
            r.activity_date AS ad,
            toDate32(r.submitted_at) AS sd,
            count() AS n,
            countIf(r.status IN ('approved', 'returned')) AS n_reviewed,
            countIf(r.status = 'returned') AS n_returned,
            countIf(r.status IN ('approved', 'returned') AND r.reviewed_at IS NOT NULL) AS n_latency,
            quantilesExactWeightedInterpolatedState(0.5, 0.9)(
                if(r.status IN ('approved', 'returned') AND r.reviewed_at IS NOT NULL,
                   greatest(toInt64(dateDiff('second', r.submitted_at, assumeNotNull(r.reviewed_at))), 0), NULL),
                1) AS latency
        FROM activity_reports AS r FINAL
        LEFT JOIN (SELECT unit_code, agency_code FROM units FINAL) AS u ON u.unit_code = r.unit_code
        WHERE r.activity_date BETWEEN {from:Date32} AND {to:Date32}
          AND ({scope_agency:String} = '' OR u.agency_code = {scope_agency:String})
          AND ({scope_unit:String} = '' OR r.unit_code = {scope_unit:String})
          AND ({agency:String} = '' OR u.agency_code = {agency:String})
          AND ({unit:String} = '' OR r.unit_code = {unit:String})
        GROUP BY code, bucket, ad, sd
    )
)
GROUP BY code, bucket
