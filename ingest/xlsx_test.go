package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"kinerja/warehouse"
	"kinerja/warehouse/warehousetest"
)

// sheetRows writes rows into sheet from row `first` on: a nil row is left
// empty; cell values keep their Go type (numbers, time.Time as dates,
// bools), so the workbook has typed cells as Excel writes them.
func sheetRows(t testing.TB, f *excelize.File, sheet string, first int, rows [][]any) {
	t.Helper()
	for i, row := range rows {
		if row == nil {
			continue
		}
		cell, _ := excelize.CoordinatesToCellName(1, first+i)
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			t.Fatal(err)
		}
	}
}

func saveWorkbook(t testing.TB, f *excelize.File, path string) string {
	t.Helper()
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// dateStyle gives cells a date number format, as Excel does for dates.
func dateStyle(t testing.TB, f *excelize.File, sheet, from, to string, format string) {
	t.Helper()
	st, err := f.NewStyle(&excelize.Style{CustomNumFmt: &format})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellStyle(sheet, from, to, st); err != nil {
		t.Fatal(err)
	}
}

func trainingsHeaderCells() []any {
	var out []any
	for _, h := range strings.Split(strings.TrimSpace(trainingsHeader), ",") {
		out = append(out, h)
	}
	return out
}

// A worksheet as BKPSDM sends it: a merged title above the header, typed
// cells (numbers, dates in date format, serials without one, a boolean),
// blank rows, a NIP typed as a number, a value outside the header, and
// rejects naming the rows as Excel numbers them.
func TestXLSXTypedCells(t *testing.T) {
	db := warehousetest.Open(t)
	r := newTestRunner(t, db)
	importUnits(t, r)
	f := excelize.NewFile()
	sh := f.GetSheetName(0)
	sheetRows(t, f, sh, 1, [][]any{
		{"DAFTAR PELATIHAN ASN KABUPATEN MAMUJU 2025"}, // 1: title
		nil,                    // 2
		trainingsHeaderCells(), // 3: header
		{"PLT-1", nipMansur, "Webinar SPBE", "elearning", 7.5, time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), "BKPSDM"}, // 4
		{"PLT-2", nipMansur, "Kursus Arsip", "kursus", 24, 45717, 45719, true},                                                                                     // 5: serials without a date format; a boolean provider
		nil, // 6
		nil, // 7
		{"PLT-3", float64(198106262009121003), "NIP angka", "teknis", 8, "2025-03-01", "2025-03-01"}, // 8: NIP as a number (a double, as Excel keeps it)
		{"PLT-4", nipJumriah, "Di luar", "teknis", 8, "2025-03-01", "2025-03-01", "", "", "catatan"}, // 9: J9 outside the header
		{"PLT-5", nipJumriah, "Jp tiga desimal", "teknis", 7.125, "2025-03-01", "2025-03-01"},        // 10
		{"PLT-6", nipJumriah, "Jam dan tanggal", "teknis", 2, 45717.5, 45717},                        // 11: a time in a date column
	})
	if err := f.MergeCell(sh, "A1", "H1"); err != nil {
		t.Fatal(err)
	}
	dateStyle(t, f, sh, "F4", "G4", "dd/mm/yyyy")
	// Formatted but empty rows below the data, as Excel leaves them.
	dateStyle(t, f, sh, "A20", "H40", "@")
	path := saveWorkbook(t, f, filepath.Join(t.TempDir(), "pelatihan.xlsx"))

	sum, err := r.Import(context.Background(), Request{Source: "bkpsdm", Dataset: Trainings, Files: []Input{{Path: path, Name: "pelatihan.xlsx"}}})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Read != 6 || sum.Accepted != 2 || sum.Rejected != 4 {
		t.Errorf("read %d accepted %d rejected %d, want 6, 2, 4", sum.Read, sum.Accepted, sum.Rejected)
	}
	rj, _ := ListRejects(context.Background(), db, sum.ID, 100, 0)
	want := []wantReject{
		{8, "nip", "NIP 198106262009121000: sequence 000 does not exist (a NIP stored as a number in Excel loses its last 3 digits"},
		{9, "", "cell J9 holds \"catatan\" outside the header's columns (the header ends at column H)"},
		{10, "jp", "at most 2 decimal places"},
		{11, "start_date", "expected a real date"},
	}
	for _, w := range want {
		found := false
		for _, g := range rj {
			if g.Line == w.line && g.Column == w.column && strings.Contains(g.ReasonEN, w.reason) {
				found = true
			}
		}
		if !found {
			t.Errorf("no reject at row %d %q saying %q in %+v", w.line, w.column, w.reason, rj)
		}
	}
	got := strings1(t, db, "SELECT concat(training_id, ' ', toString(jp), ' ', toString(start_date), ' ', toString(end_date), ' ', provider) FROM trainings FINAL ORDER BY training_id", nil)
	if strings.Join(got, "|") != "PLT-1 7.5 2025-03-01 2025-03-01 BKPSDM|PLT-2 24 2025-03-01 2025-03-03 1" {
		t.Errorf("stored %q", got)
	}
	notes := strings.Join(sum.Notes, "\n")
	if !strings.Contains(notes, `title rows above the header skipped`) || !strings.Contains(notes, "judul kolom di baris 3") {
		t.Errorf("notes %q, want the title row noted", notes)
	}
}

// Workbooks saved with the 1904 date system count serials from 1904.
func TestXLSX1904Dates(t *testing.T) {
	db := warehousetest.Open(t)
	r := newTestRunner(t, db)
	importUnits(t, r)
	f := excelize.NewFile()
	yes := true
	if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
		t.Fatal(err)
	}
	sh := f.GetSheetName(0)
	sheetRows(t, f, sh, 1, [][]any{
		trainingsHeaderCells(),
		{"PLT-1", nipMansur, "Webinar", "elearning", 2, 45717 - 1462, 45717 - 1462 + 2},
	})
	path := saveWorkbook(t, f, filepath.Join(t.TempDir(), "mac.xlsx"))
	sum := importOne(t, r, Trainings, "mac", path)
	if sum.Accepted != 1 {
		t.Fatalf("summary %+v", sum)
	}
	got := strings1(t, db, "SELECT concat(toString(start_date), ' ', toString(end_date)) FROM trainings FINAL", nil)
	if len(got) != 1 || got[0] != "2025-03-01 2025-03-03" {
		t.Errorf("1904 serials stored as %v, want 2025-03-01 and 2025-03-03", got)
	}
}

// The first sheet by default, another by name (any case), and a clear
// error naming the sheets when the name is wrong.
func TestXLSXSheets(t *testing.T) {
	db := warehousetest.Open(t)
	r := newTestRunner(t, db)
	importUnits(t, r)
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", "Petunjuk"); err != nil {
		t.Fatal(err)
	}
	sheetRows(t, f, "Petunjuk", 1, [][]any{{"Isi lembar Data"}, {"kolom", "arti"}, {"nip", "NIP 18 digit"}})
	if _, err := f.NewSheet("Data"); err != nil {
		t.Fatal(err)
	}
	sheetRows(t, f, "Data", 1, [][]any{
		{"agency_code", "year", "predikat"},
		{"DINKES", 2024, "baik"},
		{"DUKCAPIL", 2024.0, "Istimewa"},
	})
	path := saveWorkbook(t, f, filepath.Join(t.TempDir(), "nilai.xlsx"))
	ctx := context.Background()

	first, _ := r.Import(ctx, Request{Source: "s", Dataset: OrganisationRatings, Files: []Input{{Path: path, Name: "nilai.xlsx"}}})
	if first.Status != StatusFailed || first.Files[0].Err == nil || !strings.Contains(first.Files[0].Err.ReasonEN, "missing required columns: agency_code, year, predikat; the header found is: kolom, arti") {
		t.Errorf("first sheet: %+v", first.Files)
	}
	data, err := r.Import(ctx, Request{Source: "s", Dataset: OrganisationRatings, Sheet: "data", Files: []Input{{Path: path, Name: "nilai.xlsx"}}})
	if err != nil || data.Accepted != 2 || data.Rejected != 0 {
		t.Errorf("sheet Data: %+v %v", data, err)
	}
	wrong, _ := r.Import(ctx, Request{Source: "s", Dataset: OrganisationRatings, Sheet: "Nilai", Files: []Input{{Path: path, Name: "nilai.xlsx"}}})
	if wrong.Files[0].Err == nil || !strings.Contains(wrong.Files[0].Err.ReasonEN, `there is no sheet "Nilai"; the sheets are: "Petunjuk", "Data"`) {
		t.Errorf("wrong sheet: %+v", wrong.Files)
	}
}

// The same survey answers from CSV and from XLSX (numbers as numbers,
// times as date cells) are the same rows.
func TestXLSXSameAsCSV(t *testing.T) {
	db := warehousetest.Open(t)
	r := newTestRunner(t, db)
	importUnits(t, r)
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString(surveyHeader)
	f := excelize.NewFile()
	sh := f.GetSheetName(0)
	var header []any
	for _, h := range strings.Split(strings.TrimSpace(surveyHeader), ",") {
		header = append(header, h)
	}
	rows := [][]any{header}
	for i := 0; i < 200; i++ {
		at := time.Date(2025, 3, 1+i%28, 8+i%9, i%60, 0, 0, wita)
		u := []int{1 + i%4, 1 + (i/2)%4, 3, 4, 1 + (i/3)%4, 2, 3, 4, 1 + (i/5)%4}
		comment := ""
		if i%7 == 0 {
			comment = fmt.Sprintf("komentar, \"%d\"\nbaris dua", i)
		}
		fmt.Fprintf(&b, "X%03d,PKM-MAMUJU,Imunisasi,%s", i, at.Format("2006-01-02 15:04:05"))
		row := []any{fmt.Sprintf("X%03d", i), "PKM-MAMUJU", "Imunisasi", at.Format("2006-01-02 15:04:05")}
		if i%2 == 0 {
			// A real date cell: Excel's serial of the WITA wall time.
			wall := time.Date(at.Year(), at.Month(), at.Day(), at.Hour(), at.Minute(), at.Second(), 0, time.UTC)
			row[3] = wall
		}
		for _, v := range u {
			fmt.Fprintf(&b, ",%d", v)
			row = append(row, v)
		}
		fmt.Fprintf(&b, ",P,%d,SMA,Petani,%s\n", 20+i%40, csvField(comment))
		row = append(row, "P", 20+i%40, "SMA", "Petani", comment)
		rows = append(rows, row)
	}
	sheetRows(t, f, sh, 1, rows)
	dateStyle(t, f, sh, "D2", "D201", "yyyy-mm-dd hh:mm:ss")
	xlsx := saveWorkbook(t, f, filepath.Join(dir, "skm.xlsx"))
	csvPath := writeFile(t, dir, "skm.csv", b.String())

	a := importOne(t, r, Survey, "csv", csvPath)
	x := importOne(t, r, Survey, "xlsx", xlsx)
	if a.Accepted != 200 || x.Accepted != 200 || x.Rejected != 0 {
		t.Fatalf("csv %+v\nxlsx %+v", a, x)
	}
	const q = `SELECT groupArray(tuple(response_id, unit_code, service, submitted_at, u1, u2, u3, u4, u5, u6, u7, u8, u9, gender, age, education, occupation, comment))
FROM (SELECT * FROM survey_responses FINAL WHERE source = {s:String} ORDER BY response_id)`
	dump := func(source string) string {
		out, err := db.QueryFormat(context.Background(), q, "TSV", warehouse.Params{"s": source})
		if err != nil {
			t.Fatal(err)
		}
		return string(out)
	}
	if c, xs := dump("csv"), dump("xlsx"); c != xs {
		t.Errorf("CSV and XLSX rows differ:\n%.300s\n%.300s", c, xs)
	}
}

func csvField(s string) string {
	if strings.ContainsAny(s, ",\"\n") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

// The XLSX table on its own: Excel row numbers across gaps, padding to the
// header, the end.
func TestXLSXTableRows(t *testing.T) {
	f := excelize.NewFile()
	sh := f.GetSheetName(0)
	sheetRows(t, f, sh, 2, [][]any{
		{"a", "b", "c"},
		{1, "x"},
		nil,
		{nil, nil, 3.25},
		{"", "  "},
		{"y", "z", "w"},
	})
	path := saveWorkbook(t, f, filepath.Join(t.TempDir(), "t.xlsx"))
	tab, closer, err := OpenTable(path, "t.xlsx", "")
	if err != nil {
		t.Fatal(err)
	}
	defer closer.Close()
	if got := strings.Join(tab.Header(), "|"); got != "a|b|c" {
		t.Errorf("header %q", got)
	}
	var got []string
	for {
		rec, err := tab.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%d:%s", rec.Line, strings.Join(rec.Cells, "|")))
	}
	if want := "3:1|x||5:||3.25|7:y|z|w"; strings.Join(got, "|") != want {
		t.Errorf("rows %q, want %q", strings.Join(got, "|"), want)
	}
}
