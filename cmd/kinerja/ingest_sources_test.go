package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"kinerja/ingest"
)

func writeTestFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour) // past the inbox's quiet period
	os.Chtimes(p, old, old)
	return p
}

// unitsAPI serves units in the JSON contract of HTTP sources.
type unitsAPI struct {
	mu      sync.Mutex
	records []map[string]any
}

func (a *unitsAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer cfg-token" {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []map[string]any
	since := r.URL.Query().Get("updated_since")
	for _, rec := range a.records {
		if since == "" || rec["updated_at"].(string) > since {
			out = append(out, rec)
		}
	}
	json.NewEncoder(w).Encode(map[string]any{"data": out, "next_cursor": nil})
}

func (a *unitsAPI) add(code string, at time.Time) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.records = append(a.records, map[string]any{"unit_code": code, "unit_name": "Unit " + code, "agency_code": "CFG-OPD",
		"agency_name": "OPD Uji", "kind": "upt", "kecamatan": nil, "updated_at": at.UTC().Format(time.RFC3339)})
}

func TestIngestSourcesCommands(t *testing.T) {
	dir := t.TempDir()
	api := &unitsAPI{}
	api.add("CFG-A", time.Date(2025, 5, 1, 8, 0, 0, 0, time.UTC))
	api.add("CFG-B", time.Date(2025, 5, 1, 9, 0, 0, 0, time.UTC))
	ts := httptest.NewServer(api)
	defer ts.Close()
	t.Setenv("CFGTEST_TOKEN", "cfg-token")
	writeTestFile(t, dir, "opd/units.csv", "unit_code,unit_name,agency_code,agency_name,kind\nCFG-C,Unit C,CFG-OPD,OPD Uji,upt\n")
	cfg := writeTestFile(t, dir, "kinerja.yaml", fmt.Sprintf(`pemda: Kabupaten Uji
sources:
  - name: cfgtest-opd
    dataset: units
    kind: inbox
    location: opd
    schedule: "0 6 * * *"
  - name: cfgtest-api
    dataset: units
    kind: http
    location: %s/api/v1/units
    schedule: "@hourly"
    auth_env: CFGTEST_TOKEN
    options:
      limit: 50
      retries: -1
`, ts.URL))

	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stdout []string
		stderr []string
	}{
		{"list before any run", []string{"ingest", "list", "--config", cfg}, 0,
			[]string{"cfgtest-opd", "cfgtest-api", "0 6 * * *", "never", filepath.Join(dir, "opd")}, nil},
		{"run every source", []string{"ingest", "run", "--config", cfg}, 0,
			[]string{"source cfgtest-opd:", "units.csv: 1 read, 1 accepted", "source cfgtest-api:", ": ok: 2 read, 2 written"}, nil},
		{"run one, nothing new", []string{"ingest", "run", "cfgtest-api", "--config", cfg}, 0, []string{"source cfgtest-api: nothing new"}, nil},
		{"list after", []string{"ingest", "list", "--config", cfg}, 0, []string{"ok", "[since 2025-05-01T09:00:00Z]"}, nil},
		{"unknown source", []string{"ingest", "run", "nope", "--config", cfg}, 2, nil, []string{`no source named "nope"`}},
		{"runs as a table", []string{"ingest", "runs", "--source", "cfgtest-opd"}, 0, []string{"STARTED (WITA)", "cfgtest-opd", "ok"}, nil},
		{"bad format", []string{"ingest", "runs", "--format", "xml"}, 2, nil, []string{"want table or json"}},
		{"profiles", []string{"ingest", "profiles"}, 0, []string{"skm-kuesioner", "survey", "built-in"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, out, errOut)
			}
			for _, want := range tc.stdout {
				if !strings.Contains(out, want) {
					t.Errorf("stdout lacks %q:\n%s", want, out)
				}
			}
			for _, want := range tc.stderr {
				if !strings.Contains(errOut, want) {
					t.Errorf("stderr lacks %q:\n%s", want, errOut)
				}
			}
		})
	}

	// runs --format json: a list with the documented fields, newest first.
	code, out, _ := runCLI(t, "ingest", "runs", "--source", "cfgtest-api", "--format", "json")
	var runs []map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &runs) != nil || len(runs) != 1 {
		t.Fatalf("runs json: exit %d\n%s", code, out)
	}
	for _, k := range []string{"id", "source", "dataset", "status", "started", "finished", "read", "accepted", "rejected"} {
		if _, ok := runs[0][k]; !ok {
			t.Errorf("run lacks %q: %v", k, runs[0])
		}
	}
	if runs[0]["status"] != "ok" || runs[0]["read"].(float64) != 2 || runs[0]["kind"] != "http" {
		t.Errorf("run %v", runs[0])
	}

	// A permanent failure is recorded on the run and fails the command.
	api.add("CFG-D", time.Date(2025, 5, 2, 8, 0, 0, 0, time.UTC))
	t.Setenv("CFGTEST_TOKEN", "wrong")
	code, out, errOut := runCLI(t, "ingest", "run", "cfgtest-api", "--config", cfg)
	if code != 1 || !strings.Contains(out, "access refused (HTTP 401") || !strings.Contains(errOut, "1 of 1 sources failed") {
		t.Errorf("401: exit %d\n%s\n%s", code, out, errOut)
	}
	_, out, _ = runCLI(t, "ingest", "runs", "--source", "cfgtest-api", "--format", "json")
	json.Unmarshal([]byte(out), &runs)
	if len(runs) != 2 || runs[0]["status"] != "failed" || !strings.Contains(runs[0]["error"].(string), "check the token in the variable CFGTEST_TOKEN") {
		t.Errorf("failed run not recorded first: %s", out)
	}

	// --full forgets the watermark: everything again, nothing counted twice.
	t.Setenv("CFGTEST_TOKEN", "cfg-token")
	code, out, errOut = runCLI(t, "ingest", "run", "cfgtest-api", "--full", "--config", cfg)
	if code != 0 || !strings.Contains(out, "watermark forgotten") || !strings.Contains(out, ": ok: 3 read, 1 written, 2 unchanged") {
		t.Errorf("--full: exit %d\n%s\n%s", code, out, errOut)
	}
}

func TestLoadConfig(t *testing.T) {
	dir := t.TempDir()
	good := writeTestFile(t, dir, "good.yaml", "pemda: Kabupaten Mamuju\nprofiles: prof\nsources:\n  - {name: a, dataset: units, kind: inbox, location: in/units, schedule: '@hourly'}\n")
	cfg, err := loadConfig(good)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Pemda != "Kabupaten Mamuju" || cfg.Profiles != filepath.Join(dir, "prof") || cfg.Sources[0].Location != filepath.Join(dir, "in/units") {
		t.Errorf("%+v", cfg)
	}
	if cfg, err := loadConfig(""); err != nil || cfg.Path != "" {
		t.Errorf("no file: %+v %v", cfg, err) // the tests run in cmd/kinerja, which has no kinerja.yaml
	}
	for _, tc := range []struct{ name, yaml, want string }{
		{"unknown top-level key", "pemda: X\nsoruces: []\n", "line 2: field soruces not found at the top level"},
		{"unknown analytics key", "analytics:\n  calender: {}\n", "line 2: field calender not found in analytics section"},
		{"bad source key", "sources:\n  - name: a\n    kind: inbox\n    folder: x\n", `bad.yaml:4: unknown key "folder" in source`},
		{"not YAML", "pemda: [\n", "bad.yaml"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := writeTestFile(t, dir, "bad.yaml", tc.yaml)
			if _, err := loadConfig(p); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err %v, want %q", err, tc.want)
			}
		})
	}
	if _, err := loadConfig(filepath.Join(dir, "missing.yaml")); err == nil {
		t.Error("a missing --config file is not an error")
	}
	// The example shipped with the repository is valid.
	e := &env{stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, dataDir: t.TempDir()}
	example, profiles := "../../kinerja.example.yaml", ""
	if _, _, err := e.setup(setupFlags{config: &example, profiles: &profiles}); err != nil {
		t.Errorf("kinerja.example.yaml: %v", err)
	}
}

// questionnaireCSV is a form export: question texts as headers, labels as answers.
const questionnaireCSV = "Cap waktu,Jenis Kelamin,Persyaratan,Sistem Mekanisme dan Prosedur,Waktu Penyelesaian,Biaya/Tarif," +
	"Produk Spesifikasi Jenis Pelayanan,Kompetensi Pelaksana,Perilaku Pelaksana,Penanganan Pengaduan Saran dan Masukan,Sarana dan Prasarana\n" +
	"03/03/2025 09:15:00,Perempuan,Sesuai,Mudah,Cepat,Gratis,Sesuai,Kompeten,Sopan dan ramah,Dikelola dengan baik,Baik\n" +
	"03/03/2025 10:20:00,Laki-laki,Sangat sesuai,Mudah,Kurang cepat,Gratis,Sesuai,Kompeten,Sopan dan ramah,Tidak ada,Cukup\n"

func TestIngestFileProfile(t *testing.T) {
	dir := t.TempDir()
	units := writeTestFile(t, dir, "units.csv", "unit_code,unit_name,agency_code,agency_name,kind\nPRF-PKM,Puskesmas Profil,PRF-DINKES,Dinas Kesehatan,puskesmas\n")
	form := writeTestFile(t, dir, "form.csv", questionnaireCSV)
	if code, out, errOut := runCLI(t, "ingest", "file", "--kind", "units", units); code != 0 {
		t.Fatalf("units: %d\n%s\n%s", code, out, errOut)
	}
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stdout []string
		stderr []string
	}{
		{"questionnaire export", []string{"ingest", "file", "--kind", "survey", "--source", "prf", "--profile", "skm-kuesioner", "--unit", "PRF-PKM", form}, 0,
			[]string{"form.csv: 2 read, 2 accepted (2 new or changed", "U8 ← \"Sarana dan Prasarana\"", ": ok: "}, nil},
		{"again: the same responses", []string{"ingest", "file", "--kind", "survey", "--source", "prf", "--profile", "skm-kuesioner", "--unit", "PRF-PKM", form}, 0,
			[]string{"2 accepted (0 new or changed, 2 unchanged)"}, nil},
		{"without the unit", []string{"ingest", "file", "--kind", "survey", "--profile", "skm-kuesioner", form}, 1,
			[]string{"NOT IMPORTED", "there is no unit column; name the unit with --unit CODE"}, nil},
		{"unknown unit", []string{"ingest", "file", "--kind", "survey", "--profile", "skm-kuesioner", "--unit", "NOPE", form}, 2, nil, []string{`unit "NOPE" is not a known unit code`}},
		{"unit without a profile", []string{"ingest", "file", "--kind", "survey", "--unit", "PRF-PKM", form}, 2, nil, []string{"--unit goes with a questionnaire profile"}},
		{"unknown profile", []string{"ingest", "file", "--kind", "survey", "--profile", "nope", form}, 2, nil, []string{"unknown import profile \"nope\"", "skm-kuesioner"}},
		{"profile of another dataset", []string{"ingest", "file", "--kind", "units", "--profile", "skm-kuesioner", form}, 2, nil, []string{"reads survey, not units"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, out, errOut)
			}
			for _, want := range tc.stdout {
				if !strings.Contains(out, want) {
					t.Errorf("stdout lacks %q:\n%s", want, out)
				}
			}
			for _, want := range tc.stderr {
				if !strings.Contains(errOut, want) {
					t.Errorf("stderr lacks %q:\n%s", want, errOut)
				}
			}
		})
	}
}

// childCLI runs the CLI in a child process (which cannot open cliData
// while this process holds it) and returns its exit code and output.
func childCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	args = append(args, "--data", cliData, "--log-level", "warn")
	cmd := exec.Command(os.Args[0], "-test.run", "^$")
	cmd.Env = append(os.Environ(), "KINERJA_TEST_CLI_ARGS="+strings.Join(args, "\x1f"))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, stdout.String(), stderr.String()
}

// TestIngestThroughServer: while a kinerja serve holds the data directory,
// kinerja ingest in another process sends its work to it.
func TestIngestThroughServer(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var serveOut, serveErr bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data", cliData, "--log-level", "warn"}, &serveOut, &serveErr)
	}()
	defer func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("serve exit %d: %s", code, serveErr.String())
		}
		if _, err := os.Stat(filepath.Join(cliData, serveInfoFile)); !os.IsNotExist(err) {
			t.Errorf("serve.json left behind: %v", err)
		}
	}()
	var info serveInfo
	for deadline := time.Now().Add(60 * time.Second); ; {
		var err error
		if info, err = readServeInfo(cliData); err == nil {
			break
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited %d: %s", code, serveErr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not announce itself: %s", serveErr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if info.PID != os.Getpid() || !strings.HasPrefix(info.URL, "http://127.0.0.1:") {
		t.Fatalf("serve.json %+v", info)
	}

	dir := t.TempDir()
	units := writeTestFile(t, dir, "units.csv", "unit_code,unit_name,agency_code,agency_name,kind\nSRV-PKM,Puskesmas Server,SRV-DINKES,Dinas Kesehatan,puskesmas\n")
	form := writeTestFile(t, dir, "form.csv", questionnaireCSV+"32/03/2025 10:20:00,Laki-laki,Sesuai,Mudah,Cepat,Gratis,Sesuai,Kompeten,Sopan dan ramah,Tidak ada,Cukup\n")
	runID := regexp.MustCompile(`run ([0-9a-f-]{36}): partial`)

	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stdout []string
	}{
		{"file", []string{"ingest", "file", "--kind", "units", "--source", "srv", units}, 0,
			[]string{"units.csv: 1 read, 1 accepted (1 new or changed, 0 unchanged), 0 rejected", ": ok: 1 read, 1 written"}},
		{"file through a profile", []string{"ingest", "file", "--kind", "survey", "--source", "srv", "--profile", "skm-kuesioner", "--unit", "SRV-PKM", form}, 0,
			[]string{"form.csv: 3 read, 2 accepted", "form.csv:4: submitted_at", ": partial: 3 read, 2 written"}},
		{"bad parameter", []string{"ingest", "file", "--kind", "survey", "--profile", "skm-kuesioner", "--unit", "NOPE", form}, 2, nil},
		{"missing file", []string{"ingest", "file", "--kind", "units", filepath.Join(dir, "nope.csv")}, 1, nil},
		{"run a source of the server", []string{"ingest", "run", "inbox-units"}, 0, []string{"source inbox-units: nothing new"}},
		{"unknown source", []string{"ingest", "run", "nope"}, 2, nil},
		{"list", []string{"ingest", "list"}, 0, []string{"inbox-units", "inbox-survey", "*/5 * * * *"}},
		{"runs", []string{"ingest", "runs", "--source", "srv"}, 0, []string{"srv", "partial", "ok"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := childCLI(t, tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, out, errOut)
			}
			if !strings.Contains(errOut, "sending the work to it at "+info.URL) {
				t.Errorf("stderr does not say the work went through the server:\n%s", errOut)
			}
			for _, want := range tc.stdout {
				if !strings.Contains(out, want) {
					t.Errorf("stdout lacks %q:\n%s", want, out)
				}
			}
			if tc.name == "file through a profile" {
				m := runID.FindStringSubmatch(out)
				if m == nil {
					t.Fatalf("no run id in %s", out)
				}
				code, out, _ := childCLI(t, "ingest", "rejects", m[1])
				if code != 0 || !strings.Contains(out, "form.csv:4\tsubmitted_at") {
					t.Errorf("rejects through the server: %d\n%s", code, out)
				}
			}
		})
	}
	// Reports go through the server too, with their flags as the API's
	// parameters: every report with its default flags must be accepted.
	for _, args := range [][]string{
		{"report", "ikm", "--by", "unit", "--from", "2025-01-01", "--to", "2025-12-31", "--format", "json"},
		{"report", "ikm", "--by", "unit", "--from", "2025-01-01", "--to", "2025-12-31", "--grain", "quarter", "--format", "csv"},
		{"report", "compare", "--metric", "ikm", "--period", "2025-Q1"},
		{"report", "skp"}, {"report", "compliance"}, {"report", "competency"}, {"report", "training"},
		{"report", "ip-asn"}, {"report", "needs"},
	} {
		t.Run(strings.Join(args[:2], " "), func(t *testing.T) {
			code, out, errOut := childCLI(t, args...)
			if code != 0 || !strings.Contains(errOut, "sending the work to it at "+info.URL) {
				t.Fatalf("%v: exit %d\nstdout:\n%s\nstderr:\n%s", args, code, out, errOut)
			}
			if args[1] == "ikm" && !strings.Contains(out, "SRV-PKM") {
				t.Errorf("%v through the server lacks the unit imported through it:\n%s", args, out)
			}
		})
	}

	// The data is in the server's warehouse.
	_, out, _ := childCLI(t, "ingest", "runs", "--source", "srv", "--format", "json")
	var runs []ingest.RunView
	if err := json.Unmarshal([]byte(out), &runs); err != nil || len(runs) != 2 || runs[0].Dataset != "survey" || runs[0].Written != 2 {
		t.Errorf("runs through the server: %v\n%s", err, out)
	}
}
