package dashboards

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"kinerja/analytics"
)

const q1 = "from=2025-01-01&to=2025-03-31"

// chartBlocks returns the chart specs of a page by chart element id.
func chartBlocks(t *testing.T, page string) map[string]chartSpec {
	t.Helper()
	re := regexp.MustCompile(`(?s)<script type="application/json" data-chart="([^"]+)">(.*?)</script>`)
	out := map[string]chartSpec{}
	for _, m := range re.FindAllStringSubmatch(page, -1) {
		var s chartSpec
		if err := json.Unmarshal([]byte(m[2]), &s); err != nil {
			t.Fatalf("chart %s: %v in %s", m[1], err, m[2])
		}
		out[m[1]] = s
	}
	return out
}

// seriesData returns the data items of the first series of a chart.
func seriesData(t *testing.T, s chartSpec) []map[string]any {
	t.Helper()
	series, _ := s.Option["series"].([]any)
	if len(series) == 0 {
		t.Fatalf("chart has no series: %v", s.Option)
	}
	first, _ := series[0].(map[string]any)
	raw, _ := first["data"].([]any)
	var out []map[string]any
	for _, d := range raw {
		m, _ := d.(map[string]any)
		out = append(out, m)
	}
	return out
}

func labelOf(item map[string]any) string {
	l, _ := item["label"].(map[string]any)
	s, _ := l["formatter"].(string)
	return s
}

// externalURL finds absolute URLs in the page: in attributes, in scripts or
// anywhere else. The page must load nothing from another origin.
var externalURL = regexp.MustCompile(`(?i)(https?:)?//[a-z0-9.-]+\.[a-z]{2,}`)

func assertNoExternalURLs(t *testing.T, what, body string) {
	t.Helper()
	if m := externalURL.FindAllString(body, 5); len(m) > 0 {
		t.Errorf("%s refers to other origins: %q", what, m)
	}
	for _, m := range regexp.MustCompile(`(?i)\b(?:src|href|action)="([^"]*)"`).FindAllStringSubmatch(body, -1) {
		if u := m[1]; !strings.HasPrefix(u, "/") || strings.HasPrefix(u, "//") {
			t.Errorf("%s: attribute %s is not a path on our own origin", what, m[0])
		}
	}
}

func TestPageWithData(t *testing.T) {
	ts := newTestServer(t, true)
	resp, page := ts.get(t, "/?"+q1)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, page)
	}
	for _, want := range []string{
		"<title>Kepuasan Masyarakat · Kabupaten Mamuju",
		nameDinkes, nameDukcapil, "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
		">91,48<", ">75,00<", ">50,00<", // the per-OPD table
		">80,91<", "3,2364", ">47<", // the Pemda summary card: IKM, index, respondents
		"1 Jan 2025 – 31 Mar 2025", // the printed period
		"31 Mar 2025 15:00 WITA",   // printed at
		"IKM per OPD", "Tren IKM (bulanan)", "Nilai per unsur (U1–U9)",
		"Jan 2025", "Feb 2025", "Mar 2025", // trend buckets in the table
		`href="/?agency=DINKES&amp;from=2025-01-01&amp;to=2025-03-31"`, // table row → OPD page
		`<script src="/assets/echarts.min.js"></script>`, `<script src="/assets/dashboard.js"></script>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(page, "widget-error") || strings.Contains(page, "empty-state") {
		t.Error("page with data shows an error box or the empty state")
	}
	if strings.Contains(page, "IKM per unit") {
		t.Error("per-unit widget shown without an OPD selected")
	}
	assertNoExternalURLs(t, "page", page)

	charts := chartBlocks(t, page)
	for _, id := range []string{"chart-ikm_by_agency", "chart-ikm_trend", "chart-ikm_elements"} {
		if _, ok := charts[id]; !ok {
			t.Errorf("no chart %s (have %d)", id, len(charts))
		}
	}

	t.Run("OPD bars best first, coloured by mutu, labelled 91,48, linked to the OPD page", func(t *testing.T) {
		c := charts["chart-ikm_by_agency"]
		items := seriesData(t, c)
		want := []struct{ name, label, color, link string }{
			{nameDinkes, "91,48 A", mutuColors["A"], "/?agency=DINKES&from=2025-01-01&to=2025-03-31"},
			{nameDukcapil, "75,00 C", mutuColors["C"], "/?agency=DUKCAPIL&from=2025-01-01&to=2025-03-31"},
			{nameDPMPTSP, "50,00 D", mutuColors["D"], "/?agency=DPMPTSP&from=2025-01-01&to=2025-03-31"},
		}
		if len(items) != len(want) || len(c.Links) != len(want) {
			t.Fatalf("%d bars, %d links, want %d", len(items), len(c.Links), len(want))
		}
		for i, w := range want {
			color, _ := items[i]["itemStyle"].(map[string]any)["color"].(string)
			if items[i]["name"] != w.name || labelOf(items[i]) != w.label || color != w.color || c.Links[i] != w.link {
				t.Errorf("bar %d = %v %q %s → %s, want %s %q %s → %s", i, items[i]["name"], labelOf(items[i]), color, c.Links[i], w.name, w.label, w.color, w.link)
			}
		}
		if y, _ := c.Option["yAxis"].([]any); len(y) == 0 || y[0].(map[string]any)["inverse"] != true {
			t.Errorf("category axis not inverted (best must be on top): %v", c.Option["yAxis"])
		}
	})

	t.Run("trend: one point per month with the thresholds as mark lines", func(t *testing.T) {
		c := charts["chart-ikm_trend"]
		items := seriesData(t, c)
		if len(items) != 3 {
			t.Fatalf("%d points, want 3", len(items))
		}
		for i, want := range []string{"Jan 2025", "Feb 2025", "Mar 2025"} {
			if items[i]["name"] != want {
				t.Errorf("point %d is %v, want %s", i, items[i]["name"], want)
			}
		}
		series := c.Option["series"].([]any)[0].(map[string]any)
		ml, _ := json.Marshal(series["markLine"])
		for _, want := range []string{`"yAxis":88.31`, `"yAxis":76.61`, `"yAxis":65`, `A ≥ 88,31`} {
			if !strings.Contains(string(ml), want) {
				t.Errorf("markLine %s lacks %s", ml, want)
			}
		}
	})

	t.Run("elements: U1–U9 of the Pemda with the weak ones marked", func(t *testing.T) {
		items := seriesData(t, charts["chart-ikm_elements"])
		if len(items) != 9 || items[0]["name"] != "U1" || items[8]["name"] != "U9" {
			t.Fatalf("elements chart items: %v", items)
		}
		// Pemda sums per element are the worked sums + 10×3 + 8×2: all
		// mutu B; U3 = 146 ÷ 47 = 3,1064 is the lowest and the only weak one.
		for i, want := range []string{"3,21", "3,13", "▼ 3,11", "3,45", "3,15", "3,21", "3,23", "3,21", "3,43"} {
			if got := labelOf(items[i]); got != want {
				t.Errorf("U%d label %q, want %q", i+1, got, want)
			}
		}
		if !strings.Contains(page, `<td class="weak">U3</td>`) || strings.Count(page, `<td class="weak">U`) != 1 {
			t.Error("the elements table does not mark exactly U3 as weak")
		}
	})
}

func TestPageOfOneOPD(t *testing.T) {
	ts := newTestServer(t, true)
	resp, page := ts.get(t, "/?agency=DINKES&"+q1)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	for _, want := range []string{
		"<h1>Kepuasan Masyarakat: " + nameDinkes + "</h1>",
		"IKM per unit: " + nameDinkes, nameBinanga,
		`<option value="DINKES" selected>`,
		`<optgroup label="Dinas Kesehatan" data-agency="DINKES">`, // only this OPD's units offered
		">91,48<", "3,6590", ">29<",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(page, `data-agency="DUKCAPIL"`) {
		t.Error("units of another OPD offered in the unit dropdown")
	}
	charts := chartBlocks(t, page)
	units := charts["chart-ikm_by_unit"]
	if len(units.Links) != 1 || units.Links[0] != "/?agency=DINKES&from=2025-01-01&to=2025-03-31&unit=PKM-BINANGA" {
		t.Errorf("unit bar links %v", units.Links)
	}
	// The OPD comparison is still there, with the selected OPD outlined.
	items := seriesData(t, charts["chart-ikm_by_agency"])
	if len(items) != 3 || items[0]["itemStyle"].(map[string]any)["borderWidth"] != 2.0 {
		t.Errorf("selected OPD not outlined in the comparison: %v", items)
	}

	t.Run("a unit implies its OPD", func(t *testing.T) {
		_, page := ts.get(t, "/?unit=PKM-BINANGA&"+q1)
		if !strings.Contains(page, "<h1>Kepuasan Masyarakat: "+nameBinanga+"</h1>") || !strings.Contains(page, `<option value="DINKES" selected>`) {
			t.Error("unit page does not select its OPD")
		}
	})
	t.Run("a unit of another OPD is dropped with a notice", func(t *testing.T) {
		_, page := ts.get(t, "/?agency=DUKCAPIL&unit=PKM-BINANGA&"+q1)
		if !strings.Contains(page, "bukan bagian dari OPD ini") || !strings.Contains(page, "<h1>Kepuasan Masyarakat: "+nameDukcapil+"</h1>") {
			t.Error("mismatched unit not reported or not dropped")
		}
	})
}

func TestPageInEnglishRemembered(t *testing.T) {
	ts := newTestServer(t, true)
	resp, page := ts.get(t, "/?lang=en&"+q1)
	for _, want := range []string{`<html lang="en">`, "Public Satisfaction", ">91.48<", ">80.91<", "1 Jan 2025 – 31 Mar 2025", "IKM per agency", "Bahasa Indonesia"} {
		if !strings.Contains(page, want) {
			t.Errorf("English page lacks %q", want)
		}
	}
	var cookie *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == langCookie {
			cookie = c
		}
	}
	if cookie == nil || cookie.Value != "en" {
		t.Fatalf("no language cookie set: %v", resp.Cookies())
	}
	_, page = ts.get(t, "/?"+q1, cookie)
	if !strings.Contains(page, "Public Satisfaction") {
		t.Error("language not remembered by the cookie")
	}
	_, page = ts.get(t, "/?lang=id&"+q1, cookie)
	if !strings.Contains(page, "Kepuasan Masyarakat") || !strings.Contains(page, ">91,48<") {
		t.Error("?lang=id does not switch back")
	}
}

func TestPageEmptyState(t *testing.T) {
	t.Run("period without data suggests the period with data", func(t *testing.T) {
		ts := newTestServer(t, true)
		resp, page := ts.get(t, "/?from=2020-01-01&to=2020-12-31&agency=DINKES")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d", resp.StatusCode)
		}
		for _, want := range []string{
			`id="empty-state"`, "Belum ada hasil survei untuk pilihan ini",
			"Data survei yang tersedia: 5 Jan 2025 sampai 30 Mar 2025.",
			`href="/?agency=DINKES&amp;from=2024-04-01&amp;to=2025-03-30"`,
			`<form class="filters"`, "1 Jan 2020 – 31 Des 2020",
		} {
			if !strings.Contains(page, want) {
				t.Errorf("page lacks %q", want)
			}
		}
		if strings.Contains(page, `class="widget`) {
			t.Error("widgets shown in the empty state")
		}
	})
	t.Run("default period of an empty warehouse", func(t *testing.T) {
		ts := newTestServer(t, false)
		resp, page := ts.get(t, "/")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d", resp.StatusCode)
		}
		for _, want := range []string{"Belum ada data survei sama sekali", "1 Apr 2024 – 31 Mar 2025", `value="2024-04-01"`, `value="2025-03-31"`} {
			if !strings.Contains(page, want) {
				t.Errorf("page lacks %q", want)
			}
		}
		assertNoExternalURLs(t, "empty page", page)
	})
}

func TestPageBadParameter(t *testing.T) {
	ts := newTestServer(t, true)
	for _, tc := range []struct{ name, query, want string }{
		{"from", "from=2025-02-30", "<code>from=2025-02-30</code> — seharusnya tanggal dengan format TTTT-BB-HH."},
		{"grain", "grain=minggu", "<code>grain=minggu</code> — seharusnya month, quarter, semester atau year."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, page := ts.get(t, "/?"+tc.query)
			if resp.StatusCode != http.StatusBadRequest {
				t.Errorf("status %d, want 400", resp.StatusCode)
			}
			if !strings.Contains(page, "Parameter tidak valid") || !strings.Contains(page, tc.want) || !strings.Contains(page, `<form class="filters"`) {
				t.Errorf("page does not explain the bad parameter with the form: %s", page)
			}
		})
	}
}

// TestWidgetErrorBoundary: a widget whose query fails, one that panics
// (as go-echarts does on a template error) and one whose chart cannot be
// encoded each show an inline error; the good widget and the page around
// them render.
func TestWidgetErrorBoundary(t *testing.T) {
	ts := newTestServer(t, true)
	logs := &syncWriter{w: &strings.Builder{}}
	s := &server{cfg: Config{PemdaName: "Kabupaten Mamuju"}, svc: ts.svc, log: slogTo(logs), files: mustFiles(t)}
	tpl, err := s.files.templates()
	if err != nil {
		t.Fatal(err)
	}
	good := widget{ID: "good", Title: "Baik-baik saja", Load: func(ctx context.Context) (widgetView, error) {
		res, err := ts.svc.IKM(ctx, analytics.IKMQuery{By: analytics.ByAgency, Period: mustPeriod(t, "2025-01-01", "2025-03-31")})
		if err != nil {
			return widgetView{}, err
		}
		return groupsView(ID, "x", "OPD", res.Groups, func(analytics.IKMGroup) string { return "/" }, ""), nil
	}}
	failing := widget{ID: "failing", Title: "Gagal", Load: func(ctx context.Context) (widgetView, error) {
		_, err := ts.svc.DB.Query(ctx, "SELECT no_such_column FROM survey_responses", nil)
		if err == nil {
			err = errors.New("expected the query to fail")
		}
		return widgetView{}, err
	}}
	panicking := widget{ID: "panicking", Title: "Panik", Load: func(ctx context.Context) (widgetView, error) {
		// go-echarts panics when its template fails; so does a nil chart.
		var c *chartSpec
		return widgetView{Chart: &chartSpec{Height: c.Height}}, nil
	}}
	badChart := widget{ID: "bad_chart", Title: "Grafik rusak", Load: func(ctx context.Context) (widgetView, error) {
		return widgetView{Chart: &chartSpec{Option: map[string]any{"value": math.NaN()}}}, nil
	}}

	rendered := s.loadWidgets(context.Background(), tpl, ID, "req-1", []widget{good, failing, panicking, badChart})
	for i, wantFailed := range []bool{false, true, true, true} {
		if rendered[i].Failed != wantFailed {
			t.Errorf("widget %s failed=%v, want %v", rendered[i].ID, rendered[i].Failed, wantFailed)
		}
	}
	if !strings.Contains(string(rendered[0].HTML), ">91,48<") {
		t.Errorf("good widget lost its content: %s", rendered[0].HTML)
	}

	var buf strings.Builder
	d := pageData{L: ID, Title: "Kepuasan Masyarakat", PemdaName: "Kabupaten Mamuju", Selection: "Kabupaten Mamuju",
		Filters: Filters{Period: mustPeriod(t, "2025-01-01", "2025-03-31"), Grain: analytics.Month, Weight: analytics.WeightExact},
		Widgets: rendered, Mutu: mutuLegends(ID)}
	if err := tpl.ExecuteTemplate(&buf, "ikm", d); err != nil {
		t.Fatalf("page with failed widgets does not render: %v", err)
	}
	page := buf.String()
	if n := strings.Count(page, `class="widget-error"`); n != 3 {
		t.Errorf("%d inline error boxes, want 3", n)
	}
	if !strings.Contains(page, "Bagian ini gagal dimuat") || !strings.Contains(page, "req-1") || !strings.Contains(page, ">91,48<") {
		t.Error("page does not show the inline errors with the request id next to the good widget")
	}
	if strings.Contains(page, "no_such_column") || strings.Contains(page, "NaN") {
		t.Error("internal error details leak into the page")
	}
	got := logs.w.(*strings.Builder).String()
	for _, want := range []string{"widget=failing", "no_such_column", "widget=panicking", "widget panicked", "widget=bad_chart", "request_id=req-1"} {
		if !strings.Contains(got, want) {
			t.Errorf("log lacks %q:\n%s", want, got)
		}
	}
}

func mustPeriod(t *testing.T, from, to string) analytics.Period {
	t.Helper()
	p, err := analytics.ParsePeriod(from, to)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func mustFiles(t *testing.T) *files {
	t.Helper()
	f, err := newFiles(false, "")
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func slogTo(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

func TestAssetsFromOwnOrigin(t *testing.T) {
	ts := newTestServer(t, false)
	for _, tc := range []struct{ path, contentType string }{
		{"/assets/dashboard.js", "javascript"},
		{"/assets/dashboard.css", "text/css"},
		{"/assets/favicon.svg", "image/svg+xml"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			resp, body := ts.get(t, tc.path)
			if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Type"), tc.contentType) {
				t.Fatalf("status %d type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			if tc.path != "/assets/favicon.svg" { // the SVG namespace is a name, not a resource
				assertNoExternalURLs(t, tc.path, body)
			}
		})
	}
	t.Run("echarts.min.js", func(t *testing.T) {
		if !hasEChartsAsset(t) {
			t.Skip("dashboards/assets/echarts.min.js missing: run make deps")
		}
		resp, body := ts.get(t, "/assets/echarts.min.js")
		if resp.StatusCode != http.StatusOK || len(body) < 500_000 || !strings.Contains(body, "echarts") {
			t.Errorf("status %d, %d bytes", resp.StatusCode, len(body))
		}
	})
	t.Run("strict content security policy on pages", func(t *testing.T) {
		resp, _ := ts.get(t, "/")
		csp := resp.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "script-src 'self';") {
			t.Errorf("CSP %q", csp)
		}
	})
}

// TestDevModeWithoutECharts runs the server in dev mode from a copy of the
// templates and assets without echarts.min.js: it says "run make deps" at
// start and on the page, still shows the tables, and picks up template
// edits without a restart.
func TestDevModeWithoutECharts(t *testing.T) {
	dir := t.TempDir()
	for _, sub := range []string{"templates", "assets"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			t.Fatal(err)
		}
		entries, err := os.ReadDir(sub)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.Name() == echartsFile {
				continue
			}
			b, err := os.ReadFile(filepath.Join(sub, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, sub, e.Name()), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	ts := newTestServer(t, true)
	logs := &syncWriter{w: &strings.Builder{}}
	app, err := New(Config{Analytics: ts.svc, DB: ts.db, Logger: slogTo(logs), Dev: true, Dir: dir, Now: func() time.Time { return fixedNow }})
	if err != nil {
		t.Fatal(err)
	}
	if got := logs.w.(*strings.Builder).String(); !strings.Contains(got, "echarts.min.js missing") || !strings.Contains(got, "run make deps") {
		t.Errorf("start log does not say to run make deps:\n%s", got)
	}
	dev := &testServer{app: app, db: ts.db, svc: ts.svc, log: logs}
	_, page := dev.get(t, "/?"+q1)
	if !strings.Contains(page, "jalankan make deps") || strings.Contains(page, "/assets/echarts.min.js") {
		t.Error("page does not explain the missing charts, or still loads echarts.min.js")
	}
	if !strings.Contains(page, ">91,48<") {
		t.Error("tables missing without ECharts")
	}
	resp, _ := dev.get(t, "/assets/"+echartsFile)
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("echarts.min.js status %d, want 404", resp.StatusCode)
	}

	tpl := filepath.Join(dir, "templates", "ikm.html")
	b, err := os.ReadFile(tpl)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(tpl, []byte(strings.Replace(string(b), `<p class="lead">`, `<p class="lead">DIUBAH `, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, page := dev.get(t, "/?"+q1); !strings.Contains(page, "DIUBAH") {
		t.Error("dev mode did not re-read the edited template")
	}
}

// TestHostileNamesStayText: names come from imported files; one that looks
// like markup or a tooltip template stays text in the tables, in the JSON
// chart blocks and in the tooltips.
func TestHostileNamesStayText(t *testing.T) {
	ts := newTestServer(t, true)
	const hostile = `</script><script>alert(1)</script> {a} & "Dinas"`
	b, err := ts.db.PrepareBatch(context.Background(), "agencies", []string{"agency_code", "agency_name", "_version"})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Append("DINKES", hostile, uint64(2)); err != nil {
		t.Fatal(err)
	}
	if err := b.Send(); err != nil {
		t.Fatal(err)
	}
	_, page := ts.get(t, "/?"+q1)
	if strings.Contains(page, "<script>alert(1)") || strings.Contains(page, "</script><script>alert") {
		t.Fatal("a name broke out into markup")
	}
	if !strings.Contains(page, "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; {a} &amp; &#34;Dinas&#34;") {
		t.Error("the name is not shown escaped in the table")
	}
	items := seriesData(t, chartBlocks(t, page)["chart-ikm_by_agency"])
	if items[0]["name"] != hostile {
		t.Errorf("chart name %q, want the name unchanged as data", items[0]["name"])
	}
	tooltip, _ := items[0]["tooltip"].(map[string]any)["formatter"].(string)
	if !strings.HasPrefix(tooltip, "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &#123;a&#125; &amp; &#34;Dinas&#34;<br>IKM 91,48 · A (Sangat Baik)") {
		t.Errorf("tooltip %q is not escaped HTML", tooltip)
	}
}
