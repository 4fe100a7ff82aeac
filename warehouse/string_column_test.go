package warehouse

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	chproto "github.com/ClickHouse/ch-go/proto"
	"github.com/ClickHouse/clickhouse-go/v2/lib/column"
)

func libString(t *testing.T) *column.String {
	t.Helper()
	c, err := column.Type("String").Column("s", nil)
	if err != nil {
		t.Fatal(err)
	}
	return c.(*column.String)
}

// stringColumn encodes what clickhouse-go's String column encodes, accepts
// and refuses what it does, and reads values back alike.
func TestStringColumnMatchesClickhouseGo(t *testing.T) {
	s, long := "Pegawai 1, S.E.", strings.Repeat("panjang ", 40) // a length of two varint bytes
	values := []any{
		"", "abc", s, long, &s, (*string)(nil), nil, []byte("bytes"), sql.NullString{String: "x", Valid: true},
		sql.NullString{String: "y"}, &sql.NullString{String: "z", Valid: true}, json.RawMessage(`{"a":1}`),
		time.Second, 7, 1.5, []string{"not", "a row"},
	}
	ours, lib := newStringColumn(libString(t)), libString(t)
	for _, v := range values {
		gerr, werr := ours.AppendRow(v), lib.AppendRow(v)
		if fmt.Sprint(gerr) != fmt.Sprint(werr) {
			t.Errorf("AppendRow(%#v): error %v, clickhouse-go %v", v, gerr, werr)
		}
	}
	for _, v := range []any{[]string{"p", "q"}, []*string{&s, nil}, [][]byte{[]byte("r")}, []int{1}} {
		gn, gerr := ours.Append(v)
		wn, werr := lib.Append(v)
		if fmt.Sprint(gerr) != fmt.Sprint(werr) || !bytes.Equal(gn, wn) {
			t.Errorf("Append(%#v): %v %v, clickhouse-go %v %v", v, gn, gerr, wn, werr)
		}
	}
	var got, want chproto.Buffer
	ours.Encode(&got)
	lib.Encode(&want)
	if ours.Rows() != lib.Rows() || !bytes.Equal(got.Buf, want.Buf) {
		t.Fatalf("%d rows encoded % x, clickhouse-go %d rows % x", ours.Rows(), got.Buf, lib.Rows(), want.Buf)
	}
	for i := lib.Rows() - 1; i >= 0; i-- { // backwards: the first read finds every value
		if g, w := ours.Row(i, false), lib.Row(i, false); g != w {
			t.Errorf("row %d = %q, clickhouse-go %q", i, g, w)
		}
		var gs, ws string
		var gb, wb []byte
		var gn, wn sql.NullString
		for _, d := range [][2]any{{&gs, &ws}, {&gb, &wb}, {&gn, &wn}} {
			if gerr, werr := ours.ScanRow(d[0], i), lib.ScanRow(d[1], i); fmt.Sprint(gerr) != fmt.Sprint(werr) {
				t.Errorf("ScanRow(%T, %d): %v, clickhouse-go %v", d[0], i, gerr, werr)
			}
		}
		if gs != ws || string(gb) != string(wb) || gn != wn {
			t.Errorf("row %d scans as %q %q %v, clickhouse-go %q %q %v", i, gs, gb, gn, ws, wb, wn)
		}
		var n int
		if ours.ScanRow(&n, i) == nil {
			t.Errorf("row %d scanned into an int", i)
		}
	}
	// Decoding what was encoded gives the same column.
	dec := newStringColumn(libString(t))
	if err := dec.Decode(chproto.NewReader(bytes.NewReader(got.Buf)), ours.Rows()); err != nil {
		t.Fatal(err)
	}
	var again chproto.Buffer
	dec.Encode(&again)
	if !bytes.Equal(again.Buf, got.Buf) {
		t.Errorf("decoded and encoded again: % x", again.Buf)
	}
	ours.Reset()
	if ours.Rows() != 0 {
		t.Errorf("%d rows after Reset", ours.Rows())
	}
	if err := ours.AppendRow("after reset"); err != nil || ours.Row(0, false) != "after reset" {
		t.Errorf("after Reset: %v %q", err, ours.Row(0, false))
	}
}
