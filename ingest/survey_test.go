package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kinerja/warehouse"
	"kinerja/warehouse/warehousetest"
)

// wantReject is a reject a case expects: line, column and a piece of the
// English reason (the Indonesian one is checked to be there too).
type wantReject struct {
	line   int
	column string
	reason string
}

func TestSurveyFormatRules(t *testing.T) {
	const ok = "4,3,3,4,3,2,2,3,4"
	long := strings.Repeat("panjang ", 1300) // 10 400 characters
	nasty := "Bagus\n\n\nDROP TABLE survey_responses; -- 'kutip' \"ganda\", koma; \\N \x00?"
	csvQuote := func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
	tests := []struct {
		name    string
		content string
		// accepted ids and what their comment must be stored as ("" = don't check)
		accepted map[string]string
		rejects  []wantReject
		fileErr  string // a file-level error, English reason fragment
	}{
		{
			name:     "BOM and CRLF",
			content:  "\ufeff" + strings.ReplaceAll(surveyHeader+"A1,PKM-MAMUJU,Imunisasi,2025-03-01 08:00,"+ok+",P,30,SMA,IRT,baik\n", "\n", "\r\n"),
			accepted: map[string]string{"A1": "baik"},
		},
		{
			name: "header case, spaces and order; extra column ignored",
			content: " Comment ,U9,u8,U7,u6,u5,u4,u3,u2,U1,SUBMITTED_AT,Unit_Code, Response_ID ,Catatan Internal\n" +
				"komentar,4,3,2,2,3,4,3,3,4,2025-03-01 08:00,PKM-MAMUJU,A1,abaikan\n",
			accepted: map[string]string{"A1": "komentar"},
		},
		{
			name: "quoted cells with newlines, blank lines between rows",
			content: surveyHeader + "\n" +
				"A1,PKM-MAMUJU,Imunisasi,2025-03-01 08:00," + ok + ",P,30,SMA,IRT,\"baris satu\n\nbaris tiga, dengan koma\"\n" +
				"\n\n" +
				"A2,PKM-MAMUJU,Imunisasi,2025-03-01 08:00,5," + ok[2:] + ",P,30,SMA,IRT,\n",
			accepted: map[string]string{"A1": "baris satu\n\nbaris tiga, dengan koma"},
			// header 1, blank 2, A1 on 3–5, blank 6 and 7, A2 on 8
			rejects: []wantReject{{8, "u1", `u1: expected an integer 1–4, got "5"`}},
		},
		{
			name:    "missing required columns",
			content: "response_id,unit_code,submitted_at,u1,u2,u3,u4,u5,u6,u7\nA1,PKM-MAMUJU,2025-03-01 08:00,4,4,4,4,4,4,4\n",
			fileErr: "missing required columns: u8, u9; the header found is: response_id, unit_code, submitted_at, u1",
		},
		{
			name:     "unknown unit",
			content:  surveyHeader + "A1,PKM-NOWHERE,Imunisasi,2025-03-01 08:00," + ok + ",,,,,\nA2,PKM-MAMUJU,,2025-03-01 08:00," + ok + ",,,,,\n",
			accepted: map[string]string{"A2": ""},
			rejects:  []wantReject{{2, "unit_code", `unknown unit "PKM-NOWHERE"`}},
		},
		{
			name: "answers 0, 5, x, empty and 3.0",
			content: surveyHeader +
				"A1,PKM-MAMUJU,,2025-03-01 08:00,0,4,4,4,4,4,4,4,4,,,,,\n" +
				"A2,PKM-MAMUJU,,2025-03-01 08:00,4,4,5,4,4,4,4,4,4,,,,,\n" +
				"A3,PKM-MAMUJU,,2025-03-01 08:00,4,4,4,4,4,4,4,4,x,,,,,\n" +
				"A4,PKM-MAMUJU,,2025-03-01 08:00,4,,4,4,4,4,4,4,3.0,,,,,\n" +
				"A5,PKM-MAMUJU,,2025-03-01 08:00, 1 ,2,3,4,1,2,3,4,1,,,,,\n",
			accepted: map[string]string{"A5": ""},
			rejects: []wantReject{
				{2, "u1", `u1: expected an integer 1–4, got "0"`},
				{3, "u3", `u3: expected an integer 1–4, got "5"`},
				{4, "u9", `u9: expected an integer 1–4, got "x"`},
				{5, "u2", "u2: required"},
				{5, "u9", `u9: expected an integer 1–4, got "3.0"`},
			},
		},
		{
			name: "bad dates",
			content: surveyHeader +
				"A1,PKM-MAMUJU,,2025-02-30 08:00," + ok + ",,,,,\n" +
				"A2,PKM-MAMUJU,,1 Maret 2025 08:00," + ok + ",,,,,\n" +
				"A3,PKM-MAMUJU,,2025-03-01T08:00:00," + ok + ",,,,,\n" +
				"A4,PKM-MAMUJU,,1999-12-31 23:59," + ok + ",,,,,\n" +
				"A5,PKM-MAMUJU,,2025-03-01 24:00," + ok + ",,,,,\n" +
				"A6,PKM-MAMUJU,,," + ok + ",,,,,\n" +
				"A7,PKM-MAMUJU,,2024-02-29 08:00," + ok + ",,,,,\n" +
				"A8,PKM-MAMUJU,,2025-03-01T00:00:00Z," + ok + ",,,,,\n",
			accepted: map[string]string{"A7": "", "A8": ""},
			rejects: []wantReject{
				{2, "submitted_at", `got "2025-02-30 08:00"`},
				{3, "submitted_at", `got "1 Maret 2025 08:00"`},
				{4, "submitted_at", "RFC 3339 with an offset"},
				{5, "submitted_at", "before the year 2000"},
				{6, "submitted_at", `got "2025-03-01 24:00"`},
				{7, "submitted_at", "required"},
			},
		},
		{
			name: "future date",
			content: surveyHeader +
				"A1,PKM-MAMUJU,,2025-06-30 12:04," + ok + ",,,,,\n" + // 4 minutes ahead: clocks differ, accepted
				"A2,PKM-MAMUJU,,2025-06-30 12:06," + ok + ",,,,,\n" +
				"A3,PKM-MAMUJU,,2026-01-01T00:00:00+08:00," + ok + ",,,,,\n",
			accepted: map[string]string{"A1": ""},
			rejects: []wantReject{
				{3, "submitted_at", "in the future (2025-06-30 12:06 WITA, now is 2025-06-30 12:00 WITA)"},
				{4, "submitted_at", "in the future"},
			},
		},
		{
			name: "duplicate id in file names the first line",
			content: surveyHeader +
				"A1,PKM-MAMUJU,,2025-03-01 08:00," + ok + ",,,,,pertama\n" +
				"A2,PKM-MAMUJU,,2025-03-01 08:00,9," + ok[2:] + ",,,,,\n" +
				"A2,PKM-MAMUJU,,2025-03-01 08:00," + ok + ",,,,,perbaikan A2\n" +
				"A1,PKM-MAMUJU,,2025-03-02 08:00," + ok + ",,,,,kedua\n",
			// A2 on line 3 is invalid and does not claim its id: line 4 is A2.
			accepted: map[string]string{"A1": "pertama", "A2": "perbaikan A2"},
			rejects: []wantReject{
				{3, "u1", `got "9"`},
				{5, "response_id", `response_id: "A1" already appears on line 2`},
			},
		},
		{
			name: "gender, age and row shape",
			content: surveyHeader +
				"A1,PKM-MAMUJU,,2025-03-01 08:00," + ok + ",l,10,,,\n" +
				"A2,PKM-MAMUJU,,2025-03-01 08:00," + ok + ",X,9,,,\n" +
				"A3,PKM-MAMUJU,,2025-03-01 08:00," + ok + ",P,121,,,\n" +
				"A4,PKM-MAMUJU,,2025-03-01 08:00," + ok + ",P,tiga puluh,,,\n" +
				"A5,PKM-MAMUJU,,2025-03-01 08:00," + ok + ",P,30,,,bagus, sekali\n" +
				"A6,PKM-MAMUJU,,2025-03-01 08:00," + ok + ",P,30\n" +
				"A7,PKM-MAMUJU,,2025-03-01 08:00," + ok + ",P,30,,,ada \"kutip\" di sini\n" +
				",,,,,,,,,,,,,,,,,\n" + // an empty spreadsheet row: skipped
				"A8,PKM-MAMUJU,,2025-03-01 08:00," + ok + ",p,120,,,\n",
			accepted: map[string]string{"A1": "", "A8": ""},
			rejects: []wantReject{
				{3, "gender", `gender: expected L, P or empty, got "X"`},
				{3, "age", `age: expected an integer 10–120 or empty, got "9"`},
				{4, "age", `got "121"`},
				{5, "age", `got "tiga puluh"`},
				{6, "", "the row has 19 cells, the header has 18"},
				{7, "", "the row has 15 cells, the header has 18"},
				{8, "", "cannot be read as CSV"},
			},
		},
		{
			name: "long fields",
			content: surveyHeader +
				"A1,PKM-MAMUJU,,2025-03-01 08:00," + ok + ",,,,," + csvQuote(long) + "\n" +
				strings.Repeat("X", 101) + ",PKM-MAMUJU,,2025-03-01 08:00," + ok + ",,,,,\n" +
				"A3,PKM-MAMUJU," + strings.Repeat("é", 201) + ",2025-03-01 08:00," + ok + ",,,,,\n" +
				"A4,PKM-MAMUJU," + strings.Repeat("é", 200) + ",2025-03-01 08:00," + ok + ",,,,," + csvQuote(long[:9999]) + "\n",
			accepted: map[string]string{"A4": long[:9999]},
			rejects: []wantReject{
				{2, "comment", "comment: too long (10400 characters, at most 10000)"},
				{3, "response_id", "response_id: too long (101 characters, at most 100)"},
				{4, "service", "service: too long (201 characters, at most 200)"},
			},
		},
		{
			name:     "SQL-looking text stored verbatim",
			content:  surveyHeader + "A1,PKM-MAMUJU,'; DROP TABLE units; --,2025-03-01 08:00," + ok + ",,,,," + csvQuote(nasty) + "\n",
			accepted: map[string]string{"A1": nasty},
		},
		{
			name:    "not UTF-8",
			content: surveyHeader + "A1,PKM-MAMUJU,,2025-03-01 08:00," + ok + ",,,,,baik sekali ☺\nA2,PKM-MAMUJU,,2025-03-01 08:00," + ok + ",,,,,Caf\xe9\n",
			fileErr: "the file is not valid UTF-8 (byte 0xE9 on line 3) nor Windows-1252",
		},
		{
			name:    "empty file",
			content: "",
			fileErr: "the file is empty",
		},
	}
	db := warehousetest.Open(t)
	r := newTestRunner(t, db)
	importUnits(t, r)
	dir := t.TempDir()
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			source := fmt.Sprintf("case%d", i)
			path := filepath.Join(dir, source+".csv")
			if err := os.WriteFile(path, []byte(tc.content), 0o644); err != nil {
				t.Fatal(err)
			}
			sum, err := r.Import(ctx, Request{Source: source, Dataset: Survey, Files: []Input{{Path: path, Name: "skm.csv"}}})
			if tc.fileErr != "" {
				if err == nil || sum.Status != StatusFailed || sum.Files[0].Err == nil {
					t.Fatalf("want a failed run, got %+v, %v", sum, err)
				}
				if !strings.Contains(sum.Files[0].Err.ReasonEN, tc.fileErr) || sum.Files[0].Err.Reason == "" {
					t.Errorf("file error %q, want it to say %q", sum.Files[0].Err.ReasonEN, tc.fileErr)
				}
				if n := count(t, db, "SELECT count() FROM survey_responses FINAL WHERE source = {s:String}", warehouse.Params{"s": source}); n != 0 {
					t.Errorf("%d rows stored from a file that cannot be imported", n)
				}
				rj, err := ListRejects(ctx, db, sum.ID, 10, 0)
				if err != nil || len(rj) != 1 || !strings.Contains(rj[0].ReasonEN, tc.fileErr) || rj[0].File != "skm.csv" {
					t.Errorf("file reject %+v, %v", rj, err)
				}
				run, err := GetRun(ctx, db, sum.ID)
				if err != nil || run.Status != StatusFailed || !strings.Contains(run.Error, tc.fileErr) {
					t.Errorf("recorded run %+v, %v", run, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			rows := map[int]bool{}
			for _, w := range tc.rejects {
				rows[w.line] = true
			}
			if sum.Accepted != len(tc.accepted) || sum.Rejected != len(rows) || sum.Read != sum.Accepted+sum.Rejected {
				t.Errorf("read %d accepted %d rejected %d, want accepted %d rejected %d", sum.Read, sum.Accepted, sum.Rejected, len(tc.accepted), len(rows))
			}
			wantStatus := StatusOK
			if len(tc.rejects) > 0 {
				wantStatus = StatusPartial
			}
			if sum.Status != wantStatus {
				t.Errorf("status %s, want %s", sum.Status, wantStatus)
			}
			got, err := ListRejects(ctx, db, sum.ID, 100, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.rejects) {
				t.Errorf("%d rejects, want %d: %+v", len(got), len(tc.rejects), got)
			}
			for _, w := range tc.rejects {
				found := false
				for _, g := range got {
					if g.Line == w.line && g.Column == w.column && strings.Contains(g.ReasonEN, w.reason) {
						found = true
						if g.File != "skm.csv" || g.Reason == "" || g.Raw == "" {
							t.Errorf("reject without file, Indonesian reason or raw row: %+v", g)
						}
					}
				}
				if !found {
					t.Errorf("no reject at line %d column %q saying %q; got %+v", w.line, w.column, w.reason, got)
				}
			}
			stored := map[string]string{}
			q, err := db.Query(ctx, "SELECT response_id, comment FROM survey_responses FINAL WHERE source = {s:String}", warehouse.Params{"s": source})
			if err != nil {
				t.Fatal(err)
			}
			defer q.Close()
			for q.Next() {
				var id, comment string
				if err := q.Scan(&id, &comment); err != nil {
					t.Fatal(err)
				}
				stored[id] = comment
			}
			if len(stored) != len(tc.accepted) {
				t.Errorf("stored %d rows %v, want %d", len(stored), keys(stored), len(tc.accepted))
			}
			for id, comment := range tc.accepted {
				got, ok := stored[id]
				if !ok {
					t.Errorf("%s not stored", id)
				} else if comment != "" && got != comment {
					t.Errorf("%s comment stored as %q, want %q", id, truncate(got, 80), truncate(comment, 80))
				}
			}
		})
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// Re-importing the same file changes nothing and says so; counts read
// right away (FINAL, before any merge) stay the same. A changed row with
// the same id is a correction that replaces the old one.
func TestReimportAndCorrection(t *testing.T) {
	db := warehousetest.Open(t)
	r := newTestRunner(t, db)
	importUnits(t, r)
	ctx := context.Background()
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString(surveyHeader)
	for i := 0; i < 500; i++ {
		fmt.Fprintf(&b, "R%03d,PKM-MAMUJU,Imunisasi,2025-03-%02d 08:00,4,3,3,4,3,2,2,3,4,P,%d,SMA,IRT,komentar %d\n", i, 1+i%28, 20+i%50, i)
	}
	b.WriteString("BAD,PKM-MAMUJU,Imunisasi,2025-03-01 08:00,4,3,3,4,3,2,2,3,7,P,30,SMA,IRT,\n")
	p := writeFile(t, dir, "skm.csv", b.String())

	first := importOne(t, r, Survey, "app", p)
	if first.Read != 501 || first.Accepted != 500 || first.Unchanged != 0 || first.Rejected != 1 || first.Written() != 500 {
		t.Fatalf("first import %+v", first)
	}
	stats := func() (n uint64, sum uint64) {
		if err := warehouse.QueryRow(ctx, db, "SELECT count(), sum(u1 + u2 + u3 + u4 + u5 + u6 + u7 + u8 + u9) FROM survey_responses FINAL WHERE source = 'app'", nil, &n, &sum); err != nil {
			t.Fatal(err)
		}
		return
	}
	n1, s1 := stats()
	raw1 := count(t, db, "SELECT count() FROM survey_responses", nil)

	r.now = func() time.Time { return testNow.Add(time.Hour) }
	second := importOne(t, r, Survey, "app", p)
	if second.Accepted != 500 || second.Unchanged != 500 || second.Written() != 0 || second.Rejected != 1 {
		t.Fatalf("re-import %+v, want 0 new, 500 unchanged", second)
	}
	n2, s2 := stats()
	if n1 != 500 || n2 != n1 || s2 != s1 {
		t.Errorf("after re-import %d rows sum %d, before %d rows sum %d", n2, s2, n1, s1)
	}
	if raw := count(t, db, "SELECT count() FROM survey_responses", nil); raw != raw1 {
		t.Errorf("re-import wrote rows: %d physical rows before, %d after", raw1, raw)
	}
	// A renamed copy through another run: same result.
	p2 := writeFile(t, dir, "salinan.csv", b.String())
	third := importOne(t, r, Survey, "app", p2)
	if third.Written() != 0 {
		t.Errorf("renamed copy wrote %d rows", third.Written())
	}

	// Correction: R007 gets other answers and a comment; R008 is unchanged.
	corr := surveyHeader +
		"R007,PKM-MAMUJU,Imunisasi,2025-03-08 08:00,1,1,1,1,1,1,1,1,1,P,27,SMA,IRT,dikoreksi\n" +
		"R008,PKM-MAMUJU,Imunisasi,2025-03-09 08:00,4,3,3,4,3,2,2,3,4,P,28,SMA,IRT,komentar 8\n"
	r.now = func() time.Time { return testNow.Add(2 * time.Hour) }
	fix := importOne(t, r, Survey, "app", writeFile(t, dir, "koreksi.csv", corr))
	if fix.Accepted != 2 || fix.Unchanged != 1 || fix.Written() != 1 {
		t.Fatalf("correction %+v, want 1 written, 1 unchanged", fix)
	}
	n3, s3 := stats()
	if n3 != 500 || s3 != s1-(4+3+3+4+3+2+2+3+4)+9 {
		t.Errorf("after correction %d rows sum %d, want 500 rows sum %d", n3, s3, s1-28+9)
	}
	var comment, runID string
	if err := warehouse.QueryRow(ctx, db, "SELECT comment, toString(ingest_run_id) FROM survey_responses FINAL WHERE source = 'app' AND response_id = 'R007'", nil, &comment, &runID); err != nil {
		t.Fatal(err)
	}
	if comment != "dikoreksi" || runID != fix.ID {
		t.Errorf("R007 comment %q run %s, want the correction from run %s", comment, runID, fix.ID)
	}
	// The same ids under another source are other questionnaires.
	other := importOne(t, r, Survey, "other-app", p)
	if other.Written() != 500 {
		t.Errorf("another source wrote %d rows, want 500", other.Written())
	}
}

// A units re-import writes nothing; a renamed agency is a correction.
func TestUnitsReimportAndRename(t *testing.T) {
	db := warehousetest.Open(t)
	r := newTestRunner(t, db)
	importUnits(t, r)
	p := writeFile(t, t.TempDir(), "units.csv", unitsCSV)
	again := importOne(t, r, Units, "file", p)
	if again.Unchanged != 4 || again.Written() != 0 || len(again.Notes) != 0 {
		t.Errorf("re-import %+v, want 4 unchanged and no agencies written", again)
	}
	if n := count(t, db, "SELECT count() FROM agencies", nil); n != 3 {
		t.Errorf("%d physical agency rows, want 3 (nothing rewritten)", n)
	}
	renamed := strings.ReplaceAll(unitsCSV, "Dinas Kesehatan", "Dinas Kesehatan dan KB")
	renamed += "PKM-TAMPA,Puskesmas Tampa Padang,DINKES,Dinas Kesehatan,puskesmas,Kalukku\n" // conflicts with line 2
	renamed += "PKM-BAD,Puskesmas X,DINKES,Dinas Kesehatan dan KB,klinik,\n"
	sum := importOne(t, r, Units, "file", writeFile(t, t.TempDir(), "units.csv", renamed))
	if sum.Accepted != 4 || sum.Rejected != 2 || sum.Unchanged != 4 {
		t.Errorf("rename %+v", sum)
	}
	var name string
	if err := warehouse.QueryRow(context.Background(), db, "SELECT agency_name FROM agencies FINAL WHERE agency_code = 'DINKES'", nil, &name); err != nil || name != "Dinas Kesehatan dan KB" {
		t.Errorf("DINKES is %q, %v", name, err)
	}
	rj, _ := ListRejects(context.Background(), db, sum.ID, 10, 0)
	if len(rj) != 2 || rj[0].Line != 6 || rj[0].Column != "agency_name" || !strings.Contains(rj[0].ReasonEN, "already named \"Dinas Kesehatan dan KB\" on line 2") ||
		rj[1].Line != 7 || rj[1].Column != "kind" {
		t.Errorf("rejects %+v", rj)
	}
}
