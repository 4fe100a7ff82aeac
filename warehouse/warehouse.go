// Package warehouse is Kinerja's access to ClickHouse: the embedded engine
// (libchdb, loaded without cgo) by default, a ClickHouse server over the
// native protocol (clickhouse-go v2) in production. Both speak the same SQL
// with ClickHouse query parameters ({name:Type}) and sit behind DB, so the
// rest of the code does not know which one it has. Migrations (embedded,
// numbered .sql files) live here too.
package warehouse

import (
	"context"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"time"
)

// DB is what the application uses of ClickHouse. Implementations are safe
// for concurrent use; a Batch is not.
type DB interface {
	// Exec runs a statement that returns no rows.
	Exec(ctx context.Context, query string, params Params) error
	// Query runs a SELECT; always Close the rows.
	Query(ctx context.Context, query string, params Params) (Rows, error)
	// QueryFormat runs query and returns its whole output in a ClickHouse
	// output format such as CSV or JSONEachRow (for exports).
	QueryFormat(ctx context.Context, query, format string, params Params) ([]byte, error)
	// PrepareBatch starts an INSERT into table with the given columns; rows
	// are buffered and streamed in Native blocks by Send (never inlined in SQL).
	// Settings set on ctx with WithSettings apply to the INSERT.
	PrepareBatch(ctx context.Context, table string, columns []string) (Batch, error)
	Ping(ctx context.Context) error
	Close() error
	// Database is the database every unqualified table name refers to.
	Database() string
	// Backend is "embedded" or "server".
	Backend() string
}

// Rows is the result of Query. Scan types follow clickhouse-go: UInt8 into
// uint8, String into string, DateTime into time.Time, Float64 into float64 …
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Columns() []string
	Err() error
	Close() error
}

// Batch buffers rows for one INSERT.
type Batch interface {
	Append(values ...any) error
	Rows() int
	// Send writes the buffered rows; the batch is done afterwards.
	Send() error
	// Abort drops the buffered rows.
	Abort() error
}

// QueryRow runs a query expected to return one row and scans it.
func QueryRow(ctx context.Context, db DB, query string, params Params, dest ...any) error {
	rows, err := db.Query(ctx, query, params)
	if err != nil {
		return err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return ErrNoRows
	}
	if err := rows.Scan(dest...); err != nil {
		return err
	}
	return rows.Err()
}

// Config selects and tunes a backend.
type Config struct {
	// DSN selects the backend: "" or "embedded" or "embedded:///path/to/dir"
	// for the embedded engine; "clickhouse://user:pass@host:9000/db" for a server.
	DSN string
	// DataDir is where the embedded engine keeps its data when the DSN names
	// no path (default "./data/clickhouse").
	DataDir string
	// Database is the database to use (default "kinerja"; a server DSN's path wins).
	Database string
	// Lib is the path of libchdb.so; empty means search (see FindLib).
	Lib string
	// Readers is the size of the embedded connection pool (default 4).
	Readers int
	// QueryTimeout bounds every query without its own deadline (default 60s).
	QueryTimeout time.Duration
}

// Open connects to the backend the config names and creates the database
// if needed. It does not run migrations (see Migrate).
func Open(ctx context.Context, cfg Config) (DB, error) {
	if cfg.Database == "" {
		cfg.Database = "kinerja"
	}
	if cfg.QueryTimeout == 0 {
		cfg.QueryTimeout = 60 * time.Second
	}
	dsn := strings.TrimSpace(cfg.DSN)
	switch {
	case dsn == "" || dsn == "embedded":
		dir := cfg.DataDir
		if dir == "" {
			dir = filepath.Join("data", "clickhouse")
		}
		return openEmbedded(ctx, cfg, dir)
	case strings.HasPrefix(dsn, "embedded://"):
		u, err := url.Parse(dsn)
		if err != nil || u.Path == "" {
			return nil, fmt.Errorf("warehouse: embedded DSN %q names no directory (use embedded:///abs/path)", dsn)
		}
		return openEmbedded(ctx, cfg, u.Path)
	case strings.HasPrefix(dsn, "clickhouse://") || strings.HasPrefix(dsn, "tcp://"):
		return openServer(ctx, cfg, dsn)
	default:
		return nil, fmt.Errorf("warehouse: unknown ClickHouse DSN %q: want \"embedded\", \"embedded:///dir\" or \"clickhouse://user:pass@host:9000/db\"", dsn)
	}
}

// Settings are per-query ClickHouse settings.
type Settings map[string]any

type settingsKey struct{}

// WithSettings returns a context whose queries run with the given settings
// (merged over any already in ctx). Use it for log_comment and limits:
//
//	ctx = warehouse.WithSettings(ctx, warehouse.Settings{"log_comment": "ikm.by_unit"})
func WithSettings(ctx context.Context, s Settings) context.Context {
	merged := Settings{}
	for k, v := range settingsFrom(ctx) {
		merged[k] = v
	}
	for k, v := range s {
		merged[k] = v
	}
	return context.WithValue(ctx, settingsKey{}, merged)
}

func settingsFrom(ctx context.Context) Settings {
	s, _ := ctx.Value(settingsKey{}).(Settings)
	return s
}

// querySettings adds max_execution_time from the context deadline.
func querySettings(ctx context.Context, def time.Duration) Settings {
	s := Settings{}
	for k, v := range settingsFrom(ctx) {
		s[k] = v
	}
	if _, ok := s["max_execution_time"]; !ok {
		d := def
		if dl, ok := ctx.Deadline(); ok {
			d = time.Until(dl)
		}
		secs := int(d.Seconds() + 0.999)
		if secs < 1 {
			secs = 1
		}
		s["max_execution_time"] = secs
	}
	return s
}
