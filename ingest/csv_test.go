package ingest

import (
	"errors"
	"io"
	"strings"
	"testing"
)

// The CSV table on its own: physical line numbers, BOM, CRLF, blank lines,
// rows that cannot be split, and bytes that are not UTF-8 when the input
// was not checked up front (an API body, say).
func TestCSVTable(t *testing.T) {
	type row struct {
		line  int
		cells string // joined with |
		err   string // a row error instead
	}
	for _, tc := range []struct {
		name   string
		in     string
		header string
		rows   []row
		endErr string // the error that ends the table, if not io.EOF
	}{
		{"plain", "a,b\n1,2\n3,4\n", "a|b", []row{{2, "1|2", ""}, {3, "3|4", ""}}, ""},
		{"BOM, CRLF, spaces in header", "\ufeff A ,b\r\n1,2\r\n", "A|b", []row{{2, "1|2", ""}}, ""},
		{"BOM before a quoted header", "\ufeff\"a\",\"b\"\n1,2\n", "a|b", []row{{2, "1|2", ""}}, ""},
		{"blank lines and empty rows count as lines", "\na,b\n\n1,2\n,\n\n3,4", "a|b", []row{{4, "1|2", ""}, {7, "3|4", ""}}, ""},
		{"newline in a quoted cell keeps the starting line", "a,b\n1,\"x\r\ny\n\nz\"\n2,w\n", "a|b",
			[]row{{2, "1|x\ny\n\nz", ""}, {6, "2|w", ""}}, ""},
		{"stray quote is one bad row", "a,b\n1,x\"y\n2,ok\n", "a|b", []row{{2, "", "bare \" in non-quoted-field"}, {3, "2|ok", ""}}, ""},
		{"not UTF-8 ends the table", "a,b\n1,ok\n2,caf\xe9\n3,ok\n", "a|b", []row{{2, "1|ok", ""}}, "byte 0xE9 on line 3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tab, err := NewCSV("x.csv", strings.NewReader(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(tab.Header(), "|"); got != tc.header {
				t.Errorf("header %q, want %q", got, tc.header)
			}
			var got []row
			var end error
			for {
				rec, err := tab.Next()
				if err == io.EOF {
					break
				}
				var re *RowError
				if errors.As(err, &re) {
					got = append(got, row{re.Line, "", re.Err.Error()})
					continue
				}
				if err != nil {
					end = err
					break
				}
				got = append(got, row{rec.Line, strings.Join(rec.Cells, "|"), ""})
			}
			if len(got) != len(tc.rows) {
				t.Fatalf("rows %+v, want %+v", got, tc.rows)
			}
			for i := range got {
				if got[i].line != tc.rows[i].line || got[i].cells != tc.rows[i].cells || !strings.Contains(got[i].err, tc.rows[i].err) {
					t.Errorf("row %d = %+v, want %+v", i, got[i], tc.rows[i])
				}
			}
			if tc.endErr == "" && end != nil || tc.endErr != "" && (end == nil || !strings.Contains(end.Error(), tc.endErr)) {
				t.Errorf("table ended with %v, want %q", end, tc.endErr)
			}
		})
	}
}

// sniffEncoding finds a bad byte wherever it falls, also across its
// buffer's boundary, accepts multi-byte characters cut by the boundary,
// takes a file without any UTF-8 sequence as Windows-1252 and refuses a
// mix of the two and NUL bytes.
func TestSniffEncoding(t *testing.T) {
	pad := strings.Repeat("x", 256<<10-1) // the buffer boundary falls inside the next character
	for _, tc := range []struct {
		name    string
		in      string
		cp1252  string // the first character read as Windows-1252
		line    int    // the line named: of the example, or of the error
		errText string // a refusal
	}{
		{name: "ASCII", in: "a,b\n1,2\n"},
		{name: "valid multi-byte across the boundary", in: pad + "é\nkedua\n"},
		{name: "Windows-1252 text", in: "nama\nJos\xe9\n", cp1252: "é", line: 2},
		{name: "Windows-1252 after the boundary", in: pad + "\n\nab\xff", cp1252: "ÿ", line: 3},
		{name: "truncated UTF-8 at the end is Windows-1252", in: "a\nb\xc3", cp1252: "Ã", line: 2},
		{name: "UTF-8 mixed with Windows-1252", in: "nama\nJosé\nCaf\xe9\n", line: 3, errText: "byte 0xE9 on line 3"},
		{name: "a byte Windows-1252 does not define", in: "a\nb\x81\n", line: 2, errText: "byte 0x81 on line 2"},
		{name: "UTF-16 without a BOM", in: "a\x00,\x00b\x00\n\x00", line: 1, errText: "NUL bytes (line 1)"},
		{name: "a stray NUL is a character", in: "a,b\n1,x\x00y\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			enc, err := sniffEncoding("f.csv", strings.NewReader(tc.in))
			if tc.errText != "" {
				var fe *FileError
				if !errors.As(err, &fe) || fe.Line != tc.line || fe.Retry || !strings.Contains(fe.ReasonEN, tc.errText) || fe.Reason == "" {
					t.Fatalf("sniffEncoding = %v, want a content error on line %d saying %q", err, tc.line, tc.errText)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if enc.windows1252 != (tc.cp1252 != "") || enc.example != tc.cp1252 || tc.cp1252 != "" && enc.line != tc.line {
				t.Errorf("sniffEncoding = %+v, want Windows-1252 %q on line %d", enc, tc.cp1252, tc.line)
			}
		})
	}
}
