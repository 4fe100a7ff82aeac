package dashboards

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/google/uuid"

	"kinerja/analytics"
	"kinerja/warehouse"
	"kinerja/warehouse/warehousetest"
)

func TestMain(m *testing.M) { warehousetest.Main(m) }

// The fixture, in the first quarter of 2025 (WITA):
//   - Dinas Kesehatan / Puskesmas Binanga: the worked example of
//     PermenPANRB 14/2017 (domain.md §1): 29 questionnaires with element sums
//     105, 101, 100, 116, 102, 105, 106, 105, 115 → IKM 91,48 (A), index
//     3,6590; 91,38 with weight 0,111. Every answer is 3 or 4: element i has
//     sum−87 fours. Submitted every third day from 5 Jan: 9 in January,
//     10 in February, 10 in March (the last on 30 Mar).
//   - Dinas Kependudukan dan Pencatatan Sipil: 10 questionnaires, all 3
//     → 75,00 (C), in February.
//   - DPMPTSP: 8 questionnaires, all 2 → 50,00 (D), in March.
//   - Bappeda and Puskesmas Tampa Padang: no questionnaires.
//
// Whole Pemda: 47 respondents, 955 + 270 + 144 = 1369 → 1369 ÷ (47 × 9) × 25
// = 80,91 (B).
var workedSums = [9]int{105, 101, 100, 116, 102, 105, 106, 105, 115}

const (
	nameDinkes   = "Dinas Kesehatan"
	nameDukcapil = "Dinas Kependudukan dan Pencatatan Sipil"
	nameDPMPTSP  = "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"
	nameBinanga  = "Puskesmas Binanga"
)

func insertFixture(t *testing.T, db warehouse.DB) {
	t.Helper()
	ctx := context.Background()
	run := uuid.New()
	now := time.Now().UTC()

	b, err := db.PrepareBatch(ctx, "agencies", []string{"agency_code", "agency_name", "ingest_run_id", "ingested_at", "_version"})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range [][2]string{{"DINKES", nameDinkes}, {"DUKCAPIL", nameDukcapil}, {"DPMPTSP", nameDPMPTSP}, {"BAPPEDA", "Badan Perencanaan Pembangunan Daerah"}} {
		if err := b.Append(a[0], a[1], run, now, uint64(1)); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Send(); err != nil {
		t.Fatal(err)
	}

	b, err = db.PrepareBatch(ctx, "units", []string{"unit_code", "unit_name", "agency_code", "kind", "kecamatan", "ingest_run_id", "ingested_at", "_version"})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range [][4]string{
		{"PKM-BINANGA", nameBinanga, "DINKES", "puskesmas"},
		{"PKM-TAMPA", "Puskesmas Tampa Padang", "DINKES", "puskesmas"},
		{"DUKCAPIL-DAFDUK", "Bidang Pelayanan Pendaftaran Penduduk", "DUKCAPIL", "dinas"},
		{"DPMPTSP-MPP", "Mal Pelayanan Publik Mamuju", "DPMPTSP", "upt"},
	} {
		if err := b.Append(u[0], u[1], u[2], u[3], "76.02.01", run, now, uint64(1)); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Send(); err != nil {
		t.Fatal(err)
	}

	b, err = db.PrepareBatch(ctx, "survey_responses", []string{"source", "response_id", "unit_code", "service", "submitted_at",
		"u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9", "ingest_run_id", "ingested_at", "_version"})
	if err != nil {
		t.Fatal(err)
	}
	add := func(id, unit string, at time.Time, answers [9]uint8) {
		t.Helper()
		a := answers
		if err := b.Append("fixture", id, unit, "layanan", at, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], run, now, uint64(1)); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Date(2025, 1, 5, 10, 0, 0, 0, analytics.WITA)
	for r := 0; r < 29; r++ {
		var a [9]uint8
		for i, sum := range workedSums {
			a[i] = 3
			if r < sum-87 {
				a[i] = 4
			}
		}
		add("binanga-"+itoa(r), "PKM-BINANGA", start.AddDate(0, 0, 3*r), a)
	}
	for r := 0; r < 10; r++ {
		add("dukcapil-"+itoa(r), "DUKCAPIL-DAFDUK", time.Date(2025, 2, 3+2*r, 9, 0, 0, 0, analytics.WITA), [9]uint8{3, 3, 3, 3, 3, 3, 3, 3, 3})
	}
	for r := 0; r < 8; r++ {
		add("mpp-"+itoa(r), "DPMPTSP-MPP", time.Date(2025, 3, 3+3*r, 14, 0, 0, 0, analytics.WITA), [9]uint8{2, 2, 2, 2, 2, 2, 2, 2, 2})
	}
	if err := b.Send(); err != nil {
		t.Fatal(err)
	}
}

func itoa(i int) string { return ID.Int(uint64(i)) }

// fixedNow is the clock of the tests: 31 Mar 2025 15:00 WITA, so the
// default period (the last 12 months) is 1 Apr 2024 – 31 Mar 2025.
var fixedNow = time.Date(2025, 3, 31, 15, 0, 0, 0, analytics.WITA)

// testServer is a dashboards app over a fresh database; fixture says
// whether the database gets the fixture.
type testServer struct {
	app *fiber.App
	db  warehouse.DB
	svc *analytics.Service
	log *syncWriter
}

// logs returns what the server logged so far.
func (ts *testServer) logs() string {
	ts.log.mu.Lock()
	defer ts.log.mu.Unlock()
	return ts.log.w.(*strings.Builder).String()
}

func newTestServer(t *testing.T, fixture bool) *testServer {
	t.Helper()
	db := warehousetest.Open(t)
	if fixture {
		insertFixture(t, db)
	}
	logs := &syncWriter{w: &strings.Builder{}}
	svc := analytics.New(db, "Kabupaten Mamuju")
	app, err := New(Config{
		Analytics: svc, DB: db,
		Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Now:    func() time.Time { return fixedNow },
		Admin:  AdminConfig{Token: testAdminToken},
	})
	if err != nil {
		t.Fatal(err)
	}
	return &testServer{app: app, db: db, svc: svc, log: logs}
}

// testAdminToken is the admin token of the test servers (app.Test's
// client is not on a loopback address).
const testAdminToken = "test-admin-token"

// get requests target and returns the response and its body.
func (ts *testServer) get(t *testing.T, target string, cookies ...*http.Cookie) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for _, c := range cookies {
		req.AddCookie(c)
	}
	return ts.do(t, req)
}

// do sends req and returns the response and its body.
func (ts *testServer) do(t *testing.T, req *http.Request) (*http.Response, string) {
	t.Helper()
	target := req.URL.String()
	resp, err := ts.app.Test(req, -1)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

// getJSON requests target, checks the status and decodes the body into v.
func (ts *testServer) getJSON(t *testing.T, target string, wantStatus int, v any) string {
	t.Helper()
	resp, body := ts.get(t, target)
	if resp.StatusCode != wantStatus {
		t.Fatalf("GET %s: status %d, want %d; body %s", target, resp.StatusCode, wantStatus, body)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("GET %s: Content-Type %q, want JSON", target, ct)
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("GET %s: %v in %s", target, err, body)
	}
	return body
}

// syncWriter serialises log writes from concurrent widgets.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// hasECharts says whether echarts.min.js was embedded (after make deps).
func hasEChartsAsset(t *testing.T) bool {
	t.Helper()
	_, err := os.Stat("assets/" + echartsFile)
	return err == nil
}
