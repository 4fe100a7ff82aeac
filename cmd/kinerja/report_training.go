package main

import (
	"context"
	"time"

	"kinerja/analytics"
)

// runReportTraining: kinerja report training --by all|agency|unit --year Y
// [--agency A] [--unit U]. The figures of all ASN, then of PNS (whom PP
// 11/2017 art. 203(4) binds) and PPPK apart.
func runReportTraining(ctx context.Context, e *env, args []string) error {
	r := e.reportCommand("training", true)
	fs := r.fs
	by := fs.String("by", "agency", "group by: all, agency or unit")
	year := fs.Int("year", lastEndedYear(time.Now()), "calendar year (WITA); a training counts in the year it ends")
	agency := fs.String("agency", "", "only this OPD (agency code)")
	unit := fs.String("unit", "", "only this unit (unit code)")
	if err := r.parse(e, args); err != nil {
		return err
	}
	q, err := trainingQuery(*by, *year, *agency, *unit)
	if err != nil {
		return usageError{err}
	}
	res, err := fetch(ctx, e, r, "training", func(svc *analytics.Service) (analytics.TrainingResult, error) {
		return svc.Training(ctx, q)
	})
	if err != nil {
		return err
	}
	return writeReport(e.stdout, *r.format, res, trainingTable(res, r.table()))
}

// trainingQuery validates the parameters shared by the CLI and the API.
func trainingQuery(by string, year int, agency, unit string) (analytics.TrainingQuery, error) {
	b, err := analytics.ParseBy(by)
	if err != nil {
		return analytics.TrainingQuery{}, err
	}
	if err := checkYear(year); err != nil {
		return analytics.TrainingQuery{}, err
	}
	return analytics.TrainingQuery{By: b, Year: year, Agency: agency, Unit: unit}, nil
}

func trainingTable(res analytics.TrainingResult, human bool) table {
	t := table{header: []string{"code", "name", "agency", "employees", "jp_total", "jp_mean", "reached_20jp", "share_20jp",
		"below_20jp", "jp_deficit_mean", "pns_employees", "pns_reached_20jp", "pns_share_20jp",
		"pppk_employees", "pppk_reached_20jp", "pppk_share_20jp"}}
	for _, g := range res.Groups {
		pns, pppk := g.ByType["PNS"], g.ByType["PPPK"]
		t.rows = append(t.rows, []string{g.Code, g.Name, g.Agency, countCell(g.Employees),
			numCell(float64(g.JPTotal), 2, human), numCell(float64(g.JPMean), 2, human),
			countCell(g.Reached20JP), shareCell(g.Share20JP, human), countCell(g.Below20JP),
			numCell(float64(g.JPDeficitMean), 2, human),
			countCell(pns.Employees), countCell(pns.Reached20JP), shareCell(pns.Share20JP, human),
			countCell(pppk.Employees), countCell(pppk.Reached20JP), shareCell(pppk.Share20JP, human)})
	}
	return t
}
