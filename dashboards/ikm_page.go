package dashboards

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"kinerja/analytics"
)

// pageData is what the "ikm" page template sees.
type pageData struct {
	L          Lang
	Title      string
	PemdaName  string
	Selection  string // what the numbers are about: a unit, an OPD or the Pemda
	LangURL    string // this page in the other language
	Filters    Filters
	Form       filterForm
	Printed    string
	Notices    []string
	ParamError *paramError
	Empty      *emptyState
	Widgets    []renderedWidget
	NoECharts  bool
	Mutu       []mutuLegend
}

// filterForm is the plain GET form at the top of the page.
type filterForm struct {
	From, To string
	Agencies []option
	Units    []optgroup
	Grains   []option
	Weights  []option
	ResetURL string
}

type option struct {
	Value, Label string
	Selected     bool
}

type optgroup struct {
	Label, Agency string
	Options       []option
}

type mutuLegend struct{ Mutu, Label, Range string }

// emptyState is shown instead of the widgets when the selection has no
// survey responses at all.
type emptyState struct {
	NoDataAtAll bool
	Extent      string // "2 Jan 2024 sampai 14 Mar 2025"
	SuggestURL  string // the 12 months up to the latest data, same filters
}

// query returns a getter for the request's query parameters whose values
// are copies (fasthttp reuses the originals after the handler returns).
func query(c *fiber.Ctx) func(string) string {
	return func(k string) string { return strings.Clone(c.Query(k)) }
}

// ikmPage renders "Kepuasan Masyarakat". Filters come from the URL; a bad
// parameter answers 400 with the form and the reason; a selection without
// responses shows a friendly empty state with a period that has data.
func (s *server) ikmPage(c *fiber.Ctx) error {
	l := langOf(c)
	rid := requestID(c)
	tpl, err := s.files.templates()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(c.UserContext(), s.cfg.QueryTimeout)
	defer cancel()

	now := s.cfg.Now()
	f, perr := parseFilters(query(c), now)
	d := pageData{
		L: l, Title: l.T("page.ikm"), PemdaName: s.cfg.PemdaName,
		Printed: l.DateTime(now), NoECharts: !s.files.hasECharts(), Mutu: mutuLegends(l),
	}
	org, err := s.svc.Organisation(ctx)
	if err != nil {
		s.log.ErrorContext(ctx, "organisation for filters", "request_id", rid, "err", err)
		d.Notices = append(d.Notices, l.T("error.org"))
	}
	status := fiber.StatusOK
	if perr != nil {
		// Show the form with the defaults and say what was wrong.
		d.ParamError = perr
		status = fiber.StatusBadRequest
		f = Filters{Period: defaultPeriod(now), Grain: analytics.Month, Weight: analytics.WeightExact}
	} else if f.Unit != "" {
		if u, ok := org.Unit(f.Unit); ok {
			switch {
			case f.Agency == "":
				f.Agency = u.Agency
			case f.Agency != u.Agency:
				d.Notices = append(d.Notices, l.T("error.unit_agency"))
				f.Unit = ""
			}
		}
	}
	d.Filters = f
	d.Selection = selectionName(s.cfg.PemdaName, org, f)
	d.Form = buildForm(l, org, f)
	d.LangURL = "/?" + withLang(f.query(), l.Other()).Encode()

	if perr == nil {
		summary, serr := s.svc.IKM(ctx, f.ikmQuery(analytics.ByAll))
		var sel analytics.IKMScore
		if serr == nil && len(summary.Groups) > 0 {
			sel = summary.Groups[0].IKMScore
		}
		if serr == nil && sel.Respondents == 0 {
			d.Empty = s.emptyState(ctx, l, rid, f)
		} else {
			d.Widgets = s.loadWidgets(ctx, tpl, l, rid, s.ikmWidgets(l, org, f, d.Selection, sel, serr))
		}
	}

	var buf bytes.Buffer
	if err := tpl.ExecuteTemplate(&buf, "ikm", d); err != nil {
		return fmt.Errorf("render ikm page: %w", err)
	}
	c.Type("html", "utf-8")
	return c.Status(status).Send(buf.Bytes())
}

// ikmWidgets lists the widgets of the page for the filters. The selection's
// own score (sel, or its error serr) was loaded first to decide between the
// widgets and the empty state; the summary and the element widgets reuse it.
func (s *server) ikmWidgets(l Lang, org analytics.Organisation, f Filters, selection string, sel analytics.IKMScore, serr error) []widget {
	summary := widget{ID: "ikm_summary", Title: l.T("widget.summary") + ": " + selection, Wide: true,
		Load: func(ctx context.Context) (widgetView, error) {
			if serr != nil {
				return widgetView{}, serr
			}
			return summaryView(l, sel), nil
		}}
	elements := widget{ID: "ikm_elements", Title: l.T("widget.elements"),
		Load: func(ctx context.Context) (widgetView, error) {
			if serr != nil {
				return widgetView{}, serr
			}
			return elementsView(l, selection, sel), nil
		}}
	trend := widget{ID: "ikm_trend", Title: l.T("widget.trend") + " (" + strings.ToLower(l.T("grain."+string(f.Grain))) + ")",
		Load: func(ctx context.Context) (widgetView, error) {
			tr, err := s.svc.IKMTrend(ctx, f.ikmQuery(analytics.ByAll), f.Grain)
			if err != nil {
				return widgetView{}, err
			}
			return trendView(l, selection, f, tr), nil
		}}
	byAgency := widget{ID: "ikm_by_agency", Title: l.T("widget.by_agency"), Wide: true,
		Load: func(ctx context.Context) (widgetView, error) {
			// Every OPD, whatever the selection: the point is the comparison.
			q := f.ikmQuery(analytics.ByAgency)
			q.Agency, q.Unit = "", ""
			res, err := s.svc.IKM(ctx, q)
			if err != nil {
				return widgetView{}, err
			}
			link := func(g analytics.IKMGroup) string { return f.withAgency(g.Code).URL("/") }
			return groupsView(l, l.T("widget.by_agency"), l.T("col.agency"), res.Groups, link, f.Agency), nil
		}}
	ws := []widget{summary}
	if f.Agency == "" {
		return append(ws, byAgency, trend, elements)
	}
	byUnit := widget{ID: "ikm_by_unit", Title: l.T("widget.by_unit") + ": " + agencyName(org, f.Agency), Wide: true,
		Load: func(ctx context.Context) (widgetView, error) {
			q := f.ikmQuery(analytics.ByUnit)
			q.Unit = ""
			res, err := s.svc.IKM(ctx, q)
			if err != nil {
				return widgetView{}, err
			}
			link := func(g analytics.IKMGroup) string { return f.withUnit(f.Agency, g.Code).URL("/") }
			return groupsView(l, l.T("widget.by_unit"), l.T("col.unit"), res.Groups, link, f.Unit), nil
		}}
	return append(ws, byUnit, trend, elements, byAgency)
}

// emptyState tells what data exists, and offers the 12 months up to the
// latest response with the same OPD/unit filters.
func (s *server) emptyState(ctx context.Context, l Lang, rid string, f Filters) *emptyState {
	ext, err := s.svc.SurveyExtent(ctx)
	if err != nil {
		s.log.ErrorContext(ctx, "survey extent for the empty state", "request_id", rid, "err", err)
		return &emptyState{}
	}
	if ext.Responses == 0 {
		return &emptyState{NoDataAtAll: true}
	}
	g := f
	g.Period = twelveMonthsTo(ext.Last)
	return &emptyState{
		Extent:     fmt.Sprintf(l.T("empty.extent"), l.Date(ext.First), l.Date(ext.Last)),
		SuggestURL: g.URL("/"),
	}
}

func summaryView(l Lang, s analytics.IKMScore) widgetView {
	v := widgetView{Cards: []card{
		{Label: l.T("summary.ikm"), Value: l.Decimal(float64(s.IKM), 2), Sub: l.T("col.index") + " " + l.Decimal(float64(s.Index), 4), Mutu: s.Mutu},
		{Label: l.T("summary.mutu"), Value: s.Mutu, Sub: l.T("mutu." + s.Mutu), Mutu: s.Mutu},
		{Label: l.T("summary.respondents"), Value: l.Int(s.Respondents)},
	}}
	weak := weakElements(s)
	lowest := -1
	for i := range weak {
		if weak[i] && (lowest < 0 || s.NRR[i] < s.NRR[lowest]) {
			lowest = i
		}
	}
	if lowest >= 0 {
		v.Cards = append(v.Cards, card{Label: l.T("summary.weakest"),
			Value: analytics.Elements[lowest].Code + " " + elementName(l, lowest),
			Sub:   l.T("col.nrr") + " " + l.Decimal(float64(s.NRR[lowest]), 2) + " · " + s.NRRMutu[lowest],
			Mutu:  s.NRRMutu[lowest], Text: true})
	}
	return v
}

func elementsView(l Lang, selection string, s analytics.IKMScore) widgetView {
	weak := weakElements(s)
	t := &table{
		Head:    []string{l.T("col.element"), "", l.T("col.nrr"), l.T("col.mutu"), l.T("col.note")},
		Numeric: []bool{false, false, true, false, false},
	}
	for i, e := range analytics.Elements {
		note := ""
		class := ""
		if weak[i] {
			note, class = l.T("weak"), "weak"
		}
		t.Rows = append(t.Rows, []cell{
			{Text: e.Code, Class: class}, {Text: elementName(l, i)},
			{Text: l.Decimal(float64(s.NRR[i]), 4)}, {Text: s.NRRMutu[i], Mutu: s.NRRMutu[i]},
			{Text: note, Class: class},
		})
	}
	return widgetView{
		Chart: elementsChart(l, l.T("widget.elements")+" "+selection, s, weak),
		Table: t,
		Notes: []string{l.T("weak.rule")},
	}
}

func trendView(l Lang, selection string, f Filters, tr analytics.IKMTrend) widgetView {
	points := map[string]analytics.IKMPoint{}
	for _, s := range tr.Series {
		for _, p := range s.Points {
			points[p.Start] = p
		}
	}
	if len(points) == 0 {
		return widgetView{NoData: true}
	}
	starts := bucketStarts(f.Grain, f.Period)
	t := &table{
		Head:    []string{l.T("col.period"), l.T("col.ikm"), l.T("col.index"), l.T("col.mutu"), l.T("col.respondents")},
		Numeric: []bool{false, true, true, false, true},
	}
	for _, st := range starts {
		p, ok := points[st.Format("2006-01-02")]
		if !ok || p.Respondents == 0 {
			t.Rows = append(t.Rows, []cell{{Text: l.Bucket(f.Grain, st)}, {Text: "–"}, {Text: "–"}, {Text: ""}, {Text: "0"}})
			continue
		}
		t.Rows = append(t.Rows, []cell{
			{Text: l.Bucket(f.Grain, st)}, {Text: l.Decimal(float64(p.IKM), 2)}, {Text: l.Decimal(float64(p.Index), 4)},
			{Text: p.Mutu, Mutu: p.Mutu}, {Text: l.Int(p.Respondents)},
		})
	}
	return widgetView{Chart: trendChart(l, l.T("widget.trend")+" "+selection, selection, f.Grain, starts, points), Table: t}
}

// groupsView is the bar chart and the table of IKM per OPD or per unit.
func groupsView(l Lang, title, groupCol string, groups []analytics.IKMGroup, link func(analytics.IKMGroup) string, selected string) widgetView {
	if len(groups) == 0 {
		return widgetView{NoData: true}
	}
	t := &table{
		Head:    []string{l.T("col.no"), groupCol, l.T("col.ikm"), l.T("col.mutu"), l.T("col.performance"), l.T("col.respondents")},
		Numeric: []bool{true, false, true, false, false, true},
	}
	for _, e := range analytics.Elements {
		t.Head = append(t.Head, e.Code)
		t.Numeric = append(t.Numeric, true)
	}
	for i, g := range groups {
		row := []cell{
			{Text: l.Int(uint64(i + 1))}, {Text: g.Name, Href: link(g)}, {Text: l.Decimal(float64(g.IKM), 2)},
			{Text: g.Mutu, Mutu: g.Mutu}, {Text: l.T("mutu." + g.Mutu)}, {Text: l.Int(g.Respondents)},
		}
		for j := range analytics.Elements {
			row = append(row, cell{Text: l.Decimal(float64(g.NRR[j]), 2)})
		}
		if g.Code == selected {
			row[1].Class = "selected"
		}
		t.Rows = append(t.Rows, row)
	}
	return widgetView{
		Chart: groupBarChart(l, title, groups, link, selected),
		Table: t,
		Notes: []string{l.T("widget.click_hint")},
	}
}

func buildForm(l Lang, org analytics.Organisation, f Filters) filterForm {
	ff := filterForm{
		From: f.Period.From.Format("2006-01-02"), To: f.Period.To.Format("2006-01-02"),
		ResetURL: "/",
	}
	ff.Agencies = append(ff.Agencies, option{Value: "", Label: l.T("filter.all_agencies"), Selected: f.Agency == ""})
	found := f.Agency == ""
	for _, a := range org.Agencies {
		ff.Agencies = append(ff.Agencies, option{Value: a.Code, Label: a.Name, Selected: a.Code == f.Agency})
		found = found || a.Code == f.Agency
		if f.Agency != "" && a.Code != f.Agency {
			continue // without JavaScript, only the chosen OPD's units are offered
		}
		g := optgroup{Label: a.Name, Agency: a.Code}
		for _, u := range a.Units {
			g.Options = append(g.Options, option{Value: u.Code, Label: u.Name, Selected: u.Code == f.Unit})
		}
		if len(g.Options) > 0 {
			ff.Units = append(ff.Units, g)
		}
	}
	if !found { // an OPD we do not know (or the list failed): keep it selectable
		ff.Agencies = append(ff.Agencies, option{Value: f.Agency, Label: f.Agency, Selected: true})
	}
	for _, g := range []analytics.Grain{analytics.Month, analytics.Quarter, analytics.Semester, analytics.Year} {
		ff.Grains = append(ff.Grains, option{Value: string(g), Label: l.T("grain." + string(g)), Selected: g == f.Grain})
	}
	for _, w := range []analytics.Weight{analytics.WeightExact, analytics.Weight0111} {
		ff.Weights = append(ff.Weights, option{Value: string(w), Label: l.T("weight." + string(w)), Selected: w == f.Weight})
	}
	return ff
}

// selectionName names what the page's numbers are about.
func selectionName(pemda string, org analytics.Organisation, f Filters) string {
	if f.Unit != "" {
		if u, ok := org.Unit(f.Unit); ok {
			return u.Name
		}
		return f.Unit
	}
	if f.Agency != "" {
		return agencyName(org, f.Agency)
	}
	return pemda
}

func agencyName(org analytics.Organisation, code string) string {
	if a, ok := org.Agency(code); ok {
		return a.Name
	}
	return code
}

// UnitName is the printed unit filter.
func (d pageData) UnitName() string {
	if d.Filters.Unit == "" {
		return d.L.T("print.all")
	}
	return d.Selection
}

// AgencyLabel is the printed OPD filter.
func (d pageData) AgencyLabel() string {
	if d.Filters.Agency == "" {
		return d.L.T("print.all")
	}
	for _, o := range d.Form.Agencies {
		if o.Value == d.Filters.Agency {
			return o.Label
		}
	}
	return d.Filters.Agency
}

// PeriodLabel is the printed period: "1 Apr 2024 – 31 Mar 2025".
func (d pageData) PeriodLabel() string {
	return d.L.Date(d.Filters.Period.From) + " – " + d.L.Date(d.Filters.Period.To)
}

// WeightLabel is the printed element weight.
func (d pageData) WeightLabel() string { return d.L.T("weight." + string(d.Filters.Weight)) }

// GrainLabel is the printed trend grain.
func (d pageData) GrainLabel() string { return d.L.T("grain." + string(d.Filters.Grain)) }

func mutuLegends(l Lang) []mutuLegend {
	r := func(lo, hi float64) string { return l.Decimal(lo, 2) + " – " + l.Decimal(hi, 2) }
	return []mutuLegend{
		{"A", l.T("mutu.A"), r(88.31, 100)},
		{"B", l.T("mutu.B"), r(76.61, 88.30)},
		{"C", l.T("mutu.C"), r(65, 76.60)},
		{"D", l.T("mutu.D"), r(25, 64.99)},
	}
}

func withLang(v url.Values, l Lang) url.Values {
	v.Set("lang", string(l))
	return v
}
