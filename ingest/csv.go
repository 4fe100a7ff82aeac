package ingest

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// csvTable reads RFC 4180 CSV: quoted cells may hold separators, doubled
// quotes and newlines; CRLF or LF line ends; a UTF-8 BOM is skipped; blank
// lines (and lines of only empty cells, which spreadsheets write for
// formatted but empty rows) are skipped but still counted in line numbers.
// The separator is found on the header line: the most frequent of ',', ';'
// and tab outside quotes (',' when none), or given by a first line
// "sep=;" as Excel writes it (that line counts as line 1). A ';'-separated
// file is taken to come from Excel in the Indonesian locale: its numbers
// use decimal commas (Hints.DecimalComma).
type csvTable struct {
	name   string
	r      *csvReader
	header []string
	offset int // physical lines before what r reads (a sep= line)
	hints  Hints
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// NewCSV reads the header of CSV input r; name is how rejects name it.
// Cells must be UTF-8: a record with invalid bytes ends the table with a
// *FileError (OpenCSV checks a whole file before the first row instead,
// and converts UTF-16 and Windows-1252 files).
func NewCSV(name string, r io.Reader) (Table, error) {
	return newCSV(name, r, nil)
}

// sniffSize is how much of the input the separator is looked for in.
const sniffSize = 64 << 10

func newCSV(name string, r io.Reader, notes []string) (*csvTable, error) {
	br := bufio.NewReaderSize(r, 256<<10)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, utf8BOM) {
		_, _ = br.Discard(3)
	}
	t := &csvTable{name: name}
	t.hints.Notes = notes
	head, _ := br.Peek(sniffSize)
	comma, sepLine := sniffSeparator(head)
	if sepLine > 0 {
		_, _ = br.Discard(sepLine)
		t.offset = 1
	}
	// Records of any number of cells: the dataset checks the cell count
	// and rejects the row, not the file.
	cr := newCSVReader(br, comma)
	t.r = cr
	switch comma {
	case ';':
		t.hints.DecimalComma = true
		t.hints.Notes = append(t.hints.Notes, name+": pemisah kolom ';' (Excel lokal Indonesia): angka dibaca dengan koma desimal (semicolon-separated: decimal commas)")
	case '\t':
		t.hints.Notes = append(t.hints.Notes, name+": pemisah kolom tab (tab-separated)")
	case ',':
	default:
		t.hints.Notes = append(t.hints.Notes, fmt.Sprintf("%s: pemisah kolom %q dari baris sep= (separator from the sep= line)", name, comma))
	}
	for {
		rec, err := cr.read()
		if err == io.EOF {
			return nil, &FileError{File: name, Line: 1,
				Reason:   "berkas kosong: tidak ada baris judul kolom",
				ReasonEN: "the file is empty: there is no header row"}
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &FileError{File: name, Line: pe.StartLine + t.offset, Err: err,
					Reason:   "baris judul kolom tidak dapat dibaca sebagai CSV: " + csvReasonID(pe.Err),
					ReasonEN: "the header row cannot be read as CSV: " + csvReasonEN(pe.Err)}
			}
			return nil, asFileError(name, err)
		}
		if blankRecord(rec) {
			continue
		}
		if i := cr.invalidUTF8(); i >= 0 {
			return nil, notUTF8(name, cr.fieldLine(i)+t.offset, firstInvalid(rec[i]))
		}
		t.header = make([]string, len(rec))
		for i, c := range rec {
			t.header[i] = strings.TrimSpace(c)
		}
		return t, nil
	}
}

// sniffSeparator finds the separator of CSV text starting with head: from
// a first line "sep=X" (returning that line's length, to be skipped) or
// from the counts of ',', ';' and tab outside quotes on the first
// non-blank line.
func sniffSeparator(head []byte) (comma rune, sepLine int) {
	if len(head) >= 5 && strings.EqualFold(string(head[:4]), "sep=") {
		end := bytes.IndexByte(head, '\n')
		if end < 0 {
			end = len(head)
		}
		line := strings.TrimRight(string(head[:end]), "\r")
		if r, size := utf8.DecodeRuneInString(line[4:]); size == len(line)-4 && validComma(r) {
			if end < len(head) {
				end++
			}
			return r, end
		}
	}
	var counts [3]int // ',', ';', tab
	inQuotes, started := false, false
scan:
	for _, c := range head {
		switch {
		case c == '"':
			inQuotes = !inQuotes
		case inQuotes:
		case c == '\n':
			if started {
				break scan
			}
		case c == ',':
			counts[0]++
		case c == ';':
			counts[1]++
		case c == '\t':
			counts[2]++
		}
		if c != '\n' && c != '\r' && c != ' ' {
			started = true
		}
	}
	comma = ','
	best := counts[0]
	if counts[1] > best {
		comma, best = ';', counts[1]
	}
	if counts[2] > best {
		comma = '\t'
	}
	return comma, 0
}

func validComma(r rune) bool {
	return r != 0 && r != '"' && r != '\r' && r != '\n' && r != utf8.RuneError && r != ' '
}

// OpenCSV opens a CSV file and reads its header. The whole file is checked
// first, so a file that cannot be decoded is refused before any of its rows
// is written: UTF-8 (with or without a BOM) is read as is; UTF-16 with a
// BOM (Excel's "Unicode Text") is converted; a file that is not UTF-8, has
// no UTF-8 sequence at all and only bytes Windows-1252 defines is read as
// Windows-1252 (Excel's plain "CSV" on Windows), converted and noted; a
// file mixing UTF-8 with other bytes, or holding NUL bytes (UTF-16 without
// a BOM, a binary file), is refused naming the line of the first bad byte.
// Close the returned file when done.
func OpenCSV(path, name string) (Table, io.Closer, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, openError(name, err)
	}
	var src io.Reader = f
	var notes []string
	bom := make([]byte, 2)
	n, _ := io.ReadFull(f, bom)
	switch {
	case n == 2 && (bom[0] == 0xFF && bom[1] == 0xFE || bom[0] == 0xFE && bom[1] == 0xFF):
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			f.Close()
			return nil, nil, asFileError(name, err)
		}
		src = transform.NewReader(f, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder())
		notes = append(notes, name+": dikonversi dari UTF-16 (converted from UTF-16)")
	default:
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			f.Close()
			return nil, nil, asFileError(name, err)
		}
		enc, err := sniffEncoding(name, f)
		if err != nil {
			f.Close()
			return nil, nil, err
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			f.Close()
			return nil, nil, asFileError(name, err)
		}
		if enc.windows1252 {
			src = transform.NewReader(f, charmap.Windows1252.NewDecoder())
			notes = append(notes, fmt.Sprintf("%s: bukan UTF-8, dibaca sebagai Windows-1252/ANSI (mis. %s di baris %d); periksa huruf non-ASCII, atau simpan sebagai \"CSV UTF-8\" "+
				"(not UTF-8: read as Windows-1252, e.g. %s on line %d)", name, enc.example, enc.line, enc.example, enc.line))
		}
	}
	t, err := newCSV(name, src, notes)
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
func (t *csvTable) Hints() Hints     { return t.hints }

func (t *csvTable) Next() (Record, error) {
	for {
		rec, err := t.r.read()
		if err == io.EOF {
			return Record{}, io.EOF
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return Record{}, &RowError{Line: pe.StartLine + t.offset, Raw: joinCSV(rec), Err: pe.Err}
			}
			return Record{}, asFileError(t.name, err)
		}
		if blankRecord(rec) {
			continue
		}
		if i := t.r.invalidUTF8(); i >= 0 {
			return Record{}, notUTF8(t.name, t.r.fieldLine(i)+t.offset, firstInvalid(rec[i]))
		}
		return Record{Line: t.r.line + t.offset, Cells: rec}, nil
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

// encoding is what sniffEncoding found.
type encoding struct {
	windows1252 bool
	example     string // the first non-ASCII character, as Windows-1252
	line        int    // its line
}

// windows1252Undefined are the bytes Windows-1252 leaves undefined.
func windows1252Undefined(b byte) bool {
	return b == 0x81 || b == 0x8D || b == 0x8F || b == 0x90 || b == 0x9D
}

// sniffEncoding reads r to the end and tells UTF-8 from Windows-1252, or
// returns a *FileError naming the line of the first byte that is neither.
func sniffEncoding(name string, r io.Reader) (encoding, error) {
	buf := make([]byte, 256<<10)
	carry, line := 0, 1
	var (
		firstBad     = -1 // line of the first invalid byte
		badByte      byte
		multi        bool // a valid multi-byte UTF-8 sequence was seen
		undefined    bool // a byte Windows-1252 leaves undefined was seen
		enc          encoding
		nulLine      = -1
		sawNonASCII  bool
		exampleFound bool // enc.example is set
		nuls, total  int
	)
	for {
		n, err := io.ReadFull(r, buf[carry:])
		data := buf[:carry+n]
		eof := err == io.EOF || err == io.ErrUnexpectedEOF
		if err != nil && !eof {
			return enc, asFileError(name, err)
		}
		cut := len(data)
		if !eof {
			cut = completeRunes(data)
		}
		chunk := data[:cut]
		if i := bytes.IndexByte(chunk, 0); i >= 0 {
			if nulLine < 0 {
				nulLine = line + bytes.Count(chunk[:i], []byte{'\n'})
			}
			nuls += bytes.Count(chunk[i:], []byte{0})
		}
		total += len(chunk)
		if utf8.Valid(chunk) {
			if !isASCII(chunk) {
				multi, sawNonASCII = true, true
			}
		} else {
			l := line
			for i := 0; i < len(chunk); {
				c := chunk[i]
				if c == '\n' {
					l++
				}
				if c < utf8.RuneSelf {
					i++
					continue
				}
				sawNonASCII = true
				r, size := utf8.DecodeRune(chunk[i:])
				if r == utf8.RuneError && size <= 1 {
					if firstBad < 0 {
						firstBad, badByte = l, c
					}
					if windows1252Undefined(c) {
						undefined = true
					}
					if !exampleFound {
						enc.example, _, _ = transform.String(charmap.Windows1252.NewDecoder(), string([]byte{c}))
						enc.line, exampleFound = l, true
					}
					i++
					continue
				}
				multi = true
				i += size
			}
		}
		if eof {
			break
		}
		line += bytes.Count(chunk, []byte{'\n'})
		carry = copy(buf, data[cut:])
	}
	// UTF-16 text is about half NUL bytes; a stray NUL in a comment is
	// only a character (stored as it is).
	if nulLine > 0 && nuls*8 >= total {
		return enc, &FileError{File: name, Line: nulLine,
			Reason: fmt.Sprintf("berkas memuat byte NUL (baris %d): bukan teks CSV, atau UTF-16 tanpa BOM; simpan ulang sebagai \"CSV UTF-8 (Comma delimited)\"", nulLine),
			ReasonEN: fmt.Sprintf("the file holds NUL bytes (line %d): it is not CSV text, or UTF-16 without a byte order mark; "+
				"save it again as \"CSV UTF-8 (Comma delimited)\"", nulLine)}
	}
	if firstBad < 0 || !sawNonASCII {
		return encoding{}, nil
	}
	if !multi && !undefined {
		enc.windows1252 = true
		return enc, nil
	}
	return enc, &FileError{File: name, Line: firstBad,
		Reason: fmt.Sprintf("berkas bukan UTF-8 yang sah (byte 0x%02X di baris %d) dan bukan pula Windows-1252: teks UTF-8 bercampur dengan byte pengodean lain (berkas gabungan atau rusak); "+
			"simpan ulang sebagai \"CSV UTF-8 (Comma delimited)\"", badByte, firstBad),
		ReasonEN: fmt.Sprintf("the file is not valid UTF-8 (byte 0x%02X on line %d) nor Windows-1252: UTF-8 text mixed with bytes of another encoding (files pasted together, or damaged); "+
			"save it again as \"CSV UTF-8 (Comma delimited)\"", badByte, firstBad)}
}

// isASCII reports whether b holds only ASCII bytes, eight at a time.
func isASCII(b []byte) bool {
	for len(b) >= 8 {
		if binary.LittleEndian.Uint64(b)&0x8080808080808080 != 0 {
			return false
		}
		b = b[8:]
	}
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
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
