package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kinerja/analytics"
	"kinerja/warehouse"
)

// One unit, ten questionnaires a quarter: in 2025-Q1 five all-3 and five
// all-2 (scores 75 and 50: 62,50), in 2025-Q2 five all-4 and five all-3
// (87,50): +25,00 with the 95 % Welch interval [12,62; 37,38] (df 18).
func TestReportCompare(t *testing.T) {
	dir := t.TempDir()
	units := filepath.Join(dir, "units.csv")
	survey := filepath.Join(dir, "survey.csv")
	if err := os.WriteFile(units, []byte("unit_code,unit_name,agency_code,agency_name,kind,kecamatan\n"+
		"CMP-PKM,Puskesmas Pembanding,CMP-OPD,Dinas Pembanding,puskesmas,Mamuju\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("response_id,unit_code,service,submitted_at,u1,u2,u3,u4,u5,u6,u7,u8,u9\n")
	add := func(month, answer, n int) {
		for i := 0; i < n; i++ {
			a := fmt.Sprint(answer)
			fmt.Fprintf(&b, "CMP-%d-%d-%d,CMP-PKM,,2025-%02d-%02d 09:00,%s\n", month, answer, i, month, 3+i, strings.Repeat(a+",", 8)+a)
		}
	}
	add(2, 3, 5)
	add(2, 2, 5)
	add(5, 4, 5)
	add(5, 3, 5)
	if err := os.WriteFile(survey, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"ingest", "file", "--kind", "units", units}, {"ingest", "file", "--kind", "survey", "--source", "cmp", survey}} {
		if code, out, errOut := runCLI(t, args...); code != 0 {
			t.Fatalf("%v: exit %d\n%s\n%s", args, code, out, errOut)
		}
	}
	// The ingest brought the survey rollup up to date: the report reads it.
	db, err := warehouse.Open(context.Background(), warehouse.Config{DataDir: filepath.Join(cliData, "clickhouse")})
	if err != nil {
		t.Fatal(err)
	}
	ok, release := analytics.NewRollups(db, nil).Use(context.Background(), "survey")
	release()
	if !ok {
		parts, _ := db.QueryFormat(context.Background(), "SELECT name, min_block_number, max_block_number, data_version, rows, level FROM system.parts WHERE database = currentDatabase() AND table = 'survey_responses' AND active", "TSV", nil)
		state, _ := db.QueryFormat(context.Background(), "SELECT * FROM rollup_state", "TSV", nil)
		t.Errorf("after kinerja ingest file the survey rollup is not up to date: parts\n%s\nstate\n%s", parts, state)
	}
	db.Close()
	base := []string{"report", "compare", "--metric", "ikm", "--by", "unit", "--agency", "CMP-OPD", "--period", "2025-Q2", "--vs", "previous"}

	code, out, errOut := runCLI(t, append(base, "--format", "json")...)
	if code != 0 {
		t.Fatalf("json: exit %d\n%s", code, errOut)
	}
	var res analytics.CompareResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v in %s", err, out)
	}
	if len(res.Groups) != 1 {
		t.Fatalf("groups %+v", res.Groups)
	}
	g := res.Groups[0]
	if g.Code != "CMP-PKM" || g.Current.Value != 87.5 || g.Baseline.Value != 62.5 || *g.Delta != 25 ||
		g.DeltaCI.Low != 12.62 || g.DeltaCI.High != 37.38 || !*g.Significant || *g.Rank != 1 {
		t.Errorf("json group %s", out)
	}

	code, out, _ = runCLI(t, append(base, "--format", "csv")...)
	wantCSV := "rank,code,name,2025-Q2,n,2025-Q1,n_baseline,rank_baseline,delta,delta_low,delta_high,significant,required_sample,sample_adequate\n" +
		"1,CMP-PKM,Puskesmas Pembanding,87.50,10,62.50,10,1,25.00,12.62,37.38,true,,\n"
	if code != 0 || out != wantCSV {
		t.Errorf("csv: exit %d\n%s\nwant\n%s", code, out, wantCSV)
	}

	code, out, _ = runCLI(t, append(base, "--format", "table")...)
	for _, frag := range []string{"87,50", "62,50", "+25,00", "12,62", "37,38", "ya", "Membaik secara signifikan: Puskesmas Pembanding (+25,00)", "Memburuk secara signifikan: -"} {
		if code != 0 || !strings.Contains(out, frag) {
			t.Errorf("table lacks %q (exit %d):\n%s", frag, code, out)
		}
	}

	for _, bad := range [][]string{{"--metric", "nope"}, {"--period", "2025-Q5"}, {"--vs", "kemarin"}, {"--by", "desa"}, {"--metric", "skp_low", "--period", "2025-03"}} {
		if code, _, _ := runCLI(t, append([]string{"report", "compare"}, bad...)...); code != 2 {
			t.Errorf("%v: exit %d, want 2", bad, code)
		}
	}
}
