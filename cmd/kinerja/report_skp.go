package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"kinerja/analytics"
)

// runReportSKP: kinerja report skp --by agency|unit|all --year Y
// [--period ANNUAL|Q1..Q4] [--agency A] [--unit U]. The default year is
// the last one that has ended (WITA): annual evaluations and organisation
// ratings are given after the year.
func runReportSKP(ctx context.Context, e *env, args []string) error {
	r := e.reportCommand("skp", false)
	fs := r.fs
	by := fs.String("by", "agency", "group by: all, agency or unit")
	year := fs.Int("year", time.Now().In(analytics.WITA).Year()-1, "evaluation year")
	period := fs.String("period", analytics.SKPAnnual, "evaluation period: ANNUAL, Q1, Q2, Q3 or Q4")
	agency := fs.String("agency", "", "only this OPD (agency code)")
	unit := fs.String("unit", "", "only this unit (unit code)")
	if err := r.parse(e, args); err != nil {
		return err
	}
	q, err := skpQuery(*by, *year, *period, *agency, *unit)
	if err != nil {
		return usageError{err}
	}
	res, err := fetch(ctx, e, r, "skp", func(svc *analytics.Service) (analytics.SKPResult, error) {
		return svc.SKP(ctx, q)
	})
	if err != nil {
		return err
	}
	human := r.table()
	if err := writeReport(e.stdout, *r.format, res, skpTable(res, human)); err != nil || !human {
		return err
	}
	// The table view spells out the broken patterns below the numbers.
	var lines []string
	for _, g := range res.Groups {
		for _, v := range g.Violations {
			lines = append(lines, fmt.Sprintf("  %s: %s", g.Name, v))
		}
	}
	if len(lines) > 0 {
		fmt.Fprintf(e.stdout, "\nPola distribusi predikat tidak sesuai predikat organisasi (PermenPANRB 6/2022):\n%s\n", strings.Join(lines, "\n"))
	}
	return nil
}

// skpQuery validates the parameters shared by the CLI and the API.
func skpQuery(by string, year int, period, agency, unit string) (analytics.SKPQuery, error) {
	b, err := analytics.ParseBy(by)
	if err != nil {
		return analytics.SKPQuery{}, err
	}
	p, err := analytics.ParseSKPPeriod(period)
	if err != nil {
		return analytics.SKPQuery{}, err
	}
	if year < 1900 || year > 9999 {
		return analytics.SKPQuery{}, fmt.Errorf("year %d: want a year such as 2025", year)
	}
	return analytics.SKPQuery{By: b, Year: year, Period: p, Agency: agency, Unit: unit}, nil
}

// skpTable: counts per predikat, shares (fractions in csv, percentages in
// the table), the organisation's predikat and the verdict: true / false
// (ya / tidak in the table), empty when there is nothing to judge,
// withheld (disembunyikan) when the scope is narrower than the OPD. The
// csv carries the violations joined by " | ", the table their number (the
// text follows the table).
func skpTable(res analytics.SKPResult, human bool) table {
	t := table{header: []string{"code", "name", "agency", "evaluated",
		"sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang",
		"share_sangat_baik", "share_baik", "share_butuh_perbaikan", "share_kurang", "share_sangat_kurang",
		"organisation_predikat", "pattern_ok", "violations"}}
	t.right = map[int]bool{3: true, 4: true, 5: true, 6: true, 7: true, 8: true, 9: true, 10: true, 11: true, 12: true, 13: true}
	share := func(v analytics.Dec4) string {
		if human {
			return fmtDec(float64(v)*100, 1) + " %"
		}
		return strconv.FormatFloat(float64(v), 'f', 4, 64)
	}
	u := func(v uint64) string { return strconv.FormatUint(v, 10) }
	for _, g := range res.Groups {
		c, s := g.Counts, g.Shares
		pattern := ""
		switch {
		case g.PatternWithheld:
			pattern = map[bool]string{true: "disembunyikan", false: "withheld"}[human]
		case g.PatternOK != nil:
			pattern = strconv.FormatBool(*g.PatternOK)
			if human {
				pattern = map[bool]string{true: "ya", false: "tidak"}[*g.PatternOK]
			}
		}
		org := g.OrganisationPredikat
		violations := strings.Join(g.Violations, " | ")
		if human {
			org = g.OrganisationLabel
			violations = strconv.Itoa(len(g.Violations))
		}
		t.rows = append(t.rows, []string{g.Code, g.Name, g.Agency, u(g.Evaluated),
			u(c.SangatBaik), u(c.Baik), u(c.ButuhPerbaikan), u(c.Kurang), u(c.SangatKurang),
			share(s.SangatBaik), share(s.Baik), share(s.ButuhPerbaikan), share(s.Kurang), share(s.SangatKurang),
			org, pattern, violations})
	}
	return t
}
