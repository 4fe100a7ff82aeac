package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"time"

	"kinerja/analytics"
)

// runReportCompliance: kinerja report compliance --by agency|unit|all
// (--from D --to D | --period LABEL) [--grain month|quarter|semester|year]
// [--agency A] [--unit U]. Without --grain the whole period is one bucket.
// The default period is the current year to date (WITA). Working days come
// from the calendar of --config's analytics.calendar section, by default
// the national holidays and cuti bersama ASN 2024–2026 (see
// analytics.CalendarConfig).
func runReportCompliance(ctx context.Context, e *env, args []string) error {
	r := e.reportCommand("compliance", true)
	fs := r.fs
	defFrom, defTo := defaultPeriod(time.Now())
	by := fs.String("by", "agency", "group by: all, agency or unit")
	from := fs.String("from", defFrom, "first activity day YYYY-MM-DD (WITA), inclusive")
	to := fs.String("to", defTo, "last activity day YYYY-MM-DD (WITA), inclusive")
	period := fs.String("period", "", "instead of --from/--to: 2025, 2025-S1, 2025-Q2, 2025-03 or 2025-01-01..2025-03-31")
	grain := fs.String("grain", "", "one row per month, quarter, semester or year (default: one row for the whole period)")
	agency := fs.String("agency", "", "only this OPD (agency code)")
	unit := fs.String("unit", "", "only this unit (unit code)")
	if err := r.parse(e, args); err != nil {
		return err
	}
	if *period != "" {
		explicit := false
		fs.Visit(func(f *flag.Flag) {
			if f.Name == "from" || f.Name == "to" {
				explicit = true
			}
		})
		if explicit {
			return usagef("--period and --from/--to: give one or the other")
		}
	}
	q, err := complianceQuery(*by, *from, *to, *period, *grain, *agency, *unit)
	if err != nil {
		return usageError{err}
	}
	res, err := fetch(ctx, e, r, "compliance", func(svc *analytics.Service) (analytics.ComplianceResult, error) {
		return svc.Compliance(ctx, q)
	})
	if err != nil {
		return err
	}
	return writeReport(e.stdout, *r.format, res, complianceTable(res, r.table()))
}

// complianceQuery validates the parameters shared by the CLI and the API:
// a period label, when given, replaces from and to.
func complianceQuery(by, from, to, period, grain, agency, unit string) (analytics.ComplianceQuery, error) {
	b, err := analytics.ParseBy(by)
	if err != nil {
		return analytics.ComplianceQuery{}, err
	}
	var p analytics.Period
	if period != "" {
		p, err = analytics.ParsePeriodLabel(period)
	} else {
		p, err = analytics.ParsePeriod(from, to)
	}
	if err != nil {
		return analytics.ComplianceQuery{}, err
	}
	if p.Days() > analytics.MaxComplianceDays {
		return analytics.ComplianceQuery{}, fmt.Errorf("period of %d days: want at most %d", p.Days(), analytics.MaxComplianceDays)
	}
	var g analytics.Grain
	if grain != "" {
		if g, err = analytics.ParseGrain(grain); err != nil {
			return analytics.ComplianceQuery{}, err
		}
	}
	return analytics.ComplianceQuery{By: b, Period: p, Grain: g, Agency: agency, Unit: unit}, nil
}

// complianceTable: one row per group and bucket. Ratios are fractions in
// csv and percentages in the table; an empty cell is a ratio without a
// denominator (no ASN, no reports, nothing reviewed).
func complianceTable(res analytics.ComplianceResult, human bool) table {
	t := table{header: []string{"code", "name", "period", "from", "to", "working_days", "active_asn",
		"expected_asn_days", "reported_asn_days", "compliance", "reports", "reports_per_asn",
		"same_day", "next_day", "later", "median_delay_days",
		"reviewed", "returned", "pending", "returned_share", "latency_median_hours", "latency_p90_hours"}}
	t.right = map[int]bool{}
	for i := 5; i < len(t.header); i++ {
		t.right[i] = true
	}
	u := func(v uint64) string { return strconv.FormatUint(v, 10) }
	share := func(v *analytics.Dec4) string {
		switch {
		case v == nil:
			return ""
		case human:
			return fmtDec(float64(*v)*100, 1) + " %"
		}
		return strconv.FormatFloat(float64(*v), 'f', 4, 64)
	}
	dec := func(v *analytics.Dec2) string {
		switch {
		case v == nil:
			return ""
		case human:
			return fmtDec(float64(*v), 2)
		}
		return strconv.FormatFloat(float64(*v), 'f', 2, 64)
	}
	for _, g := range res.Groups {
		for _, p := range g.Periods {
			tm, r := p.Timeliness, p.Review
			t.rows = append(t.rows, []string{g.Code, g.Name, p.Period, p.From, p.To, strconv.Itoa(p.WorkingDays), u(p.ActiveASN),
				u(p.ExpectedASNDays), u(p.ReportedASNDays), share(p.Compliance), u(p.Reports), dec(p.ReportsPerASN),
				u(tm.SameDay), u(tm.NextDay), u(tm.Later), dec(tm.MedianDelayDays),
				u(r.Reviewed), u(r.Returned), u(r.Pending), share(r.ReturnedShare), dec(r.LatencyMedianHours), dec(r.LatencyP90Hours)})
		}
	}
	return t
}
