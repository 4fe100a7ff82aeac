// Command kinerja is the one binary of Kinerja: it serves the dashboards,
// ingests data, migrates the warehouse, writes the demo and prints reports.
//
//	kinerja serve   [--addr :8080] [--demo]        dashboards, API and the ingest scheduler
//	kinerja ingest  file --kind DATASET FILE...    import files now
//	kinerja migrate                                apply schema migrations
//	kinerja demo    [--out DIR] [--seed N] [--scale N]  write the Kabupaten Mamuju demo feeds
//	kinerja report  ikm --by … --from … --to …     print a metric
//
// Exit codes: 0 done (an import with rejected rows is done), 1 could not
// run, 2 wrong usage.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	_ "time/tzdata" // Asia/Makassar on machines without zoneinfo
)

// command is one subcommand; run gets the arguments after its name.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *env, args []string) error
}

func commands() []command {
	return []command{
		{"serve", "serve the dashboards, the API and the scheduled ingest", runServe},
		{"ingest", "import data now (file), list sources and runs", runIngest},
		{"migrate", "apply the warehouse schema migrations", runMigrate},
		{"demo", "write the Kabupaten Mamuju demo feeds", runDemo},
		{"report", "print a metric (ikm, …) as json, csv or table", runReport},
		{"version", "print the version", runVersion},
	}
}

// usageError is a mistake in how the command was called (exit code 2).
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	e := &env{stdout: stdout, stderr: stderr}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printUsage(stdout)
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, e, args[1:])
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.As(err, new(usageError)):
			fmt.Fprintf(stderr, "kinerja %s: %v\n", c.name, err)
			return 2
		default:
			fmt.Fprintf(stderr, "kinerja %s: %v\n", c.name, err)
			return 1
		}
	}
	fmt.Fprintf(stderr, "kinerja: unknown command %q\n\n", args[0])
	printUsage(stderr)
	return 2
}

func printUsage(w io.Writer) {
	fmt.Fprintln(w, "Kinerja: ASN performance and public-service satisfaction analytics.")
	fmt.Fprintln(w, "\nUsage: kinerja COMMAND [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun `kinerja COMMAND -h` for the flags of a command. Every flag can also be set")
	fmt.Fprintln(w, "through the environment as KINERJA_<FLAG> (e.g. KINERJA_DATA, KINERJA_CLICKHOUSE).")
}

var version = "dev"

func runVersion(_ context.Context, e *env, _ []string) error {
	fmt.Fprintln(e.stdout, "kinerja", version)
	return nil
}
