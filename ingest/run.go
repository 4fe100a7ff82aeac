package ingest

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"kinerja/warehouse"
)

// Truncation limits for what a reject keeps of the input.
const (
	maxRejectValue = 200
	maxRejectRaw   = 2000
)

// run is the state of one run while it imports.
type run struct {
	r       *Runner
	id      uuid.UUID
	source  string
	dataset Dataset
	started time.Time
	now     time.Time // "now" for validation (future dates), fixed for the run
	version uint64
	sheet   string // the worksheet of XLSX inputs ("" for the first)

	// Values appended to every row, boxed once.
	idV, sourceV, ingestedV, versionV any

	rejects *batchWriter
	notes   []string
}

func (ru *run) note(s string) { ru.notes = append(ru.notes, s) }

// reject records one reject of a file.
func (ru *run) reject(fs *FileSummary, rj Reject) error {
	rj.Value = truncate(rj.Value, maxRejectValue)
	rj.Raw = truncate(rj.Raw, maxRejectRaw)
	fs.RejectsTotal++
	if len(fs.Rejects) < ru.r.keepRejects {
		fs.Rejects = append(fs.Rejects, rj)
	}
	return ru.rejects.append(ru.idV, ru.sourceV, string(ru.dataset), rj.File, uint64(rj.Line), rj.Column,
		rj.Value, rj.Reason, rj.ReasonEN, rj.Raw, ru.started)
}

// truncate cuts s to at most n characters, marking the cut with "…".
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i, count := 0, 0
	for i = range s {
		if count == n-1 {
			break
		}
		count++
	}
	return s[:i] + "…"
}

var runColumns = []string{"id", "source", "dataset", "kind", "location", "status", "started", "finished",
	"rows_read", "rows_accepted", "rows_rejected", "rows_unchanged", "error", "notes", "_version"}

var rejectColumns = []string{"run_id", "source", "dataset", "file", "line", "column", "value",
	"reason", "reason_en", "raw", "created"}

// writeRun records the state of a run; version orders the records of one
// run (1 at start, 2 at the end).
func (r *Runner) writeRun(ctx context.Context, s *RunSummary, id uuid.UUID, version uint64) error {
	b, err := r.db.PrepareBatch(ctx, "ingest_runs", runColumns)
	if err != nil {
		return err
	}
	var finished any
	if !s.Finished.IsZero() {
		finished = s.Finished
	}
	if err := b.Append(id, s.Source, string(s.Dataset), s.Kind, s.Location, s.Status, s.Started, finished,
		uint64(s.Read), uint64(s.Accepted), uint64(s.Rejected), uint64(s.Unchanged), s.Error,
		strings.Join(s.Notes, "\n"), version); err != nil {
		b.Abort()
		return err
	}
	return b.Send()
}

// Import runs one import: it records the run, imports every file of req
// (a file that cannot be imported does not stop the others), writes the
// rejects and records the outcome. The error is non-nil when the run
// failed: nothing could be imported, or the warehouse failed us; the
// summary is filled in either case. A panic inside the import is recovered
// and recorded as a failed run.
func (r *Runner) Import(ctx context.Context, req Request) (sum RunSummary, err error) {
	if req.Source == "" {
		req.Source = KindFile
	}
	if req.Kind == "" {
		req.Kind = KindFile
	}
	if _, err := ParseDataset(string(req.Dataset)); err != nil {
		return RunSummary{}, fmt.Errorf("ingest: %w", err)
	}
	for i := range req.Files {
		if req.Files[i].Name == "" {
			req.Files[i].Name = req.Files[i].Path
		}
	}
	if req.Location == "" {
		paths := make([]string, len(req.Files))
		for i, f := range req.Files {
			paths[i] = f.Path
			if abs, err := filepath.Abs(f.Path); err == nil {
				paths[i] = abs
			}
		}
		req.Location = strings.Join(paths, ", ")
	}
	id, err := uuid.NewV7()
	if err != nil {
		return RunSummary{}, fmt.Errorf("ingest: new run id: %w", err)
	}
	now := r.now()
	started := now.UTC().Truncate(time.Millisecond)
	sum = RunSummary{ID: id.String(), Source: req.Source, Dataset: req.Dataset, Kind: req.Kind,
		Location: req.Location, Status: StatusRunning, Started: started}
	if err := r.writeRun(ctx, &sum, id, 1); err != nil {
		return sum, fmt.Errorf("ingest: record start of run: %w", err)
	}
	log := r.log.With("run_id", sum.ID, "source", req.Source, "dataset", string(req.Dataset))
	log.Info("ingest run started", "kind", req.Kind, "location", req.Location, "files", len(req.Files))

	ru := &run{r: r, id: id, source: req.Source, dataset: req.Dataset, started: started, now: now,
		version: uint64(now.UnixNano()), sheet: req.Sheet}
	ru.idV, ru.sourceV, ru.ingestedV, ru.versionV = id, req.Source, started, ru.version
	ru.rejects = newBatchWriter(ctx, r.db, "ingest_rejects", rejectColumns, r.rejectRows)

	defer func() {
		if p := recover(); p != nil {
			stack := debug.Stack()
			if gp, ok := p.(*goPanic); ok { // raised again from a helper goroutine
				p, stack = gp.value, gp.stack
			}
			log.Error("ingest run panicked", "panic", fmt.Sprint(p), "stack", string(stack))
			ru.rejects.abort()
			sum.Status, sum.Error = StatusFailed, fmt.Sprintf("internal error (a bug, not the input's fault): %v", p)
		}
		sum.Notes = ru.notes
		sum.Finished = r.now().UTC().Truncate(time.Millisecond)
		// Record the end even when ctx was cancelled: a run must not stay "running".
		wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		if werr := r.writeRun(wctx, &sum, id, 2); werr != nil {
			log.Error("ingest run end not recorded", "err", werr)
			if err == nil && sum.Status != StatusFailed {
				err = fmt.Errorf("ingest: record end of run %s: %w", sum.ID, werr)
			}
		}
		if sum.Status == StatusFailed && err == nil {
			err = fmt.Errorf("ingest run %s failed: %s", sum.ID, sum.Error)
		}
		log.Info("ingest run finished", "status", sum.Status, "rows_read", sum.Read, "rows_accepted", sum.Accepted,
			"rows_unchanged", sum.Unchanged, "rows_rejected", sum.Rejected, "error", sum.Error,
			"elapsed", sum.Finished.Sub(sum.Started).String())
		r.runEnded(ctx, log, sum)
	}()

	runErr := importDataset(ctx, ru, req.Dataset, req.Files, &sum)
	if runErr == nil {
		if werr := ru.rejects.flush(); werr != nil {
			runErr = fmt.Errorf("write rejects: %w", werr)
		}
	} else {
		ru.rejects.abort()
	}

	var fileErrs []string
	failedFiles := 0
	for _, f := range sum.Files {
		if f.Err != nil {
			failedFiles++
			fileErrs = append(fileErrs, f.Err.Error())
		}
	}
	switch {
	case runErr != nil:
		sum.Status = StatusFailed
		sum.Error = runErr.Error()
		if errors.Is(runErr, context.Canceled) || errors.Is(runErr, context.DeadlineExceeded) {
			sum.Error = "interrupted before the end (" + runErr.Error() + "); rows already written stay, a new run completes them"
		}
		if len(fileErrs) > 0 {
			sum.Error += "; " + strings.Join(fileErrs, "; ")
		}
	case len(req.Files) > 0 && failedFiles == len(req.Files) && sum.Accepted == 0:
		sum.Status, sum.Error = StatusFailed, strings.Join(fileErrs, "; ")
	case failedFiles > 0 || sum.Rejected > 0:
		sum.Status, sum.Error = StatusPartial, strings.Join(fileErrs, "; ")
	default:
		sum.Status = StatusOK
	}
	return sum, nil
}

// recordFailed records a run of req that could not start (its source is
// unreachable) and returns it with an error.
func (r *Runner) recordFailed(ctx context.Context, req Request, reason, reasonEN string) (RunSummary, error) {
	id, err := uuid.NewV7()
	if err != nil {
		return RunSummary{}, fmt.Errorf("ingest: new run id: %w", err)
	}
	now := r.now().UTC().Truncate(time.Millisecond)
	sum := RunSummary{ID: id.String(), Source: req.Source, Dataset: req.Dataset, Kind: req.Kind, Location: req.Location,
		Status: StatusFailed, Started: now, Finished: now, Error: reasonEN, Notes: []string{reason}}
	r.log.Warn("ingest run failed", "run_id", sum.ID, "source", req.Source, "dataset", string(req.Dataset), "error", reasonEN)
	if err := r.writeRun(ctx, &sum, id, 2); err != nil {
		return sum, fmt.Errorf("ingest: record failed run of %s: %w (the run failed because %s)", req.Source, err, reasonEN)
	}
	return sum, fmt.Errorf("ingest run %s of %s failed: %s", sum.ID, req.Source, reasonEN)
}

// batchWriter appends rows to one table and sends them in big batches.
// A full batch is sent in the background while the next one fills (the
// engine writes a part while the pipeline reads and checks the next rows);
// at most one send is in flight, and flush waits for it, so when flush
// returns every row appended is written.
type batchWriter struct {
	ctx      context.Context
	db       warehouse.DB
	table    string
	columns  []string
	limit    int
	b        warehouse.Batch
	sent     int
	inflight chan error // the background send, nil when none
	pending  int        // rows of the background send
}

func newBatchWriter(ctx context.Context, db warehouse.DB, table string, columns []string, limit int) *batchWriter {
	return &batchWriter{ctx: ctx, db: db, table: table, columns: columns, limit: limit}
}

func (w *batchWriter) append(vals ...any) error {
	if w.b == nil {
		b, err := w.db.PrepareBatch(w.ctx, w.table, w.columns)
		if err != nil {
			return fmt.Errorf("prepare insert into %s: %w", w.table, err)
		}
		w.b = b
	}
	if err := w.b.Append(vals...); err != nil {
		return fmt.Errorf("append to %s: %w", w.table, err)
	}
	if w.b.Rows() >= w.limit {
		return w.sendBackground()
	}
	return nil
}

// sendBackground waits for the previous send and starts sending the
// current batch.
func (w *batchWriter) sendBackground() error {
	if err := w.wait(); err != nil {
		w.abort()
		return err
	}
	b, n := w.b, w.b.Rows()
	w.b = nil
	done := make(chan error, 1)
	w.inflight, w.pending = done, n
	go func() {
		defer recoverTo(func(gp *goPanic) { done <- gp })
		done <- b.Send()
	}()
	return nil
}

// wait waits for the background send, if any.
func (w *batchWriter) wait() error {
	if w.inflight == nil {
		return nil
	}
	err := <-w.inflight
	w.inflight = nil
	if gp, ok := err.(*goPanic); ok {
		panic(gp) // raised where the run recovers it
	}
	if err != nil {
		return fmt.Errorf("insert into %s: %w", w.table, err)
	}
	w.sent += w.pending
	return nil
}

// flush writes everything appended and returns once it is written.
func (w *batchWriter) flush() error {
	if err := w.wait(); err != nil {
		w.abort()
		return err
	}
	if w.b == nil {
		return nil
	}
	b, n := w.b, w.b.Rows()
	w.b = nil
	if err := b.Send(); err != nil {
		return fmt.Errorf("insert into %s: %w", w.table, err)
	}
	w.sent += n
	return nil
}

// abort drops the rows not yet sent; a send in flight is waited for (its
// rows may be written).
func (w *batchWriter) abort() {
	if w.inflight != nil {
		<-w.inflight
		w.inflight = nil
	}
	if w.b != nil {
		_ = w.b.Abort()
		w.b = nil
	}
}

// goPanic is a panic recovered in a helper goroutine of a run (a batch
// sent in the background, a chunk written), carried to the goroutine
// that waits for it and raised there again, so that the run records it as
// failed like any other panic, with the stack where it happened.
type goPanic struct {
	value any
	stack []byte
}

func (p *goPanic) Error() string { return fmt.Sprint(p.value) }

// recoverTo, deferred in a helper goroutine, hands a panic to report.
func recoverTo(report func(*goPanic)) {
	if v := recover(); v != nil {
		report(&goPanic{value: v, stack: debug.Stack()})
	}
}
