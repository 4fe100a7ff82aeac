package ingest

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"kinerja/warehouse"
)

var runsRunningSQL = mustSQL("runs_running.sql")

// Why an interrupted run failed, as MarkInterrupted records it.
const (
	interruptedReason   = "terhenti: proses yang menjalankannya berhenti di tengah impor (dimatikan atau crash); baris yang sudah tertulis tetap ada, impor ulang melengkapinya tanpa menghitung dua kali"
	interruptedReasonEN = "interrupted: the process running it stopped in the middle (killed or crashed); rows already written stay, and importing again completes them without counting anything twice"
)

// MarkInterrupted records as failed every run still marked running that
// started before before, and returns how many it marked. A run is left
// "running" only when its process died in the middle (kill -9, a crash,
// the machine losing power): a clean end, an error, a cancel and a panic
// all record the end. Call it only where no other process can be running
// an import into db — with the embedded engine, the process that holds
// the data directory — with before the start of the calling process (its
// own runs started later), since it cannot tell a dead run from a live
// one elsewhere. The kinerja commands do so when they open the data
// directory.
func MarkInterrupted(ctx context.Context, db warehouse.DB, before time.Time) (int, error) {
	runs, err := queryRuns(ingestCtx(ctx, "interrupted"), db, runsRunningSQL, warehouse.Params{"before": warehouse.MillisOf(before)})
	if err != nil {
		return 0, fmt.Errorf("find interrupted ingest runs: %w", err)
	}
	r := NewRunner(db, nil)
	for _, run := range runs {
		id, err := uuid.Parse(run.ID)
		if err != nil {
			return 0, fmt.Errorf("interrupted ingest run %q: %w", run.ID, err)
		}
		finished := before.UTC().Truncate(time.Millisecond)
		sum := RunSummary{ID: run.ID, Source: run.Source, Dataset: Dataset(run.Dataset), Kind: run.Kind, Location: run.Location,
			Status: StatusFailed, Started: run.Started, Finished: finished, Error: interruptedReasonEN,
			Read: int(run.RowsRead), Accepted: int(run.RowsAccepted), Rejected: int(run.RowsRejected), Unchanged: int(run.RowsUnchanged)}
		if run.Notes != "" {
			sum.Notes = strings.Split(run.Notes, "\n")
		}
		sum.Notes = append(sum.Notes, interruptedReason)
		if err := r.writeRun(ctx, &sum, id, 2); err != nil {
			return 0, fmt.Errorf("record interrupted ingest run %s: %w", run.ID, err)
		}
	}
	return len(runs), nil
}
