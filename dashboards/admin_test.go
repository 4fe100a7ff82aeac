package dashboards

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kinerja/analytics"
	"kinerja/ingest"
	"kinerja/warehouse"
	"kinerja/warehouse/warehousetest"
)

// adminServer is a dashboards app with an ingest scheduler, served on a
// loopback port (the admin pages admit loopback clients).
type adminServer struct {
	base    string
	app     *testServer
	jobs    *ingest.Jobs
	inbox   string
	uploads string
	runID   string // a run with 120 rejected rows
}

const adminUnitsCSV = "unit_code,unit_name,agency_code,agency_name,kind,kecamatan\n" +
	"PKM-BINANGA,Puskesmas Binanga,DINKES,Dinas Kesehatan,puskesmas,Mamuju\n"

func newAdminServer(t *testing.T) *adminServer {
	t.Helper()
	db := warehousetest.Open(t)
	inbox := t.TempDir()
	old := time.Now().Add(-time.Hour)
	p := filepath.Join(inbox, "units.csv")
	if err := os.WriteFile(p, []byte(adminUnitsCSV), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chtimes(p, old, old)
	logs := &syncWriter{w: &strings.Builder{}}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	sched, err := ingest.NewScheduler(db, log, []ingest.SourceConfig{
		{Name: "opd-inbox", Dataset: ingest.Units, Kind: ingest.KindInbox, Location: inbox, Schedule: "0 7 * * *"},
	})
	if err != nil {
		t.Fatal(err)
	}
	jobs := ingest.NewJobs(sched, nil)
	svc := analytics.New(db, "Kabupaten Mamuju")
	uploads := t.TempDir()
	app, err := New(Config{Analytics: svc, DB: db, Logger: log, Now: func() time.Time { return fixedNow },
		Admin: AdminConfig{Jobs: jobs, Token: "rahasia-admin", UploadDir: uploads}})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go app.Listener(ln)
	t.Cleanup(func() { app.Shutdown(); sched.Stop() })
	as := &adminServer{base: "http://" + ln.Addr().String(), jobs: jobs, inbox: inbox, uploads: uploads,
		app: &testServer{app: app, db: db, svc: svc, log: logs}}

	// The units, then a survey file with 120 bad rows around 2 good ones.
	ctx := context.Background()
	if _, err := sched.Trigger(ctx, "opd-inbox"); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("response_id,unit_code,submitted_at,u1,u2,u3,u4,u5,u6,u7,u8,u9,comment\n")
	b.WriteString("OK1,PKM-BINANGA,2025-03-01 08:00,4,4,4,4,4,4,4,4,4,\n")
	for i := 0; i < 120; i++ {
		fmt.Fprintf(&b, "BAD%d,PKM-BINANGA,2025-03-01 08:00,4,4,9,4,4,4,4,4,4,NIP 198001012005011001 <script>x</script>\n", i)
	}
	b.WriteString("OK2,PKM-BINANGA,2025-03-01 09:00,3,3,3,3,3,3,3,3,3,\n")
	sp := filepath.Join(t.TempDir(), "skm.csv")
	os.WriteFile(sp, []byte(b.String()), 0o644)
	sum, err := jobs.Runner().Import(ctx, ingest.Request{Source: "upload", Dataset: ingest.Survey, Files: []ingest.Input{{Path: sp, Name: "skm.csv"}}})
	if err != nil || sum.Rejected != 120 {
		t.Fatalf("fixture import: %v %+v", err, sum)
	}
	as.runID = sum.ID
	return as
}

func (as *adminServer) do(t *testing.T, method, path string, body io.Reader, headers ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, as.base+path, body)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestAdminAccess(t *testing.T) {
	as := newAdminServer(t)
	for _, tc := range []struct {
		name    string
		path    string
		headers []string
		viaTest bool // through app.Test: a non-loopback client
		want    int
	}{
		{"loopback page", "/admin/ingest", nil, false, 200},
		{"loopback API", "/api/v1/admin/ingest/runs", nil, false, 200},
		{"loopback through a proxy", "/admin/ingest", []string{"X-Forwarded-For", "203.0.113.9"}, false, 403},
		{"loopback through a proxy, Forwarded", "/api/v1/admin/ingest/runs", []string{"Forwarded", "for=203.0.113.9"}, false, 403},
		{"remote page", "/admin/ingest", nil, true, 403},
		{"remote API", "/api/v1/admin/ingest/runs/" + as.runID + "/rejects", nil, true, 403},
		{"remote with the token", "/api/v1/admin/ingest/runs", []string{"Authorization", "Bearer rahasia-admin"}, true, 200},
		{"remote with another token", "/api/v1/admin/ingest/runs", []string{"Authorization", "Bearer tebakan"}, true, 403},
		{"the dashboards stay public", "/healthz", nil, true, 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var status int
			var body string
			if tc.viaTest {
				req := httptest.NewRequest(http.MethodGet, tc.path, nil)
				for i := 0; i+1 < len(tc.headers); i += 2 {
					req.Header.Set(tc.headers[i], tc.headers[i+1])
				}
				resp, err := as.app.app.Test(req, -1)
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(resp.Body)
				status, body = resp.StatusCode, string(b)
			} else {
				resp, b := as.do(t, http.MethodGet, tc.path, nil, tc.headers...)
				status, body = resp.StatusCode, b
			}
			if status != tc.want {
				t.Fatalf("status %d, want %d: %s", status, tc.want, body)
			}
			if status == 403 && !strings.Contains(body, "KINERJA_ADMIN_TOKEN") {
				t.Errorf("the refusal does not say the rule: %s", body)
			}
			if status == 403 && strings.Contains(body, "198001012005011001") {
				t.Errorf("a refused request saw personal data")
			}
		})
	}
}

func TestAdminPages(t *testing.T) {
	as := newAdminServer(t)
	resp, body := as.do(t, http.MethodGet, "/admin/ingest", nil)
	if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("status %d, cache %q", resp.StatusCode, resp.Header.Get("Cache-Control"))
	}
	for _, want := range []string{
		"Admin impor data", `id="source-opd-inbox"`, "Jalankan sekarang", `action="/admin/ingest/sources/opd-inbox/run"`,
		"<code>0 7 * * *</code>", "1 Apr 2025 07:00 WITA", // next run after fixedNow (31 Mar 15:00 WITA)
		`class="status status-partial">sebagian`, `class="status status-ok">berhasil`, "loopback", "KINERJA_ADMIN_TOKEN",
		`href="/admin/ingest/runs/` + as.runID + `"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// English.
	if _, body := as.do(t, http.MethodGet, "/admin/ingest?lang=en", nil); !strings.Contains(body, "Run now") || !strings.Contains(body, ">partial<") {
		t.Errorf("English page: %s", body[:min(len(body), 400)])
	}

	// A run's rejects, 100 per page, escaped.
	_, body = as.do(t, http.MethodGet, "/admin/ingest/runs/"+as.runID, nil)
	if n := strings.Count(body, "<td class=\"num\">"); n != 100 {
		t.Errorf("%d reject rows on page 1, want 100", n)
	}
	for _, want := range []string{"Baris 1–100 dari 120 penolakan", "u3: nilai harus bilangan bulat 1–4", "skm.csv", "offset=100",
		"&lt;script&gt;x&lt;/script&gt;", "data pribadi"} {
		if !strings.Contains(body, want) {
			t.Errorf("run page lacks %q", want)
		}
	}
	if strings.Contains(body, "<script>x</script>") {
		t.Error("raw row not escaped")
	}
	_, body = as.do(t, http.MethodGet, "/admin/ingest/runs/"+as.runID+"?offset=100", nil)
	if n := strings.Count(body, "<td class=\"num\">"); n != 20 || !strings.Contains(body, "Baris 101–120 dari 120") {
		t.Errorf("%d reject rows on page 2, want 20", n)
	}
	if resp, _ := as.do(t, http.MethodGet, "/admin/ingest/runs/not-a-run", nil); resp.StatusCode != 404 {
		t.Errorf("unknown run: %d", resp.StatusCode)
	}
}

func TestAdminTriggerCSRF(t *testing.T) {
	as := newAdminServer(t)
	// A new file for the inbox: the trigger has something to import.
	p := filepath.Join(as.inbox, "more.csv")
	os.WriteFile(p, []byte(adminUnitsCSV+"PKM-TAMPA,Puskesmas Tampa Padang,DINKES,Dinas Kesehatan,puskesmas,Mamuju\n"), 0o644)
	old := time.Now().Add(-time.Hour)
	os.Chtimes(p, old, old)
	path := "/admin/ingest/sources/opd-inbox/run"
	for _, tc := range []struct {
		name    string
		headers []string
		want    int
	}{
		{"another site's form", []string{"Origin", "https://evil.example"}, 403},
		{"a null origin", []string{"Origin", "null"}, 403},
		{"another site's link", []string{"Referer", "https://evil.example/x"}, 403},
		{"no origin at all", nil, 403},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := as.do(t, http.MethodPost, path, nil, tc.headers...)
			if resp.StatusCode != tc.want || !strings.Contains(body, "Origin/Referer") {
				t.Errorf("status %d, want %d: %s", resp.StatusCode, tc.want, body)
			}
		})
	}
	if len(as.jobs.Recent()) != 0 {
		t.Fatal("a refused POST started a job")
	}
	// The page's own button: same origin, back to the page with a notice.
	resp, _ := as.do(t, http.MethodPost, path, nil, "Origin", as.base, "Referer", as.base+"/admin/ingest")
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/ingest?started=opd-inbox" {
		t.Fatalf("status %d, location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	jobs := as.jobs.Recent()
	if len(jobs) != 1 {
		t.Fatalf("jobs %+v", jobs)
	}
	job, err := as.jobs.Wait(context.Background(), jobs[0].ID)
	if err != nil || job.State != ingest.JobDone || job.Summary == nil || job.Summary.Written != 1 {
		t.Fatalf("job %+v %v", job, err)
	}
	if _, body := as.do(t, http.MethodGet, "/admin/ingest?started=opd-inbox", nil); !strings.Contains(body, "Sumber opd-inbox dijalankan") ||
		!strings.Contains(body, "Jalankan sumber opd-inbox") {
		t.Error("no notice or job after the trigger")
	}
	// Unknown source.
	if resp, _ := as.do(t, http.MethodPost, "/admin/ingest/sources/nope/run", nil, "Origin", as.base); resp.Header.Get("Location") != "/admin/ingest?unknown=nope" {
		t.Errorf("unknown source: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestAdminAPI(t *testing.T) {
	as := newAdminServer(t)
	get := func(path string, v any) {
		t.Helper()
		resp, body := as.do(t, http.MethodGet, path, nil)
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d %s", path, resp.StatusCode, body)
		}
		if err := json.Unmarshal([]byte(body), v); err != nil {
			t.Fatalf("GET %s: %v: %s", path, err, body)
		}
	}
	var runs []map[string]any
	get("/api/v1/admin/ingest/runs", &runs)
	if len(runs) != 2 || runs[0]["source"] != "upload" || runs[0]["status"] != "partial" || runs[0]["rejected"].(float64) != 120 {
		t.Fatalf("runs %+v", runs)
	}
	for _, k := range []string{"id", "source", "dataset", "status", "started", "finished", "read", "accepted", "rejected"} {
		if _, ok := runs[0][k]; !ok {
			t.Errorf("run lacks %s", k)
		}
	}
	var rj struct {
		Total   int                 `json:"total"`
		Rejects []ingest.RejectView `json:"rejects"`
	}
	get("/api/v1/admin/ingest/runs/"+as.runID+"/rejects?limit=5&offset=118", &rj)
	if rj.Total != 120 || len(rj.Rejects) != 2 || rj.Rejects[0].Column != "u3" {
		t.Errorf("rejects %+v", rj)
	}
	if resp, body := as.do(t, http.MethodGet, "/api/v1/admin/ingest/runs?limt=5", nil); resp.StatusCode != 400 || !strings.Contains(body, `"param":"limt"`) {
		t.Errorf("unknown parameter: %d %s", resp.StatusCode, body)
	}
	var sources []map[string]any
	get("/api/v1/admin/ingest/sources", &sources)
	if len(sources) != 1 || sources[0]["name"] != "opd-inbox" || sources[0]["last_run"] == nil || sources[0]["next_run"] == nil {
		t.Errorf("sources %+v", sources)
	}

	// Trigger: no Origin, but the program header.
	resp, body := as.do(t, http.MethodPost, "/api/v1/admin/ingest/sources/nope/run", nil, "X-Kinerja-Client", "test")
	if resp.StatusCode != 404 {
		t.Errorf("unknown source: %d %s", resp.StatusCode, body)
	}
	resp, body = as.do(t, http.MethodPost, "/api/v1/admin/ingest/sources/opd-inbox/run", nil, "X-Kinerja-Client", "test")
	var job ingest.Job
	if resp.StatusCode != 202 || json.Unmarshal([]byte(body), &job) != nil || job.State != ingest.JobRunning {
		t.Fatalf("trigger: %d %s", resp.StatusCode, body)
	}
	job, _ = as.jobs.Wait(context.Background(), job.ID)
	get("/api/v1/admin/ingest/jobs/"+job.ID, &job)
	if job.State != ingest.JobDone || job.Summary != nil { // nothing new in the inbox
		t.Errorf("job %+v", job)
	}

	// Upload: a questionnaire export through the skm-kuesioner profile.
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", "form.csv")
	fw.Write([]byte("Cap waktu,Persyaratan,Prosedur,Waktu Penyelesaian,Biaya/Tarif,Produk Spesifikasi Jenis Pelayanan,Kompetensi Pelaksana,Perilaku Pelaksana,Penanganan Pengaduan,Sarana dan Prasarana\n" +
		"03/03/2025 09:15:00,Sesuai,Mudah,Cepat,Gratis,Sesuai,Kompeten,Sopan dan ramah,Dikelola dengan baik,Baik\n"))
	mw.Close()
	resp, body = as.do(t, http.MethodPost, "/api/v1/admin/ingest/files?kind=survey&profile=skm-kuesioner&unit=PKM-BINANGA&source=forms",
		&buf, "Content-Type", mw.FormDataContentType(), "X-Kinerja-Client", "test")
	if resp.StatusCode != 202 || json.Unmarshal([]byte(body), &job) != nil {
		t.Fatalf("upload: %d %s", resp.StatusCode, body)
	}
	job, _ = as.jobs.Wait(context.Background(), job.ID)
	if job.State != ingest.JobDone || job.Summary == nil || job.Summary.Written != 1 || job.Summary.Files[0].Name != "form.csv" {
		t.Fatalf("upload job %+v", job)
	}
	if n := count(t, as.app.db, "SELECT count() FROM survey_responses FINAL WHERE source = 'forms' AND u4 = 4 AND u9 = 4 AND u8 = 3"); n != 1 {
		t.Errorf("%d questionnaires stored as expected", n)
	}
	if left, _ := os.ReadDir(as.uploads); len(left) != 0 {
		t.Errorf("uploaded files left behind: %v", left)
	}
	for _, tc := range []struct{ query, want string }{
		{"kind=pegawai", `"param":"kind"`},
		{"kind=survey&profile=nope", `"param":"profile"`},
		{"kind=survey&profile=skm-kuesioner&unit=NOPE", "not a known unit code"},
		{"kind=units&unit=X", `"param":"unit"`},
	} {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		fw, _ := mw.CreateFormFile("file", "x.csv")
		fw.Write([]byte("a,b\n1,2\n"))
		mw.Close()
		resp, body := as.do(t, http.MethodPost, "/api/v1/admin/ingest/files?"+tc.query, &b, "Content-Type", mw.FormDataContentType(), "X-Kinerja-Client", "test")
		if resp.StatusCode != 400 || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %d %s", tc.query, resp.StatusCode, body)
		}
	}
}

func count(t *testing.T, db warehouse.DB, q string) uint64 {
	t.Helper()
	var n uint64
	if err := warehouse.QueryRow(context.Background(), db, q, nil, &n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}
