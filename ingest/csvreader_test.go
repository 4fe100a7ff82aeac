package ingest

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
)

// compareCSVReaders reads data with encoding/csv and with csvReader and
// reports the first difference: cells, errors (with their lines and
// columns), and the line of every cell.
func compareCSVReaders(data string, comma rune) error {
	std := csv.NewReader(strings.NewReader(data))
	std.Comma = comma
	std.FieldsPerRecord = -1
	std.ReuseRecord = true
	ours := newCSVReader(bufio.NewReaderSize(strings.NewReader(data), 16), comma) // a small buffer: long lines too
	for n := 1; ; n++ {
		want, werr := std.Read()
		got, gerr := ours.read()
		if !reflect.DeepEqual(werr, gerr) {
			return fmt.Errorf("record %d: error %#v, encoding/csv %#v", n, gerr, werr)
		}
		if werr == io.EOF {
			return nil
		}
		if len(got) != len(want) || (len(got) > 0 && !reflect.DeepEqual(got, want)) {
			return fmt.Errorf("record %d: cells %q, encoding/csv %q", n, got, want)
		}
		if werr != nil {
			var pe *csv.ParseError
			if !errors.As(werr, &pe) {
				return nil // a read error ends both
			}
			continue
		}
		for i := range want {
			wl, _ := std.FieldPos(i)
			if gl := ours.fieldLine(i); gl != wl {
				return fmt.Errorf("record %d cell %d: line %d, encoding/csv %d", n, i, gl, wl)
			}
		}
		if l, _ := std.FieldPos(0); ours.line != l {
			return fmt.Errorf("record %d: starts on line %d, encoding/csv %d", n, ours.line, l)
		}
	}
}

func TestCSVReaderMatchesEncodingCSV(t *testing.T) {
	for _, tc := range []struct {
		name, in string
	}{
		{"empty", ""},
		{"plain", "a,b\n1,2\n"},
		{"no final newline", "a,b\n1,2"},
		{"CRLF and a final CR", "a,b\r\n1,2\r"},
		{"lone CR inside a line", "a\rb,c\n"},
		{"CR CR LF", "a,b\r\r\n"},
		{"blank lines", "\n\na,b\n\n\n1,2\n\n"},
		{"empty cells", ",,\n,\n"},
		{"quoted cells", "\"a\",\"b,c\"\n\"x\"\"y\",z\n"},
		{"newlines in quotes", "a,\"x\r\ny\n\nz\"\n2,w\n"},
		{"quoted cell then text", "\"a\"b,c\n1,2\n"},
		{"bare quote", "a,b\"c\n1,2\n"},
		{"bare quote after cells", "1,2,x\"y,4\nok,ok\n"},
		{"unclosed quote at the end", "a,\"bc\nd,e\n"},
		{"unclosed quote at the end without newline", "a,\"bc"},
		{"quote closed at the end without newline", "a,\"bc\""},
		{"quote then CR LF", "\"a\"\r\n\"b\"\r\n"},
		{"long lines", strings.Repeat("abcdefghij,", 20) + "\n" + "\"" + strings.Repeat("xy\"\"z,", 10) + "\",k\n"},
		{"long quoted line with an error", "\"" + strings.Repeat("q", 40) + "\"x,y\n1\n"},
		{"not UTF-8", "caf\xe9,\"\xe2\x82\",\xac\n"},
		{"spaces", " a , \"b\" \n"},
		{"quoted cells on one line", "\"a\",b,\"c,d\"\n\"\",\"x\",\n1,\"2\"\r\n"},
		{"quoted cell then a cell with a quote", "\"a\",b\"c\n"},
		{"quoted cell followed by a quote", "\"a\"\"\n\"b\"\"\",c\n"},
		{"quote opening after a cell", "a,\"b\n\",c\n"},
	} {
		for _, comma := range []rune{',', ';', '\t', '€'} {
			in := tc.in
			if comma != ',' {
				in = strings.ReplaceAll(in, ",", string(comma))
			}
			t.Run(fmt.Sprintf("%s/%q", tc.name, comma), func(t *testing.T) {
				if err := compareCSVReaders(in, comma); err != nil {
					t.Errorf("%q: %v", in, err)
				}
			})
		}
	}
}

// FuzzCSVReader holds csvReader to encoding/csv on any input.
func FuzzCSVReader(f *testing.F) {
	addCorpusSeeds(f, func(n string) bool { return strings.HasSuffix(n, ".csv") })
	f.Add([]byte("a,\"x\r\ny\n\nz\"\n2,w\n"))
	f.Add([]byte("\"a\"b,c\n1,2\"\n\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, comma := range []rune{',', ';', '€'} {
			if err := compareCSVReaders(string(data), comma); err != nil {
				t.Fatalf("%q: %v", data, err)
			}
		}
	})
}
