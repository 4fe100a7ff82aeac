package main

import (
	"context"
	"strconv"
	"strings"
	"time"

	"kinerja/analytics"
)

// runReportNeeds: kinerja report needs --year Y [--agency A]. Every unit
// ranked by its training-needs priority, most in need first.
func runReportNeeds(ctx context.Context, e *env, args []string) error {
	r := e.reportCommand("needs", true)
	fs := r.fs
	year := fs.Int("year", lastEndedYear(time.Now()), "year (WITA) of the competency, JP, SKP and SKM data")
	agency := fs.String("agency", "", "only the units of this OPD (agency code)")
	lang := fs.String("lang", "id", "language of the reasons in csv and table: id or en")
	if err := r.parse(e, args); err != nil {
		return err
	}
	if err := checkYear(*year); err != nil {
		return usageError{err}
	}
	if *lang != "id" && *lang != "en" {
		return usagef("--lang %q: want id or en", *lang)
	}
	res, err := fetch(ctx, e, r, "needs", func(svc *analytics.Service) (analytics.NeedsResult, error) {
		return svc.Needs(ctx, analytics.NeedsQuery{Year: *year, Agency: *agency})
	})
	if err != nil {
		return err
	}
	return writeReport(e.stdout, *r.format, res, needsTable(res, r.table(), *lang))
}

// needsTable: rank, score, the five components (empty without data) and
// the reasons joined by " | ".
func needsTable(res analytics.NeedsResult, human bool, lang string) table {
	t := table{header: []string{"rank", "code", "name", "agency", "score", "competency", "jp_share", "jp_deficit",
		"predikat", "service", "reasons"}}
	comp := func(v *analytics.Dec4) string {
		if v == nil {
			return ""
		}
		return numCell(float64(*v), 4, human)
	}
	for _, u := range res.Units {
		var reasons []string
		for _, r := range u.Reasons {
			if lang == "en" {
				reasons = append(reasons, r.EN)
			} else {
				reasons = append(reasons, r.ID)
			}
		}
		c := u.Components
		t.rows = append(t.rows, []string{strconv.Itoa(u.Rank), u.Code, u.Name, u.Agency, numCell(float64(u.Score), 2, human),
			comp(c.Competency), comp(c.JPShare), comp(c.JPDeficit), comp(c.Predikat), comp(c.Service),
			strings.Join(reasons, " | ")})
	}
	return t
}
