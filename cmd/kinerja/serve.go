package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"kinerja/analytics"
	"kinerja/dashboards"
	"kinerja/ingest"
	"kinerja/ingest/demo"
	"kinerja/warehouse"
)

// serveOptions are the flags of `kinerja serve`.
type serveOptions struct {
	addr          string
	dev           bool
	pemda         string
	dataDir       string
	inbox         string // directory with one subdirectory per dataset
	inboxSchedule string
	demo          bool
	demoSeed      uint64
	sources       []ingest.SourceConfig // from the configuration file, after the inbox's
}

// runServe opens the warehouse, serves the dashboards and the API on
// --addr, runs the background services next to them, and on SIGINT/SIGTERM
// (ctx done) stops taking requests, lets running ones finish (up to 15 s),
// then stops the services.
func runServe(ctx context.Context, e *env, args []string) error {
	fs := e.flagSet("serve")
	var o serveOptions
	fs.StringVar(&o.addr, "addr", ":8080", "address to listen on (host:port)")
	fs.BoolVar(&o.dev, "dev", false, "read templates and assets from ./dashboards on every request (development)")
	fs.StringVar(&o.pemda, "pemda", "Kabupaten Mamuju", "name of the regional government shown on the pages")
	fs.StringVar(&o.inbox, "inbox", "", "inbox directory: files dropped in INBOX/<dataset>/ are imported on schedule (default DATA/inbox)")
	fs.StringVar(&o.inboxSchedule, "inbox-schedule", "*/5 * * * *", "when to look into the inbox (cron, WITA)")
	fs.BoolVar(&o.demo, "demo", false, "on first start write the Kabupaten Mamuju demo to DATA/demo and import it through the inbox")
	fs.Uint64Var(&o.demoSeed, "demo-seed", 1, "seed of the demo data")
	setup := addSetupFlags(fs)
	if err := e.parse(fs, args); err != nil {
		return err
	}
	cfg, profiles, err := e.setup(setup)
	if err != nil {
		return err
	}
	if cfg.Pemda != "" && !flagGiven(fs, "pemda") && os.Getenv("KINERJA_PEMDA") == "" {
		o.pemda = cfg.Pemda
	}
	o.sources = cfg.Sources
	o.dataDir = e.dataDir
	if o.inbox == "" {
		o.inbox = filepath.Join(e.dataDir, "inbox")
	}
	log := e.logger()

	db, err := e.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()

	services, err := backgroundServices(o, db, log)
	if err != nil {
		return err
	}
	var sched *ingest.Scheduler
	for _, svc := range services {
		if ss, ok := svc.(schedulerService); ok {
			sched = ss.s
		}
	}
	// One set of rollups for the dashboards and the ingest runs (rollups.go).
	rollups := analytics.NewRollups(db, log)
	if sched != nil {
		sched.Runner().OnRun(refreshAfterRun(rollups, log))
	}
	services = append(services, &rollupService{r: rollups, log: log})
	metrics := analytics.New(db, o.pemda)
	metrics.Rollups = rollups
	metrics.Config = cfg.Analytics // the analytics: section of the configuration file
	app, err := dashboards.New(dashboards.Config{
		Analytics: metrics,
		DB:        db,
		Logger:    log,
		Dev:       o.dev,
		PemdaName: o.pemda,
		Admin: dashboards.AdminConfig{Jobs: ingest.NewJobs(sched, nil), Profiles: profiles,
			Token: os.Getenv("KINERJA_ADMIN_TOKEN")},
	})
	if err != nil {
		return err
	}

	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (is another kinerja or web server using this port?)", o.addr, err)
	}
	// Tell `kinerja ingest`, which cannot open the data directory while we
	// hold it, where to send its work.
	removeInfo, err := writeServeInfo(e.dataDir, ln.Addr())
	if err != nil {
		ln.Close()
		return err
	}
	defer removeInfo()
	var started []backgroundService
	defer func() {
		// Stop in reverse order of start, each with its own deadline.
		for i := len(started) - 1; i >= 0; i-- {
			sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			if err := started[i].Stop(sctx); err != nil {
				log.Error("stop service", "service", started[i].Name(), "err", err)
			}
			cancel()
		}
	}()
	for _, s := range services {
		if err := s.Start(ctx); err != nil {
			ln.Close()
			return fmt.Errorf("start %s: %w", s.Name(), err)
		}
		started = append(started, s)
		log.Info("service started", "service", s.Name())
	}

	served := make(chan error, 1)
	go func() { served <- app.Listener(ln) }()
	log.Info("serving dashboards", "addr", ln.Addr().String(), "backend", db.Backend(), "database", db.Database(), "dev", o.dev)

	select {
	case err := <-served:
		return fmt.Errorf("http server: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down", "grace_s", 15)
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := app.ShutdownWithContext(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("http shutdown: %w", err)
	}
	<-served
	return nil
}

// backgroundService is something `serve` runs next to the web server: the
// ingest scheduler, the demo loader… Start must not block; Stop waits for
// running work up to its context's deadline.
type backgroundService interface {
	Name() string
	Start(ctx context.Context) error
	Stop(ctx context.Context) error
}

// backgroundServices returns what runs next to the web server, started in
// order after the warehouse is open and stopped in reverse order after the
// last request. The ingest scheduler and the --demo loader go here (add
// their flags to serveOptions).
func backgroundServices(o serveOptions, db warehouse.DB, log *slog.Logger) ([]backgroundService, error) {
	var sources []ingest.SourceConfig
	var services []backgroundService
	if o.demo {
		dir := filepath.Join(o.dataDir, "demo")
		if err := ensureDemo(dir, o.demoSeed, log); err != nil {
			return nil, err
		}
		// Files through the inbox, except the activity reports, which the
		// demo's web reporting app (e-Kinerja) serves over HTTP together with
		// the SKP evaluations: both ingest paths run as they would at a Pemda.
		// (SKP comes both ways: its key has no source, so it is never doubled;
		// activity reports are keyed by source and come only from the app.)
		for _, sc := range inboxSources("demo", dir, o.inboxSchedule) {
			if sc.Dataset != ingest.ActivityReports {
				sources = append(sources, sc)
			}
		}
		url, stop, err := demo.StartFeed(context.Background(), "127.0.0.1:0", demo.FeedOptions{Seed: o.demoSeed, Logger: log})
		if err != nil {
			return nil, fmt.Errorf("demo feed: %w", err)
		}
		log.Info("demo e-Kinerja feed listening", "url", url)
		services = append(services, feedService{stop: stop})
		for _, f := range []struct {
			name    string
			dataset ingest.Dataset
		}{{"demo-ekinerja-aktivitas", ingest.ActivityReports}, {"demo-ekinerja-skp", ingest.SKPEvaluations}} {
			sources = append(sources, ingest.SourceConfig{Name: f.name, Dataset: f.dataset, Kind: ingest.KindHTTP,
				Location: url + demo.FeedPaths[string(f.dataset)], Token: demo.DefaultFeedToken, Schedule: o.inboxSchedule})
		}
	}
	for _, d := range ingest.Datasets {
		if err := os.MkdirAll(filepath.Join(o.inbox, string(d)), 0o755); err != nil {
			return nil, fmt.Errorf("inbox: %w", err)
		}
	}
	sources = append(sources, inboxSources("inbox", o.inbox, o.inboxSchedule)...)
	sources = append(sources, o.sources...)
	sched, err := ingest.NewScheduler(db, log, sources)
	if err != nil {
		for _, s := range services {
			_ = s.Stop(context.Background())
		}
		return nil, err
	}
	return append(services, schedulerService{sched}), nil
}

// feedService stops the demo's e-Kinerja feed, which listens from the moment
// backgroundServices configures the sources that pull from it.
type feedService struct{ stop func() }

func (feedService) Name() string                     { return "demo e-Kinerja feed" }
func (feedService) Start(context.Context) error      { return nil }
func (f feedService) Stop(ctx context.Context) error { f.stop(); return nil }

// inboxSources returns one inbox source per dataset, DIR/<dataset>, named
// PREFIX-<dataset>, in the order datasets must load (units before survey).
func inboxSources(prefix, dir, schedule string) []ingest.SourceConfig {
	var out []ingest.SourceConfig
	for _, d := range ingest.Datasets {
		out = append(out, ingest.SourceConfig{
			Name: prefix + "-" + strings.ReplaceAll(string(d), "_", "-"), Dataset: d, Kind: ingest.KindInbox,
			Location: filepath.Join(dir, string(d)), Schedule: schedule,
		})
	}
	return out
}

// ensureDemo writes the demo feeds into dir once; a marker file says they
// are complete, so an interrupted first start writes them again.
func ensureDemo(dir string, seed uint64, log *slog.Logger) error {
	marker := filepath.Join(dir, ".complete")
	if _, err := os.Stat(marker); err == nil {
		return nil
	}
	log.Info("writing the Kabupaten Mamuju demo", "dir", dir, "seed", seed)
	// Everything but the activity reports, which come from the demo feed.
	var datasets []string
	for _, d := range demo.Datasets {
		if d != demo.DatasetActivityReports {
			datasets = append(datasets, d)
		}
	}
	sum, err := demo.Write(dir, demo.Options{Seed: seed, Datasets: datasets})
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	log.Info("demo written", "dir", dir, "rows", sum.TotalRows(), "elapsed", sum.Elapsed.Round(time.Millisecond))
	// The files were written whole (temporary name, then rename): date them
	// a minute back so the inbox, which leaves alone files modified in the
	// last seconds (they may still be being copied), takes them at once.
	past := time.Now().Add(-time.Minute)
	for _, d := range sum.Datasets {
		for _, f := range d.Files {
			if err := os.Chtimes(f, past, past); err != nil {
				return fmt.Errorf("demo: %w", err)
			}
		}
	}
	return os.WriteFile(marker, []byte(time.Now().UTC().Format(time.RFC3339)+"\n"), 0o644)
}

// schedulerService runs the ingest scheduler next to the web server.
type schedulerService struct{ s *ingest.Scheduler }

func (schedulerService) Name() string                      { return "ingest scheduler" }
func (s schedulerService) Start(ctx context.Context) error { return s.s.Start(ctx) }
func (s schedulerService) Stop(ctx context.Context) error {
	done := make(chan struct{})
	go func() { s.s.Stop(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("ingest scheduler still running after the grace period: %w", ctx.Err())
	}
}

// flagGiven tells whether a flag was set on the command line.
func flagGiven(fs *flag.FlagSet, name string) bool {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}
