package main

import (
	"context"
	"strconv"
	"strings"
	"time"

	"kinerja/analytics"
	"kinerja/warehouse"
)

// runReportNeeds: kinerja report needs --year Y [--agency A]. Every unit
// ranked by its training-needs priority, most in need first.
func runReportNeeds(ctx context.Context, e *env, args []string) error {
	fs := e.flagSet("report needs")
	year := fs.Int("year", lastEndedYear(time.Now()), "year (WITA) of the competency, JP, SKP and SKM data")
	agency := fs.String("agency", "", "only the units of this OPD (agency code)")
	format := fs.String("format", "table", "output: json, csv or table")
	pemda := fs.String("pemda", "Kabupaten Mamuju", "name of the whole-Pemda group")
	lang := fs.String("lang", "id", "language of the reasons in csv and table: id or en")
	config := analyticsConfigFlag(fs)
	if err := e.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected arguments %q", fs.Args())
	}
	if err := checkYear(*year); err != nil {
		return usageError{err}
	}
	if *lang != "id" && *lang != "en" {
		return usagef("--lang %q: want id or en", *lang)
	}
	if *format != "json" && *format != "csv" && *format != "table" {
		return usagef("--format %q: want json, csv or table", *format)
	}
	res, err := reportFrom(ctx, e, fs, "needs", func(db warehouse.DB) (analytics.NeedsResult, error) {
		svc, err := analyticsService(analytics.New(db, *pemda), *config)
		if err != nil {
			return analytics.NeedsResult{}, err
		}
		return svc.Needs(ctx, analytics.NeedsQuery{Year: *year, Agency: *agency})
	})
	if err != nil {
		return err
	}
	return writeReport(e.stdout, *format, res, needsTable(res, *format == "table", *lang))
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
