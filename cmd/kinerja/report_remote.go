package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"net/url"

	"kinerja/analytics"
	"kinerja/warehouse"
)

// reportFrom computes a report on the warehouse or, when `kinerja serve`
// holds the embedded data directory (as it does on a Pemda's server all
// day), asks that server's JSON API for the same document: GET
// /api/v1/<api> with the report's flags as parameters. The API returns the
// analytics result struct the local computation returns, so json, csv and
// table output are the same either way. The server computes with its own
// configuration file: a --config given here is then not used, and the
// command says so.
func reportFrom[T any](ctx context.Context, e *env, fs *flag.FlagSet, api string, local func(db warehouse.DB) (T, error)) (T, error) {
	var zero T
	db, err := e.openDB(ctx)
	if err == nil {
		defer db.Close()
		return local(db)
	}
	c, rerr := e.remoteFor(ctx, err)
	if rerr != nil {
		return zero, rerr
	}
	if f := fs.Lookup("config"); f != nil && flagGiven(fs, "config") {
		fmt.Fprintf(e.stderr, "note: the server computes with its own configuration; --config %s is not used\n", f.Value.String())
	}
	var out T
	if err := c.call(ctx, http.MethodGet, "/api/v1/"+api+"?"+reportParams(fs).Encode(), nil, "", &out); err != nil {
		return zero, err
	}
	return out, nil
}

// reportParams turns the report's own flags into API parameters: every flag
// except the common and output ones, with its value (set or default) when
// not empty. The API refuses a parameter it does not know, so a report's
// flags and its API parameters must keep the same names (tested).
func reportParams(fs *flag.FlagSet) url.Values {
	skip := map[string]bool{"data": true, "clickhouse": true, "chdb-lib": true, "log-level": true,
		"format": true, "pemda": true, "config": true, "profiles": true, "lang": true, "server": true}
	v := url.Values{}
	fs.VisitAll(func(f *flag.Flag) {
		if skip[f.Name] || f.Value.String() == "" {
			return
		}
		v.Set(f.Name, f.Value.String())
	})
	return v
}

// reportCommand is what every report command shares: its flag set,
// --format, --pemda and, for the reports with configurable values,
// --config.
type reportCommand struct {
	fs            *flag.FlagSet
	format, pemda *string
	config        *string // nil: the report has no configurable values
}

// reportCommand starts the flags of `kinerja report NAME`; the report adds
// its own to fs before parse.
func (e *env) reportCommand(name string, withConfig bool) *reportCommand {
	fs := e.flagSet("report " + name)
	r := &reportCommand{
		fs:     fs,
		format: fs.String("format", "table", "output: json, csv or table"),
		pemda:  fs.String("pemda", "Kabupaten Mamuju", "name of the whole-Pemda group"),
	}
	if withConfig {
		r.config = analyticsConfigFlag(fs)
	}
	return r
}

// parse reads args: flags only, and a known --format.
func (r *reportCommand) parse(e *env, args []string) error {
	if err := e.parse(r.fs, args); err != nil {
		return err
	}
	if r.fs.NArg() > 0 {
		return usagef("unexpected arguments %q", r.fs.Args())
	}
	if f := *r.format; f != "json" && f != "csv" && f != "table" {
		return usagef("--format %q: want json, csv or table", f)
	}
	return nil
}

// table reports whether the output is the human table view.
func (r *reportCommand) table() bool { return *r.format == "table" }

// fetch computes a report with the analytics service over the data
// directory (--pemda, --config applied), or asks the running server's API
// for it when the server holds the directory (reportFrom).
func fetch[T any](ctx context.Context, e *env, r *reportCommand, api string, run func(*analytics.Service) (T, error)) (T, error) {
	return reportFrom(ctx, e, r.fs, api, func(db warehouse.DB) (T, error) {
		svc := analytics.New(db, *r.pemda)
		if r.config != nil {
			var err error
			if svc, err = analyticsService(svc, *r.config); err != nil {
				var zero T
				return zero, err
			}
		}
		return run(svc)
	})
}
