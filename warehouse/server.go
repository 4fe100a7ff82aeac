package warehouse

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// server is the DB over a ClickHouse server (native protocol, clickhouse-go v2).
type server struct {
	conn     driver.Conn
	database string
	cfg      Config
}

func openServer(ctx context.Context, cfg Config, dsn string) (DB, error) {
	if strings.HasPrefix(dsn, "tcp://") {
		dsn = "clickhouse://" + strings.TrimPrefix(dsn, "tcp://")
	}
	opts, err := clickhouse.ParseDSN(dsn)
	if err != nil {
		return nil, fmt.Errorf("warehouse: ClickHouse DSN: %w", err)
	}
	database := cfg.Database
	if u, err := url.Parse(dsn); err == nil && strings.Trim(u.Path, "/") != "" {
		database = strings.Trim(u.Path, "/")
	}
	// Create the database through a connection to "default" first.
	bootstrap := *opts
	bootstrap.Auth.Database = "default"
	bc, err := clickhouse.Open(&bootstrap)
	if err != nil {
		return nil, fmt.Errorf("warehouse: connect to ClickHouse server: %w", err)
	}
	if err := bc.Ping(ctx); err != nil {
		bc.Close()
		return nil, fmt.Errorf("warehouse: connect to ClickHouse server %v: %w", opts.Addr, err)
	}
	if err := bc.Exec(ctx, "CREATE DATABASE IF NOT EXISTS "+quoteIdent(database)); err != nil {
		bc.Close()
		return nil, fmt.Errorf("warehouse: create database %s: %w", database, err)
	}
	bc.Close()

	opts.Auth.Database = database
	conn, err := clickhouse.Open(opts)
	if err != nil {
		return nil, fmt.Errorf("warehouse: connect to ClickHouse server: %w", err)
	}
	return &server{conn: conn, database: database, cfg: cfg}, nil
}

func (s *server) Database() string { return s.database }
func (s *server) Backend() string  { return "server" }

func (s *server) ctx(ctx context.Context, params Params, withSettings bool) (context.Context, error) {
	p, err := params.strings()
	if err != nil {
		return nil, err
	}
	opts := []clickhouse.QueryOption{clickhouse.WithParameters(p)}
	if withSettings {
		set := clickhouse.Settings{}
		for k, v := range querySettings(ctx, s.cfg.QueryTimeout) {
			set[k] = v
		}
		opts = append(opts, clickhouse.WithSettings(set))
	}
	return clickhouse.Context(ctx, opts...), nil
}

func (s *server) Exec(ctx context.Context, query string, params Params) error {
	qctx, err := s.ctx(ctx, params, isSelect(query))
	if err != nil {
		return err
	}
	return wrapServerErr(s.conn.Exec(qctx, query))
}

func (s *server) Query(ctx context.Context, query string, params Params) (Rows, error) {
	qctx, err := s.ctx(ctx, params, true)
	if err != nil {
		return nil, err
	}
	rows, err := s.conn.Query(qctx, query)
	if err != nil {
		return nil, wrapServerErr(err)
	}
	return rows, nil
}

// QueryFormat on the server backend: the driver offers raw output formats
// only over HTTP, so over the native protocol each row is rendered by the
// server with formatRowNoNewline and the lines are joined. Formats with a
// header or a footer (CSVWithNames, JSON) are not available this way.
func (s *server) QueryFormat(ctx context.Context, query, format string, params Params) ([]byte, error) {
	qctx, err := s.ctx(ctx, params, false)
	if err != nil {
		return nil, err
	}
	if !validSettingName(format) {
		return nil, fmt.Errorf("warehouse: invalid format %q", format)
	}
	wrapped := "SELECT formatRowNoNewline('" + format + "', *) FROM (" + query + ")"
	if strings.Contains(strings.ToLower(format), "withnames") || strings.HasPrefix(strings.ToUpper(format), "JSON") && format != "JSONEachRow" {
		return nil, fmt.Errorf("warehouse: format %s is not available on the server backend; use CSV, TSV or JSONEachRow", format)
	}
	rows, err := s.conn.Query(qctx, wrapped)
	if err != nil {
		return nil, wrapServerErr(err)
	}
	defer rows.Close()
	var out []byte
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return nil, err
		}
		out = append(out, line...)
		out = append(out, '\n')
	}
	return out, wrapServerErr(rows.Err())
}

func (s *server) PrepareBatch(ctx context.Context, table string, columns []string) (Batch, error) {
	cols := make([]string, len(columns))
	for i, c := range columns {
		cols[i] = quoteIdent(c)
	}
	set := clickhouse.Settings{} // from WithSettings, as for the embedded engine's batches
	for k, v := range settingsFrom(ctx) {
		set[k] = v
	}
	b, err := s.conn.PrepareBatch(clickhouse.Context(ctx, clickhouse.WithSettings(set)), "INSERT INTO "+quoteTable(table)+" ("+strings.Join(cols, ", ")+")")
	if err != nil {
		return nil, wrapServerErr(err)
	}
	return &serverBatch{b: b}, nil
}

type serverBatch struct{ b driver.Batch }

func (b *serverBatch) Append(v ...any) error { return b.b.Append(v...) }
func (b *serverBatch) Rows() int             { return b.b.Rows() }
func (b *serverBatch) Send() error           { defer b.b.Close(); return wrapServerErr(b.b.Send()) }
func (b *serverBatch) Abort() error          { defer b.b.Close(); return b.b.Abort() }

func (s *server) Ping(ctx context.Context) error { return wrapServerErr(s.conn.Ping(ctx)) }
func (s *server) Close() error                   { return s.conn.Close() }

// wrapServerErr maps clickhouse-go's exception to *Error.
func wrapServerErr(err error) error {
	if err == nil {
		return nil
	}
	var ex *clickhouse.Exception
	if errorsAs(err, &ex) {
		return &Error{Code: int(ex.Code), Name: ex.Name, Message: ex.Message}
	}
	return err
}
