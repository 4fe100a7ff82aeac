package dashboards

// Browser tests: the pages rendered by a real Chromium (headless), to prove
// that the charts actually draw, from our own origin only, without
// JavaScript errors. They run when `chromium` (or `chromium-browser`) is
// on PATH and are skipped otherwise (`make test` installs it).

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// chromiumPath returns the headless browser to use, or skips the test.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("KINERJA_BROWSER_TESTS") == "require" {
		// make test installs chromium and sets this: a missing browser is then a failure, not a skip.
		t.Fatal("chromium not on PATH although KINERJA_BROWSER_TESTS=require (make test installs it with apt-get)")
	}
	t.Skip("chromium not on PATH: browser test skipped (apt-get install chromium, or run make test)")
	return ""
}

// serveForBrowser starts the app on a random local port and returns its
// base URL; the server stops at the end of the test.
func serveForBrowser(t *testing.T, ts *testServer) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- ts.app.Listener(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := ts.app.ShutdownWithContext(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
		<-done
	})
	return "http://" + ln.Addr().String()
}

// dumpDOM loads url in headless Chromium and returns the DOM after the
// scripts ran, and what the browser logged (console messages included).
func dumpDOM(t *testing.T, chromium, url string) (dom, log string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-extensions", "--no-first-run", "--user-data-dir="+t.TempDir(),
		"--enable-logging=stderr", "--v=0", "--window-size=1400,2400",
		"--virtual-time-budget=10000", "--dump-dom", url)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium --dump-dom %s: %v\n%s", url, err, stderr.String())
	}
	return stdout.String(), stderr.String()
}

// screenshot saves a PNG of url into $KINERJA_SCREENSHOTS (when set), for
// a person to look at: KINERJA_SCREENSHOTS=/tmp/shots go test -run Browser ./dashboards/
func screenshot(t *testing.T, chromium, url, name string) {
	t.Helper()
	dir := os.Getenv("KINERJA_SCREENSHOTS")
	if dir == "" {
		return
	}
	file := filepath.Join(dir, strings.ReplaceAll(name, " ", "_")+".png")
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, chromium,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--no-first-run", "--user-data-dir="+t.TempDir(), "--hide-scrollbars",
		"--virtual-time-budget=10000", "--window-size=1400,2400", "--screenshot="+file, url).CombinedOutput()
	if err != nil {
		t.Errorf("screenshot %s: %v\n%s", url, err, out)
		return
	}
	t.Logf("screenshot of %s in %s", url, file)
}

func TestBrowserRendersCharts(t *testing.T) {
	chromium := chromiumPath(t)
	if !hasEChartsAsset(t) {
		t.Fatal("dashboards/assets/echarts.min.js missing: run make deps")
	}
	ts := newTestServer(t, true)
	base := serveForBrowser(t, ts)

	chartDiv := regexp.MustCompile(`(?s)<div class="chart[^"]*" id="(chart-[a-z_]+)"[^>]*>(.*?)</div>\s*<script`)
	for _, tc := range []struct {
		name   string
		path   string
		charts []string
	}{
		{"whole Pemda", "/?" + q1, []string{"chart-ikm_by_agency", "chart-ikm_trend", "chart-ikm_elements"}},
		{"one OPD", "/?agency=DINKES&grain=quarter&" + q1, []string{"chart-ikm_by_unit", "chart-ikm_trend", "chart-ikm_elements", "chart-ikm_by_agency"}},
		{"in English", "/?lang=en&" + q1, []string{"chart-ikm_by_agency", "chart-ikm_trend", "chart-ikm_elements"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dom, log := dumpDOM(t, chromium, base+tc.path)
			screenshot(t, chromium, base+tc.path, tc.name)
			if !strings.Contains(dom, `class="js"`) {
				t.Fatalf("dashboard.js did not run:\n%s", dom)
			}
			found := map[string]string{}
			for _, m := range chartDiv.FindAllStringSubmatch(dom, -1) {
				found[m[1]] = m[2]
			}
			for _, id := range tc.charts {
				inner, ok := found[id]
				if !ok {
					t.Errorf("%s: no chart element in the DOM", id)
					continue
				}
				if !strings.Contains(inner, "<canvas") && !strings.Contains(inner, "<svg") {
					t.Errorf("%s: ECharts drew nothing (no canvas or svg inside): %.300s", id, inner)
				}
			}
			if n := strings.Count(dom, `data-rendered="true"`); n != len(tc.charts) {
				t.Errorf("%d charts initialised, want %d", n, len(tc.charts))
			}
			for _, bad := range []string{"chart-error", "widget-error", "Uncaught", "TypeError", "ReferenceError"} {
				if strings.Contains(dom, bad) {
					t.Errorf("DOM shows %q", bad)
				}
			}
			for _, line := range strings.Split(log, "\n") {
				if strings.Contains(line, "CONSOLE") && (strings.Contains(line, "Uncaught") || strings.Contains(line, "Error")) ||
					strings.Contains(line, "Content Security Policy") || strings.Contains(line, "Refused to") {
					t.Errorf("browser log: %s", line)
				}
			}
		})
	}
}
