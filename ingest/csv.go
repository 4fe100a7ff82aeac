package ingest

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"
)

// csvTable reads RFC 4180 CSV: comma separated, quoted cells may hold
// commas, doubled quotes and newlines; CRLF or LF line ends; a UTF-8 BOM is
// skipped; blank lines (and lines of only empty cells, which spreadsheets
// write for formatted but empty rows) are skipped but still counted in line
// numbers. Issue 3 adds `;` and decimal-comma detection here (csv.Reader's
// Comma) without changing the Table contract.
type csvTable struct {
	name   string
	r      *csv.Reader
	header []string
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// NewCSV reads the header of CSV input r; name is how rejects name it.
// Cells must be UTF-8: a record with invalid bytes ends the table with a
// *FileError (OpenCSV checks a whole file before the first row instead).
func NewCSV(name string, r io.Reader) (Table, error) {
	br := bufio.NewReaderSize(r, 256<<10)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, utf8BOM) {
		_, _ = br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1 // the dataset checks the cell count and rejects the row, not the file
	cr.ReuseRecord = true
	t := &csvTable{name: name, r: cr}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil, &FileError{File: name, Line: 1,
				Reason:   "berkas kosong: tidak ada baris judul kolom",
				ReasonEN: "the file is empty: there is no header row"}
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &FileError{File: name, Line: pe.StartLine, Err: err,
					Reason:   "baris judul kolom tidak dapat dibaca sebagai CSV: " + csvReasonID(pe.Err),
					ReasonEN: "the header row cannot be read as CSV: " + pe.Err.Error()}
			}
			return nil, asFileError(name, err)
		}
		if blankRecord(rec) {
			continue
		}
		for i, c := range rec {
			if !utf8.ValidString(c) {
				line, _ := cr.FieldPos(i)
				return nil, notUTF8(name, line, firstInvalid(c))
			}
		}
		t.header = make([]string, len(rec))
		for i, c := range rec {
			t.header[i] = strings.TrimSpace(c)
		}
		return t, nil
	}
}

// OpenCSV opens a CSV file, checks that the whole file is UTF-8 (so a file
// saved in another encoding is refused before any of its rows is written)
// and reads its header. Close the returned file when done.
func OpenCSV(path, name string) (Table, io.Closer, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, openError(name, err)
	}
	if err := checkUTF8(name, f); err != nil {
		f.Close()
		return nil, nil, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		return nil, nil, asFileError(name, err)
	}
	t, err := NewCSV(name, f)
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return t, f, nil
}

func openError(name string, err error) *FileError {
	switch {
	case errors.Is(err, os.ErrNotExist):
		return &FileError{File: name, Err: err, Retry: true,
			Reason: "berkas tidak ditemukan", ReasonEN: "the file does not exist"}
	case errors.Is(err, os.ErrPermission):
		return &FileError{File: name, Err: err, Retry: true,
			Reason: "tidak ada izin membaca berkas", ReasonEN: "no permission to read the file"}
	}
	return asFileError(name, err)
}

func (t *csvTable) Name() string     { return t.name }
func (t *csvTable) Header() []string { return t.header }

func (t *csvTable) Next() (Record, error) {
	for {
		rec, err := t.r.Read()
		if err == io.EOF {
			return Record{}, io.EOF
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return Record{}, &RowError{Line: pe.StartLine, Raw: joinCSV(rec), Err: pe.Err}
			}
			return Record{}, asFileError(t.name, err)
		}
		if blankRecord(rec) {
			continue
		}
		line, _ := t.r.FieldPos(0)
		for i, c := range rec {
			if !utf8.ValidString(c) {
				l, _ := t.r.FieldPos(i)
				return Record{}, notUTF8(t.name, l, firstInvalid(c))
			}
		}
		return Record{Line: line, Cells: rec}, nil
	}
}

// blankRecord reports a record without any non-blank cell.
func blankRecord(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// joinCSV writes cells back as one CSV row, for the raw row of a reject.
func joinCSV(cells []string) string {
	var b strings.Builder
	for i, c := range cells {
		if i > 0 {
			b.WriteByte(',')
		}
		if strings.ContainsAny(c, ",\"\r\n") {
			b.WriteByte('"')
			b.WriteString(strings.ReplaceAll(c, `"`, `""`))
			b.WriteByte('"')
		} else {
			b.WriteString(c)
		}
	}
	return b.String()
}

// csvReasonID says a CSV syntax error in Bahasa Indonesia.
func csvReasonID(err error) string {
	switch {
	case errors.Is(err, csv.ErrBareQuote):
		return "tanda kutip (\") di dalam sel yang tidak diapit kutip; sel yang memuat kutip harus diapit kutip dan kutipnya ditulis dua kali"
	case errors.Is(err, csv.ErrQuote):
		return "tanda kutip (\") tidak tertutup atau berlebih di sel yang diapit kutip"
	}
	return err.Error()
}

func csvReasonEN(err error) string {
	switch {
	case errors.Is(err, csv.ErrBareQuote):
		return `a quote (") inside a cell that is not quoted; a cell holding quotes must be quoted and its quotes doubled`
	case errors.Is(err, csv.ErrQuote):
		return `a quote (") not closed, or a stray one, in a quoted cell`
	}
	return err.Error()
}

func notUTF8(name string, line int, b byte) *FileError {
	return &FileError{File: name, Line: line,
		Reason: fmt.Sprintf("berkas bukan UTF-8 (byte 0x%02X di baris %d): kemungkinan disimpan sebagai ANSI/Windows-1252; "+
			"simpan ulang sebagai \"CSV UTF-8 (Comma delimited)\"", b, line),
		ReasonEN: fmt.Sprintf("the file is not UTF-8 (byte 0x%02X on line %d): it was probably saved as ANSI/Windows-1252; "+
			"save it again as \"CSV UTF-8 (Comma delimited)\"", b, line)}
}

// firstInvalid returns the first byte of s that is not valid UTF-8.
func firstInvalid(s string) byte {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n <= 1 {
			return s[i]
		}
		i += n
	}
	return 0
}

// checkUTF8 reads r to the end and returns a *FileError naming the line of
// the first byte that is not UTF-8.
func checkUTF8(name string, r io.Reader) error {
	buf := make([]byte, 256<<10)
	carry, line := 0, 1
	for {
		n, err := io.ReadFull(r, buf[carry:])
		data := buf[:carry+n]
		eof := err == io.EOF || err == io.ErrUnexpectedEOF
		if err != nil && !eof {
			return asFileError(name, err)
		}
		cut := len(data)
		if !eof {
			cut = completeRunes(data)
		}
		if !utf8.Valid(data[:cut]) {
			for i := 0; i < cut; {
				r, size := utf8.DecodeRune(data[i:cut])
				if r == utf8.RuneError && size <= 1 {
					return notUTF8(name, line+bytes.Count(data[:i], []byte{'\n'}), data[i])
				}
				i += size
			}
		}
		if eof {
			return nil
		}
		line += bytes.Count(data[:cut], []byte{'\n'})
		carry = copy(buf, data[cut:])
	}
}

// completeRunes returns the length of data without a multi-byte sequence
// cut at its end (at most 3 bytes are held back).
func completeRunes(data []byte) int {
	for i := len(data) - 1; i >= 0 && i >= len(data)-3; i-- {
		if data[i]&0xC0 != 0x80 { // a leading byte
			if !utf8.FullRune(data[i:]) {
				return i
			}
			break
		}
	}
	return len(data)
}
