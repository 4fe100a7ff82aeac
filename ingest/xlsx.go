package ingest

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/xuri/excelize/v2"
)

// xlsxTable reads one worksheet of an XLSX workbook as a Table, streaming
// the sheet's rows (excelize's Rows iterator: a big sheet is unzipped to a
// temporary file and decoded row by row, never held whole in memory).
//
// Cells come as their raw values, not as Excel displays them: numbers as
// written in the file ("7.5", whatever the cell's number format), dates
// and times as their serial numbers ("45717.3958…"), which the datasets
// convert in their date columns (see Hints.Date1904), booleans as 1 or 0,
// text as text, formulas as their last computed value. A row's line number
// is its row number as Excel shows it. The header is the first row with at
// least two filled cells: up to maxTitleRows rows above it holding a single
// cell (a title, often merged across the columns) are skipped and noted.
// Empty rows (blank or only formatted, as Excel leaves at the end of a
// sheet) are skipped. Merged cells hold their value in their top-left cell
// only; the other cells of a merge are empty.
type xlsxTable struct {
	name   string
	f      *excelize.File
	rows   *excelize.Rows
	header []string
	row    int // Excel row number of the last row read
	hints  Hints
	done   bool
}

// maxTitleRows is how many single-cell rows may stand above the header.
const maxTitleRows = 10

// xlsxRaw asks excelize for raw cell values (no number formats applied).
var xlsxRaw = excelize.Options{RawCellValue: true}

// OpenXLSX opens sheet ("" for the first visible one) of the workbook at
// path and reads its header. Close the returned closer when done.
func OpenXLSX(path, name, sheet string) (Table, io.Closer, error) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return nil, nil, xlsxOpenError(name, err)
	}
	t, err := newXLSX(name, f, sheet)
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return t, t, nil
}

func xlsxOpenError(name string, err error) error {
	switch {
	case errors.Is(err, os.ErrNotExist), errors.Is(err, os.ErrPermission):
		return openError(name, err)
	case errors.Is(err, excelize.ErrWorkbookPassword), errors.Is(err, excelize.ErrWorkbookFileFormat),
		errors.Is(err, zip.ErrFormat), errors.Is(err, zip.ErrAlgorithm), errors.Is(err, zip.ErrChecksum):
		return &FileError{File: name, Err: err,
			Reason:   "berkas bukan buku kerja XLSX yang dapat dibaca (rusak, terpotong, atau dilindungi kata sandi): " + err.Error(),
			ReasonEN: "the file is not a readable XLSX workbook (damaged, truncated or password-protected): " + err.Error()}
	}
	return &FileError{File: name, Err: err,
		Reason:   "buku kerja XLSX tidak dapat dibaca: " + err.Error(),
		ReasonEN: "the XLSX workbook cannot be read: " + err.Error()}
}

func newXLSX(name string, f *excelize.File, sheet string) (*xlsxTable, error) {
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, &FileError{File: name, Reason: "buku kerja tidak memiliki lembar kerja (sheet)",
			ReasonEN: "the workbook has no worksheet"}
	}
	t := &xlsxTable{name: name, f: f}
	if sheet == "" {
		sheet = sheets[0]
		for _, s := range sheets {
			if visible, err := f.GetSheetVisible(s); err == nil && visible {
				sheet = s
				break
			}
		}
		if len(sheets) > 1 {
			t.hints.Notes = append(t.hints.Notes, fmt.Sprintf("%s: lembar %s dibaca dari %d lembar; pilih yang lain dengan --sheet (sheet %s read of %d sheets)",
				name, quote(sheet), len(sheets), quote(sheet), len(sheets)))
		}
	} else {
		found := ""
		for _, s := range sheets {
			if s == sheet {
				found = s
				break
			}
		}
		if found == "" {
			for _, s := range sheets {
				if strings.EqualFold(strings.TrimSpace(s), strings.TrimSpace(sheet)) {
					found = s
					break
				}
			}
		}
		if found == "" {
			list := quoteList(sheets)
			return nil, &FileError{File: name,
				Reason:   fmt.Sprintf("lembar kerja %s tidak ada; lembar yang ada: %s", quote(sheet), list),
				ReasonEN: fmt.Sprintf("there is no sheet %s; the sheets are: %s", quote(sheet), list)}
		}
		sheet = found
	}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		t.hints.Date1904 = *props.Date1904
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, xlsxOpenError(name, err)
	}
	t.rows = rows
	var titles []string
	for {
		cells, err := t.nextRow()
		if err == io.EOF {
			reason, reasonEN := "lembar kerja kosong: tidak ada baris judul kolom", "the sheet is empty: there is no header row"
			if len(titles) > 0 {
				reason = fmt.Sprintf("tidak ada baris judul kolom (baris dengan sedikitnya dua sel terisi) di lembar %s; hanya ditemukan baris satu sel seperti %s",
					quote(sheet), quote(titles[0]))
				reasonEN = fmt.Sprintf("no header row (a row with at least two filled cells) in sheet %s; only single-cell rows such as %s",
					quote(sheet), quote(titles[0]))
				if strings.ContainsAny(titles[0], ",;\t") {
					reason += "; data CSV tampaknya tertempel dalam satu kolom: impor berkas CSV-nya langsung, atau pisahkan dengan Data → Teks ke Kolom"
					reasonEN += "; CSV text seems to sit in one column: import the CSV file itself, or split it with Data → Text to Columns"
				}
			}
			return nil, &FileError{File: name, Line: max(t.row, 1), Reason: reason, ReasonEN: reasonEN}
		}
		if err != nil {
			return nil, err
		}
		filled := 0
		only := ""
		for _, c := range cells {
			if strings.TrimSpace(c) != "" {
				filled++
				only = c
			}
		}
		if filled == 0 {
			continue
		}
		if filled == 1 && len(titles) < maxTitleRows {
			titles = append(titles, strings.TrimSpace(only))
			continue
		}
		t.header = make([]string, len(cells))
		for i, c := range cells {
			t.header[i] = strings.TrimSpace(c)
		}
		// Trailing empty header cells are formatting, not columns.
		for len(t.header) > 0 && t.header[len(t.header)-1] == "" {
			t.header = t.header[:len(t.header)-1]
		}
		break
	}
	if len(titles) > 0 {
		t.hints.Notes = append(t.hints.Notes, fmt.Sprintf("%s: %d baris judul di atas judul kolom dilewati, mis. %s (title rows above the header skipped); judul kolom di baris %d",
			name, len(titles), quote(titles[0]), t.row))
	}
	return t, nil
}

// nextRow returns the cells of the next row and counts it.
func (t *xlsxTable) nextRow() ([]string, error) {
	if t.done || !t.rows.Next() {
		t.done = true
		if err := t.rows.Error(); err != nil {
			return nil, &FileError{File: t.name, Line: t.row + 1, Err: err,
				Reason:   "lembar kerja tidak dapat dibaca lebih lanjut: " + err.Error(),
				ReasonEN: "the sheet cannot be read further: " + err.Error()}
		}
		return nil, io.EOF
	}
	t.row++
	cells, err := t.rows.Columns(xlsxRaw)
	if err != nil {
		return nil, &FileError{File: t.name, Line: t.row, Err: err,
			Reason:   fmt.Sprintf("baris %d lembar kerja tidak dapat dibaca: %v", t.row, err),
			ReasonEN: fmt.Sprintf("row %d of the sheet cannot be read: %v", t.row, err)}
	}
	return cells, nil
}

func (t *xlsxTable) Name() string     { return t.name }
func (t *xlsxTable) Header() []string { return t.header }
func (t *xlsxTable) Hints() Hints     { return t.hints }

// Next returns the next non-empty row, padded with empty cells to the
// header's width. A row with a value beyond the header's last column is a
// RowError (the value belongs to no column).
func (t *xlsxTable) Next() (Record, error) {
	for {
		cells, err := t.nextRow()
		if err != nil {
			return Record{}, err
		}
		if blankRecord(cells) {
			continue
		}
		w := len(t.header)
		if len(cells) > w {
			for i := w; i < len(cells); i++ {
				if strings.TrimSpace(cells[i]) != "" {
					col, _ := excelize.ColumnNumberToName(i + 1)
					return Record{}, &RowError{Line: t.row, Raw: joinCSV(cells), Err: &Problem{
						Reason: fmt.Sprintf("sel %s%d berisi %s di luar kolom judul (judul kolom berakhir di kolom %s)",
							col, t.row, quote(cells[i]), lastColumn(w)),
						ReasonEN: fmt.Sprintf("cell %s%d holds %s outside the header's columns (the header ends at column %s)",
							col, t.row, quote(cells[i]), lastColumn(w)),
					}}
				}
			}
			cells = cells[:w]
		}
		for len(cells) < w {
			cells = append(cells, "")
		}
		return Record{Line: t.row, Cells: cells}, nil
	}
}

func lastColumn(w int) string {
	s, _ := excelize.ColumnNumberToName(max(w, 1))
	return s
}

// Close releases the workbook and its temporary files.
func (t *xlsxTable) Close() error {
	var err error
	if t.rows != nil {
		err = t.rows.Close()
	}
	if cerr := t.f.Close(); err == nil {
		err = cerr
	}
	return err
}

func quoteList(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = quote(s)
	}
	return strings.Join(q, ", ")
}

// Signatures of the formats OpenTable tells apart by content.
var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// OpenTable opens a file as a Table, by its content rather than its name:
// a ZIP container is an XLSX workbook (sheet names the worksheet, "" for
// the first visible one), an OLE container (Excel 97–2003 .xls, or an
// encrypted workbook) is refused with what to do, anything else is CSV
// (see OpenCSV). Close the returned closer when done.
func OpenTable(path, name, sheet string) (Table, io.Closer, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, openError(name, err)
	}
	head := make([]byte, 8)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	f.Close()
	switch {
	case bytes.HasPrefix(head, zipMagic):
		return OpenXLSX(path, name, sheet)
	case bytes.HasPrefix(head, oleMagic):
		return nil, nil, &FileError{File: name,
			Reason:   "format Excel 97–2003 (.xls) atau buku kerja terenkripsi tidak didukung: simpan sebagai \"Excel Workbook (.xlsx)\" tanpa kata sandi, atau sebagai \"CSV UTF-8\"",
			ReasonEN: "Excel 97–2003 (.xls) files and encrypted workbooks are not supported: save it as \"Excel Workbook (.xlsx)\" without a password, or as \"CSV UTF-8\""}
	}
	if isXLSXName(name) || isXLSXName(path) {
		return nil, nil, &FileError{File: name,
			Reason:   "berkas bernama .xlsx tetapi isinya bukan buku kerja XLSX (rusak atau salah nama)",
			ReasonEN: "the file is named .xlsx but does not hold an XLSX workbook (damaged or misnamed)"}
	}
	return OpenCSV(path, name)
}

func isXLSXName(name string) bool {
	l := strings.ToLower(name)
	return strings.HasSuffix(l, ".xlsx") || strings.HasSuffix(l, ".xlsm")
}
