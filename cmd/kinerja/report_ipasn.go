package main

import (
	"context"
	"fmt"
	"time"

	"kinerja/analytics"
)

// runReportIPASN: kinerja report ip-asn [--by all|agency|unit] [--year Y]
// [--agency A] [--unit U] [--detail asn | --nip NIP]. The aggregate per
// group is the default; the per-ASN scores (NIP and name: personal data,
// UU 27/2022) only with --detail asn or --nip. The table view lists the
// instrument values taken as assumptions below the numbers.
func runReportIPASN(ctx context.Context, e *env, args []string) error {
	r := e.reportCommand("ip-asn", true)
	fs := r.fs
	by := fs.String("by", "agency", "group by: all, agency or unit")
	year := fs.Int("year", lastEndedYear(time.Now()), "year measured (WITA): its SKP, its technical training and seminars")
	agency := fs.String("agency", "", "only this OPD (agency code)")
	unit := fs.String("unit", "", "only this unit (unit code)")
	nip := fs.String("nip", "", "only this ASN, with NIP and name (personal data)")
	detail := fs.String("detail", "", "asn: list every ASN's score with NIP and name (personal data)")
	if err := r.parse(e, args); err != nil {
		return err
	}
	q, err := ipasnQuery(*by, *year, *agency, *unit, *nip, *detail)
	if err != nil {
		return usageError{err}
	}
	res, err := fetch(ctx, e, r, "ip-asn", func(svc *analytics.Service) (analytics.IPASNResult, error) {
		return svc.IPASN(ctx, q)
	})
	if err != nil {
		return err
	}
	human := r.table()
	t := ipasnTable(res, human)
	if res.PersonalData {
		t = ipasnASNTable(res, human)
	}
	if err := writeReport(e.stdout, *r.format, res, t); err != nil || !human {
		return err
	}
	if len(res.Assumptions) > 0 {
		fmt.Fprintln(e.stdout, "\nAsumsi instrumen IP ASN (belum diatur di --config, analytics.ip_asn):")
		for _, a := range res.Assumptions {
			fmt.Fprintf(e.stdout, "  %s = %s: %s\n", a.Key, a.Value, a.ID)
		}
	}
	return nil
}

// ipasnQuery validates the parameters shared by the CLI and the API.
func ipasnQuery(by string, year int, agency, unit, nip, detail string) (analytics.IPASNQuery, error) {
	b, err := analytics.ParseBy(by)
	if err != nil {
		return analytics.IPASNQuery{}, err
	}
	if err := checkYear(year); err != nil {
		return analytics.IPASNQuery{}, err
	}
	if detail != "" && detail != "asn" {
		return analytics.IPASNQuery{}, fmt.Errorf("detail %q: want asn or nothing", detail)
	}
	return analytics.IPASNQuery{By: b, Year: year, Agency: agency, Unit: unit, NIP: nip, Detail: detail == "asn"}, nil
}

func ipasnTable(res analytics.IPASNResult, human bool) table {
	t := table{header: []string{"code", "name", "agency", "employees", "score", "category", "kualifikasi", "kompetensi",
		"kinerja", "disiplin", "sangat_tinggi", "tinggi", "sedang", "rendah", "sangat_rendah", "no_skp"}}
	for _, g := range res.Groups {
		cat := g.Category
		if human {
			cat = g.Label
		}
		c := g.Counts
		t.rows = append(t.rows, []string{g.Code, g.Name, g.Agency, countCell(g.Employees), numCell(float64(g.Score), 2, human), cat,
			numCell(float64(g.Kualifikasi), 2, human), numCell(float64(g.Kompetensi), 2, human),
			numCell(float64(g.Kinerja), 2, human), numCell(float64(g.Disiplin), 2, human),
			countCell(c.SangatTinggi), countCell(c.Tinggi), countCell(c.Sedang), countCell(c.Rendah), countCell(c.SangatRendah),
			countCell(g.NoSKP)})
	}
	return t
}

// ipasnASNTable is the per-ASN view: personal data.
func ipasnASNTable(res analytics.IPASNResult, human bool) table {
	t := table{header: []string{"nip", "name", "unit", "agency", "employee_type", "position_class", "education", "predikat",
		"kualifikasi", "kompetensi", "kinerja", "disiplin", "score", "category"}}
	for _, a := range res.ASN {
		cat := a.Category
		if human {
			cat = a.Label
		}
		t.rows = append(t.rows, []string{a.NIP, a.Name, a.Unit, a.Agency, a.EmployeeType, a.PositionClass, a.Education, a.Predikat,
			numCell(float64(a.Kualifikasi), 2, human), numCell(float64(a.Kompetensi), 2, human),
			numCell(float64(a.Kinerja), 2, human), numCell(float64(a.Disiplin), 2, human),
			numCell(float64(a.Score), 2, human), cat})
	}
	return t
}
