package ingest

import (
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

func parseSourcesYAML(t *testing.T, src string) ([]SourceConfig, error) {
	t.Helper()
	var doc struct {
		Sources yaml.Node `yaml:"sources"`
	}
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	cfgs, err := ParseSources("kinerja.yaml", &doc.Sources)
	if err != nil {
		return nil, err
	}
	if err := ResolveProfiles(cfgs, BuiltinProfiles()); err != nil {
		return nil, err
	}
	return cfgs, ValidateSources(cfgs)
}

func TestParseSources(t *testing.T) {
	cfgs, err := parseSourcesYAML(t, `
sources:
  - name: skm-binanga
    dataset: survey
    kind: inbox
    location: /srv/inbox/skm
    schedule: "*/15 * * * *"
    profile: skm-kuesioner
    unit: PKM-BINANGA
  - name: ekinerja
    dataset: units
    kind: http
    location: https://ekinerja.example.go.id/api/v1/units
    schedule: "@hourly"
    auth_env: EKINERJA_TOKEN
    options:
      limit: 500
      timeout: 10s
      backoff: 250ms
      fields: [kecamatan]
      query: {opd: all}
`)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfgs) != 2 || cfgs[0].ProfileDef == nil || cfgs[0].Unit != "PKM-BINANGA" || cfgs[0].Origin != "kinerja.yaml:3" {
		t.Fatalf("%+v", cfgs[0])
	}
	h := cfgs[1].HTTP
	if h.Limit != 500 || h.Timeout != 10*time.Second || h.Backoff != 250*time.Millisecond || h.Fields[0] != "kecamatan" ||
		h.Query["opd"] != "all" || cfgs[1].AuthEnv != "EKINERJA_TOKEN" {
		t.Errorf("options %+v", cfgs[1])
	}
	for _, tc := range []struct{ name, yaml, want string }{
		{"unknown key", "sources:\n  - name: a\n    datset: units\n", `kinerja.yaml:3: unknown key "datset" in source`},
		{"unknown option", "sources:\n  - name: a\n    dataset: units\n    kind: http\n    location: http://x/\n    schedule: '@hourly'\n    options:\n      limt: 5\n",
			`kinerja.yaml:8: unknown key "limt" in options`},
		{"not a list", "sources:\n  name: a\n", "kinerja.yaml:2: sources: want a list"},
		{"bad kind", "sources:\n  - name: a\n    dataset: units\n    kind: ftp\n    location: x\n    schedule: '@hourly'\n", `source a (kinerja.yaml:2): kind "ftp": want inbox or http`},
		{"bad schedule", "sources:\n  - name: a\n    dataset: units\n    kind: inbox\n    location: x\n    schedule: every day\n", `schedule "every day"`},
		{"token in the file", "sources:\n  - name: a\n    dataset: units\n    kind: http\n    location: http://x/\n    schedule: '@hourly'\n    auth_env: 'Bearer abc'\n",
			"the NAME of an environment variable"},
		{"not a URL", "sources:\n  - name: a\n    dataset: units\n    kind: http\n    location: /srv/x\n    schedule: '@hourly'\n", "want an http:// or https:// URL"},
		{"http options on an inbox", "sources:\n  - name: a\n    dataset: units\n    kind: inbox\n    location: x\n    schedule: '@hourly'\n    format: csv\n", "are for http sources"},
		{"unknown profile", "sources:\n  - name: a\n    dataset: survey\n    kind: inbox\n    location: x\n    schedule: '@hourly'\n    profile: nope\n", `source a (kinerja.yaml:2): unknown import profile "nope"`},
		{"profile of another dataset", "sources:\n  - name: a\n    dataset: units\n    kind: inbox\n    location: x\n    schedule: '@hourly'\n    profile: skm-kuesioner\n", "reads survey, not units"},
		{"unit without a questionnaire", "sources:\n  - name: a\n    dataset: units\n    kind: inbox\n    location: x\n    schedule: '@hourly'\n    unit: X\n", "unit: only for questionnaire profiles"},
		{"two with one name", "sources:\n  - {name: a, dataset: units, kind: inbox, location: x, schedule: '@hourly'}\n  - {name: a, dataset: units, kind: inbox, location: y, schedule: '@hourly'}\n",
			"source a (kinerja.yaml:3): the name is already used (kinerja.yaml:2)"},
		{"bad paging", "sources:\n  - name: a\n    dataset: units\n    kind: http\n    location: http://x/\n    schedule: '@hourly'\n    format: csv\n    options: {paging: cursor}\n", "a csv source is one request"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseSourcesYAML(t, tc.yaml)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err %v, want %q", err, tc.want)
			}
		})
	}
}

func TestNextRun(t *testing.T) {
	c := SourceConfig{Schedule: "30 7 * * 1-5"}
	// Friday 2025-06-27 08:00 WITA → Monday 07:30 WITA.
	got := c.NextRun(time.Date(2025, 6, 27, 0, 0, 0, 0, time.UTC))
	if want := time.Date(2025, 6, 30, 7, 30, 0, 0, wita); !got.Equal(want) {
		t.Errorf("next %v, want %v", got, want)
	}
}
