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

// checkUTF8 finds a bad byte wherever it falls, also across its buffer's
// boundary, and accepts multi-byte characters cut by the boundary.
func TestCheckUTF8(t *testing.T) {
	pad := strings.Repeat("x", 256<<10-1) // the buffer boundary falls inside the next character
	for _, tc := range []struct {
		name string
		in   string
		line int // 0: valid
	}{
		{"valid multi-byte across the boundary", pad + "é\nkedua\n", 0},
		{"bad byte after the boundary", pad + "\n\nab\xff", 3},
		{"truncated sequence at the end", "a\nb\xc3", 2},
		{"Windows-1252 text", "nama\nJos\xe9\n", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := checkUTF8("f.csv", strings.NewReader(tc.in))
			if tc.line == 0 {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var fe *FileError
			if !errors.As(err, &fe) || fe.Line != tc.line || fe.Retry {
				t.Fatalf("checkUTF8 = %v, want a content error on line %d", err, tc.line)
			}
		})
	}
}
