package ingest

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"kinerja/warehouse/warehousetest"
)

// badCase is what importing one file of testdata/bad must do.
type badCase struct {
	file     string
	dataset  Dataset
	accepted int
	rejects  []wantReject // line (Excel row for workbooks), column, English reason fragment
	fileErr  string       // the file is refused saying this
	note     string       // a run note says this
	stored   string       // SQL of one String column …
	want     []string     // … and the values it must return (sorted)
}

var badCases = []badCase{
	// Encodings.
	{file: "encoding-windows-1252.csv", dataset: Employees, accepted: 1, note: "read as Windows-1252, e.g. é on line 2",
		stored: "SELECT name FROM employees FINAL", want: []string{"José María Rasyid"}},
	{file: "encoding-utf8-bom.csv", dataset: Survey, accepted: 1,
		stored: "SELECT response_id FROM survey_responses FINAL", want: []string{"B1"}},
	{file: "encoding-utf16-bom.csv", dataset: Survey, accepted: 1, note: "converted from UTF-16",
		stored: "SELECT comment FROM survey_responses FINAL", want: []string{"Pelayanan ramah ☺"}},
	{file: "encoding-mixed.csv", dataset: Survey, fileErr: "not valid UTF-8 (byte 0xE9 on line 3) nor Windows-1252"},
	{file: "encoding-utf16-no-bom.csv", dataset: Survey, fileErr: "holds NUL bytes (line 1)"},
	{file: "control-characters.csv", dataset: Survey, accepted: 1,
		stored: "SELECT comment FROM survey_responses FINAL", want: []string{"tab\there\x00nul\x07bel"}},
	// Separators and numbers.
	{file: "separator-pipe.csv", dataset: Survey, fileErr: "the header is a single column: the file's separator is not a comma, semicolon or tab?"},
	{file: "separator-semicolon-header.csv", dataset: Survey, rejects: []wantReject{
		{2, "", "the row has 1 cells, the header has 18"}, {3, "", "the row has 1 cells, the header has 18"}}},
	{file: "separator-sep-line.csv", dataset: Survey, accepted: 2, rejects: []wantReject{{5, "u1", `got "9"`}}, // the sep= line is line 1
		stored: "SELECT comment FROM survey_responses FINAL", want: []string{"", "bagus, cepat"}},
	{file: "separator-decimal-comma.csv", dataset: Trainings, accepted: 1, note: "semicolon-separated",
		rejects: []wantReject{{3, "jp", `expected more than 0 and at most 1000 JP, got "1.234,5"`}},
		stored:  "SELECT toString(jp) FROM trainings FINAL", want: []string{"7.5"}},
	{file: "separator-tab.csv", dataset: OrganisationRatings, accepted: 1, note: "tab-separated"},
	{file: "jp-thousands-and-decimals.csv", dataset: Trainings, accepted: 1,
		rejects: []wantReject{{2, "jp", `got "1.234,5"`}},
		stored:  "SELECT toString(jp) FROM trainings FINAL", want: []string{"0.5"}},
	// Columns and rows.
	{file: "columns-missing.csv", dataset: Survey, fileErr: "missing required columns: u9"},
	{file: "columns-extra.csv", dataset: Survey, accepted: 1, note: "ignored columns): catatan_internal"},
	{file: "columns-renamed.csv", dataset: Survey, fileErr: "missing required columns: submitted_at; the header found is: response_id, unit_code, service, tanggal"},
	{file: "columns-duplicated.csv", dataset: Survey, fileErr: "columns named more than once: u1"},
	{file: "columns-case-and-spaces.csv", dataset: OrganisationRatings, accepted: 1},
	{file: "rows-cell-count.csv", dataset: Survey, accepted: 1, rejects: []wantReject{
		{2, "", "the row has 19 cells, the header has 18"}, {3, "", "the row has 6 cells, the header has 18"}}},
	{file: "empty.csv", dataset: Survey, fileErr: "the file is empty"},
	{file: "header-only.csv", dataset: Survey, note: "no data rows below the header"},
	{file: "blank-lines.csv", dataset: OrganisationRatings, accepted: 1, rejects: []wantReject{
		{9, "agency_code, year", `"DINKES / 2024" already appears on line 5`}}},
	{file: "newlines-in-cells.csv", dataset: Survey, accepted: 2, rejects: []wantReject{{6, "gender", `got "X"`}},
		stored: "SELECT comment FROM survey_responses FINAL", want: []string{"", "baris satu\n\nbaris tiga"}},
	{file: "quote-unbalanced.csv", dataset: Survey, accepted: 1, rejects: []wantReject{{3, "", `a quote (") not closed, or a stray one`}}},
	{file: "quote-bare.csv", dataset: Survey, accepted: 1, rejects: []wantReject{{2, "", `a quote (") inside a cell that is not quoted`}},
		stored: "SELECT comment FROM survey_responses FINAL", want: []string{`kutip "ganda" benar`}},
	{file: "long-fields.csv", dataset: Survey, accepted: 1, rejects: []wantReject{
		{2, "comment", "comment: too long (10008 characters, at most 10000)"},
		{3, "response_id", "response_id: too long (101 characters, at most 100)"}}},
	{file: "sql-looking-text.csv", dataset: Survey, accepted: 2,
		stored: "SELECT comment FROM survey_responses FINAL", want: []string{"'); DROP TABLE survey_responses; --", "1 OR 1=1; SELECT * FROM employees"}},
	{file: "duplicate-ids.csv", dataset: Trainings, accepted: 2, rejects: []wantReject{
		{4, "training_id, nip", `"PLT-1 / ` + nipMansur + `" already appears on line 2`}}},
	// Values.
	{file: "answers-out-of-range.csv", dataset: Survey, accepted: 1, rejects: []wantReject{
		{2, "u1", `got "0"`}, {3, "u9", `got "5"`}, {4, "u9", `got "3.0"`}, {5, "u9", `got "Sangat baik"`}}},
	{file: "unit-unknown.csv", dataset: Survey, accepted: 1, rejects: []wantReject{
		{2, "unit_code", `unknown unit "PKM-TIDAK-ADA"`}, {3, "unit_code", `unknown unit "pkm-mamuju"`}}},
	{file: "nip-impossible-birth-date.csv", dataset: Employees, rejects: []wantReject{{2, "nip", "the birth date 1981-02-30 does not exist"}}},
	{file: "nip-gender-digit-3.csv", dataset: Employees, rejects: []wantReject{{2, "nip", "must be 1 (male) or 2 (female), got 3"}}},
	{file: "nip-wrong-length.csv", dataset: Employees, rejects: []wantReject{{2, "nip", "a NIP has 18 digits, got 17 characters"}}},
	{file: "nip-letters.csv", dataset: Employees, rejects: []wantReject{{2, "nip", "a NIP holds digits only"}}},
	{file: "nip-excel-scientific.csv", dataset: Employees, rejects: []wantReject{{2, "nip", "stored as a number in Excel and lost its last digits"}}},
	{file: "nip-pppk-as-pns.csv", dataset: Employees, rejects: []wantReject{{2, "nip", "should employee_type be PPPK?"}}},
	{file: "pppk-with-golongan.csv", dataset: Employees, rejects: []wantReject{{2, "golongan", "a PPPK has no PNS golongan"}}},
	{file: "gender-disagrees-with-nip.csv", dataset: Employees, rejects: []wantReject{{2, "gender", "L disagrees with NIP"}}},
	{file: "date-impossible.csv", dataset: ActivityReports, accepted: 1, rejects: []wantReject{{2, "activity_date", `expected a real date, YYYY-MM-DD or DD/MM/YYYY, got "2025-02-30"`}}},
	{file: "date-future.csv", dataset: ActivityReports, rejects: []wantReject{
		{2, "activity_date", "2025-07-01 is in the future"}, {3, "submitted_at", "in the future (2025-06-30 13:00 WITA, now is 2025-06-30 12:00 WITA)"}}},
	{file: "date-excel-serial.csv", dataset: ActivityReports, accepted: 1,
		stored: "SELECT concat(toString(activity_date), ' ', toString(submitted_at), ' ', toString(reviewed_at)) FROM activity_reports FINAL",
		want:   []string{"2025-03-01 2025-03-01 16:30:00 2025-03-02 08:00:00"}},
	{file: "date-day-first.csv", dataset: CompetencyAssessments, accepted: 1,
		stored: "SELECT toString(assessed_at) FROM competency_assessments FINAL", want: []string{"2024-09-09"}},
	{file: "predikat-disagrees.csv", dataset: SKPEvaluations, accepted: 1, rejects: []wantReject{
		{2, "predikat", `"baik" disagrees with the PermenPANRB 6/2022 matrix: hasil kerja diatas and perilaku kerja diatas give sangat_baik`}},
		stored: "SELECT predikat FROM skp_evaluations FINAL", want: []string{"baik"}},
	{file: "skp-period-not-started.csv", dataset: SKPEvaluations, accepted: 1, rejects: []wantReject{{2, "period", "Q3 2025 has not started yet"}}},
	{file: "quantity-negative.csv", dataset: ActivityReports, rejects: []wantReject{{2, "quantity", `got "-2"`}}},
	{file: "reviewed-before-submitted.csv", dataset: ActivityReports, rejects: []wantReject{{2, "reviewed_at", "is before submitted_at"}}},
	{file: "org-rating-unknown-agency.csv", dataset: OrganisationRatings, rejects: []wantReject{
		{2, "agency_code", `unknown agency "DINAS-ENTAH"`}, {3, "predikat", `got "luar biasa"`}}},
	{file: "competency-level-out-of-range.csv", dataset: CompetencyAssessments, rejects: []wantReject{
		{2, "assessed_level", `got "6"`}, {3, "required_level", `got "0"`}}},
	// Workbooks.
	{file: "legacy-xls.xls", dataset: Survey, fileErr: "Excel 97–2003 (.xls) files and encrypted workbooks are not supported"},
	{file: "not-a-workbook.xlsx", dataset: Survey, fileErr: "named .xlsx but does not hold an XLSX workbook"},
	{file: "xlsx-truncated.xlsx", dataset: OrganisationRatings, fileErr: "not a readable XLSX workbook"},
	{file: "xlsx-saved-as-csv.csv", dataset: OrganisationRatings, accepted: 1},
	{file: "xlsx-csv-in-one-column.xlsx", dataset: OrganisationRatings, fileErr: "CSV text seems to sit in one column"},
	{file: "xlsx-value-outside-header.xlsx", dataset: OrganisationRatings, accepted: 1, rejects: []wantReject{
		{2, "", `cell E2 holds "catatan" outside the header's columns`}}},
	{file: "xlsx-title-and-typed-cells.xlsx", dataset: Survey, accepted: 1, note: "judul kolom di baris 3",
		rejects: []wantReject{{5, "u9", `got "5"`}, {7, "gender", `got "1"`}},
		stored:  "SELECT concat(response_id, ' ', toString(submitted_at), ' ', toString(age)) FROM survey_responses FINAL",
		want:    []string{"X1 2025-03-01 08:30:00 41"}},
}

// Every file of testdata/bad is a kind of bad input with its expected
// outcome: the rows accepted, the rejects (line, column, reason) or the
// file refused, and what was stored.
func TestBadInputCorpus(t *testing.T) {
	files, err := os.ReadDir(corpusDir)
	if err != nil {
		t.Fatal(err)
	}
	covered := map[string]bool{}
	for _, tc := range badCases {
		covered[tc.file] = true
	}
	for _, f := range files {
		if !covered[f.Name()] {
			t.Errorf("testdata/bad/%s has no expected outcome", f.Name())
		}
	}
	if len(badCases) < 30 {
		t.Errorf("%d kinds of bad input, want at least 30", len(badCases))
	}
	for _, tc := range badCases {
		t.Run(tc.file, func(t *testing.T) {
			db := warehousetest.Open(t)
			r := newTestRunner(t, db)
			importUnits(t, r)
			path := filepath.Join(corpusDir, tc.file)
			sum, err := r.Import(context.Background(), Request{Source: "bad", Dataset: tc.dataset, Files: []Input{{Path: path, Name: tc.file}}})
			if tc.fileErr != "" {
				fe := sum.Files[0].Err
				if err == nil || sum.Status != StatusFailed || fe == nil || !strings.Contains(fe.ReasonEN, tc.fileErr) || fe.Reason == "" || fe.Retry {
					t.Fatalf("want the file refused (not retryable) saying %q; got %+v, %v", tc.fileErr, sum.Files, err)
				}
				rj, _ := ListRejects(context.Background(), db, sum.ID, 10, 0)
				if len(rj) != 1 || rj[0].File != tc.file || !strings.Contains(rj[0].ReasonEN, tc.fileErr) {
					t.Errorf("file reject %+v", rj)
				}
				return
			}
			if err != nil {
				t.Fatalf("import: %v (%+v)", err, sum)
			}
			lines := map[int]bool{}
			for _, w := range tc.rejects {
				lines[w.line] = true
			}
			if sum.Accepted != tc.accepted || sum.Rejected != len(lines) || sum.Read != sum.Accepted+sum.Rejected {
				t.Errorf("read %d accepted %d rejected %d, want accepted %d rejected %d", sum.Read, sum.Accepted, sum.Rejected, tc.accepted, len(lines))
			}
			wantStatus := StatusOK
			if len(tc.rejects) > 0 {
				wantStatus = StatusPartial
			}
			if sum.Status != wantStatus {
				t.Errorf("status %s, want %s", sum.Status, wantStatus)
			}
			got, err := ListRejects(context.Background(), db, sum.ID, 100, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.rejects) {
				t.Errorf("%d rejects, want %d", len(got), len(tc.rejects))
			}
			for _, w := range tc.rejects {
				found := false
				for _, g := range got {
					if g.Line == w.line && g.Column == w.column && strings.Contains(g.ReasonEN, w.reason) && g.Reason != "" && g.File == tc.file {
						found = true
					}
				}
				if !found {
					t.Errorf("no reject at line %d column %q saying %q", w.line, w.column, w.reason)
				}
			}
			if t.Failed() {
				for _, g := range got {
					t.Logf("reject line %d %q: %s", g.Line, g.Column, g.ReasonEN)
				}
			}
			if tc.note != "" && !strings.Contains(strings.Join(sum.Notes, "\n"), tc.note) {
				t.Errorf("notes %q, want one saying %q", sum.Notes, tc.note)
			}
			if tc.stored != "" {
				vals := strings1(t, db, tc.stored, nil)
				sort.Strings(vals)
				if strings.Join(vals, "\x1f") != strings.Join(tc.want, "\x1f") {
					t.Errorf("stored %q, want %q", vals, tc.want)
				}
			}
		})
	}
}
