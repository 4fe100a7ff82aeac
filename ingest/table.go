package ingest

import (
	"errors"
	"fmt"
	"strings"
)

// Table is tabular input with a header row: a CSV file today; an XLSX sheet,
// a `;`-separated export or an API page can be another Table later. A
// dataset never sees the format, only the header and the records, and maps
// columns by name (see bindHeader), so an import profile can later rename or
// reorder columns between the Table and the dataset.
type Table interface {
	// Name names the input in rejects and messages (a file name).
	Name() string
	// Header returns the column names as found (trimmed, BOM removed).
	Header() []string
	// Next returns the next record, io.EOF after the last one. A *RowError
	// is one record that could not be split into cells: the table goes on
	// after it. Any other error ends the table (see FileError).
	Next() (Record, error)
}

// Record is one data row of a Table.
type Record struct {
	// Line is the physical line the record starts on; the header is line 1.
	// A record with a newline inside a quoted cell keeps the line where it
	// starts, and blank lines count, so the number matches what an editor shows.
	Line int
	// Cells are the record's values in the header's order. The slice is
	// reused by the next call of Next; the strings are not.
	Cells []string
}

// Hints are what only a table's reader knows about its cells, for the
// datasets that parse numbers and dates. A Table may implement Hinted; a
// wrapper (an import profile) should forward its input's hints.
type Hints struct {
	// DecimalComma is true when the input writes numbers the Indonesian way
	// (1.234,5): a ';'-separated CSV, as Excel saves it in the Indonesian
	// locale. It only decides "1.234" (one thousand two hundred thirty-four
	// rather than 1,234); a single comma is a decimal comma in any input.
	DecimalComma bool
	// Date1904 is true when date serial numbers count from 1904-01-01 (a
	// workbook saved with the 1904 date system) instead of 1900.
	Date1904 bool
	// Notes are worth recording with the run (an encoding converted, the
	// separator found, title rows skipped above the header).
	Notes []string
}

// Hinted is a Table that knows Hints about its cells.
type Hinted interface {
	Hints() Hints
}

// HintsOf returns t's hints, or none.
func HintsOf(t Table) Hints {
	if h, ok := t.(Hinted); ok {
		return h.Hints()
	}
	return Hints{}
}

// RowError is a record that could not be read as cells (for example a
// quote in the middle of an unquoted cell). It becomes a reject; the rows
// around it are kept.
type RowError struct {
	Line int
	Raw  string // what could be read of the row
	Err  error
}

func (e *RowError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }

// Problem is what is wrong with some input, said in Bahasa Indonesia and
// in English. A RowError's Err may be one; the reject then says it as is.
type Problem struct {
	Reason   string // Bahasa Indonesia
	ReasonEN string // English
}

func (p *Problem) Error() string  { return p.ReasonEN }
func (e *RowError) Unwrap() error { return e.Err }

// FileError means a whole input could not be imported (or not past some
// point): it is missing or unreadable, not UTF-8, or its header lacks
// required columns. It says so in Bahasa Indonesia and in English.
type FileError struct {
	File     string
	Line     int    // where the problem was found; 0 for the file as a whole
	Reason   string // Bahasa Indonesia
	ReasonEN string // English
	Err      error  // the underlying error, if any
	// Retry is true when trying again later may work (the file could not be
	// opened or read); false when the content itself is wrong and only a new
	// version of the file can be imported.
	Retry bool
}

func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.ReasonEN)
	}
	return fmt.Sprintf("%s: %s", e.File, e.ReasonEN)
}

func (e *FileError) Unwrap() error { return e.Err }

// asFileError returns err as a *FileError about file, wrapping other errors
// as unreadable input (retryable).
func asFileError(file string, err error) *FileError {
	var fe *FileError
	if errors.As(err, &fe) {
		return fe
	}
	return &FileError{File: file, Err: err, Retry: true,
		Reason:   "berkas tidak dapat dibaca: " + err.Error(),
		ReasonEN: "the file could not be read: " + err.Error()}
}

// normalizeHeader is how header names are compared: trimmed, lower case.
func normalizeHeader(s string) string {
	return strings.ToLower(strings.TrimSpace(s))
}

// binding maps a dataset's canonical columns to cell positions.
type binding struct {
	names []string // canonical names: required first, then optional
	index []int    // cell index per canonical column; -1 when an optional column is absent
	width int      // cells a record must have (the header's length)
	extra []string // header columns the dataset does not use (ignored)
}

// cell returns canonical column i of a record ("" when the column is absent).
func (b *binding) cell(cells []string, i int) string {
	if j := b.index[i]; j >= 0 {
		return cells[j]
	}
	return ""
}

// bindHeader matches header against the dataset's columns, case-insensitive
// and in any order. Missing required columns make the file unimportable;
// the error names them and lists the header that was found. Extra columns
// are returned to be
// mentioned in the run's notes. A column the dataset uses that is named
// twice is ambiguous and refused; an unused one named twice is only extra.
func bindHeader(file string, header, required, optional []string) (*binding, error) {
	pos := make(map[string]int, len(header))
	var dups []string
	for i, h := range header {
		n := normalizeHeader(h)
		if n == "" {
			continue
		}
		if _, ok := pos[n]; ok {
			dups = append(dups, n)
			continue
		}
		pos[n] = i
	}
	found := strings.Join(header, ", ")
	if len(header) == 0 || len(pos) == 0 {
		return nil, &FileError{File: file, Line: 1,
			Reason:   "berkas kosong atau tanpa baris judul kolom; kolom yang diharapkan: " + strings.Join(required, ", "),
			ReasonEN: "the file is empty or has no header row; expected columns: " + strings.Join(required, ", ")}
	}
	b := &binding{width: len(header)}
	used := map[string]bool{}
	var missing []string
	for _, name := range required {
		i, ok := pos[name]
		if !ok {
			missing = append(missing, name)
		}
		b.names = append(b.names, name)
		b.index = append(b.index, i)
		used[name] = true
	}
	if len(missing) > 0 {
		hint, hintEN := "", ""
		if len(header) == 1 && len(required) > 1 {
			hint = " (judul kolom hanya satu kolom: pemisah kolom berkas bukan koma, titik koma atau tab?)"
			hintEN = " (the header is a single column: the file's separator is not a comma, semicolon or tab?)"
		}
		return nil, &FileError{File: file, Line: 1,
			Reason: fmt.Sprintf("kolom wajib tidak ada: %s; judul kolom yang ditemukan: %s%s",
				strings.Join(missing, ", "), found, hint),
			ReasonEN: fmt.Sprintf("missing required columns: %s; the header found is: %s%s",
				strings.Join(missing, ", "), found, hintEN)}
	}
	for _, name := range optional {
		i, ok := pos[name]
		if !ok {
			i = -1
		}
		b.names = append(b.names, name)
		b.index = append(b.index, i)
		used[name] = true
	}
	var ambiguous []string
	for _, d := range dups {
		if used[d] {
			ambiguous = append(ambiguous, d)
		}
	}
	if dups = ambiguous; len(dups) > 0 {
		return nil, &FileError{File: file, Line: 1,
			Reason:   fmt.Sprintf("kolom muncul lebih dari sekali: %s; judul kolom yang ditemukan: %s", strings.Join(dups, ", "), found),
			ReasonEN: fmt.Sprintf("columns named more than once: %s; the header found is: %s", strings.Join(dups, ", "), found)}
	}
	for _, h := range header {
		if n := normalizeHeader(h); n != "" && !used[n] {
			b.extra = append(b.extra, strings.TrimSpace(h))
		}
	}
	return b, nil
}
