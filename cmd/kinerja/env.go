package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"kinerja/ingest"
	"kinerja/warehouse"
)

// env is what every subcommand shares: output streams and the warehouse
// settings common to all of them.
type env struct {
	stdout, stderr io.Writer

	dataDir    string // KINERJA_DATA, default ./data
	clickhouse string // KINERJA_CLICKHOUSE: "" (embedded in DATA/clickhouse) or a server DSN
	chdbLib    string // KINERJA_CHDB_LIB
	logLevel   string
}

// flagSet returns a FlagSet for a subcommand with the common flags on it.
// Every flag defaults to KINERJA_<FLAG> from the environment when set.
func (e *env) flagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("kinerja "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.StringVar(&e.dataDir, "data", "./data", "data directory (the embedded engine keeps its files in DATA/clickhouse)")
	fs.StringVar(&e.clickhouse, "clickhouse", "", "ClickHouse DSN: empty for the embedded engine, or clickhouse://user:pass@host:9000/db")
	fs.StringVar(&e.chdbLib, "chdb-lib", "", "path of libchdb.so (default: search node_modules/ near the binary and the working directory)")
	fs.StringVar(&e.logLevel, "log-level", "info", "log level: debug, info, warn, error")
	return fs
}

// parse parses args, taking unset flags from KINERJA_<FLAG>.
func (e *env) parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return usageError{err}
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if set[f.Name] || err != nil {
			return
		}
		key := "KINERJA_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v, ok := os.LookupEnv(key); ok {
			if e2 := f.Value.Set(v); e2 != nil {
				err = usagef("%s=%q: %v", key, v, e2)
			}
		}
	})
	return err
}

// logger returns the process logger (text to stderr).
func (e *env) logger() *slog.Logger {
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(e.logLevel)); err != nil {
		lvl = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: lvl}))
}

// openDB opens the configured warehouse and applies pending migrations.
func (e *env) openDB(ctx context.Context) (warehouse.DB, error) {
	db, err := warehouse.Open(ctx, warehouse.Config{
		DSN:     e.clickhouse,
		DataDir: filepath.Join(e.dataDir, "clickhouse"),
		Lib:     e.chdbLib,
	})
	if err != nil {
		return nil, err
	}
	applied, err := warehouse.Migrate(ctx, db)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate: %w", err)
	}
	for _, m := range applied {
		e.logger().Info("migration applied", "version", m.Version, "name", m.Name)
	}
	if db.Backend() == "embedded" {
		// This process holds the data directory alone: a run still marked
		// running that started before it did was left by a process that died.
		if n, err := ingest.MarkInterrupted(ctx, db, processStart); err != nil {
			e.logger().Warn("interrupted ingest runs not marked", "err", err)
		} else if n > 0 {
			e.logger().Warn("ingest runs left running by a stopped process marked failed", "runs", n)
		}
	}
	return db, nil
}

// processStart is when this process started.
var processStart = time.Now()
