package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"kinerja/analytics"
)

// A report prints what the matching /api/v1 endpoint returns: json is the
// same document, csv and table are the same numbers flattened.
type report struct {
	name, summary string
	run           func(ctx context.Context, e *env, args []string) error
}

func reports() []report {
	return []report{
		{"ikm", "public satisfaction index (PermenPANRB 14/2017) per group, or its trend with --grain", runReportIKM},
		{"compare", "a metric per group against the previous period or last year, with 95 % intervals and ranks", runReportCompare},
		{"skp", "SKP predikat per group (PermenPANRB 6/2022) and whether each OPD keeps its organisation's pattern", runReportSKP},
		{"compliance", "activity-report compliance on working days, timeliness and supervisor review per group and period", runReportCompliance},
		{"competency", "competency gaps per group × competency (PermenPANRB 38/2017): mean gap and share of ASN below standard", runReportCompetency},
		{"training", "JP of competency development per group in a year: ASN reaching 20 JP (PP 11/2017 art. 203)", runReportTraining},
		{"ip-asn", "ASN professionalism index (PermenPANRB 38/2018) per group; per ASN with --detail asn or --nip", runReportIPASN},
		{"needs", "units ranked by training-needs priority, with the reasons in words", runReportNeeds},
	}
}

func runReport(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintln(e.stdout, "Usage: kinerja report NAME [flags] --format json|csv|table\n\nReports:")
		for _, r := range reports() {
			fmt.Fprintf(e.stdout, "  %-12s %s\n", r.name, r.summary)
		}
		return nil
	}
	for _, r := range reports() {
		if r.name == args[0] {
			return r.run(ctx, e, args[1:])
		}
	}
	return usagef("unknown report %q (try `kinerja report help`)", args[0])
}

// table is a report flattened into rows for csv and table output.
type table struct {
	header []string
	rows   [][]string
	right  map[int]bool // right-aligned (numeric) columns in table output
}

// write prints v as json, or t as csv or an aligned table.
func writeReport(w io.Writer, format string, v any, t table) error {
	switch format {
	case "json":
		return json.NewEncoder(w).Encode(v)
	case "csv":
		cw := csv.NewWriter(w)
		if err := cw.Write(t.header); err != nil {
			return err
		}
		if err := cw.WriteAll(t.rows); err != nil {
			return err
		}
		cw.Flush()
		return cw.Error()
	case "table":
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		line := func(cells []string) {
			for i, c := range cells {
				if i > 0 {
					fmt.Fprint(tw, "\t")
				}
				fmt.Fprint(tw, c)
			}
			fmt.Fprintln(tw, "\t")
		}
		line(t.header)
		for _, r := range t.rows {
			line(r)
		}
		return tw.Flush()
	}
	return usagef("--format %q: want json, csv or table", format)
}

// periodFlags are --from/--to with the current year to date (WITA) as default.
func defaultPeriod(now time.Time) (from, to string) {
	n := now.In(analytics.WITA)
	return fmt.Sprintf("%d-01-01", n.Year()), n.Format("2006-01-02")
}

// fmtDec formats a number for the table view the Indonesian way (88,31).
func fmtDec(v float64, decimals int) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', decimals, 64), ".", ",", 1)
}

func runReportIKM(ctx context.Context, e *env, args []string) error {
	r := e.reportCommand("ikm", true)
	fs := r.fs
	defFrom, defTo := defaultPeriod(time.Now())
	by := fs.String("by", "all", "group by: all, agency or unit")
	from := fs.String("from", defFrom, "first day YYYY-MM-DD (WITA), inclusive")
	to := fs.String("to", defTo, "last day YYYY-MM-DD (WITA), inclusive")
	agency := fs.String("agency", "", "only this OPD (agency code)")
	unit := fs.String("unit", "", "only this unit (unit code)")
	weight := fs.String("weight", "exact", "element weight: exact (1/9) or 0.111 (as older reports print it)")
	grain := fs.String("grain", "", "print the trend per month, quarter, semester or year instead of one value per group")
	if err := r.parse(e, args); err != nil {
		return err
	}
	q, err := ikmQuery(*by, *from, *to, *agency, *unit, *weight)
	if err != nil {
		return usageError{err}
	}
	var g analytics.Grain
	if *grain != "" {
		if g, err = analytics.ParseGrain(*grain); err != nil {
			return usageError{err}
		}
	}
	if g != "" {
		tr, err := fetch(ctx, e, r, "ikm/trend", func(svc *analytics.Service) (analytics.IKMTrend, error) {
			return svc.IKMTrend(ctx, q, g)
		})
		if err != nil {
			return err
		}
		return writeReport(e.stdout, *r.format, tr, ikmTrendTable(tr, r.table()))
	}
	res, err := fetch(ctx, e, r, "ikm", func(svc *analytics.Service) (analytics.IKMResult, error) {
		return svc.IKM(ctx, q)
	})
	if err != nil {
		return err
	}
	return writeReport(e.stdout, *r.format, res, ikmTable(res.Groups, nil, r.table()))
}

// ikmQuery validates the parameters shared by the CLI and the API.
func ikmQuery(by, from, to, agency, unit, weight string) (analytics.IKMQuery, error) {
	b, err := analytics.ParseBy(by)
	if err != nil {
		return analytics.IKMQuery{}, err
	}
	p, err := analytics.ParsePeriod(from, to)
	if err != nil {
		return analytics.IKMQuery{}, err
	}
	w, err := analytics.ParseWeight(weight)
	if err != nil {
		return analytics.IKMQuery{}, err
	}
	return analytics.IKMQuery{By: b, Period: p, Agency: agency, Unit: unit, Weight: w}, nil
}

func ikmHeader(lead ...string) []string {
	h := append([]string{}, lead...)
	h = append(h, "respondents")
	for _, el := range analytics.Elements {
		h = append(h, strings.ToLower(el.Code))
	}
	return append(h, "index", "ikm", "mutu", "label")
}

func ikmCells(s analytics.IKMScore, human bool) []string {
	num := func(v float64, d int) string {
		if human {
			return fmtDec(v, d)
		}
		return strconv.FormatFloat(v, 'f', d, 64)
	}
	out := []string{strconv.FormatUint(s.Respondents, 10)}
	for _, v := range s.NRR {
		out = append(out, num(float64(v), 4))
	}
	if s.Respondents == 0 {
		return append(out, "", "", "", "")
	}
	return append(out, num(float64(s.Index), 4), num(float64(s.IKM), 2), s.Mutu, s.Label)
}

func ikmTable(groups []analytics.IKMGroup, _ []string, human bool) table {
	t := table{header: ikmHeader("code", "name", "agency")}
	for _, g := range groups {
		t.rows = append(t.rows, append([]string{g.Code, g.Name, g.Agency}, ikmCells(g.IKMScore, human)...))
	}
	return t
}

func ikmTrendTable(tr analytics.IKMTrend, human bool) table {
	t := table{header: ikmHeader("code", "name", "period", "start")}
	series := append([]analytics.IKMSeries{}, tr.Series...)
	sort.SliceStable(series, func(i, j int) bool { return series[i].Code < series[j].Code })
	for _, s := range series {
		for _, p := range s.Points {
			t.rows = append(t.rows, append([]string{s.Code, s.Name, p.Period, p.Start}, ikmCells(p.IKMScore, human)...))
		}
	}
	return t
}
