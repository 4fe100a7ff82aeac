package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"kinerja/warehouse"
)

// cliData is the data directory every in-process CLI test of this package
// uses: the embedded engine serves one directory per process.
var cliData string

func TestMain(m *testing.M) {
	if args := os.Getenv("KINERJA_TEST_CLI_ARGS"); args != "" {
		// Child process of TestIngestLockedDataDirectory: run the CLI as is.
		os.Exit(run(context.Background(), strings.Split(args, "\x1f"), os.Stdout, os.Stderr))
	}
	dir, err := os.MkdirTemp("", "kinerja-cli-test-")
	if err != nil {
		panic(err)
	}
	cliData = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// runCLI runs the command in-process against the test data directory.
func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	args = append(args, "--data", cliData, "--log-level", "warn")
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestIngestFileExitCodes(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	units := write("units.csv", "unit_code,unit_name,agency_code,agency_name,kind,kecamatan\n"+
		"CLI-PKM,Puskesmas Uji,CLI-DINKES,Dinas Kesehatan,puskesmas,Mamuju\n")
	header := "response_id,unit_code,service,submitted_at,u1,u2,u3,u4,u5,u6,u7,u8,u9,gender,age,education,occupation,comment\n"
	good := write("good.csv", header+"C1,CLI-PKM,,2025-03-01 08:00,4,3,3,4,3,2,2,3,4,P,30,,,\n")
	bad := write("bad.csv", header+
		"C1,CLI-PKM,,2025-03-01 08:00,4,3,3,4,3,2,2,3,4,P,30,,,\n"+
		"C2,CLI-PKM,,2025-03-01 08:00,4,3,5,4,3,2,2,3,4,P,30,,,\n")
	wrongHeader := write("wrong.csv", "id,unit\nC1,CLI-PKM\n")
	runID := regexp.MustCompile(`run ([0-9a-f-]{36}): `)

	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stdout []string // fragments expected on stdout
		stderr []string
	}{
		{"units", []string{"ingest", "file", "--kind", "units", units}, 0,
			[]string{"units.csv: 1 read, 1 accepted (1 new or changed, 0 unchanged), 0 rejected", ": ok: "}, nil},
		{"good survey", []string{"ingest", "file", "--kind", "survey", "--source", "cli", good}, 0,
			[]string{"good.csv: 1 read, 1 accepted", ": ok: 1 read, 1 written"}, nil},
		{"rejects still exit 0, flags after the file", []string{"ingest", "file", bad, "--kind", "survey", "--source", "cli"}, 0,
			[]string{"bad.csv: 2 read, 1 accepted (0 new or changed, 1 unchanged), 1 rejected",
				"bad.csv:3: u3: expected an integer 1–4, got \"5\"", ": partial: "}, nil},
		{"missing file", []string{"ingest", "file", "--kind", "survey", filepath.Join(dir, "nope.csv")}, 1,
			[]string{"nope.csv: NOT IMPORTED: the file does not exist", ": failed: "}, []string{"failed"}},
		{"wrong header", []string{"ingest", "file", "--kind", "survey", wrongHeader}, 1,
			[]string{"missing required columns: response_id, unit_code, submitted_at, u1,", "the header found is: id, unit"}, nil},
		{"one of two files missing", []string{"ingest", "file", "--kind", "survey", "--source", "cli", good, filepath.Join(dir, "nope.csv")}, 1,
			[]string{"good.csv: 1 read, 1 accepted (0 new or changed, 1 unchanged)", ": partial: "}, []string{"1 of 2 files could not be imported"}},
		{"no kind", []string{"ingest", "file", good}, 2, nil, []string{"--kind is required"}},
		{"bad kind", []string{"ingest", "file", "--kind", "skp", good}, 2, nil, []string{"unknown dataset"}},
		{"no files", []string{"ingest", "file", "--kind", "survey"}, 2, nil, []string{"at least one file"}},
		{"unknown subcommand", []string{"ingest", "pull"}, 2, nil, []string{"unknown subcommand"}},
		{"runs", []string{"ingest", "runs", "--source", "cli"}, 0, []string{"STATUS", "partial", "cli"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, out, errOut)
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
			if tc.code != 2 && strings.HasPrefix(tc.args[1], "file") && !runID.MatchString(out) {
				t.Errorf("no run id printed:\n%s", out)
			}
		})
	}

	// The rejects of the partial run can be listed by its id.
	_, out, _ := runCLI(t, "ingest", "file", "--kind", "survey", "--source", "cli2", bad)
	m := runID.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no run id in %q", out)
	}
	code, out, errOut := runCLI(t, "ingest", "rejects", m[1])
	if code != 0 || !strings.Contains(out, "bad.csv:3\tu3\tu3: expected an integer 1–4") {
		t.Errorf("rejects: exit %d\n%s\n%s", code, out, errOut)
	}
	if code, _, _ := runCLI(t, "ingest", "rejects", "not-a-run"); code != 2 {
		t.Errorf("rejects of a bad id: exit %d, want 2", code)
	}
}

// Another process holding the data directory gets the engine's plain
// message (who holds it, what to do), exit code 1.
func TestIngestLockedDataDirectory(t *testing.T) {
	// This process holds cliData while it has it open, as `serve` would.
	db, err := warehouse.Open(context.Background(), warehouse.Config{DataDir: filepath.Join(cliData, "clickhouse")})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p := filepath.Join(t.TempDir(), "units.csv")
	if err := os.WriteFile(p, []byte("unit_code,unit_name,agency_code,agency_name,kind\nX,X,X,X,dinas\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run", "^$")
	cmd.Env = append(os.Environ(), "KINERJA_TEST_CLI_ARGS="+strings.Join([]string{"ingest", "file", "--kind", "units", "--data", cliData, p}, "\x1f"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err = cmd.Run()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 1 {
		t.Fatalf("child exit: %v, want exit code 1; stderr:\n%s", err, stderr.String())
	}
	for _, want := range []string{"is in use by process " + fmt.Sprint(os.Getpid()), "one process per directory", "--data"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
}
