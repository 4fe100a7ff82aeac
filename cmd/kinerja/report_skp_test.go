package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kinerja/analytics"
	"kinerja/warehouse"
)

// skpComplianceDB opens the CLI tests' warehouse to load rows the ingest
// of these datasets would write, then closes it for the CLI.
func skpComplianceDB(t *testing.T, load func(ctx context.Context, db warehouse.DB) error) {
	t.Helper()
	ctx := context.Background()
	db, err := warehouse.Open(ctx, warehouse.Config{DataDir: filepath.Join(cliData, "clickhouse")})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := warehouse.Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	if err := load(ctx, db); err != nil {
		t.Fatal(err)
	}
}

// insertRows appends rows to a new batch of table and sends it.
func insertRows(ctx context.Context, db warehouse.DB, table string, columns []string, rows ...[]any) error {
	b, err := db.PrepareBatch(ctx, table, columns)
	if err != nil {
		return err
	}
	for _, r := range rows {
		if err := b.Append(r...); err != nil {
			return err
		}
	}
	return b.Send()
}

// One OPD rated Istimewa for 2025 with ten ASN in one unit: 8 sangat baik,
// 2 baik (80 % > 70 %: broken), and another rated Baik with 7 baik,
// 2 sangat baik, 1 butuh perbaikan (kept).
func TestReportSKP(t *testing.T) {
	skpComplianceDB(t, func(ctx context.Context, db warehouse.DB) error {
		if err := insertRows(ctx, db, "agencies", []string{"agency_code", "agency_name", "_version"},
			[]any{"SKPT-OPD", "Dinas Uji SKP", uint64(1)}, []any{"SKPT-OPD2", "Badan Uji SKP", uint64(1)}); err != nil {
			return err
		}
		if err := insertRows(ctx, db, "units", []string{"unit_code", "unit_name", "agency_code", "kind", "kecamatan", "_version"},
			[]any{"SKPT-UNIT", "Bidang Uji", "SKPT-OPD", "dinas", "", uint64(1)},
			[]any{"SKPT-UNIT2", "Subbagian Uji", "SKPT-OPD2", "badan", "", uint64(1)}); err != nil {
			return err
		}
		var rows [][]any
		for i, p := range []string{"sangat_baik", "sangat_baik", "sangat_baik", "sangat_baik", "sangat_baik", "sangat_baik", "sangat_baik", "sangat_baik", "baik", "baik"} {
			rows = append(rows, []any{fmt.Sprintf("SKPT-%02d", i), "SKPT-UNIT", uint16(2025), "ANNUAL", p, uint64(1)})
		}
		for i, p := range []string{"baik", "baik", "baik", "baik", "baik", "baik", "baik", "sangat_baik", "sangat_baik", "butuh_perbaikan"} {
			rows = append(rows, []any{fmt.Sprintf("SKPT2-%02d", i), "SKPT-UNIT2", uint16(2025), "ANNUAL", p, uint64(1)})
		}
		if err := insertRows(ctx, db, "skp_evaluations", []string{"nip", "unit_code", "year", "period", "predikat", "_version"}, rows...); err != nil {
			return err
		}
		return insertRows(ctx, db, "organisation_ratings", []string{"agency_code", "year", "predikat", "_version"},
			[]any{"SKPT-OPD", uint16(2025), "istimewa", uint64(1)}, []any{"SKPT-OPD2", uint16(2025), "baik", uint64(1)})
	})
	const violation = "Sangat Baik 80 % (8 dari 10 ASN) melebihi batas 70 % untuk organisasi berpredikat Istimewa"
	base := []string{"report", "skp", "--year", "2025", "--by", "unit", "--unit", "SKPT-UNIT"}

	code, out, errOut := runCLI(t, append(base, "--format", "json")...)
	if code != 0 {
		t.Fatalf("json: exit %d\n%s", code, errOut)
	}
	var res analytics.SKPResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	if len(res.Groups) != 1 || res.Period != "ANNUAL" || res.Year != 2025 {
		t.Fatalf("json %s", out)
	}
	g := res.Groups[0]
	if g.Evaluated != 10 || g.Counts.SangatBaik != 8 || g.Counts.Baik != 2 || g.OrganisationPredikat != "istimewa" ||
		g.PatternOK == nil || *g.PatternOK || len(g.Violations) != 1 || g.Violations[0] != violation || g.Agency != "SKPT-OPD" {
		t.Errorf("json group %s", out)
	}
	for _, frag := range []string{`"counts":{"sangat_baik":8,"baik":2,"butuh_perbaikan":0,"kurang":0,"sangat_kurang":0}`,
		`"shares":{"sangat_baik":0.8000,"baik":0.2000,"butuh_perbaikan":0.0000,"kurang":0.0000,"sangat_kurang":0.0000}`,
		`"pattern_ok":false`, `"violations_en":["Sangat Baik 80% (8 of 10 ASN) exceeds the maximum of 70% for an organisation rated Istimewa"]`} {
		if !strings.Contains(out, frag) {
			t.Errorf("json lacks %s:\n%s", frag, out)
		}
	}

	code, out, _ = runCLI(t, append(base, "--format", "csv")...)
	wantCSV := "code,name,agency,evaluated,sangat_baik,baik,butuh_perbaikan,kurang,sangat_kurang,share_sangat_baik,share_baik,share_butuh_perbaikan,share_kurang,share_sangat_kurang,organisation_predikat,pattern_ok,violations\n" +
		"SKPT-UNIT,Bidang Uji,SKPT-OPD,10,8,2,0,0,0,0.8000,0.2000,0.0000,0.0000,0.0000,istimewa,false," + violation + "\n"
	if code != 0 || out != wantCSV {
		t.Errorf("csv: exit %d\n%s\nwant\n%s", code, out, wantCSV)
	}

	code, out, _ = runCLI(t, "report", "skp", "--year", "2025", "--by", "agency", "--format", "table")
	for _, frag := range []string{"80,0 %", "Istimewa", "tidak", "Badan Uji SKP", "70,0 %", "ya",
		"Pola distribusi predikat tidak sesuai predikat organisasi", "Dinas Uji SKP: " + violation} {
		if code != 0 || !strings.Contains(out, frag) {
			t.Errorf("table lacks %q (exit %d):\n%s", frag, code, out)
		}
	}

	for _, bad := range [][]string{{"--period", "Q5"}, {"--by", "desa"}, {"--year", "25"}, {"--format", "pdf"}} {
		if code, _, _ := runCLI(t, append([]string{"report", "skp"}, bad...)...); code != 2 {
			t.Errorf("%v: exit %d, want 2", bad, code)
		}
	}
}

// One ASN active all along, one who joined on Wednesday 7 May 2025, in the
// week of 5–9 May 2025 (five working days): the first reported on 5, 6
// and 8 May (the 8th sent on Wednesday 14 May: 12 and 13 May are holidays,
// so 9 and 14 May make it two working days late), the second on 7 May.
// Expected ASN-days 5 + 3 = 8, reported 3 + 1 = 4: 50 %. Over all of May
// (17 working days; the second ASN has 14 from the 7th): 4 of 31 = 12,9 %.
func TestReportCompliance(t *testing.T) {
	wita := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, analytics.WITA)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	day := func(s string) time.Time { return wita(s + " 00:00") }
	skpComplianceDB(t, func(ctx context.Context, db warehouse.DB) error {
		if err := insertRows(ctx, db, "agencies", []string{"agency_code", "agency_name", "_version"},
			[]any{"CMPL-OPD", "Dinas Uji Kepatuhan", uint64(1)}); err != nil {
			return err
		}
		if err := insertRows(ctx, db, "units", []string{"unit_code", "unit_name", "agency_code", "kind", "kecamatan", "_version"},
			[]any{"CMPL-UNIT", "Bidang Uji Kepatuhan", "CMPL-OPD", "dinas", "", uint64(1)}); err != nil {
			return err
		}
		from := day("2020-01-01")
		joined := day("2025-05-07")
		if err := insertRows(ctx, db, "employees", []string{"nip", "unit_code", "active_from", "_version"},
			[]any{"CMPL-1", "CMPL-UNIT", &from, uint64(1)}, []any{"CMPL-2", "CMPL-UNIT", &joined, uint64(1)}); err != nil {
			return err
		}
		cols := []string{"source", "report_id", "nip", "unit_code", "activity_date", "submitted_at", "status", "reviewed_at", "_version"}
		rev := func(s string) *time.Time { v := wita(s); return &v }
		return insertRows(ctx, db, "activity_reports", cols,
			[]any{"t", "C1", "CMPL-1", "CMPL-UNIT", day("2025-05-05"), wita("2025-05-05 16:00"), "approved", rev("2025-05-06 10:00"), uint64(1)},
			[]any{"t", "C2", "CMPL-1", "CMPL-UNIT", day("2025-05-06"), wita("2025-05-06 16:00"), "returned", rev("2025-05-06 18:00"), uint64(1)},
			[]any{"t", "C3", "CMPL-1", "CMPL-UNIT", day("2025-05-08"), wita("2025-05-14 09:00"), "submitted", (*time.Time)(nil), uint64(1)},
			[]any{"t", "C4", "CMPL-2", "CMPL-UNIT", day("2025-05-07"), wita("2025-05-08 08:00"), "approved", rev("2025-05-08 12:00"), uint64(1)},
		)
	})
	base := []string{"report", "compliance", "--by", "unit", "--agency", "CMPL-OPD", "--from", "2025-05-05", "--to", "2025-05-09"}

	code, out, errOut := runCLI(t, append(base, "--format", "json")...)
	if code != 0 {
		t.Fatalf("json: exit %d\n%s", code, errOut)
	}
	var res analytics.ComplianceResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	if len(res.Groups) != 1 || len(res.Groups[0].Periods) != 1 || res.WorkingDays != 5 || res.Grain != "period" {
		t.Fatalf("json %s", out)
	}
	p := res.Groups[0].Periods[0]
	if p.ExpectedASNDays != 8 || p.ReportedASNDays != 4 || p.Compliance == nil || *p.Compliance != 0.5 || p.ActiveASN != 2 {
		t.Errorf("json point %s", out)
	}

	// Delays in working days: C1 0, C2 0, C3 2, C4 1: median at 1,5 → 0,5.
	// Latencies 18 h, 2 h, 4 h: median 4, p90 at 1,8 → 4 + 0,8·14 = 15,2.
	code, out, _ = runCLI(t, append(base, "--format", "csv")...)
	wantCSV := "code,name,period,from,to,working_days,active_asn,expected_asn_days,reported_asn_days,compliance,reports,reports_per_asn,same_day,next_day,later,median_delay_days,reviewed,returned,pending,returned_share,latency_median_hours,latency_p90_hours\n" +
		"CMPL-UNIT,Bidang Uji Kepatuhan,2025-05-05..2025-05-09,2025-05-05,2025-05-09,5,2,8,4,0.5000,4,2.00,2,1,1,0.50,3,1,1,0.3333,4.00,15.20\n"
	if code != 0 || out != wantCSV {
		t.Errorf("csv: exit %d\n%s\nwant\n%s", code, out, wantCSV)
	}

	code, out, _ = runCLI(t, "report", "compliance", "--by", "agency", "--agency", "CMPL-OPD", "--period", "2025-05", "--grain", "month", "--format", "table")
	for _, frag := range []string{"Dinas Uji Kepatuhan", "2025-05", "12,9 %", "33,3 %", "15,20"} {
		if code != 0 || !strings.Contains(out, frag) {
			t.Errorf("table lacks %q (exit %d):\n%s", frag, code, out)
		}
	}

	// A configured regional holiday on Friday 9 May: four working days, the
	// second ASN expected on 7 and 8 May only: 4 of 4 + 2 = 6.
	cfg := filepath.Join(t.TempDir(), "kinerja.yaml")
	if err := os.WriteFile(cfg, []byte("analytics:\n  calendar:\n    holidays:\n      - {date: 2025-05-09, name: Libur daerah}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = runCLI(t, append(base, "--format", "json", "--config", cfg)...)
	res = analytics.ComplianceResult{}
	if err := json.Unmarshal([]byte(out), &res); code != 0 || err != nil || len(res.Groups) != 1 {
		t.Fatalf("with --config: exit %d %v\n%s\n%s", code, err, out, errOut)
	}
	if p := res.Groups[0].Periods[0]; res.WorkingDays != 4 || p.ExpectedASNDays != 6 || p.ReportedASNDays != 4 {
		t.Errorf("with a regional holiday: %s", out)
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(bad, []byte("analytics:\n  calendar:\n    holidays:\n      - {date: 9/5/2025, name: x}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := runCLI(t, append(base, "--config", bad)...); code == 0 || !strings.Contains(errOut, "holidays") {
		t.Errorf("a bad calendar date: exit %d, %s", code, errOut)
	}

	for _, bad := range [][]string{{"--grain", "week"}, {"--period", "2025-Q5"}, {"--period", "2025", "--from", "2025-01-01"}, {"--from", "2025-02-30"}, {"--by", "desa"}} {
		if code, _, _ := runCLI(t, append([]string{"report", "compliance"}, bad...)...); code != 2 {
			t.Errorf("%v: exit %d, want 2", bad, code)
		}
	}
}
