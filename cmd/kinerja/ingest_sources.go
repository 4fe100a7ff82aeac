package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"kinerja/analytics"
	"kinerja/ingest"
	"kinerja/warehouse"
)

// The ingest subcommands about sources, runs and profiles:
//
//	kinerja ingest run [NAME...]     run the configured sources now (all, in order, or the ones named)
//	kinerja ingest list              the sources: schedule, last run, next run, watermark
//	kinerja ingest runs              the runs, newest first (--format json|table)
//	kinerja ingest rejects RUN_ID    the rejects of a run
//	kinerja ingest profiles          the import profiles
//
// When another process holds the data directory, they go through the
// running server (ingest_remote.go).

// openOrRemote opens the warehouse, or — with --server, or when the
// running server holds the data directory — returns a client for it.
func (e *env) openOrRemote(ctx context.Context, server string) (warehouse.DB, *adminClient, error) {
	if server != "" {
		return nil, newAdminClient(server), nil
	}
	db, err := e.openDB(ctx)
	if err == nil {
		return db, nil, nil
	}
	c, rerr := e.remoteFor(ctx, err)
	return nil, c, rerr
}

// runIngestRun runs configured sources now and prints what each did.
func runIngestRun(ctx context.Context, e *env, args []string) error {
	fs := e.flagSet("ingest run")
	setup := addSetupFlags(fs)
	server := fs.String("server", "", "send the work to the running kinerja serve at this URL (default: the one holding DATA, if any)")
	full := fs.Bool("full", false, "HTTP sources: forget the watermark and fetch everything again (re-imported rows are counted unchanged)")
	names, err := parseInterleaved(fs, func(a []string) error { return e.parse(fs, a) }, args)
	if err != nil {
		return err
	}
	var cfg fileConfig
	if *server == "" {
		if cfg, _, err = e.setup(setup); err != nil {
			return err
		}
	}
	db, remote, err := e.openOrRemote(ctx, *server)
	if err != nil {
		return err
	}
	if remote != nil {
		if *full {
			return usagef("--full is not available through the server: stop kinerja serve, run it, and start the server again")
		}
		return remoteRun(ctx, e, remote, names) // the server's sources
	}
	defer db.Close()
	if len(cfg.Sources) == 0 {
		return usagef("no sources are configured: add a sources: section to %s (see kinerja.example.yaml)", orDefault(cfg.Path, defaultConfigFile))
	}
	known := map[string]bool{}
	for _, c := range cfg.Sources {
		known[c.Name] = true
	}
	for _, n := range names {
		if !known[n] {
			return usagef("no source named %q in %s; kinerja ingest list shows them", n, cfg.Path)
		}
	}
	sched, err := ingest.NewScheduler(db, e.logger(), cfg.Sources)
	if err != nil {
		return err
	}
	sched.Runner().OnRun(refreshAfterRun(analytics.NewRollups(db, e.logger()), e.logger()))
	if len(names) == 0 {
		for _, c := range cfg.Sources {
			names = append(names, c.Name)
		}
	}
	if *full {
		for _, c := range cfg.Sources {
			if c.Kind != ingest.KindHTTP || !slices.Contains(names, c.Name) {
				continue
			}
			if err := ingest.SetWatermark(ctx, db, c.Name, "", "", time.Now()); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "source %s: watermark forgotten, fetching everything\n", c.Name)
		}
	}
	var failed []string
	for _, n := range names {
		sum, err := sched.Trigger(ctx, n)
		printSourceRun(e.stdout, n, sum, err)
		if err != nil {
			failed = append(failed, n)
		}
		if ctx.Err() != nil {
			break
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("%d of %d sources failed: %s", len(failed), len(names), strings.Join(failed, ", "))
	}
	return nil
}

// remoteRun triggers sources on the server and waits for each.
func remoteRun(ctx context.Context, e *env, c *adminClient, names []string) error {
	if len(names) == 0 {
		srcs, err := c.sources(ctx)
		if err != nil {
			return err
		}
		for _, s := range srcs {
			names = append(names, s.Name)
		}
		if len(names) == 0 {
			return usagef("the server at %s runs no sources", c.base)
		}
	}
	var failed []string
	for _, n := range names {
		job, err := c.trigger(ctx, n)
		if errors.As(err, new(usageError)) {
			return err // an unknown source
		}
		if err == nil {
			job, err = c.wait(ctx, job)
		}
		var sum ingest.RunSummary
		if job.Summary != nil {
			sum = job.Summary.Summary()
		}
		if err == nil && job.State == ingest.JobFailed {
			err = errors.New(job.Error)
		}
		printSourceRun(e.stdout, n, sum, err)
		if err != nil {
			failed = append(failed, n)
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("%d of %d sources failed: %s", len(failed), len(names), strings.Join(failed, ", "))
	}
	return nil
}

func printSourceRun(w io.Writer, name string, sum ingest.RunSummary, err error) {
	switch {
	case sum.ID != "":
		fmt.Fprintf(w, "source %s:\n", name)
		printSummary(w, sum)
		if err != nil {
			fmt.Fprintf(w, "source %s: %v\n", name, err)
		}
	case err != nil:
		fmt.Fprintf(w, "source %s: %v\n", name, err)
	default:
		fmt.Fprintf(w, "source %s: nothing new\n", name)
	}
}

// runIngestList lists the configured sources with their last and next run.
func runIngestList(ctx context.Context, e *env, args []string) error {
	fs := e.flagSet("ingest list")
	setup := addSetupFlags(fs)
	server := fs.String("server", "", "ask the running kinerja serve at this URL (default: the one holding DATA, if any)")
	format := fs.String("format", "table", "table or json")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("ingest list takes no arguments, got %q", fs.Args())
	}
	if *format != "table" && *format != "json" {
		return usagef("--format %q: want table or json", *format)
	}
	var cfg fileConfig
	var err error
	if *server == "" {
		if cfg, _, err = e.setup(setup); err != nil {
			return err
		}
	}
	var list []remoteSource
	db, remote, err := e.openOrRemote(ctx, *server)
	switch {
	case err != nil && *server == "" && len(cfg.Sources) > 0:
		// Neither the warehouse nor a server: the configuration still says a lot.
		fmt.Fprintf(e.stderr, "kinerja ingest list: last runs unknown: %v\n", err)
		list = localSources(cfg, nil, nil)
	case err != nil:
		return err
	case remote != nil:
		if list, err = remote.sources(ctx); err != nil {
			return err
		}
	default:
		defer db.Close()
		last, err := ingest.LastRuns(ctx, db)
		if err != nil {
			return err
		}
		wms := map[string]string{}
		for _, c := range cfg.Sources {
			if c.Kind == ingest.KindHTTP {
				wm, _, err := ingest.Watermark(ctx, db, c.Name)
				if err != nil {
					return err
				}
				wms[c.Name] = wm
			}
		}
		list = localSources(cfg, last, wms)
	}
	if *format == "json" {
		if list == nil {
			list = []remoteSource{}
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(list)
	}
	if len(list) == 0 {
		fmt.Fprintf(e.stdout, "no sources configured (%s has no sources: section; see kinerja.example.yaml)\n", orDefault(cfg.Path, "no kinerja.yaml"))
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SOURCE\tDATASET\tKIND\tSCHEDULE (WITA)\tLAST RUN (WITA)\tSTATUS\tNEXT RUN (WITA)\tLOCATION")
	for _, s := range list {
		last, status := "never", "-"
		if s.Running {
			status = "running"
		}
		if s.LastRun != nil {
			last = s.LastRun.Started.In(cliWITA).Format("2006-01-02 15:04")
			if !s.Running {
				status = s.LastRun.Status
			}
		}
		next := "-"
		if s.NextRun != nil {
			next = s.NextRun.In(cliWITA).Format("2006-01-02 15:04")
		}
		loc := s.Location
		if s.Profile != "" {
			loc += " (profile " + s.Profile + ")"
		}
		if s.Watermark != "" {
			loc += " [since " + s.Watermark + "]"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s.Name, s.Dataset, s.Kind, s.Schedule, last, status, next, loc)
	}
	return tw.Flush()
}

// localSources describes the configured sources as the admin API would.
func localSources(cfg fileConfig, last map[string]ingest.Run, wms map[string]string) []remoteSource {
	now := time.Now()
	var out []remoteSource
	for _, c := range cfg.Sources {
		s := remoteSource{Name: c.Name, Dataset: string(c.Dataset), Kind: c.Kind, Schedule: c.Schedule,
			Location: ingest.RedactLocation(c.Location), Profile: c.Profile, Watermark: wms[c.Name]}
		if next := c.NextRun(now); !next.IsZero() {
			n := next.UTC()
			s.NextRun = &n
		}
		if r, ok := last[c.Name]; ok {
			v := r.View()
			s.LastRun = &v
		}
		out = append(out, s)
	}
	return out
}

// runIngestRuns lists runs, newest first, as a table or JSON.
func runIngestRuns(ctx context.Context, e *env, args []string) error {
	fs := e.flagSet("ingest runs")
	source := fs.String("source", "", "only the runs of this source")
	limit := fs.Int("limit", 20, "how many runs (at most 1000)")
	format := fs.String("format", "table", "table, or json: a list of runs (id, source, dataset, kind, status, started, finished, read, accepted, unchanged, written, rejected, error, notes)")
	server := fs.String("server", "", "ask the running kinerja serve at this URL (default: the one holding DATA, if any)")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("ingest runs takes no arguments, got %q", fs.Args())
	}
	if *format != "table" && *format != "json" {
		return usagef("--format %q: want table or json", *format)
	}
	if *limit < 1 || *limit > 1000 {
		return usagef("--limit %d: want 1–1000", *limit)
	}
	db, remote, err := e.openOrRemote(ctx, *server)
	if err != nil {
		return err
	}
	var views []ingest.RunView
	if remote != nil {
		if views, err = remote.runs(ctx, *source, *limit); err != nil {
			return err
		}
	} else {
		defer db.Close()
		runs, err := ingest.ListRuns(ctx, db, ingest.RunFilter{Source: *source, Limit: *limit})
		if err != nil {
			return err
		}
		for _, r := range runs {
			views = append(views, r.View())
		}
	}
	if *format == "json" {
		if views == nil {
			views = []ingest.RunView{}
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(views)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STARTED (WITA)\tSTATUS\tSOURCE\tDATASET\tREAD\tACCEPTED\tUNCHANGED\tREJECTED\tTOOK\tRUN\tERROR")
	for _, r := range views {
		took := "-"
		if r.Finished != nil {
			took = r.Finished.Sub(r.Started).Round(100 * time.Millisecond).String()
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%s\t%s\t%s\n", r.Started.In(cliWITA).Format("2006-01-02 15:04:05"),
			r.Status, r.Source, r.Dataset, r.Read, r.Accepted, r.Unchanged, r.Rejected, took, r.ID, oneLine(r.Error, 80))
	}
	return tw.Flush()
}

// oneLine cuts s to one line of at most n characters.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// runIngestRejects prints the rejects of a run.
func runIngestRejects(ctx context.Context, e *env, args []string) error {
	fs := e.flagSet("ingest rejects")
	limit := fs.Int("limit", 100, "how many rejects (at most 1000)")
	server := fs.String("server", "", "ask the running kinerja serve at this URL (default: the one holding DATA, if any)")
	pos, err := parseInterleaved(fs, func(a []string) error { return e.parse(fs, a) }, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("ingest rejects: name one run id")
	}
	db, remote, err := e.openOrRemote(ctx, *server)
	if err != nil {
		return err
	}
	var run ingest.RunView
	var rejects []ingest.RejectView
	if remote != nil {
		if run, _, rejects, err = remote.rejects(ctx, pos[0], *limit); err != nil {
			return err
		}
	} else {
		defer db.Close()
		r, err := ingest.GetRun(ctx, db, pos[0])
		if errors.Is(err, ingest.ErrRunNotFound) {
			return usagef("%v", err)
		}
		if err != nil {
			return err
		}
		run = r.View()
		list, err := ingest.ListRejects(ctx, db, r.ID, *limit, 0)
		if err != nil {
			return err
		}
		for _, rj := range list {
			rejects = append(rejects, rj.View())
		}
	}
	fmt.Fprintf(e.stdout, "run %s (%s, %s): %d rows rejected\n", run.ID, run.Source, run.Status, run.Rejected)
	for _, r := range rejects {
		col := r.Column
		if col == "" {
			col = "-"
		}
		fmt.Fprintf(e.stdout, "%s:%d\t%s\t%s\n", r.File, r.Line, col, r.ReasonEN)
	}
	return nil
}

// runIngestProfiles lists the import profiles.
func runIngestProfiles(_ context.Context, e *env, args []string) error {
	fs := e.flagSet("ingest profiles")
	setup := addSetupFlags(fs)
	if err := e.parse(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(*setup.config)
	if err != nil {
		return err
	}
	ps, err := e.loadProfiles(cfg, *setup.profiles)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "PROFILE\tDATASET\tFROM\tDESCRIPTION")
	for _, p := range ps.List() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", p.Name, p.Dataset, p.Origin, p.Description)
	}
	return tw.Flush()
}

// profileFor returns the profile --profile names for dataset ds (nil for
// none), reading the configuration's and the directories' profiles.
func (e *env) profileFor(setup setupFlags, name, unit string, ds ingest.Dataset) (*ingest.Profile, error) {
	if name == "" {
		if unit != "" {
			return nil, usagef("--unit goes with a questionnaire profile: add --profile skm-kuesioner")
		}
		return nil, nil
	}
	cfg, err := loadConfig(*setup.config)
	if err != nil {
		return nil, err
	}
	ps, err := e.loadProfiles(cfg, *setup.profiles)
	if err != nil {
		return nil, err
	}
	p, err := ps.Get(name)
	if err != nil {
		return nil, usagef("--profile: %v", err)
	}
	if p.Dataset != ds {
		return nil, usagef("--profile %s reads %s, not %s", name, p.Dataset, ds)
	}
	if unit != "" && p.Questionnaire == "" {
		return nil, usagef("--unit goes with a questionnaire profile such as skm-kuesioner; %s maps columns", name)
	}
	return p, nil
}

// remoteFile sends files to the server for import and prints the summary.
func remoteFile(ctx context.Context, e *env, c *adminClient, ds ingest.Dataset, source, sheet, profile, unit string, files []string) error {
	q := url.Values{"kind": {string(ds)}, "source": {source}}
	for k, v := range map[string]string{"sheet": sheet, "profile": profile, "unit": unit} {
		if v != "" {
			q.Set(k, v)
		}
	}
	job, err := c.upload(ctx, q, files)
	if err != nil {
		return err
	}
	if job, err = c.wait(ctx, job); err != nil {
		return err
	}
	var sum ingest.RunSummary
	if job.Summary != nil {
		sum = job.Summary.Summary()
	}
	var runErr error
	if job.State == ingest.JobFailed {
		runErr = errors.New(job.Error)
	}
	return fileRunOutcome(e, sum, runErr)
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
