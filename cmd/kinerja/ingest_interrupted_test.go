package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"kinerja/warehouse"
)

// A run left "running" by a process that died (kill -9) is marked failed,
// as interrupted, by the next command that opens the data directory; a
// run this process started is left alone.
func TestInterruptedRunsMarked(t *testing.T) {
	ctx := context.Background()
	db, err := warehouse.Open(ctx, warehouse.Config{DataDir: filepath.Join(cliData, "clickhouse")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := warehouse.Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	b, err := db.PrepareBatch(ctx, "ingest_runs", []string{"id", "source", "dataset", "kind", "location", "status", "started",
		"rows_read", "rows_accepted", "rows_rejected", "rows_unchanged", "error", "notes", "_version"})
	if err != nil {
		t.Fatal(err)
	}
	dead, live := uuid.Must(uuid.NewV7()), uuid.Must(uuid.NewV7())
	for _, r := range []struct {
		id     uuid.UUID
		source string
		at     time.Time
	}{{dead, "dead-proc", processStart.Add(-time.Hour)}, {live, "live-proc", time.Now()}} {
		if err := b.Append(r.id, r.source, "survey", "file", "/tmp/x.csv", "running", r.at, uint64(0), uint64(0), uint64(0), uint64(0), "", "", uint64(1)); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Send(); err != nil {
		t.Fatal(err)
	}
	db.Close()

	code, out, errOut := runCLI(t, "ingest", "runs", "--source", "dead-proc", "--format", "json")
	if code != 0 || !strings.Contains(out, `"failed"`) || !strings.Contains(out, "interrupted: the process running it stopped") {
		t.Errorf("dead run: exit %d\n%s\n%s", code, out, errOut)
	}
	code, out, _ = runCLI(t, "ingest", "runs", "--source", "live-proc", "--format", "json")
	if code != 0 || !strings.Contains(out, `"running"`) {
		t.Errorf("a run of this process was marked: %s", out)
	}
}
