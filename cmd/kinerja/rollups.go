package main

import (
	"context"
	"log/slog"
	"sync"

	"kinerja/analytics"
	"kinerja/ingest"
)

// rollupTables maps the datasets whose raw tables feed a rollup
// (analytics/rollup.go) to those tables.
var rollupTables = map[ingest.Dataset]string{
	"survey":           "survey_responses",
	"activity_reports": "activity_reports",
	"employees":        "employees", // the ASN's unit and active days: compliance's derived rollups, staff
	"units":            "units",     // the OPD of a unit: compliance's derived rollups, staff
	// The staff rollup (analytics/rollup_staff.go) reads these too.
	"competency_assessments": "competency_assessments",
	"trainings":              "trainings",
	"skp_evaluations":        "skp_evaluations",
}

// refreshAfterRun is an ingest.Runner OnRun hook: after a run that wrote
// rows into a table a rollup is built from, it brings that rollup up to
// date before the run's caller goes on, so the next report or dashboard
// reads it fresh. A failed refresh is logged and leaves the rollup stale,
// which only makes queries read the raw table (exact, slower) until the
// next refresh.
func refreshAfterRun(r *analytics.Rollups, log *slog.Logger) func(context.Context, ingest.RunSummary) {
	return func(ctx context.Context, sum ingest.RunSummary) {
		table, ok := rollupTables[sum.Dataset]
		if !ok || sum.Written() == 0 {
			return
		}
		if _, err := r.RefreshFor(ctx, table); err != nil {
			log.Error("rollup refresh after ingest run failed; queries read the raw table until the next refresh",
				"run_id", sum.ID, "dataset", string(sum.Dataset), "err", err)
		}
	}
}

// rollupService brings every rollup up to date once when `kinerja serve`
// starts (data imported by another process, or before an upgrade that
// added a rollup), in the background; ingest runs refresh them after that.
type rollupService struct {
	r    *analytics.Rollups
	log  *slog.Logger
	stop context.CancelFunc
	done sync.WaitGroup
}

func (*rollupService) Name() string { return "rollup refresh" }

func (s *rollupService) Start(ctx context.Context) error {
	ctx, s.stop = context.WithCancel(context.WithoutCancel(ctx))
	s.done.Go(func() {
		if _, err := s.r.Refresh(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("rollup refresh at start failed; queries read the raw tables until the next refresh", "err", err)
		}
	})
	return nil
}

func (s *rollupService) Stop(ctx context.Context) error {
	s.stop()
	done := make(chan struct{})
	go func() { s.done.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
