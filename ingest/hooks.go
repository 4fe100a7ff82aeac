package ingest

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
)

// OnRun registers f to be called after every run has been recorded,
// whatever its status, with the run's summary, before Import returns and
// on its goroutine: analytics refreshes its rollups there (see
// analytics.Rollups), so that a report run after `kinerja ingest file`
// already reads them fresh. Register hooks before the Runner is used; a
// hook that panics is recovered and logged, and never changes the run's
// outcome.
func (r *Runner) OnRun(f func(ctx context.Context, sum RunSummary)) {
	r.onRun = append(r.onRun, f)
}

// runEnded calls the OnRun hooks.
func (r *Runner) runEnded(ctx context.Context, log *slog.Logger, sum RunSummary) {
	for _, f := range r.onRun {
		func() {
			defer func() {
				if p := recover(); p != nil {
					log.Error("ingest run hook panicked", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				}
			}()
			f(ctx, sum)
		}()
	}
}
