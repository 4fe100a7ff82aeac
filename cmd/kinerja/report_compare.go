package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"kinerja/analytics"
)

// runReportCompare: kinerja report compare --metric ikm --by unit --period
// 2025-Q2 --vs previous|last-year [--agency A] [--unit U].
func runReportCompare(ctx context.Context, e *env, args []string) error {
	r := e.reportCommand("compare", true)
	fs := r.fs
	metric := fs.String("metric", "ikm", "metric: "+strings.Join(analytics.CompareMetrics(), ", "))
	by := fs.String("by", "agency", "group by: all, agency or unit")
	period := fs.String("period", strconv.Itoa(time.Now().In(analytics.WITA).Year()), "period: 2025, 2025-S1, 2025-Q2, 2025-03 or 2025-01-01..2025-03-31 (WITA)")
	vs := fs.String("vs", "previous", "baseline: previous (the period before) or last-year (the same period a year earlier)")
	agency := fs.String("agency", "", "only this OPD (agency code)")
	unit := fs.String("unit", "", "only this unit (unit code)")
	weight := fs.String("weight", "exact", "IKM element weight: exact (1/9) or 0.111")
	if err := r.parse(e, args); err != nil {
		return err
	}
	q, err := compareQuery(*metric, *by, *period, *vs, *agency, *unit, *weight)
	if err != nil {
		return usageError{err}
	}
	res, err := fetch(ctx, e, r, "compare", func(svc *analytics.Service) (analytics.CompareResult, error) {
		return svc.Compare(ctx, q)
	})
	if err != nil {
		return err
	}
	if err := writeReport(e.stdout, *r.format, res, compareTable(res, r.table())); err != nil || *r.format != "table" {
		return err
	}
	// The table view also names the significant changes, as the JSON does.
	for _, l := range []struct {
		title string
		cs    []analytics.Change
	}{{"Membaik secara signifikan", res.MostImproved}, {"Memburuk secara signifikan", res.MostDeclined}} {
		var names []string
		for _, c := range l.cs {
			d := fmtDec(c.Delta, res.Decimals)
			if c.Delta > 0 {
				d = "+" + d
			}
			names = append(names, fmt.Sprintf("%s (%s)", c.Name, d))
		}
		if len(names) == 0 {
			names = []string{"-"}
		}
		fmt.Fprintf(e.stdout, "\n%s: %s", l.title, strings.Join(names, "; "))
	}
	fmt.Fprintf(e.stdout, "\n%s %s dibanding %s, selang kepercayaan 95 %% (%s)\n", res.Label, res.Period.Label, res.Baseline.Label, res.Method)
	if res.Note != "" {
		fmt.Fprintf(e.stdout, "Catatan: %s\n", res.Note)
	}
	return nil
}

// compareQuery validates the parameters shared by the CLI and the API.
func compareQuery(metric, by, period, vs, agency, unit, weight string) (analytics.CompareQuery, error) {
	m, err := analytics.ParseCompareMetric(metric)
	if err != nil {
		return analytics.CompareQuery{}, err
	}
	b, err := analytics.ParseBy(by)
	if err != nil {
		return analytics.CompareQuery{}, err
	}
	p, err := analytics.ParsePeriodLabel(period)
	if err != nil {
		return analytics.CompareQuery{}, err
	}
	v, err := analytics.ParseBaseline(vs)
	if err != nil {
		return analytics.CompareQuery{}, err
	}
	w, err := analytics.ParseWeight(weight)
	if err != nil {
		return analytics.CompareQuery{}, err
	}
	q := analytics.CompareQuery{Metric: m, By: b, Period: p, Vs: v, Agency: agency, Unit: unit, Weight: w}
	return q, q.Validate()
}

func compareTable(res analytics.CompareResult, human bool) table {
	d := res.Decimals
	num := func(v float64) string {
		if human {
			return fmtDec(v, d)
		}
		return strconv.FormatFloat(v, 'f', d, 64)
	}
	t := table{header: []string{"rank", "code", "name", res.Period.Label, "n", res.Baseline.Label, "n_baseline", "rank_baseline",
		"delta", "delta_low", "delta_high", "significant", "required_sample", "sample_adequate"}}
	t.right = map[int]bool{0: true, 3: true, 4: true, 5: true, 6: true, 7: true, 8: true, 9: true, 10: true, 12: true}
	opt := func(p *int) string {
		if p == nil {
			return ""
		}
		return strconv.Itoa(*p)
	}
	for _, g := range res.Groups {
		row := []string{opt(g.Rank), g.Code, g.Name, "", "", "", "", opt(g.RankBaseline), "", "", "", "", "", ""}
		if g.Current != nil {
			row[3], row[4] = num(g.Current.Value), strconv.FormatUint(g.Current.N, 10)
			if g.Current.Required != nil {
				row[12] = strconv.FormatUint(*g.Current.Required, 10)
				row[13] = yesNo(*g.Current.Adequate, human)
			}
		}
		if g.Baseline != nil {
			row[5], row[6] = num(g.Baseline.Value), strconv.FormatUint(g.Baseline.N, 10)
		}
		if g.Delta != nil {
			row[8] = num(*g.Delta)
			if human && *g.Delta > 0 {
				row[8] = "+" + row[8]
			}
		}
		if g.DeltaCI != nil {
			row[9], row[10] = num(g.DeltaCI.Low), num(g.DeltaCI.High)
		}
		if g.Significant != nil {
			row[11] = yesNo(*g.Significant, human)
		}
		t.rows = append(t.rows, row)
	}
	return t
}

func yesNo(b, human bool) string {
	switch {
	case human && b:
		return "ya"
	case human:
		return "tidak"
	}
	return fmt.Sprint(b)
}
