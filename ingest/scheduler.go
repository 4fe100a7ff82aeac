package ingest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"kinerja/warehouse"
)

// Scheduler runs sources on their cron schedules (WITA) and on demand.
//
//   - One run of a source at a time: a per-source lock is shared by the
//     schedule, the catch-up and manual triggers. A tick that finds its
//     source running is skipped; Trigger returns ErrBusy.
//   - Sources that share a schedule run one after the other in configured
//     order (units before survey, since survey rows need their units).
//   - Catch-up: at Start, every source whose last recorded run started
//     before its previous scheduled time (or that never ran) runs once, in
//     configured order, so ticks missed while the process was down are made
//     up (robfig/cron never replays them).
//   - A panic in a source is recovered (and the run recorded as failed when
//     it happened inside an import); the scheduler keeps going.
//   - Jobs get a context that Stop cancels; Stop waits for running jobs.
//
// robfig/cron is unmaintained: it stays behind this type.
type Scheduler struct {
	db     warehouse.DB
	log    *slog.Logger
	runner *Runner
	now    func() time.Time
	jobs   []*job
	byName map[string]*job
	cron   *cron.Cron

	mu          sync.Mutex
	ctx         context.Context
	cancel      context.CancelFunc
	started     bool
	stopped     bool
	wg          sync.WaitGroup
	catchUpDone chan struct{}
}

type job struct {
	src      Source
	cfg      SourceConfig
	sched    cron.Schedule
	entry    cron.EntryID
	lock     sync.Mutex // held while the source runs
	runningM sync.Mutex
	running  bool
}

var (
	// ErrBusy means the source is running already (scheduled or triggered).
	ErrBusy = errors.New("ingest source is already running")
	// ErrUnknownSource means no source has that name.
	ErrUnknownSource = errors.New("no such ingest source")
	// ErrStopped means the scheduler was stopped.
	ErrStopped = errors.New("ingest scheduler stopped")
)

// NewScheduler builds the sources of cfgs (in order: put units first) and
// a scheduler for them. Start it with Start, stop it with Stop.
func NewScheduler(db warehouse.DB, logger *slog.Logger, cfgs []SourceConfig) (*Scheduler, error) {
	var sources []Source
	for _, c := range cfgs {
		src, err := NewSource(c)
		if err != nil {
			return nil, fmt.Errorf("ingest scheduler: %w", err)
		}
		sources = append(sources, src)
	}
	return newScheduler(db, logger, cfgs, sources)
}

// newScheduler is NewScheduler over sources already built (tests use it
// with their own sources).
func newScheduler(db warehouse.DB, logger *slog.Logger, cfgs []SourceConfig, sources []Source) (*Scheduler, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	cl := cronLogger{logger}
	s := &Scheduler{db: db, log: logger, runner: NewRunner(db, logger), now: time.Now, byName: map[string]*job{},
		catchUpDone: make(chan struct{}),
		cron: cron.New(cron.WithLocation(wita), cron.WithLogger(cl),
			cron.WithChain(cron.Recover(cl), cron.SkipIfStillRunning(cl)))}
	var specs []string
	groups := map[string][]*job{}
	for i, c := range cfgs {
		if _, dup := s.byName[c.Name]; dup {
			return nil, fmt.Errorf("ingest scheduler: two sources are named %s", c.Name)
		}
		sched, err := cron.ParseStandard(c.Schedule)
		if err != nil {
			return nil, fmt.Errorf("ingest scheduler: source %s: schedule %q: %w", c.Name, c.Schedule, err)
		}
		j := &job{src: sources[i], cfg: c, sched: sched}
		s.jobs = append(s.jobs, j)
		s.byName[c.Name] = j
		if _, ok := groups[c.Schedule]; !ok {
			specs = append(specs, c.Schedule)
		}
		groups[c.Schedule] = append(groups[c.Schedule], j)
	}
	for _, spec := range specs {
		group := groups[spec]
		id, err := s.cron.AddFunc(spec, func() {
			for _, j := range group {
				ctx := s.context()
				if ctx.Err() != nil {
					return
				}
				_, _ = s.run(ctx, j, "schedule")
			}
		})
		if err != nil {
			return nil, fmt.Errorf("ingest scheduler: schedule %q: %w", spec, err)
		}
		for _, j := range group {
			j.entry = id
		}
	}
	return s, nil
}

func (s *Scheduler) context() context.Context {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ctx == nil {
		return context.Background()
	}
	return s.ctx
}

// Start starts the schedule and, in the background, the catch-up runs.
// Jobs run with a context derived from ctx; Stop cancels it.
func (s *Scheduler) Start(ctx context.Context) error {
	s.mu.Lock()
	if s.started {
		s.mu.Unlock()
		return errors.New("ingest scheduler: already started")
	}
	s.started = true
	s.ctx, s.cancel = context.WithCancel(ctx)
	s.wg.Add(1)
	s.mu.Unlock()
	s.cron.Start()
	go func() {
		defer s.wg.Done()
		defer close(s.catchUpDone)
		s.catchUp(s.context())
	}()
	s.log.Info("ingest scheduler started", "sources", len(s.jobs))
	return nil
}

// Stop cancels running jobs' context, stops the schedule and waits for
// every running job (scheduled, catch-up or triggered) to return.
func (s *Scheduler) Stop() {
	s.mu.Lock()
	if !s.started || s.stopped {
		s.stopped = true
		s.mu.Unlock()
		return
	}
	s.stopped = true
	s.cancel()
	s.mu.Unlock()
	<-s.cron.Stop().Done()
	s.wg.Wait()
	s.log.Info("ingest scheduler stopped")
}

// catchUp runs, in configured order, the sources that missed a tick.
func (s *Scheduler) catchUp(ctx context.Context) {
	last, err := LastRuns(ctx, s.db)
	if err != nil {
		s.log.Error("ingest catch-up skipped: last runs unknown", "err", err)
		return
	}
	now := s.now().In(wita)
	for _, j := range s.jobs {
		if ctx.Err() != nil {
			return
		}
		prev := previousActivation(j.sched, now)
		run, ran := last[j.cfg.Name]
		if ran && (prev.IsZero() || !run.Started.Before(prev)) {
			continue
		}
		s.log.Info("ingest catch-up", "source", j.cfg.Name, "previous_tick", prev, "last_run", run.Started, "ever_ran", ran)
		_, _ = s.run(ctx, j, "catch-up")
	}
}

// previousActivation returns the latest time at or before now at which
// sched fires (zero when none within about five years).
func previousActivation(sched cron.Schedule, now time.Time) time.Time {
	if every, ok := sched.(cron.ConstantDelaySchedule); ok {
		return now.Add(-every.Delay)
	}
	for _, back := range []time.Duration{time.Hour, 25 * time.Hour, 8 * 24 * time.Hour, 32 * 24 * time.Hour,
		367 * 24 * time.Hour, 5 * 366 * 24 * time.Hour} {
		var prev time.Time
		for t := sched.Next(now.Add(-back)); !t.IsZero() && !t.After(now); t = sched.Next(t) {
			prev = t
		}
		if !prev.IsZero() {
			return prev
		}
	}
	return time.Time{}
}

// Trigger runs a source now, in the caller's goroutine, and returns its
// summary. It returns ErrBusy at once when the source is running.
func (s *Scheduler) Trigger(ctx context.Context, name string) (RunSummary, error) {
	j, ok := s.byName[name]
	if !ok {
		return RunSummary{}, fmt.Errorf("%w: %s", ErrUnknownSource, name)
	}
	s.mu.Lock()
	if s.stopped {
		s.mu.Unlock()
		return RunSummary{}, ErrStopped
	}
	s.wg.Add(1)
	base := s.ctx
	s.mu.Unlock()
	defer s.wg.Done()
	if base != nil { // Stop cancels manual runs too
		var cancel context.CancelFunc
		ctx, cancel = context.WithCancel(ctx)
		defer cancel()
		stop := context.AfterFunc(base, cancel)
		defer stop()
	}
	return s.run(ctx, j, "manual")
}

// run runs one source under its lock, recovering a panic.
func (s *Scheduler) run(ctx context.Context, j *job, trigger string) (sum RunSummary, err error) {
	log := s.log.With("source", j.cfg.Name, "trigger", trigger)
	if !j.lock.TryLock() {
		log.Info("ingest source skipped: still running")
		return RunSummary{}, fmt.Errorf("%s: %w", j.cfg.Name, ErrBusy)
	}
	defer j.lock.Unlock()
	j.setRunning(true)
	defer j.setRunning(false)
	defer func() {
		if p := recover(); p != nil {
			log.Error("ingest source panicked", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			err = fmt.Errorf("ingest source %s panicked (a bug): %v", j.cfg.Name, p)
		}
	}()
	sum, err = j.src.Run(ctx, s.runner)
	switch {
	case err != nil:
		log.Error("ingest source run failed", "run_id", sum.ID, "err", err)
	case sum.ID == "":
		log.Debug("ingest source had nothing new")
	default:
		log.Info("ingest source run done", "run_id", sum.ID, "status", sum.Status, "rows_read", sum.Read,
			"rows_written", sum.Written(), "rows_unchanged", sum.Unchanged, "rows_rejected", sum.Rejected)
	}
	return sum, err
}

func (j *job) setRunning(v bool) {
	j.runningM.Lock()
	j.running = v
	j.runningM.Unlock()
}

// SourceInfo is a configured source and its state.
type SourceInfo struct {
	SourceConfig
	Next    time.Time // next scheduled run; zero before Start
	Running bool
}

// Sources returns the configured sources in order.
func (s *Scheduler) Sources() []SourceInfo {
	out := make([]SourceInfo, 0, len(s.jobs))
	for _, j := range s.jobs {
		j.runningM.Lock()
		running := j.running
		j.runningM.Unlock()
		out = append(out, SourceInfo{SourceConfig: j.cfg, Next: s.cron.Entry(j.entry).Next, Running: running})
	}
	return out
}

// LastRuns returns the newest recorded run of every source, by name.
func (s *Scheduler) LastRuns(ctx context.Context) (map[string]Run, error) {
	return LastRuns(ctx, s.db)
}

// Runner is the runner the scheduler's sources import with.
func (s *Scheduler) Runner() *Runner { return s.runner }

// cronLogger sends robfig/cron's log to slog (its chatter at debug level).
type cronLogger struct{ l *slog.Logger }

func (c cronLogger) Info(msg string, kv ...any) { c.l.Debug("cron "+msg, kv...) }
func (c cronLogger) Error(err error, msg string, kv ...any) {
	c.l.Error("cron "+msg, append(kv, "err", err)...)
}
