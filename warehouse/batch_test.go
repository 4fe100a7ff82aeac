package warehouse_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/shopspring/decimal"

	"kinerja/warehouse"
	"kinerja/warehouse/warehousetest"
)

// Settings on the context apply to a batch's INSERT: with
// optimize_on_insert = 0 a ReplacingMergeTree keeps both rows of one key
// sent in one batch until a merge (FINAL still reads one), with the
// default it collapses them as it writes.
func TestBatchSettings(t *testing.T) {
	warehousetest.Backends(t, func(t *testing.T, db warehouse.DB) {
		ctx := context.Background()
		if err := db.Exec(ctx, "CREATE TABLE batch_settings (k String, v UInt64) ENGINE = ReplacingMergeTree(v) ORDER BY k", nil); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name     string
			settings warehouse.Settings
			key      string
			rows     uint64 // stored rows of the key, without FINAL
		}{
			{"default collapses on insert", nil, "a", 1},
			{"optimize_on_insert = 0 keeps both", warehouse.Settings{"optimize_on_insert": 0}, "b", 2},
		} {
			t.Run(tc.name, func(t *testing.T) {
				bctx := ctx
				if tc.settings != nil {
					bctx = warehouse.WithSettings(ctx, tc.settings)
				}
				b, err := db.PrepareBatch(bctx, "batch_settings", []string{"k", "v"})
				if err != nil {
					t.Fatal(err)
				}
				for v := uint64(1); v <= 2; v++ {
					if err := b.Append(tc.key, v); err != nil {
						t.Fatal(err)
					}
				}
				if err := b.Send(); err != nil {
					t.Fatal(err)
				}
				var rows, final, v uint64
				if err := warehouse.QueryRow(ctx, db, "SELECT count() FROM batch_settings WHERE k = {k:String}", warehouse.Params{"k": tc.key}, &rows); err != nil {
					t.Fatal(err)
				}
				if err := warehouse.QueryRow(ctx, db, "SELECT count(), max(v) FROM batch_settings FINAL WHERE k = {k:String}", warehouse.Params{"k": tc.key}, &final, &v); err != nil {
					t.Fatal(err)
				}
				if rows != tc.rows || final != 1 || v != 2 {
					t.Errorf("%d rows stored, %d with FINAL (v %d); want %d and 1 (v 2)", rows, final, v, tc.rows)
				}
			})
		}
		b, err := db.PrepareBatch(warehouse.WithSettings(ctx, warehouse.Settings{"no such; setting": 1}), "batch_settings", []string{"k", "v"})
		if err == nil {
			if err = b.Append("c", uint64(1)); err == nil {
				err = b.Send()
			}
		}
		if err == nil {
			t.Error("a batch with an invalid setting name was sent")
		}
	})
}

// Batches of several blocks, one after the other (the embedded engine
// reuses blocks and encoding buffers between them), write every row as
// it was appended.
func TestBatchesOfSeveralBlocks(t *testing.T) {
	db := warehousetest.Open(t)
	ctx := context.Background()
	if err := db.Exec(ctx, "CREATE TABLE many (k UInt64, s String, d Decimal(9, 2)) ENGINE = MergeTree ORDER BY k", nil); err != nil {
		t.Fatal(err)
	}
	const batches, rows = 3, 230_000 // three blocks per batch
	for n := 0; n < batches; n++ {
		b, err := db.PrepareBatch(ctx, "many", []string{"k", "s", "d"})
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < rows; i++ {
			k := uint64(n*rows + i)
			s := fmt.Sprintf("v%d", k)
			if err := b.Append(k, &s, decimal.New(int64(k%1000), -2)); err != nil {
				t.Fatal(err)
			}
		}
		if err := b.Send(); err != nil {
			t.Fatal(err)
		}
	}
	var count, good uint64
	var sum decimal.Decimal
	if err := warehouse.QueryRow(ctx, db, "SELECT count(), countIf(s = concat('v', toString(k))), sum(d) FROM many", nil, &count, &good, &sum); err != nil {
		t.Fatal(err)
	}
	var want int64
	for k := 0; k < batches*rows; k++ {
		want += int64(k % 1000)
	}
	if count != batches*rows || good != count || !sum.Equal(decimal.New(want, -2)) {
		t.Errorf("%d rows, %d with their own string, sum %s; want %d, all, %s", count, good, sum, batches*rows, decimal.New(want, -2))
	}
}
