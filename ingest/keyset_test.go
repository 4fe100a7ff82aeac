package ingest

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cespare/xxhash/v2"

	"kinerja/warehouse"
	"kinerja/warehouse/warehousetest"
)

// The key set finds what was added, through growth of its table;
// confirms a hash match against the key's bytes, so keys whose hashes
// collide (entirely, or in the 32 bits a slot keeps) stay apart.
func TestKeySet(t *testing.T) {
	add := func(s *keySet, k string, at lineRef) {
		t.Helper()
		if got, ok, h := s.lookup(k); ok {
			t.Fatalf("%s found (%+v) before it was added", k, got)
		} else {
			s.add(k, h, at)
		}
	}
	for _, tc := range []struct {
		name   string
		hashOf func(string) uint64
	}{
		{"xxhash", xxhash.Sum64String},
		// Every key hashes alike: each lookup walks the keys added before.
		{"one hash for all", func(string) uint64 { return 0xDEADBEEF_00000001 }},
		// Only the low 32 bits differ: slots cannot tell the keys apart.
		{"same high bits", func(k string) uint64 { return 0xCAFE0000_00000000 | xxhash.Sum64String(k)&0xFFFFFFFF }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := 20_000
			if tc.name == "one hash for all" {
				n = 2_000
			}
			s := newKeySet()
			s.hashOf = tc.hashOf
			for i := 0; i < n; i++ {
				k := fmt.Sprintf("R%05d", i)
				add(&s, k, lineRef{file: i % 3, line: i + 2})
				if i%1000 == 7 { // found at once, before it reaches the table
					if at, ok := s.get(k); !ok || at.line != i+2 {
						t.Fatalf("%s right after add: %+v %v", k, at, ok)
					}
				}
			}
			add(&s, "", lineRef{line: 1})
			for i := 0; i < n; i++ {
				at, ok := s.get(fmt.Sprintf("R%05d", i))
				if !ok || at.line != i+2 || at.file != i%3 {
					t.Fatalf("R%05d: %+v %v", i, at, ok)
				}
			}
			if at, ok := s.get(""); !ok || at.line != 1 {
				t.Errorf("empty key: %+v %v", at, ok)
			}
			for _, k := range []string{"R", fmt.Sprintf("R%05d", n), "R00001 "} {
				if at, ok := s.get(k); ok {
					t.Errorf("%q found at %+v, never added", k, at)
				}
			}
			if len(s.slots) < 2*s.n {
				t.Errorf("%d slots for %d keys: more than half full", len(s.slots), s.n)
			}
		})
	}
	// Past 32-bit lines, keys go to the overflow map and are found there.
	s := newKeySet()
	add(&s, "far", lineRef{file: 1, line: math.MaxUint32 + 5})
	if at, ok := s.get("far"); !ok || at.line != math.MaxUint32+5 || s.big == nil {
		t.Errorf("far: %+v %v", at, ok)
	}
}

// sendPanicDB is the real engine, except that sending activity rows panics
// (in the goroutine that sends a full batch in the background).
type sendPanicDB struct{ warehouse.DB }

func (p sendPanicDB) PrepareBatch(ctx context.Context, table string, columns []string) (warehouse.Batch, error) {
	b, err := p.DB.PrepareBatch(ctx, table, columns)
	if err != nil || table != "activity_reports" {
		return b, err
	}
	return panicSend{b}, nil
}

type panicSend struct{ warehouse.Batch }

func (panicSend) Send() error { panic("send broke") }

// A panic in the pipeline's helper goroutines (the chunk writer, the
// background send) fails the run like any other, instead of the process.
func TestPanicInBackgroundSend(t *testing.T) {
	db := warehousetest.Open(t)
	importUnits(t, newTestRunner(t, db))
	r := newTestRunner(t, sendPanicDB{db})
	r.batchRows, r.chunkRows = 1000, 500
	path := filepath.Join(t.TempDir(), "lh.csv")
	writeActivityCSV(t, path, 5000)
	sum, err := r.Import(context.Background(), Request{Source: "p", Dataset: ActivityReports, Files: []Input{{Path: path}}})
	if err == nil || sum.Status != StatusFailed || !strings.Contains(sum.Error, "send broke") {
		t.Fatalf("panicking send: %+v, %v", sum, err)
	}
	run, err := GetRun(context.Background(), db, sum.ID)
	if err != nil || run.Status != StatusFailed || !strings.Contains(run.Error, "send broke") {
		t.Errorf("recorded %+v, %v", run, err)
	}
}
