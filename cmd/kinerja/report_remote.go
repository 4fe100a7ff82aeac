package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"net/url"

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
