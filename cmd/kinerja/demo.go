package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"kinerja/ingest/demo"
)

// runDemo writes the Kabupaten Mamuju demo feeds (one inbox directory per
// dataset) and prints what it wrote. It needs no warehouse.
//
//	kinerja demo [--out DIR] [--seed N] [--scale N] [--from YYYY-MM-DD] [--to YYYY-MM-DD]
//	             [--activity-months N] [--datasets a,b]
//	kinerja demo serve [--addr 127.0.0.1:8090] …   the e-Kinerja feed (see runDemoServe)
func runDemo(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && args[0] == "serve" {
		return runDemoServe(ctx, e, args[1:])
	}
	fs := e.flagSet("demo")
	out := fs.String("out", "./demo", "output directory: one subdirectory (inbox) per dataset")
	seed := fs.Uint64("seed", 1, "random seed: the same seed and range give byte-identical files")
	scale := fs.Float64("scale", 1, "multiplies every volume (1 = realistic; 0.1 for a quick look, 60+ for ~10 M survey responses)")
	from := fs.String("from", demo.DefaultFrom.Format("2006-01-02"), "first day, YYYY-MM-DD (WITA)")
	to := fs.String("to", "", "last day, YYYY-MM-DD (WITA); default yesterday")
	activityMonths := fs.Int("activity-months", 3, "activity reports for the last N calendar months of the range (0 = the whole range; ~1.5 M reports a year at scale 1)")
	datasets := fs.String("datasets", "", "comma-separated datasets to write (default all: "+strings.Join(demo.Datasets, ",")+")")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected arguments %q", fs.Args())
	}
	opt := demo.Options{Seed: *seed, Scale: *scale}
	var err error
	if opt.From, err = parseDay("from", *from); err != nil {
		return err
	}
	if *to != "" {
		if opt.To, err = parseDay("to", *to); err != nil {
			return err
		}
	}
	if *activityMonths < 0 {
		return usagef("--activity-months %d: want 0 (the whole range) or more", *activityMonths)
	}
	if *datasets != "" {
		opt.Datasets = strings.Split(*datasets, ",")
	}
	g, err := demo.New(opt)
	if err != nil {
		return usagef("%v", err)
	}
	if *activityMonths != 3 { // 3 is the library's default window
		opt = g.Options()
		opt.ActivityFrom = opt.From
		if *activityMonths > 0 {
			opt.ActivityFrom = time.Date(opt.To.Year(), opt.To.Month()-time.Month(*activityMonths-1), 1, 0, 0, 0, 0, demo.WITA)
		}
		if g, err = demo.New(opt); err != nil {
			return usagef("%v", err)
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	o := g.Options()
	e.logger().Info("demo writing", "out", *out, "seed", o.Seed, "scale", o.Scale,
		"from", o.From.Format("2006-01-02"), "to", o.To.Format("2006-01-02"),
		"activity_from", o.ActivityFrom.Format("2006-01-02"), "workers", o.Workers)
	s, err := g.Write(*out)
	if err != nil {
		return err
	}
	printDemoSummary(e, s)
	return nil
}

func parseDay(name, v string) (time.Time, error) {
	t, err := time.Parse("2006-01-02", v)
	if err != nil {
		return time.Time{}, usagef("--%s %q: want a date YYYY-MM-DD", name, v)
	}
	return t, nil
}

func printDemoSummary(e *env, s demo.Summary) {
	fmt.Fprintf(e.stdout, "Demo Kabupaten Mamuju in %s: %s to %s, seed %d, scale %g\n",
		s.Dir, s.From.Format("2006-01-02"), s.To.Format("2006-01-02"), s.Seed, s.Scale)
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "dataset\trows\tfiles\tdirectory")
	for _, d := range s.Datasets {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\n", d.Name, d.Rows, len(d.Files), filepath.Clean(d.Dir))
	}
	tw.Flush()
	secs := s.Elapsed.Seconds()
	rate := 0.0
	if secs > 0 {
		rate = float64(s.TotalRows()) / secs
	}
	fmt.Fprintf(e.stdout, "%d rows in %.2fs (%.0f rows/s)\n", s.TotalRows(), secs, rate)
}

// runDemoServe serves the demo's web reporting app feed (demo.Feed: activity
// reports, SKP, employees and units as paged JSON, the survey export as
// CSV) until interrupted. The token is --feed-token or KINERJA_FEED_TOKEN,
// else demo.DefaultFeedToken. It needs no warehouse.
//
//	kinerja demo serve [--addr 127.0.0.1:8090] [--seed N] [--scale N] [--from YYYY-MM-DD]
//	                   [--feed-token T] [--fail-rate R] [--slow-rate R] [--slow-delay D] [--truncate-rate R]
func runDemoServe(ctx context.Context, e *env, args []string) error {
	fs := e.flagSet("demo serve")
	addr := fs.String("addr", "127.0.0.1:8090", "listen address (port 0 picks a free one)")
	seed := fs.Uint64("seed", 1, "random seed (the same as `kinerja demo` for the same people)")
	scale := fs.Float64("scale", 1, "multiplies every volume (1 = realistic)")
	from := fs.String("from", "", "first activity day served, YYYY-MM-DD (WITA); default the first day of the month two months ago")
	token := fs.String("feed-token", "", "bearer token clients must send (default "+demo.DefaultFeedToken+")")
	failRate := fs.Float64("fail-rate", 0, "share of requests answered 503 (0–1)")
	slowRate := fs.Float64("slow-rate", 0, "share of requests answered late (0–1)")
	slowDelay := fs.Duration("slow-delay", 2*time.Second, "how late a slow answer is")
	truncateRate := fs.Float64("truncate-rate", 0, "share of requests whose body is cut (0–1)")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected arguments %q", fs.Args())
	}
	opt := demo.FeedOptions{Seed: *seed, Scale: *scale, Token: *token, Logger: e.logger(),
		Faults: demo.Faults{FailRate: *failRate, SlowRate: *slowRate, SlowDelay: *slowDelay, TruncateRate: *truncateRate}}
	if *from != "" {
		var err error
		if opt.From, err = parseDay("from", *from); err != nil {
			return err
		}
	}
	f, err := demo.NewFeed(opt)
	if err != nil {
		return usagef("%v", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	url, stop, err := f.Start(ctx, *addr)
	if err != nil {
		return err
	}
	defer stop()
	o := f.Options()
	fmt.Fprintf(e.stdout, "e-Kinerja demo feed on %s (seed %d, scale %g, activity from %s)\n", url, o.Seed, o.Scale, f.From().Format("2006-01-02"))
	fmt.Fprintf(e.stdout, "header: Authorization: Bearer %s\n", o.Token)
	for _, p := range []string{demo.FeedPathActivity, demo.FeedPathSKP, demo.FeedPathEmployees, demo.FeedPathUnits} {
		fmt.Fprintf(e.stdout, "  GET %s%s?updated_since=RFC3339&cursor=C&limit=N\n", url, p)
	}
	fmt.Fprintf(e.stdout, "  GET %s%s?from=YYYY-MM-DD&to=YYYY-MM-DD\n", url, demo.FeedPathSurveyCSV)
	e.logger().Info("demo feed serving", "url", url, "fail_rate", *failRate, "slow_rate", *slowRate, "truncate_rate", *truncateRate)
	<-ctx.Done()
	return nil
}
