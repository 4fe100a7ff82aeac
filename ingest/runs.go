package ingest

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"kinerja/warehouse"
)

// Run is one recorded ingest run, as the admin page and the CLI show it.
type Run struct {
	ID       string
	Source   string
	Dataset  string
	Kind     string
	Location string
	Status   string // running | ok | partial | failed
	Started  time.Time
	Finished *time.Time // nil while running (or when the process died during the run)
	// RowsAccepted includes RowsUnchanged (accepted rows already stored as is).
	RowsRead, RowsAccepted, RowsRejected, RowsUnchanged uint64
	Error                                               string
	Notes                                               string // one note per line
}

// RunFilter selects runs to list.
type RunFilter struct {
	Source string // "" for every source
	Limit  int    // default 50, at most 1000
	Offset int
}

// ErrRunNotFound is returned by GetRun for an unknown id.
var ErrRunNotFound = errors.New("ingest run not found")

var (
	runsListSQL     = mustSQL("runs_list.sql")
	runGetSQL       = mustSQL("run_get.sql")
	runsLastSQL     = mustSQL("runs_last.sql")
	rejectsListSQL  = mustSQL("rejects_list.sql")
	rejectsCountSQL = mustSQL("rejects_count.sql")
)

func ingestCtx(ctx context.Context, what string) context.Context {
	return warehouse.WithSettings(ctx, warehouse.Settings{"log_comment": "ingest." + what})
}

func page(limit, offset int) (uint32, uint32) {
	if limit <= 0 {
		limit = 50
	}
	return uint32(min(limit, 1000)), uint32(max(offset, 0))
}

// ListRuns returns runs, newest first.
func ListRuns(ctx context.Context, db warehouse.DB, f RunFilter) ([]Run, error) {
	limit, offset := page(f.Limit, f.Offset)
	runs, err := queryRuns(ingestCtx(ctx, "runs"), db, runsListSQL,
		warehouse.Params{"source": f.Source, "limit": limit, "offset": offset})
	if err != nil {
		return nil, fmt.Errorf("list ingest runs: %w", err)
	}
	return runs, nil
}

// GetRun returns one run by id (ErrRunNotFound when there is none).
func GetRun(ctx context.Context, db warehouse.DB, id string) (Run, error) {
	if _, err := uuid.Parse(id); err != nil {
		return Run{}, fmt.Errorf("ingest run %q: not a run id: %w", id, ErrRunNotFound)
	}
	runs, err := queryRuns(ingestCtx(ctx, "run"), db, runGetSQL, warehouse.Params{"id": id})
	if err != nil {
		return Run{}, fmt.Errorf("get ingest run %s: %w", id, err)
	}
	if len(runs) == 0 {
		return Run{}, fmt.Errorf("ingest run %s: %w", id, ErrRunNotFound)
	}
	return runs[0], nil
}

// LastRuns returns the newest run of every source that ever ran, by source.
func LastRuns(ctx context.Context, db warehouse.DB) (map[string]Run, error) {
	runs, err := queryRuns(ingestCtx(ctx, "last_runs"), db, runsLastSQL, nil)
	if err != nil {
		return nil, fmt.Errorf("last ingest runs: %w", err)
	}
	out := make(map[string]Run, len(runs))
	for _, r := range runs {
		out[r.Source] = r
	}
	return out, nil
}

func queryRuns(ctx context.Context, db warehouse.DB, q string, p warehouse.Params) ([]Run, error) {
	rows, err := db.Query(ctx, q, p)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Run
	for rows.Next() {
		var r Run
		if err := rows.Scan(&r.ID, &r.Source, &r.Dataset, &r.Kind, &r.Location, &r.Status, &r.Started, &r.Finished,
			&r.RowsRead, &r.RowsAccepted, &r.RowsRejected, &r.RowsUnchanged, &r.Error, &r.Notes); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ListRejects returns the rejects of a run by file and line (limit default
// 50, at most 1000). Raw rows may hold personal data: admin only.
func ListRejects(ctx context.Context, db warehouse.DB, runID string, limit, offset int) ([]Reject, error) {
	if _, err := uuid.Parse(runID); err != nil {
		return nil, fmt.Errorf("rejects of run %q: not a run id: %w", runID, ErrRunNotFound)
	}
	l, o := page(limit, offset)
	rows, err := db.Query(ingestCtx(ctx, "rejects"), rejectsListSQL, warehouse.Params{"run": runID, "limit": l, "offset": o})
	if err != nil {
		return nil, fmt.Errorf("rejects of run %s: %w", runID, err)
	}
	defer rows.Close()
	var out []Reject
	for rows.Next() {
		var r Reject
		var line uint64
		if err := rows.Scan(&r.File, &line, &r.Column, &r.Value, &r.Reason, &r.ReasonEN, &r.Raw); err != nil {
			return nil, fmt.Errorf("rejects of run %s: %w", runID, err)
		}
		r.Line = int(line)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("rejects of run %s: %w", runID, err)
	}
	return out, nil
}

// CountRejects returns how many rejects a run recorded (a row with three
// bad cells has three).
func CountRejects(ctx context.Context, db warehouse.DB, runID string) (uint64, error) {
	if _, err := uuid.Parse(runID); err != nil {
		return 0, fmt.Errorf("rejects of run %q: not a run id: %w", runID, ErrRunNotFound)
	}
	var n uint64
	if err := warehouse.QueryRow(ingestCtx(ctx, "rejects_count"), db, rejectsCountSQL, warehouse.Params{"run": runID}, &n); err != nil {
		return 0, fmt.Errorf("count rejects of run %s: %w", runID, err)
	}
	return n, nil
}
