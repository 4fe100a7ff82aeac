package analytics

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseConfig(t *testing.T) {
	for _, tc := range []struct {
		name    string
		yaml    string
		check   func(t *testing.T, c Config)
		wantErr string
	}{
		{
			name: "no analytics section: the defaults",
			yaml: "sources:\n  - name: inbox\n",
			check: func(t *testing.T, c Config) {
				if c.IPASN.Kualifikasi != nil || c.Needs.Weights != (NeedsWeights{}) {
					t.Errorf("want the zero Config, got %+v", c)
				}
			},
		},
		{
			name: "the A2 sections",
			yaml: `
sources: []
analytics:
  ip_asn:
    types: [PNS, PPPK]
    kualifikasi: {S1: 15, D3: 10}
    kompetensi:
      seminar: 5
      leadership_titles:
        pengawas: [PKP, Diklatpim IV]
    kinerja: {baik: 25}
    disiplin_without_data: 0
  needs:
    weights: {competency: 0.5, jp_share: 0.5}
    service_min_respondents: 50
  competency:
    fungsional_by_grade: {Ahli Muda: 3}
`,
			check: func(t *testing.T, c Config) {
				ip := c.IPASN
				if len(ip.Types) != 2 || ip.Kualifikasi["D3"] != 10 || ip.Kompetensi.Seminar != 5 ||
					len(ip.Kompetensi.LeadershipTitles["pengawas"]) != 2 || ip.Kinerja["baik"] != 25 ||
					ip.DisiplinWithoutData == nil || *ip.DisiplinWithoutData != 0 {
					t.Errorf("ip_asn %+v", ip)
				}
				if c.Needs.Weights != (NeedsWeights{Competency: 0.5, JPShare: 0.5}) || c.Needs.ServiceMinRespondents != 50 {
					t.Errorf("needs %+v", c.Needs)
				}
				if c.Competency.FungsionalByGrade["Ahli Muda"] != 3 {
					t.Errorf("competency %+v", c.Competency)
				}
			},
		},
		{name: "a typo is an error, not a default", yaml: "analytics:\n  ip_asn:\n    kualifkasi: {S1: 15}\n", wantErr: "kualifkasi"},
		{name: "an invalid value", yaml: "analytics:\n  competency:\n    manajerial_by_class: {pelaksana: 9}\n", wantErr: "pelaksana = 9"},
		{name: "not YAML", yaml: "analytics: [", wantErr: "not valid YAML"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := ParseConfig([]byte(tc.yaml))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want one mentioning %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, c)
		})
	}
	p := filepath.Join(t.TempDir(), "kinerja.yaml")
	if err := os.WriteFile(p, []byte("analytics:\n  needs:\n    top_reasons: 2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if c, err := LoadConfig(p); err != nil || c.Needs.TopReasons != 2 {
		t.Errorf("LoadConfig = %+v, %v", c.Needs, err)
	}
	if _, err := LoadConfig(filepath.Join(t.TempDir(), "missing.yaml")); err == nil || !strings.Contains(err.Error(), "missing.yaml") {
		t.Errorf("missing file: %v", err)
	}
}
