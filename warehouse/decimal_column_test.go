package warehouse

import (
	"bytes"
	"fmt"
	"testing"

	chproto "github.com/ClickHouse/ch-go/proto"
	"github.com/ClickHouse/clickhouse-go/v2/lib/column"
	"github.com/shopspring/decimal"
)

// decimalColumn encodes every value exactly as clickhouse-go's Decimal
// column does, and refuses what it refuses with the same error.
func TestDecimalColumnMatchesClickhouseGo(t *testing.T) {
	d := func(s string) decimal.Decimal { return decimal.RequireFromString(s) }
	neg := d("-3.25")
	values := []any{
		d("0"), d("12.5"), neg, &neg, d("1000"), d("7.499"), d("-7.499"), d("0.001"),
		d("21474836.47"), d("21474836.48"), d("-21474836.48"), d("-21474836.49"),
		d("92233720368547.7580"), d("92233720368547.7581"), d("-92233720368547.7580"),
		d("123456789012345678901234"), d("0.000000000000000000000000001"),
		decimal.New(5, 3), decimal.New(-7, 17), decimal.Decimal{}, (*decimal.Decimal)(nil), nil,
		"3.5", "abc", 7, float32(1.5),
	}
	for _, typ := range []string{"Decimal(9, 2)", "Decimal(18, 4)", "Decimal(5, 0)", "Decimal(18, 18)"} {
		for _, v := range values {
			t.Run(fmt.Sprintf("%s/%v", typ, v), func(t *testing.T) {
				libCol, err := column.Type(typ).Column("x", nil)
				if err != nil {
					t.Fatal(err)
				}
				ours := newDecimalColumn(libCol.(*column.Decimal))
				libCol2, _ := column.Type(typ).Column("x", nil)
				werr := libCol2.AppendRow(v)
				gerr := ours.AppendRow(v)
				if fmt.Sprint(gerr) != fmt.Sprint(werr) {
					t.Fatalf("error %v, clickhouse-go %v", gerr, werr)
				}
				var want, got chproto.Buffer
				libCol2.Encode(&want)
				ours.Encode(&got)
				if !bytes.Equal(got.Buf, want.Buf) || ours.Rows() != libCol2.Rows() {
					t.Fatalf("encoded % x (%d rows), clickhouse-go % x (%d rows)", got.Buf, ours.Rows(), want.Buf, libCol2.Rows())
				}
				if ours.Rows() == 1 {
					var a, b decimal.Decimal
					if err := ours.ScanRow(&a, 0); err != nil {
						t.Fatal(err)
					}
					if err := libCol2.ScanRow(&b, 0); err != nil {
						t.Fatal(err)
					}
					if !a.Equal(b) || a.String() != b.String() {
						t.Errorf("row reads %s, clickhouse-go %s", a, b)
					}
				}
			})
		}
	}
}

// Slices append row by row, as clickhouse-go's Append does.
func TestDecimalColumnAppendsSlices(t *testing.T) {
	libCol, _ := column.Type("Decimal(9, 2)").Column("x", nil)
	ours := newDecimalColumn(libCol.(*column.Decimal))
	one := decimal.RequireFromString("1.5")
	if _, err := ours.Append([]decimal.Decimal{one, one}); err != nil {
		t.Fatal(err)
	}
	nulls, err := ours.Append([]*decimal.Decimal{&one, nil})
	if err != nil || ours.Rows() != 4 || len(nulls) != 2 || nulls[0] != 0 || nulls[1] != 1 {
		t.Fatalf("rows %d nulls %v err %v", ours.Rows(), nulls, err)
	}
	if got := ours.Row(3, false).(decimal.Decimal); !got.IsZero() {
		t.Errorf("row 3 = %s, want 0", got)
	}
	if _, err := ours.Append([]string{"1"}); err == nil {
		t.Error("a slice of strings was appended")
	}
	ours.Reset()
	if ours.Rows() != 0 {
		t.Errorf("%d rows after Reset", ours.Rows())
	}
}
