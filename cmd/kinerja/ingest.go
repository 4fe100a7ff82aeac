package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"kinerja/ingest"
)

const ingestUsage = `Usage:
  kinerja ingest file --kind DATASET [--source NAME] [--sheet NAME] FILE...
                                                                    import CSV or XLSX files now
  kinerja ingest runs [--source NAME] [--limit N]                   list runs, newest first
  kinerja ingest rejects [--limit N] RUN_ID                         list the rejects of a run

DATASET is one of units, employees, organisation_ratings, survey,
activity_reports, skp_evaluations, competency_assessments, trainings (import
them in this order: every dataset names units, agencies or employees).
Files are CSV (',' or ';' separated, UTF-8, UTF-16 or Windows-1252) or XLSX
workbooks (the first sheet, or --sheet NAME).

Exit codes: 0 the run completed (even with rejected rows), 1 it could not
run or a file could not be imported (missing, unreadable, not UTF-8, wrong
header), 2 wrong usage.
`

// runIngest dispatches the ingest subcommands.
func runIngest(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usagef("ingest: want a subcommand\n\n%s", ingestUsage)
	}
	switch args[0] {
	case "file":
		return runIngestFile(ctx, e, args[1:])
	case "runs":
		return runIngestRuns(ctx, e, args[1:])
	case "rejects":
		return runIngestRejects(ctx, e, args[1:])
	case "help", "-h", "--help":
		fmt.Fprint(e.stdout, ingestUsage)
		return nil
	}
	return usagef("ingest: unknown subcommand %q\n\n%s", args[0], ingestUsage)
}

// parseInterleaved parses flags that may come before, between or after the
// positional arguments (kinerja ingest file a.csv --kind survey); after
// "--" everything is positional.
func parseInterleaved(fs *flag.FlagSet, parse func([]string) error, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

func runIngestFile(ctx context.Context, e *env, args []string) error {
	fs := e.flagSet("ingest file")
	kind := fs.String("kind", "", "what the files hold: "+datasetNames()+" (required)")
	source := fs.String("source", ingest.KindFile, "source name; survey and activity rows carry it, and their ids are unique per source")
	sheet := fs.String("sheet", "", "worksheet of XLSX files (default: the first)")
	files, err := parseInterleaved(fs, func(a []string) error { return e.parse(fs, a) }, args)
	if err != nil {
		return err
	}
	if *kind == "" {
		return usagef("--kind is required: %s", datasetNames())
	}
	ds, err := ingest.ParseDataset(*kind)
	if err != nil {
		return usagef("--kind: %v", err)
	}
	if err := ingest.CheckSourceName(*source); err != nil {
		return usagef("--source: %v", err)
	}
	if len(files) == 0 {
		return usagef("name at least one file to import")
	}
	db, err := e.openDB(ctx)
	if err != nil {
		return err // a *warehouse.LockedError says plainly who holds the data directory
	}
	defer db.Close()
	req := ingest.Request{Source: *source, Dataset: ds, Kind: ingest.KindFile, Sheet: *sheet}
	for _, f := range files {
		req.Files = append(req.Files, ingest.Input{Name: f, Path: f})
	}
	sum, runErr := ingest.NewRunner(db, e.logger()).Import(ctx, req)
	printSummary(e.stdout, sum)
	if runErr != nil {
		return runErr
	}
	failed := 0
	for _, f := range sum.Files {
		if f.Err != nil {
			failed++
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d files could not be imported (run %s)", failed, len(sum.Files), sum.ID)
	}
	return nil
}

// datasetNames lists the datasets, in load order.
func datasetNames() string {
	names := make([]string, len(ingest.Datasets))
	for i, d := range ingest.Datasets {
		names[i] = string(d)
	}
	return strings.Join(names, ", ")
}

// printSummary prints what a run did, file by file, with its first rejects.
func printSummary(w io.Writer, sum ingest.RunSummary) {
	for _, f := range sum.Files {
		if f.Err != nil && f.Read == 0 {
			fmt.Fprintf(w, "%s: NOT IMPORTED: %s\n", f.Name, f.Err.ReasonEN)
		} else {
			fmt.Fprintf(w, "%s: %d read, %d accepted (%d new or changed, %d unchanged), %d rejected\n",
				f.Name, f.Read, f.Accepted, f.Accepted-f.Unchanged, f.Unchanged, f.Rejected)
			if f.Err != nil {
				fmt.Fprintf(w, "  NOT IMPORTED from line %d on: %s\n", f.Err.Line, f.Err.ReasonEN)
			}
		}
		for _, r := range f.Rejects {
			if f.Err != nil && r.Line == f.Err.Line && r.Column == "" && r.ReasonEN == f.Err.ReasonEN {
				continue // said above
			}
			fmt.Fprintf(w, "  %s:%d: %s\n", r.File, r.Line, r.ReasonEN)
		}
		if more := f.RejectsTotal - len(f.Rejects); more > 0 {
			fmt.Fprintf(w, "  … and %d more (kinerja ingest rejects %s)\n", more, sum.ID)
		}
	}
	for _, n := range sum.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	if sum.ID == "" {
		return
	}
	fmt.Fprintf(w, "run %s: %s: %d read, %d written, %d unchanged, %d rejected\n",
		sum.ID, sum.Status, sum.Read, sum.Written(), sum.Unchanged, sum.Rejected)
}

var cliWITA = func() *time.Location {
	if loc, err := time.LoadLocation("Asia/Makassar"); err == nil {
		return loc
	}
	return time.FixedZone("WITA", 8*3600)
}()

func runIngestRuns(ctx context.Context, e *env, args []string) error {
	fs := e.flagSet("ingest runs")
	source := fs.String("source", "", "only the runs of this source")
	limit := fs.Int("limit", 20, "how many runs")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("ingest runs takes no arguments, got %q", fs.Args())
	}
	db, err := e.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	runs, err := ingest.ListRuns(ctx, db, ingest.RunFilter{Source: *source, Limit: *limit})
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STARTED (WITA)\tSTATUS\tSOURCE\tDATASET\tREAD\tACCEPTED\tUNCHANGED\tREJECTED\tRUN")
	for _, r := range runs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%s\n", r.Started.In(cliWITA).Format("2006-01-02 15:04:05"),
			r.Status, r.Source, r.Dataset, r.RowsRead, r.RowsAccepted, r.RowsUnchanged, r.RowsRejected, r.ID)
	}
	return tw.Flush()
}

func runIngestRejects(ctx context.Context, e *env, args []string) error {
	fs := e.flagSet("ingest rejects")
	limit := fs.Int("limit", 100, "how many rejects (at most 1000)")
	pos, err := parseInterleaved(fs, func(a []string) error { return e.parse(fs, a) }, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("ingest rejects: name one run id")
	}
	db, err := e.openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	run, err := ingest.GetRun(ctx, db, pos[0])
	if errors.Is(err, ingest.ErrRunNotFound) {
		return usagef("%v", err)
	}
	if err != nil {
		return err
	}
	rejects, err := ingest.ListRejects(ctx, db, run.ID, *limit, 0)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "run %s (%s, %s): %d rows rejected\n", run.ID, run.Source, run.Status, run.RowsRejected)
	for _, r := range rejects {
		col := r.Column
		if col == "" {
			col = "-"
		}
		fmt.Fprintf(e.stdout, "%s:%d\t%s\t%s\n", r.File, r.Line, col, r.ReasonEN)
	}
	return nil
}
