package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"kinerja/analytics"
	"kinerja/warehouse"
)

// One OPD (A2T-OPD) with one unit and two PNS in 2025:
//
//	A2T1 pelaksana S1: teknis 19,5 JP (short of 20); Pelayanan Publik 1 of 2 → below by 1; SKP butuh_perbaikan
//	A2T2 pengawas S2: PKP (2020) + teknis 20 JP; Pelayanan Publik 2 of 2; SKP sangat_baik
//
// IP ASN (default instrument): A2T1 15 + 0 + 15 + 5 = 35; A2T2 20 + 30 + 30 + 5 = 85 → 60 Sangat Rendah.
func loadStaffCLIFixture(t *testing.T) {
	d := func(s string) time.Time { x, _ := time.Parse("2006-01-02", s); return x }
	skpComplianceDB(t, func(ctx context.Context, db warehouse.DB) error {
		for _, step := range []struct {
			table string
			cols  []string
			rows  [][]any
		}{
			{"agencies", []string{"agency_code", "agency_name", "_version"}, [][]any{{"A2T-OPD", "Dinas Uji Pelatihan", uint64(1)}}},
			{"units", []string{"unit_code", "unit_name", "agency_code", "kind", "kecamatan", "_version"},
				[][]any{{"A2T-UNIT", "Bidang Uji Pelatihan", "A2T-OPD", "dinas", "", uint64(1)}}},
			{"employees", []string{"nip", "name", "employee_type", "position_class", "position_name", "education", "unit_code", "_version"},
				[][]any{
					{"A2T1", "Uji Satu", "PNS", "pelaksana", "Pengelola Data", "S1", "A2T-UNIT", uint64(1)},
					{"A2T2", "Uji Dua", "PNS", "pengawas", "Kepala Seksi", "S2", "A2T-UNIT", uint64(1)},
				}},
			{"trainings", []string{"training_id", "nip", "title", "kind", "jp", "start_date", "end_date", "_version"},
				[][]any{
					{"A2T-T1", "A2T1", "Arsip", "teknis", decimal.RequireFromString("19.5"), d("2025-03-01"), d("2025-03-03"), uint64(1)},
					{"A2T-T2", "A2T2", "SIAK", "teknis", decimal.RequireFromString("20"), d("2025-03-01"), d("2025-03-03"), uint64(1)},
					{"A2T-L1", "A2T2", "Pelatihan Kepemimpinan Pengawas (PKP)", "kepemimpinan", decimal.RequireFromString("180"), d("2020-03-01"), d("2020-06-01"), uint64(1)},
				}},
			{"competency_assessments", []string{"nip", "competency_code", "competency_name", "competency_type", "required_level", "assessed_level", "assessed_at", "_version"},
				[][]any{
					{"A2T1", "pelayanan_publik", "Pelayanan Publik", "manajerial", uint8(2), uint8(1), d("2025-04-01"), uint64(1)},
					{"A2T2", "pelayanan_publik", "Pelayanan Publik", "manajerial", uint8(2), uint8(2), d("2025-04-01"), uint64(1)},
				}},
			{"skp_evaluations", []string{"nip", "unit_code", "year", "period", "predikat", "_version"},
				[][]any{{"A2T1", "A2T-UNIT", uint16(2025), "ANNUAL", "butuh_perbaikan", uint64(1)}, {"A2T2", "A2T-UNIT", uint16(2025), "ANNUAL", "sangat_baik", uint64(1)}}},
		} {
			if err := insertRows(ctx, db, step.table, step.cols, step.rows...); err != nil {
				return err
			}
		}
		return nil
	})
}

func TestReportStaffMetrics(t *testing.T) {
	loadStaffCLIFixture(t)
	only := []string{"--year", "2025", "--agency", "A2T-OPD"}
	cli := func(t *testing.T, want int, args ...string) string {
		t.Helper()
		code, out, errOut := runCLI(t, append([]string{"report"}, args...)...)
		if code != want {
			t.Fatalf("kinerja report %v: exit %d, want %d\nstdout %s\nstderr %s", args, code, want, out, errOut)
		}
		return out + errOut
	}

	t.Run("training json is the analytics result", func(t *testing.T) {
		out := cli(t, 0, append([]string{"training", "--by", "unit", "--format", "json"}, only...)...)
		var res analytics.TrainingResult
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		if len(res.Groups) != 1 || res.Groups[0].Employees != 2 || res.Groups[0].JPTotal != 39.5 || res.Groups[0].Reached20JP != 1 {
			t.Errorf("%s", out)
		}
	})
	t.Run("training csv and table", func(t *testing.T) {
		csv := cli(t, 0, append([]string{"training", "--by", "unit", "--format", "csv"}, only...)...)
		if !strings.Contains(csv, "A2T-UNIT,Bidang Uji Pelatihan,A2T-OPD,2,39.50,19.75,1,0.5000,1,0.25,2,1,0.5000,0,0,0.0000") {
			t.Errorf("csv:\n%s", csv)
		}
		tbl := cli(t, 0, append([]string{"training", "--by", "unit", "--format", "table"}, only...)...)
		if !strings.Contains(tbl, "39,50") || !strings.Contains(tbl, "50,0 %") {
			t.Errorf("table:\n%s", tbl)
		}
	})
	t.Run("competency csv", func(t *testing.T) {
		out := cli(t, 0, append([]string{"competency", "--format", "csv"}, only...)...)
		for _, want := range []string{
			"A2T-UNIT,Bidang Uji Pelatihan,A2T-OPD,type,manajerial,,,2,1,0.5000,0.5000,0",
			"A2T-UNIT,Bidang Uji Pelatihan,A2T-OPD,competency,manajerial,pelayanan_publik,Pelayanan Publik,2,1,0.5000,0.5000,0",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("lacks %s:\n%s", want, out)
			}
		}
	})
	t.Run("ip-asn aggregate names its assumptions, no NIP", func(t *testing.T) {
		out := cli(t, 0, append([]string{"ip-asn", "--format", "table"}, only...)...)
		if !strings.Contains(out, "60,00") || !strings.Contains(out, "Sangat Rendah") || !strings.Contains(out, "Asumsi instrumen IP ASN") ||
			!strings.Contains(out, "disiplin_without_data = 5") || strings.Contains(out, "A2T1") || strings.Contains(out, "Uji Satu") {
			t.Errorf("table:\n%s", out)
		}
	})
	t.Run("ip-asn per ASN with --detail asn", func(t *testing.T) {
		out := cli(t, 0, append([]string{"ip-asn", "--detail", "asn", "--format", "csv"}, only...)...)
		for _, want := range []string{"nip,name,unit", "A2T1,Uji Satu,A2T-UNIT,A2T-OPD,PNS,pelaksana,S1,butuh_perbaikan,15.00,0.00,15.00,5.00,35.00,sangat_rendah"} {
			if !strings.Contains(out, want) {
				t.Errorf("lacks %s:\n%s", want, out)
			}
		}
	})
	t.Run("ip-asn with a configured instrument", func(t *testing.T) {
		dir := t.TempDir()
		good := filepath.Join(dir, "kinerja.yaml")
		os.WriteFile(good, []byte(`analytics:
  ip_asn:
    kualifikasi: {S1: 15, D4: 15, D3: 10, D2: 5, D1: 5, SMA: 5, SMP: 1, SD: 1}
    kompetensi: {seminar: 5, technical_kinds: [teknis], functional_classes: [fungsional],
      leadership_titles: {pengawas: [PKP], administrator: [PKA], jpt_pratama: [PKN II], jpt_madya: [PKN I]}}
    kinerja: {sangat_baik: 30, baik: 25, butuh_perbaikan: 10, kurang: 5, sangat_kurang: 1}
    disiplin_without_data: 0
`), 0o644)
		// butuh_perbaikan 10, Disiplin 0: A2T1 15 + 0 + 10 + 0 = 25; A2T2 20 + 30 + 30 + 0 = 80 → 52,5
		out := cli(t, 0, append([]string{"ip-asn", "--config", good, "--format", "table"}, only...)...)
		if strings.Contains(out, "Asumsi") || !strings.Contains(out, "52,50") {
			t.Errorf("configured instrument:\n%s", out)
		}
		bad := filepath.Join(dir, "bad.yaml")
		os.WriteFile(bad, []byte("analytics:\n  ip_asn:\n    kinerja: {istimewa: 30}\n"), 0o644)
		out = cli(t, 1, append([]string{"ip-asn", "--config", bad}, only...)...)
		if !strings.Contains(out, "istimewa") || !strings.Contains(out, "--config") {
			t.Errorf("bad config:\n%s", out)
		}
	})
	t.Run("needs json with reasons", func(t *testing.T) {
		out := cli(t, 0, "needs", "--year", "2025", "--agency", "A2T-OPD", "--format", "json")
		var res analytics.NeedsResult
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		// 100 × (0,3 × 0,5 + 0,15 × 0,5 + 0,1 × 0,0125 + 0,25 × 0,5) ÷ 0,8 = 43,91
		if len(res.Units) != 1 || res.Units[0].Rank != 1 || res.Units[0].Score != 43.91 || len(res.Units[0].Reasons) != 3 ||
			res.Units[0].Reasons[0].ID != "1 dari 2 ASN di bawah standar Pelayanan Publik" {
			t.Errorf("%s", out)
		}
		tbl := cli(t, 0, "needs", "--year", "2025", "--agency", "A2T-OPD", "--format", "csv", "--lang", "en")
		if !strings.Contains(tbl, "1 of 2 ASN below the standard in Pelayanan Publik | 1 of 2 ASN rated below Baik | 1 of 2 ASN below 20 JP") {
			t.Errorf("csv:\n%s", tbl)
		}
	})
	for _, tc := range [][]string{
		{"training", "--year", "25"},
		{"competency", "--type", "soft"},
		{"ip-asn", "--detail", "all"},
		{"needs", "--lang", "fr"},
		{"needs", "extra"},
	} {
		t.Run("usage "+strings.Join(tc, " "), func(t *testing.T) { cli(t, 2, tc...) })
	}
}
