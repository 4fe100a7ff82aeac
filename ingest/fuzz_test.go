package ingest

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Fuzz targets for the readers and validators. Run one for a while with
//
//	go test ./ingest -run '^$' -fuzz FuzzCSVTable -fuzztime 60s
//
// The seeds are the bad-input corpus (testdata/bad) and a few lines here;
// failures found are kept in testdata/fuzz and replayed by go test.

// addCorpusSeeds adds the files of testdata/bad whose name matches.
func addCorpusSeeds(f *testing.F, match func(name string) bool) {
	files, err := os.ReadDir(corpusDir)
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range files {
		if !match(e.Name()) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(corpusDir, e.Name()))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// drainTable reads t to the end and checks the invariants every Table
// keeps: records start on increasing lines after the header, have the
// header's width (workbooks) or any width (CSV, checked by the pipeline),
// and the table ends with io.EOF or a *FileError, never a panic or a loop.
func drainTable(t *testing.T, tab Table, fixedWidth bool) {
	t.Helper()
	last := 0
	for n := 0; ; n++ {
		if n > 1_000_000 {
			t.Fatal("the table does not end")
		}
		rec, err := tab.Next()
		if err == io.EOF {
			return
		}
		var re *RowError
		var fe *FileError
		switch {
		case errors.As(err, &re):
			if re.Line <= last || re.Err == nil {
				t.Fatalf("row error at line %d after line %d: %v", re.Line, last, re.Err)
			}
			last = re.Line
			continue
		case errors.As(err, &fe):
			if fe.Reason == "" || fe.ReasonEN == "" {
				t.Fatalf("file error without reasons: %+v", fe)
			}
			return
		case err != nil:
			t.Fatalf("the table ended with %T %v, want io.EOF or a *FileError", err, err)
		}
		if rec.Line <= last || rec.Line < 2 {
			t.Fatalf("record at line %d after line %d", rec.Line, last)
		}
		last = rec.Line
		if fixedWidth && len(rec.Cells) != len(tab.Header()) {
			t.Fatalf("record of %d cells, header of %d", len(rec.Cells), len(tab.Header()))
		}
		if blankRecord(rec.Cells) {
			t.Fatalf("blank record at line %d", rec.Line)
		}
		for _, c := range rec.Cells {
			if !utf8.ValidString(c) {
				t.Fatalf("cell %q is not UTF-8", c)
			}
		}
	}
}

// FuzzCSVTable feeds arbitrary bytes to the CSV reader as a file (so the
// encoding is sniffed and converted) and as a stream.
func FuzzCSVTable(f *testing.F) {
	addCorpusSeeds(f, func(n string) bool { return strings.HasSuffix(n, ".csv") })
	f.Add([]byte("sep=;\na;b\n1;\"2\n3\"\n"))
	f.Add([]byte("a,b\r\n\"x\"\"y\",z\r\n\r\n,\r\n"))
	f.Add([]byte("\xff\xfea\x00,\x00b\x00\n\x001\x00,\x002\x00"))
	f.Add([]byte("\xef\xbb\xbfa\tb\n1\t2"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "f.csv")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if tab, closer, err := OpenCSV(path, "f.csv"); err == nil {
			drainTable(t, tab, false)
			closer.Close()
		} else {
			var fe *FileError
			if !errors.As(err, &fe) || fe.Reason == "" {
				t.Fatalf("OpenCSV: %T %v, want a *FileError with reasons", err, err)
			}
		}
		if tab, err := NewCSV("s.csv", bytes.NewReader(data)); err == nil {
			drainTable(t, tab, false)
		}
	})
}

// FuzzXLSXTable feeds arbitrary bytes, seeded with real workbooks, to the
// table opener.
func FuzzXLSXTable(f *testing.F) {
	addCorpusSeeds(f, func(n string) bool { return strings.Contains(n, "xlsx") || strings.HasSuffix(n, ".xls") })
	wb := excelize.NewFile()
	_ = wb.SetSheetRow("Sheet1", "B2", &[]any{"a", "b", "c"})
	_ = wb.SetSheetRow("Sheet1", "B3", &[]any{1.5, time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), true})
	_ = wb.SetSheetRow("Sheet1", "A5", &[]any{nil, "x", nil, nil, "beyond"})
	var buf bytes.Buffer
	if err := wb.Write(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "f.xlsx")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		tab, closer, err := OpenTable(path, "f.xlsx", "")
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) || fe.Reason == "" {
				t.Fatalf("OpenTable: %T %v, want a *FileError with reasons", err, err)
			}
			return
		}
		defer closer.Close()
		_, isXLSX := tab.(*xlsxTable)
		drainTable(t, tab, isXLSX)
	})
}

// FuzzNIP checks that a NIP is either valid, and then says itself again
// the same, or refused with a reason in both languages.
func FuzzNIP(f *testing.F) {
	for _, s := range []string{nipMansur, nipJumriah, nipMarkus, nipNurlina, "19810626 200912 1 003", "1.98106E+17",
		"198102302009121003", "198106262009123003", "", "0000000000000000000", "99999999999999999a"} {
		f.Add(s, uint8(0))
		f.Add(s, uint8(1))
		f.Add(s, uint8(2))
	}
	f.Fuzz(func(t *testing.T, s string, typ uint8) {
		kind := nipType(typ % 3)
		info, reason, reasonEN := parseNIP(s, kind, testNIPNow)
		if (reason == "") != (reasonEN == "") {
			t.Fatalf("parseNIP(%q): reasons %q / %q", s, reason, reasonEN)
		}
		if reason != "" {
			return
		}
		if len(info.nip) != 18 || strings.Trim(info.nip, "0123456789") != "" || info.birth.IsZero() {
			t.Fatalf("parseNIP(%q) accepted %+v", s, info)
		}
		if info.birth.Format("20060102") != info.nip[:8] || info.female != (info.nip[14] == '2') {
			t.Fatalf("parseNIP(%q) = %+v: birth or gender disagree with the digits", s, info)
		}
		again, r2, _ := parseNIP(info.nip, kind, testNIPNow)
		if r2 != "" || again != info {
			t.Fatalf("parseNIP(%q) = %+v, but its own NIP gives %+v %q", s, info, again, r2)
		}
	})
}

// FuzzParseTime checks the date and date-time parsers: no panic, results
// within Excel's calendar, and what was read is read again the same from
// its canonical form.
func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2025-03-01", "2025-03-01 09:30", "2025-03-01 09:30:15.5", "01/03/2025", "1/3/2025 9.30.00",
		"2025-03-01T09:30:00+08:00", "45717", "45717.395833333336", "60", "0", "2958465", "2024-02-29", "31.12.1999",
		"2025/03/01 23:59:59", "99/99/9999", "1-1-0001", "45717,5"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, date1904 bool) {
		if d, ok := parseDate(s, date1904); ok {
			if d.Location() != time.UTC || d.Hour() != 0 || d.Minute() != 0 || d.Second() != 0 || d.Nanosecond() != 0 {
				t.Fatalf("parseDate(%q) = %v, want a day at 00:00 UTC", s, d)
			}
			if d.Year() < 1 || d.Year() > 9999 {
				t.Fatalf("parseDate(%q) = %v out of the calendar", s, d)
			}
			if back, ok := parseDate(d.Format("2006-01-02"), false); !ok || !back.Equal(d) {
				t.Fatalf("parseDate(%q) = %v, its ISO form gives %v %v", s, d, back, ok)
			}
		}
		if dt, ok := parseDateTime(s, date1904); ok {
			if dt.Nanosecond() != 0 {
				t.Fatalf("parseDateTime(%q) = %v keeps a fraction of a second", s, dt)
			}
			if y := dt.In(wita).Year(); y < 1 || y > 10000 {
				t.Fatalf("parseDateTime(%q) = %v out of the calendar", s, dt)
			}
			iso := dt.In(wita).Format("2006-01-02 15:04:05")
			if back, ok := parseDateTime(iso, false); !ok || !back.Equal(dt) {
				t.Fatalf("parseDateTime(%q) = %v, its ISO form %q gives %v %v", s, dt, iso, back, ok)
			}
		}
	})
}

// FuzzNumber checks the number reader: what it accepts parses in Go, the
// same whether it came with a decimal comma or a point.
func FuzzNumber(f *testing.F) {
	for _, s := range []string{"7", "7,5", "1.234,5", "1,234.5", "1.234", "-0,25", "1.5E+3", "1.2.3", ",5", "00012"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, decimalComma bool) {
		n, ok := normalizeNumber(s, decimalComma)
		if g, gok := normalizeGeneral(s, decimalComma); g != n || gok != ok {
			t.Fatalf("normalizeNumber(%q) = %q %v, the general rules %q %v", s, n, ok, g, gok)
		}
		if !ok {
			return
		}
		v, err := strconv.ParseFloat(n, 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			t.Fatalf("normalizeNumber(%q) = %q, which does not parse: %v", s, n, err)
		}
		if strings.Contains(n, ",") {
			t.Fatalf("normalizeNumber(%q) = %q keeps a comma", s, n)
		}
		if !strings.ContainsAny(s, "Ee") && !strings.Contains(s, ",") {
			if w, err := strconv.ParseFloat(strings.ReplaceAll(s, ".", ""), 64); err == nil && strings.Count(s, ".") > 1 && w != v {
				t.Fatalf("normalizeNumber(%q) = %v, want the grouped value %v", s, v, w)
			}
		}
	})
}

// FuzzDatasetRows runs every dataset's validation over arbitrary records
// (without a warehouse): each record is either accepted with a key or
// rejected, every reject naming its reason in both languages and a column
// the dataset has.
func FuzzDatasetRows(f *testing.F) {
	addCorpusSeeds(f, func(n string) bool { return strings.HasSuffix(n, ".csv") && !strings.HasPrefix(n, "encoding") })
	f.Add([]byte(employeesHeader + nipMansur + ",A,PNS,administrator,,IV/a,S1,PKM-MAMUJU,L,1981-06-26,2009-12-01,\n"))
	f.Add([]byte(trainingsHeader + "PLT-1," + nipMansur + ",W,elearning,\"7,5\",2025-03-01,2025-03-01,\n"))
	units := map[string]struct{}{"PKM-MAMUJU": {}, "DUKCAPIL": {}}
	agencies := map[string]struct{}{"DINKES": {}}
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := NewCSV("f.csv", bytes.NewReader(data))
		if err != nil {
			return
		}
		fuzzParse(t, tab, &employeesDataset{units: units})
		tab, _ = NewCSV("f.csv", bytes.NewReader(data))
		fuzzParse(t, tab, &activityDataset{units: units})
		tab, _ = NewCSV("f.csv", bytes.NewReader(data))
		fuzzParse(t, tab, &skpDataset{units: units})
		tab, _ = NewCSV("f.csv", bytes.NewReader(data))
		fuzzParse(t, tab, &orgRatingsDataset{agencies: agencies})
		tab, _ = NewCSV("f.csv", bytes.NewReader(data))
		fuzzParse(t, tab, &competencyDataset{})
		tab, _ = NewCSV("f.csv", bytes.NewReader(data))
		fuzzParse(t, tab, &trainingsDataset{})
		tab, _ = NewCSV("f.csv", bytes.NewReader(data))
		fuzzParse(t, tab, &surveyDataset{units: units, ru: &run{now: testNow}})
	})
}

func fuzzParse[R any](t *testing.T, tab Table, ds dataset[R]) {
	t.Helper()
	b, err := bindHeader("f.csv", tab.Header(), ds.required(), ds.optional())
	if err != nil {
		return
	}
	columns := map[string]bool{ds.keyColumn(): true}
	for _, n := range b.names {
		columns[n] = true
	}
	c := &rowCheck{now: testNow, clock: clockAt(testNow), hints: HintsOf(tab)}
	for {
		rec, err := tab.Next()
		if err != nil {
			return
		}
		if len(rec.Cells) != b.width {
			continue // the pipeline rejects the row whole
		}
		c.reset("f.csv", rec.Line, rec.Cells, b)
		var row R
		ds.parse(c, &row)
		if !c.failed() {
			if ds.key(&row) == "" {
				t.Fatalf("line %d accepted with an empty key: %+v", rec.Line, row)
			}
			continue
		}
		for _, fl := range c.fails {
			if fl.reason == "" || fl.reasonEN == "" || !columns[fl.column] {
				t.Fatalf("line %d: reject %+v without reasons or on an unknown column", rec.Line, fl)
			}
		}
	}
}
