package main

import (
	"context"
	"time"

	"kinerja/analytics"
)

// runReportCompetency: kinerja report competency --by all|agency|unit
// [--type teknis|manajerial|sosial_kultural] [--year Y] [--agency A]
// [--unit U]. One row per group × type (level "type") and per group ×
// competency (level "competency").
func runReportCompetency(ctx context.Context, e *env, args []string) error {
	r := e.reportCommand("competency", true)
	fs := r.fs
	by := fs.String("by", "unit", "group by: all, agency or unit")
	year := fs.Int("year", lastEndedYear(time.Now()), "year: the latest assessment up to its last day counts, for the ASN active in it")
	typ := fs.String("type", "", "only this competency type: teknis, manajerial or sosial_kultural")
	agency := fs.String("agency", "", "only this OPD (agency code)")
	unit := fs.String("unit", "", "only this unit (unit code)")
	if err := r.parse(e, args); err != nil {
		return err
	}
	q, err := competencyQuery(*by, *year, *typ, *agency, *unit)
	if err != nil {
		return usageError{err}
	}
	res, err := fetch(ctx, e, r, "competency", func(svc *analytics.Service) (analytics.CompetencyResult, error) {
		return svc.Competency(ctx, q)
	})
	if err != nil {
		return err
	}
	return writeReport(e.stdout, *r.format, res, competencyTable(res, r.table()))
}

// competencyQuery validates the parameters shared by the CLI and the API.
func competencyQuery(by string, year int, typ, agency, unit string) (analytics.CompetencyQuery, error) {
	b, err := analytics.ParseBy(by)
	if err != nil {
		return analytics.CompetencyQuery{}, err
	}
	if err := checkYear(year); err != nil {
		return analytics.CompetencyQuery{}, err
	}
	t, err := analytics.ParseCompetencyType(typ)
	if err != nil {
		return analytics.CompetencyQuery{}, err
	}
	return analytics.CompetencyQuery{By: b, Year: year, Type: t, Agency: agency, Unit: unit}, nil
}

// competencyTable: per group first its type rows (asn = ASN assessed in
// the type, below = ASN below the standard in at least one of its
// competencies, mean_gap over the type's assessments), then its
// competency rows (asn = ASN assessed in that competency).
func competencyTable(res analytics.CompetencyResult, human bool) table {
	t := table{header: []string{"code", "name", "agency", "level", "type", "competency", "competency_name",
		"asn", "below", "share_below", "mean_gap", "no_standard"}}
	for _, g := range res.Groups {
		for _, ty := range g.Types {
			t.rows = append(t.rows, []string{g.Code, g.Name, g.Agency, "type", ty.Type, "", "",
				countCell(ty.ASN), countCell(ty.ASNBelow), shareCell(ty.ShareBelow, human),
				numCell(float64(ty.MeanGap), 4, human), countCell(ty.NoStandard)})
		}
		for _, c := range g.Competencies {
			t.rows = append(t.rows, []string{g.Code, g.Name, g.Agency, "competency", c.Type, c.Code, c.Name,
				countCell(c.Assessed), countCell(c.Below), shareCell(c.ShareBelow, human),
				numCell(float64(c.MeanGap), 4, human), countCell(c.NoStandard)})
		}
	}
	return t
}
