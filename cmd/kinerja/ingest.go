package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"kinerja/analytics"
	"kinerja/ingest"
)

const ingestUsage = `Usage:
  kinerja ingest file --kind DATASET [--source NAME] [--sheet NAME] [--profile NAME [--unit CODE]] FILE...
                                                                    import CSV or XLSX files now
  kinerja ingest run [--full] [NAME...]                             run the configured sources now (all, in order)
  kinerja ingest list [--format table|json]                         the sources: schedule, last run, next run
  kinerja ingest runs [--source NAME] [--limit N] [--format table|json]   list runs, newest first
  kinerja ingest rejects [--limit N] RUN_ID                         list the rejects of a run
  kinerja ingest profiles                                           list the import profiles

Sources come from the configuration file (--config, default ./kinerja.yaml;
see kinerja.example.yaml); import profiles from ./profiles, DATA/profiles,
--profiles DIR and the built-in ones (skm-kuesioner: exports of SKM
questionnaire forms, with --unit CODE when the export has no unit column).
While kinerja serve holds the data directory, these commands go through it
(or through --server URL).

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
	case "run":
		return runIngestRun(ctx, e, args[1:])
	case "list":
		return runIngestList(ctx, e, args[1:])
	case "runs":
		return runIngestRuns(ctx, e, args[1:])
	case "rejects":
		return runIngestRejects(ctx, e, args[1:])
	case "profiles":
		return runIngestProfiles(ctx, e, args[1:])
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
	profile := fs.String("profile", "", "import profile the files are read through, e.g. skm-kuesioner (kinerja ingest profiles lists them)")
	unit := fs.String("unit", "", "unit code of every row, with a questionnaire profile such as skm-kuesioner")
	setup := addSetupFlags(fs)
	server := fs.String("server", "", "send the files to the running kinerja serve at this URL (default: the one holding DATA, if any)")
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
	prof, err := e.profileFor(setup, *profile, *unit, ds)
	if err != nil {
		return err
	}
	db, remote, err := e.openOrRemote(ctx, *server)
	if err != nil {
		return err // a *warehouse.LockedError says plainly who holds the data directory
	}
	if remote != nil {
		return remoteFile(ctx, e, remote, ds, *source, *sheet, *profile, *unit, files)
	}
	defer db.Close()
	req := ingest.Request{Source: *source, Dataset: ds, Kind: ingest.KindFile, Sheet: *sheet}
	for _, f := range files {
		req.Files = append(req.Files, ingest.Input{Name: f, Path: f})
	}
	if err := ingest.ApplyProfile(ctx, db, &req, prof, ingest.ProfileOptions{Unit: *unit}); err != nil {
		var pue *ingest.ProfileUseError
		if errors.As(err, &pue) {
			return usagef("%v", err)
		}
		return err
	}
	runner := ingest.NewRunner(db, e.logger())
	runner.OnRun(refreshAfterRun(analytics.NewRollups(db, e.logger()), e.logger()))
	sum, runErr := runner.Import(ctx, req)
	return fileRunOutcome(e, sum, runErr)
}

// fileRunOutcome prints what an import of files did and returns its exit
// status: an error when it could not run or a file could not be imported.
func fileRunOutcome(e *env, sum ingest.RunSummary, runErr error) error {
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
