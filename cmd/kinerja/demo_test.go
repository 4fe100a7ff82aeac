package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestDemoCommand(t *testing.T) {
	out := t.TempDir()
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stdout []string
		stderr []string
	}{
		{"writes and prints the summary", []string{"demo", "--out", out, "--seed", "3", "--scale", "0.3", "--from", "2025-01-01", "--to", "2025-02-28", "--activity-months", "1"}, 0,
			[]string{"Demo Kabupaten Mamuju in " + out + ": 2025-01-01 to 2025-02-28, seed 3, scale 0.3", "units ", "survey ", "activity_reports ", "rows/s"}, nil},
		{"bad date", []string{"demo", "--out", out, "--to", "2025-02-30"}, 2, nil, []string{`--to "2025-02-30": want a date YYYY-MM-DD`}},
		{"negative scale", []string{"demo", "--out", out, "--scale", "-2"}, 2, nil, []string{"scale -2"}},
		{"to before from", []string{"demo", "--out", out, "--from", "2025-03-01", "--to", "2025-02-01"}, 2, nil, []string{"before from"}},
		{"unknown dataset", []string{"demo", "--out", out, "--datasets", "units,surveys"}, 2, nil, []string{`dataset "surveys"`}},
		{"negative activity months", []string{"demo", "--out", out, "--activity-months", "-1"}, 2, nil, []string{"--activity-months -1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.code, stdout, stderr)
			}
			for _, s := range tc.stdout {
				if !strings.Contains(stdout, s) {
					t.Errorf("stdout lacks %q:\n%s", s, stdout)
				}
			}
			for _, s := range tc.stderr {
				if !strings.Contains(stderr, s) {
					t.Errorf("stderr lacks %q:\n%s", s, stderr)
				}
			}
		})
	}
	// One month of activity reports: January is not in the window.
	if _, err := os.Stat(filepath.Join(out, "activity_reports", "lh-2025-01.csv")); err == nil {
		t.Errorf("--activity-months 1 wrote January")
	}
	if _, err := os.Stat(filepath.Join(out, "activity_reports", "lh-2025-02.csv")); err != nil {
		t.Errorf("--activity-months 1 did not write February: %v", err)
	}
}

// The demo files go through the real import path without a single reject.
func TestDemoImportsClean(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := runCLI(t, "demo", "--out", out, "--seed", "5", "--from", "2025-03-01", "--to", "2025-04-30", "--datasets", "units,survey"); code != 0 {
		t.Fatalf("demo: exit %d: %s", code, stderr)
	}
	counts := regexp.MustCompile(`(\d+) read, (\d+) accepted .*?(\d+) rejected`)
	for _, tc := range []struct{ kind, glob string }{
		{"units", "units/*.csv"},
		{"survey", "survey/*.csv"},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			files, _ := filepath.Glob(filepath.Join(out, tc.glob))
			if len(files) == 0 {
				t.Fatalf("no %s files", tc.kind)
			}
			args := append([]string{"ingest", "file", "--kind", tc.kind, "--source", "demo-test"}, files...)
			code, stdout, stderr := runCLI(t, args...)
			if code != 0 {
				t.Fatalf("ingest: exit %d\n%s\n%s", code, stdout, stderr)
			}
			ms := counts.FindAllStringSubmatch(stdout, -1)
			if len(ms) == 0 {
				t.Fatalf("no counts in:\n%s", stdout)
			}
			for _, m := range ms {
				read, _ := strconv.Atoi(m[1])
				if read == 0 || m[1] != m[2] || m[3] != "0" {
					t.Errorf("%s: want every row accepted, none rejected\n%s", m[0], stdout)
				}
			}
		})
	}
}
