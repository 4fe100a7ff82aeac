package ingest

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cespare/xxhash/v2"

	"kinerja/warehouse"
	"kinerja/warehouse/warehousetest"
)

// The key set finds what was added, confirms a hash match against the
// key's bytes, and keeps keys whose hash is taken by another key apart.
func TestKeySet(t *testing.T) {
	s := newKeySet()
	for i := 0; i < 10_000; i++ {
		k := fmt.Sprintf("R%05d", i)
		if _, ok := s.get(k); ok {
			t.Fatalf("%s found before it was added", k)
		}
		s.add(k, lineRef{file: i % 3, line: i + 2})
	}
	for i := 0; i < 10_000; i++ {
		at, ok := s.get(fmt.Sprintf("R%05d", i))
		if !ok || at.line != i+2 || at.file != i%3 {
			t.Fatalf("R%05d: %+v %v", i, at, ok)
		}
	}
	// Make "B" collide with "A": its hash points at A's bytes.
	s.add("A", lineRef{line: 1})
	s.byHash[xxhash.Sum64String("B")] = s.byHash[xxhash.Sum64String("A")]
	if _, ok := s.get("B"); ok {
		t.Fatal("B found through A's hash")
	}
	s.add("B", lineRef{line: 2})
	if at, ok := s.get("B"); !ok || at.line != 2 {
		t.Errorf("B = %+v %v after a collision", at, ok)
	}
	if at, ok := s.get("A"); !ok || at.line != 1 {
		t.Errorf("A = %+v %v", at, ok)
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
