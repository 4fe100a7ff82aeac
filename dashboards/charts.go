package dashboards

import (
	"html"
	"math"
	"strings"
	"time"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/go-echarts/go-echarts/v2/types"

	"kinerja/analytics"
)

// Charts are built with go-echarts as plain ECharts options: every label and
// tooltip is a literal string formatted here in the reader's language
// (88,31), never a JavaScript formatter function, so the options are data
// that can sit in a JSON block of the page (no inline code: CSP-friendly)
// and can be pinned by tests. A new chart value is built for every request.

// assetsHost is our own route for static files; go-echarts would otherwise
// point its assets at a CDN.
const assetsHost = "/assets/"

// mutuColors are the colours of the quality bands, A green … D red; the
// same colours are in assets/dashboard.css (.mutu-A …).
var mutuColors = map[string]string{
	"A": "#2e7d32",
	"B": "#7cb342",
	"C": "#f59e0b",
	"D": "#d32f2f",
	"":  "#9e9e9e",
}

// thresholds are the lower bounds of mutu A, B and C on the converted IKM
// (25–100) and on the 1–4 scale of an element's NRR (PermenPANRB 14/2017).
var thresholds = []struct {
	Mutu       string
	IKM, Index float64
}{
	{"A", 88.31, 3.5324},
	{"B", 76.61, 3.0644},
	{"C", 65.00, 2.60},
}

// baseOpts are the options every chart shares.
func baseOpts(l Lang, name string) []charts.GlobalOpts {
	return []charts.GlobalOpts{
		charts.WithInitializationOpts(opts.Initialization{AssetsHost: assetsHost, Renderer: "canvas"}),
		charts.WithAnimation(false),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item", Enterable: opts.Bool(false)}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(false)}),
		charts.WithToolboxOpts(opts.Toolbox{Show: opts.Bool(true), Right: "8", Top: "0", Feature: &opts.ToolBoxFeature{
			SaveAsImage: &opts.ToolBoxFeatureSaveAsImage{Show: opts.Bool(true), Type: "png", Name: name, Title: l.T("chart.save")},
		}}),
	}
}

// tip is a tooltip whose text is given literally. ECharts puts tooltip text
// in the page as HTML, so names are escaped here; braces are escaped too so
// that a name can never read as a template variable ({a}, {b} …).
func tip(lines ...string) *opts.Tooltip {
	for i, s := range lines {
		s = html.EscapeString(s)
		s = strings.NewReplacer("{", "&#123;", "}", "&#125;").Replace(s)
		lines[i] = s
	}
	return &opts.Tooltip{Show: opts.Bool(true), Formatter: types.FuncStr(strings.Join(lines, "<br>"))}
}

// literal is a label formatter that prints s as is (s holds no braces:
// only digits, separators and mutu letters go through here).
func literal(s string) string { return strings.NewReplacer("{", "", "}", "").Replace(s) }

// mutuLine describes a score for tooltips: "IKM 88,31 · A (Sangat Baik)".
func mutuLine(l Lang, s analytics.IKMScore) string {
	if s.Respondents == 0 {
		return l.T("widget.no_data")
	}
	return l.T("col.ikm") + " " + l.Decimal(float64(s.IKM), 2) + " · " + s.Mutu + " (" + l.T("mutu."+s.Mutu) + ")"
}

// groupBarChart is a horizontal bar per group (OPD or unit), best first,
// each bar in the colour of its mutu with its IKM as label. Clicking a bar
// opens link(group); the selected group's bar is outlined.
func groupBarChart(l Lang, name string, groups []analytics.IKMGroup, link func(analytics.IKMGroup) string, selected string) *chartSpec {
	bar := charts.NewBar()
	bar.SetGlobalOptions(baseOpts(l, name)...)
	bar.SetGlobalOptions(
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "56", Top: "28", Bottom: "8", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Min: 0, Max: 100, SplitNumber: 5}),
		charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true),
			AxisLabel: &opts.AxisLabel{Show: opts.Bool(true), Width: 320, Overflow: "truncate"}}),
	)
	names := make([]string, len(groups))
	data := make([]opts.BarData, len(groups))
	links := make([]string, len(groups))
	for i, g := range groups {
		names[i] = g.Name
		item := opts.BarData{
			Name:      g.Name,
			Value:     float64(g.IKM),
			ItemStyle: &opts.ItemStyle{Color: mutuColors[g.Mutu]},
			Label:     &opts.Label{Show: opts.Bool(true), Position: "right", Formatter: literal(l.Decimal(float64(g.IKM), 2) + " " + g.Mutu)},
			Tooltip:   tip(g.Name, mutuLine(l, g.IKMScore), l.T("col.respondents")+" "+l.Int(g.Respondents)),
		}
		if selected != "" && g.Code == selected {
			item.ItemStyle.BorderColor = "#111827"
			item.ItemStyle.BorderWidth = 2
		}
		data[i] = item
		if link != nil {
			links[i] = link(g)
		}
	}
	bar.SetXAxis(names)
	bar.AddSeries(l.T("chart.ikm"), data, charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.BarMaxWidth = "28" }))
	bar.XYReversal()
	bar.Validate()
	return &chartSpec{Option: bar.JSON(), Links: links, Height: max(160, 60+32*len(groups))}
}

// maxPointLabels is the most buckets whose values are printed on the
// trend line; beyond it the labels would overlap (tooltips and the table
// still give every value).
const maxPointLabels = 24

// trendChart is the line of one selection's IKM per bucket over the
// period, with a gap where a bucket has no respondents and the mutu
// thresholds (88,31 / 76,61 / 65,00) as dashed lines.
func trendChart(l Lang, name, seriesName string, g analytics.Grain, starts []time.Time, points map[string]analytics.IKMPoint) *chartSpec {
	lo := 65.0
	xs := make([]string, len(starts))
	// go-echarts' LineData has no per-point label or tooltip: the points
	// are written as ECharts data items directly.
	data := make([]map[string]any, len(starts))
	for i, st := range starts {
		xs[i] = l.Bucket(g, st)
		p, ok := points[st.Format("2006-01-02")]
		if !ok || p.Respondents == 0 {
			data[i] = map[string]any{"name": xs[i], "value": "-"}
			continue
		}
		v := float64(p.IKM)
		lo = math.Min(lo, v)
		data[i] = map[string]any{
			"name":      xs[i],
			"value":     v,
			"itemStyle": map[string]any{"color": mutuColors[p.Mutu]},
			"label":     map[string]any{"show": len(starts) <= maxPointLabels, "position": "top", "formatter": literal(l.Decimal(v, 2))},
			"tooltip":   tip(seriesName, xs[i], mutuLine(l, p.IKMScore), l.T("col.respondents")+" "+l.Int(p.Respondents)),
		}
	}
	line := charts.NewLine()
	line.SetGlobalOptions(baseOpts(l, name)...)
	line.SetGlobalOptions(
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "90", Top: "36", Bottom: "8", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category"}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Min: math.Max(25, math.Floor((lo-5)/5)*5), Max: 100}),
	)
	line.SetXAxis(xs)
	marks := make([]opts.MarkLineNameYAxisItem, len(thresholds))
	for i, t := range thresholds {
		marks[i] = opts.MarkLineNameYAxisItem{Name: t.Mutu + " ≥ " + l.Decimal(t.IKM, 2), YAxis: t.IKM}
	}
	line.AddSeries(seriesName, nil,
		charts.WithLineChartOpts(opts.LineChart{ConnectNulls: opts.Bool(false), ShowSymbol: opts.Bool(true), Symbol: "circle", SymbolSize: 9}),
		charts.WithLineStyleOpts(opts.LineStyle{Width: 3, Color: "#1d4ed8"}),
		charts.WithItemStyleOpts(opts.ItemStyle{Color: "#1d4ed8"}),
		charts.WithMarkLineNameYAxisItemOpts(marks...),
		charts.WithMarkLineStyleOpts(opts.MarkLineStyle{
			Symbol:    []string{"none", "none"},
			Label:     &opts.Label{Show: opts.Bool(true), Position: "end", Formatter: "{b}"},
			LineStyle: &opts.LineStyle{Type: "dashed", Color: "#9ca3af", Width: 1},
		}),
	)
	line.MultiSeries[0].Data = data
	line.Validate()
	return &chartSpec{Option: line.JSON(), Height: 340}
}

// elementsChart is a bar per element U1–U9 with its NRR (1–4), coloured by
// the element's mutu; weak elements are outlined and labelled in red.
func elementsChart(l Lang, name string, s analytics.IKMScore, weak [9]bool) *chartSpec {
	bar := charts.NewBar()
	bar.SetGlobalOptions(baseOpts(l, name)...)
	bar.SetGlobalOptions(
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "90", Top: "36", Bottom: "8", ContainLabel: opts.Bool(true)}),
		charts.WithXAxisOpts(opts.XAxis{Type: "category"}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Min: 1, Max: 4, SplitNumber: 3}),
	)
	codes := make([]string, 9)
	data := make([]opts.BarData, 9)
	for i, e := range analytics.Elements {
		codes[i] = e.Code
		nrr := float64(s.NRR[i])
		item := opts.BarData{
			Name:      e.Code,
			Value:     nrr,
			ItemStyle: &opts.ItemStyle{Color: mutuColors[s.NRRMutu[i]]},
			Label:     &opts.Label{Show: opts.Bool(true), Position: "top", Formatter: literal(l.Decimal(nrr, 2))},
			Tooltip:   tip(e.Code+" "+elementName(l, i), l.T("col.nrr")+" "+l.Decimal(nrr, 4)+" · "+s.NRRMutu[i]+" ("+l.T("mutu."+s.NRRMutu[i])+")"),
		}
		if weak[i] {
			item.ItemStyle.BorderColor = "#7f1d1d"
			item.ItemStyle.BorderWidth = 3
			item.Label.Color = "#b91c1c"
			item.Label.FontWeight = "bold"
			item.Label.Formatter = literal("▼ " + l.Decimal(nrr, 2))
			item.Tooltip = tip(e.Code+" "+elementName(l, i), l.T("col.nrr")+" "+l.Decimal(nrr, 4)+" · "+s.NRRMutu[i]+" ("+l.T("mutu."+s.NRRMutu[i])+")", l.T("weak"))
		}
		data[i] = item
	}
	marks := make([]opts.MarkLineNameYAxisItem, len(thresholds))
	for i, t := range thresholds {
		marks[i] = opts.MarkLineNameYAxisItem{Name: t.Mutu + " ≥ " + l.Decimal(t.Index, 4), YAxis: t.Index}
	}
	bar.SetXAxis(codes)
	bar.AddSeries(l.T("col.nrr"), data,
		charts.WithSeriesOpts(func(s *charts.SingleSeries) { s.BarMaxWidth = "48" }),
		charts.WithMarkLineNameYAxisItemOpts(marks...),
		charts.WithMarkLineStyleOpts(opts.MarkLineStyle{
			Symbol:    []string{"none", "none"},
			Label:     &opts.Label{Show: opts.Bool(true), Position: "end", Formatter: "{b}"},
			LineStyle: &opts.LineStyle{Type: "dashed", Color: "#9ca3af", Width: 1},
		}),
	)
	bar.Validate()
	return &chartSpec{Option: bar.JSON(), Height: 340}
}

// elementName is the name of element i (0-based) in l.
func elementName(l Lang, i int) string {
	if l == EN {
		return analytics.Elements[i].NameEN
	}
	return analytics.Elements[i].Name
}

// weakElements marks the elements that need improvement: mutu C or D on
// the 1–4 bands, and always the lowest element(s), so that even a unit
// rated A sees where to improve first. Nothing is marked without
// respondents.
func weakElements(s analytics.IKMScore) [9]bool {
	var w [9]bool
	if s.Respondents == 0 {
		return w
	}
	lowest := math.Inf(1)
	for _, v := range s.NRR {
		lowest = math.Min(lowest, float64(v))
	}
	for i, v := range s.NRR {
		w[i] = s.NRRMutu[i] == "C" || s.NRRMutu[i] == "D" || float64(v) == lowest
	}
	return w
}

// bucketStarts lists the first day of every bucket of grain g that
// overlaps the period, in WITA.
func bucketStarts(g analytics.Grain, p analytics.Period) []time.Time {
	start := bucketStart(g, p.From)
	var out []time.Time
	for t := start; !t.After(p.To) && len(out) < 1200; t = nextBucket(g, t) {
		out = append(out, t)
	}
	return out
}

func bucketStart(g analytics.Grain, t time.Time) time.Time {
	t = t.In(analytics.WITA)
	m := t.Month()
	switch g {
	case analytics.Quarter:
		m = (m-1)/3*3 + 1
	case analytics.Semester:
		m = (m-1)/6*6 + 1
	case analytics.Year:
		m = 1
	}
	return time.Date(t.Year(), m, 1, 0, 0, 0, 0, analytics.WITA)
}

func nextBucket(g analytics.Grain, t time.Time) time.Time {
	switch g {
	case analytics.Quarter:
		return t.AddDate(0, 3, 0)
	case analytics.Semester:
		return t.AddDate(0, 6, 0)
	case analytics.Year:
		return t.AddDate(1, 0, 0)
	}
	return t.AddDate(0, 1, 0)
}
