package warehouse

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	chproto "github.com/ClickHouse/ch-go/proto"
	"github.com/ClickHouse/clickhouse-go/v2/lib/column"
	"github.com/ClickHouse/clickhouse-go/v2/lib/proto"
	"github.com/shopspring/decimal"
)

// The engine inside libchdb is one per process and serves one data
// directory; every embedded DB in the process shares it.
var (
	engineMu   sync.Mutex
	engineDir  string
	engineLib  *libchdb
	engineLock *os.File // held only between the lock probe and the first connect
)

// embedded is the DB over libchdb: a pool of connections to the same data
// directory, each bound to the database with USE.
type embedded struct {
	lib      *libchdb
	dir      string
	database string
	timeout  time.Duration
	pool     chan *rawConn
	all      []*rawConn
	closed   sync.Once

	typesMu sync.Mutex
	types   map[string]map[string]string // table → column → type

	// Idle insert blocks by table and columns: a batch takes one and gives
	// it back reset, so its columns keep the capacity they grew to and the
	// next batch of the same shape appends without regrowing them.
	blocksMu sync.Mutex
	blocks   map[string][]*proto.Block
	encSize  map[string]int // the last encoded size of a full block, by shape
	// Buffers of encoded blocks, kept once their INSERT is done for the
	// next blocks (of any shape): memory used again needs neither zeroing
	// nor page faults.
	encBufs [][]byte
}

// maxIdleBlocks is how many idle blocks are kept per table and columns,
// maxIdleBuffers how many buffers of encoded blocks.
const (
	maxIdleBlocks  = 2
	maxIdleBuffers = 4
)

func openEmbedded(ctx context.Context, cfg Config, dir string) (DB, error) {
	libPath, err := FindLib(cfg.Lib)
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("warehouse: data directory %s: %w", dir, err)
	}
	if err := os.MkdirAll(abs, 0o750); err != nil {
		return nil, fmt.Errorf("warehouse: create data directory: %w", err)
	}
	lib, err := loadLib(libPath)
	if err != nil {
		return nil, err
	}

	engineMu.Lock()
	defer engineMu.Unlock()
	if engineDir != "" && engineDir != abs {
		return nil, fmt.Errorf("warehouse: this process already runs the embedded engine on %s; one process serves one data directory (asked for %s)", engineDir, abs)
	}
	if engineDir == "" {
		if err := probeLock(abs); err != nil {
			return nil, err
		}
	}
	n := cfg.Readers
	if n <= 0 {
		n = 4
	}
	e := &embedded{lib: lib, dir: abs, database: cfg.Database, timeout: cfg.QueryTimeout,
		pool: make(chan *rawConn, n), types: map[string]map[string]string{}}
	for i := 0; i < n; i++ {
		c, err := lib.open([]string{"clickhouse", "--path=" + abs})
		if err != nil {
			e.closeAll()
			if errors.Is(err, errConnect) {
				if lerr := probeLock(abs); lerr != nil {
					return nil, lerr
				}
			}
			return nil, fmt.Errorf("warehouse: open embedded engine on %s: %w", abs, err)
		}
		e.all = append(e.all, c)
		if i == 0 {
			engineDir, engineLib = abs, lib
			if _, err := c.query("CREATE DATABASE IF NOT EXISTS "+quoteIdent(cfg.Database), "TSV", nil, nil); err != nil {
				e.closeAll()
				return nil, fmt.Errorf("warehouse: create database %s: %w", cfg.Database, err)
			}
		}
		if _, err := c.query("USE "+quoteIdent(cfg.Database), "TSV", nil, nil); err != nil {
			e.closeAll()
			return nil, fmt.Errorf("warehouse: use database %s: %w", cfg.Database, err)
		}
		e.pool <- c
	}
	return e, nil
}

// LockedError says which process holds a data directory.
type LockedError struct {
	Dir string
	PID int // 0 when unknown
}

func (e *LockedError) Error() string {
	who := "another process"
	if e.PID > 0 {
		who = "process " + strconv.Itoa(e.PID)
		if cmd, err := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", e.PID)); err == nil && len(cmd) > 0 {
			who += " (" + strings.TrimSpace(strings.ReplaceAll(string(cmd), "\x00", " ")) + ")"
		}
	}
	return fmt.Sprintf("the data directory %s is in use by %s; the embedded engine allows one process per directory. "+
		"Stop that process, or talk to it instead of opening the directory (for example `kinerja ingest … --server http://localhost:8080` while `kinerja serve` runs), "+
		"or point this command at another directory with --data / KINERJA_DATA", e.Dir, who)
}

func (e *LockedError) Unwrap() error { return ErrLocked }

// probeLock tells whether another process holds dir, the way the engine
// itself would find out (flock on DIR/status), but with a plain message.
// ProbeLock is exported for the CLI and tests.
func ProbeLock(dir string) error { return probeLock(dir) }

func probeLock(dir string) error {
	status := filepath.Join(dir, "status")
	f, err := os.Open(status)
	if err != nil {
		return nil // no status file yet: nobody has run here
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		le := &LockedError{Dir: dir}
		if b, err := os.ReadFile(status); err == nil {
			for _, line := range strings.Split(string(b), "\n") {
				if v, ok := strings.CutPrefix(line, "PID:"); ok {
					le.PID, _ = strconv.Atoi(strings.TrimSpace(v))
				}
			}
		}
		return le
	}
	_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	return nil
}

func quoteIdent(s string) string {
	return "`" + strings.NewReplacer("\\", "\\\\", "`", "\\`").Replace(s) + "`"
}

func (e *embedded) Database() string { return e.database }
func (e *embedded) Backend() string  { return "embedded" }

// acquire takes a connection from the pool, honouring ctx.
func (e *embedded) acquire(ctx context.Context) (*rawConn, error) {
	select {
	case c, ok := <-e.pool:
		if !ok {
			return nil, errors.New("warehouse: database is closed")
		}
		return c, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("warehouse: waiting for a free connection: %w", ctx.Err())
	}
}

func (e *embedded) release(c *rawConn) { e.pool <- c }

// run executes one call on a pooled connection. A libchdb call cannot be
// interrupted, so the deadline is handed to the engine as max_execution_time.
func (e *embedded) run(ctx context.Context, query, format string, params Params, withSettings bool) (result, error) {
	if err := ctx.Err(); err != nil {
		return result{}, err
	}
	names, values, err := params.encode()
	if err != nil {
		return result{}, err
	}
	if withSettings {
		clause, err := settingsClause(querySettings(ctx, e.timeout))
		if err != nil {
			return result{}, err
		}
		query = strings.TrimRight(strings.TrimSpace(query), ";") + "\n" + clause
	}
	c, err := e.acquire(ctx)
	if err != nil {
		return result{}, err
	}
	defer e.release(c)
	return c.query(query, format, names, values)
}

// isSelect reports whether a statement takes a trailing SETTINGS clause
// as per-query settings (for DDL it would mean table settings).
func isSelect(q string) bool {
	q = strings.TrimLeft(stripLeadingComments(q), " \t\r\n(")
	head := strings.ToUpper(q[:min(len(q), 8)])
	return strings.HasPrefix(head, "SELECT") || strings.HasPrefix(head, "WITH")
}

func stripLeadingComments(q string) string {
	for {
		q = strings.TrimLeft(q, " \t\r\n")
		switch {
		case strings.HasPrefix(q, "--"):
			i := strings.IndexByte(q, '\n')
			if i < 0 {
				return ""
			}
			q = q[i+1:]
		case strings.HasPrefix(q, "/*"):
			i := strings.Index(q, "*/")
			if i < 0 {
				return ""
			}
			q = q[i+2:]
		default:
			return q
		}
	}
}

func (e *embedded) Exec(ctx context.Context, query string, params Params) error {
	_, err := e.run(ctx, query, "TSV", params, isSelect(query))
	return err
}

func (e *embedded) QueryFormat(ctx context.Context, query, format string, params Params) ([]byte, error) {
	res, err := e.run(ctx, query, format, params, isSelect(query))
	return res.data, err
}

func (e *embedded) Query(ctx context.Context, query string, params Params) (Rows, error) {
	res, err := e.run(ctx, query, "Native", params, isSelect(query))
	if err != nil {
		return nil, err
	}
	return &nativeRows{r: chproto.NewReader(bytes.NewReader(res.data)), row: -1}, nil
}

func (e *embedded) Ping(ctx context.Context) error {
	_, err := e.run(ctx, "SELECT 1", "TSV", nil, false)
	return err
}

func (e *embedded) Close() error {
	e.closed.Do(func() {
		// Wait for every connection to come back, then close them.
		for range e.all {
			<-e.pool
		}
		close(e.pool)
		e.closeAll()
	})
	return nil
}

func (e *embedded) closeAll() {
	for _, c := range e.all {
		c.close()
	}
	e.all = nil
}

// nativeRows decodes Native blocks lazily.
type nativeRows struct {
	r     *chproto.Reader
	block *proto.Block
	row   int
	err   error
	done  bool
}

func (r *nativeRows) Next() bool {
	if r.done || r.err != nil {
		return false
	}
	for r.block == nil || r.row+1 >= r.block.Rows() {
		b := proto.NewBlock()
		if err := b.Decode(r.r, 0); err != nil {
			if !errors.Is(err, io.EOF) {
				r.err = fmt.Errorf("warehouse: decode result: %w", err)
			}
			r.done = true
			return false
		}
		r.block, r.row = b, -1
	}
	r.row++
	return true
}

func (r *nativeRows) Scan(dest ...any) error {
	if r.block == nil || r.row < 0 {
		return errors.New("warehouse: Scan called without Next")
	}
	if len(dest) != len(r.block.Columns) {
		return fmt.Errorf("warehouse: Scan expects %d destinations, got %d", len(r.block.Columns), len(dest))
	}
	for i, col := range r.block.Columns {
		if err := col.ScanRow(dest[i], r.row); err != nil {
			return fmt.Errorf("warehouse: scan column %s: %w", col.Name(), err)
		}
	}
	return nil
}

func (r *nativeRows) Columns() []string {
	if r.block == nil {
		return nil
	}
	return r.block.ColumnsNames()
}

func (r *nativeRows) Err() error   { return r.err }
func (r *nativeRows) Close() error { r.done = true; return nil }

// columnTypes returns the insertable columns of table with their types.
func (e *embedded) columnTypes(ctx context.Context, table string) (map[string]string, error) {
	e.typesMu.Lock()
	defer e.typesMu.Unlock()
	if t, ok := e.types[table]; ok {
		return t, nil
	}
	db, name := e.database, table
	if i := strings.IndexByte(table, '.'); i >= 0 {
		db, name = table[:i], table[i+1:]
	}
	rows, err := e.Query(ctx, "SELECT name, type FROM system.columns WHERE database = {db:String} AND table = {t:String} AND default_kind NOT IN ('MATERIALIZED', 'ALIAS')",
		Params{"db": db, "t": name})
	if err != nil {
		return nil, fmt.Errorf("warehouse: columns of %s: %w", table, err)
	}
	defer rows.Close()
	t := map[string]string{}
	for rows.Next() {
		var n, typ string
		if err := rows.Scan(&n, &typ); err != nil {
			return nil, err
		}
		t[n] = typ
	}
	if len(t) == 0 {
		return nil, &Error{Code: CodeUnknownTable, Name: "UNKNOWN_TABLE", Message: "table " + table + " does not exist"}
	}
	e.types[table] = t
	return t, nil
}

// insertType is the type a column is encoded with: LowCardinality is sent
// as its plain type and converted by the engine.
func insertType(t string) string {
	if inner, ok := strings.CutPrefix(t, "LowCardinality("); ok {
		return strings.TrimSuffix(inner, ")")
	}
	return t
}

// blockRows is how many rows one encoded block holds before it is streamed.
const blockRows = 100_000

func (e *embedded) PrepareBatch(ctx context.Context, table string, columns []string) (Batch, error) {
	types, err := e.columnTypes(ctx, table)
	if err != nil {
		return nil, err
	}
	b := &embeddedBatch{e: e, ctx: ctx, table: table, columns: columns, shape: table + "\x00" + strings.Join(columns, "\x00")}
	b.newBlock = func() (*proto.Block, error) {
		if blk := e.idleBlock(b.shape); blk != nil {
			return blk, nil
		}
		blk := proto.NewBlock()
		for i, c := range columns {
			t, ok := types[c]
			if !ok {
				return nil, fmt.Errorf("warehouse: table %s has no insertable column %s", table, c)
			}
			if err := blk.AddColumn(c, column.Type(insertType(t))); err != nil {
				return nil, fmt.Errorf("warehouse: column %s.%s: %w", table, c, err)
			}
			switch col := blk.Columns[i].(type) {
			case *column.Decimal:
				if col.Precision() <= 18 {
					blk.Columns[i] = newDecimalColumn(col)
				}
			case *column.String:
				blk.Columns[i] = newStringColumn(col)
			}
		}
		return blk, nil
	}
	if b.block, err = b.newBlock(); err != nil {
		return nil, err
	}
	return b, nil
}

// idleBlock returns a reset block of shape, or nil.
func (e *embedded) idleBlock(shape string) *proto.Block {
	e.blocksMu.Lock()
	defer e.blocksMu.Unlock()
	idle := e.blocks[shape]
	if len(idle) == 0 {
		return nil
	}
	blk := idle[len(idle)-1]
	e.blocks[shape] = idle[:len(idle)-1]
	return blk
}

// encodeBuffer returns an empty buffer for the encoded bytes of a block
// of shape: an idle one if it is big enough, else a new one.
func (e *embedded) encodeBuffer(shape string) []byte {
	e.blocksMu.Lock()
	defer e.blocksMu.Unlock()
	size := e.encSize[shape] + e.encSize[shape]/8
	if n := len(e.encBufs); n > 0 {
		buf := e.encBufs[n-1]
		e.encBufs = e.encBufs[:n-1]
		if cap(buf) >= size {
			return buf[:0]
		}
	}
	return make([]byte, 0, size)
}

// putEncoded keeps buffers of encoded blocks whose INSERT is done (the
// engine does not hold on to what it was given).
func (e *embedded) putEncoded(bufs [][]byte) {
	e.blocksMu.Lock()
	defer e.blocksMu.Unlock()
	for _, buf := range bufs {
		if len(e.encBufs) < maxIdleBuffers {
			e.encBufs = append(e.encBufs, buf[:0])
		}
	}
}

func (e *embedded) noteEncodedSize(shape string, n int) {
	e.blocksMu.Lock()
	defer e.blocksMu.Unlock()
	if e.encSize == nil {
		e.encSize = map[string]int{}
	}
	e.encSize[shape] = max(e.encSize[shape], n)
}

// putBlock resets blk and keeps it for the next batch of shape.
func (e *embedded) putBlock(shape string, blk *proto.Block) {
	if blk == nil {
		return
	}
	blk.Reset()
	e.blocksMu.Lock()
	defer e.blocksMu.Unlock()
	if e.blocks == nil {
		e.blocks = map[string][]*proto.Block{}
	}
	if len(e.blocks[shape]) < maxIdleBlocks {
		e.blocks[shape] = append(e.blocks[shape], blk)
	}
}

// embeddedBatch buffers rows in Native blocks. Full blocks are encoded and
// kept until Send, which streams them all in one INSERT, so a batch is
// written whole or not at all.
type embeddedBatch struct {
	e        *embedded
	ctx      context.Context
	table    string
	columns  []string
	shape    string // table and columns: which idle blocks fit
	newBlock func() (*proto.Block, error)
	block    *proto.Block
	encoded  [][]byte
	rows     int
	sent     bool
}

func (b *embeddedBatch) Append(values ...any) error {
	if b.sent {
		return errors.New("warehouse: batch already sent")
	}
	// A full block is encoded when the next row comes, not when it fills:
	// a batch of blockRows rows is then encoded by Send, which the caller
	// may run in the background.
	if b.block.Rows() >= blockRows {
		if err := b.flushBlock(); err != nil {
			return err
		}
	}
	if err := b.block.Append(values...); err != nil {
		return fmt.Errorf("warehouse: append to %s: %w", b.table, err)
	}
	b.rows++
	return nil
}

func (b *embeddedBatch) flushBlock() error {
	if b.block.Rows() == 0 {
		return nil
	}
	buf := chproto.Buffer{Buf: b.e.encodeBuffer(b.shape)}
	if err := b.block.Encode(&buf, 0); err != nil {
		return fmt.Errorf("warehouse: encode block for %s: %w", b.table, err)
	}
	b.encoded = append(b.encoded, buf.Buf)
	b.e.noteEncodedSize(b.shape, len(buf.Buf))
	b.block.Reset() // encoded: its columns take the next rows
	return nil
}

func (b *embeddedBatch) Rows() int { return b.rows }

func (b *embeddedBatch) Abort() error {
	b.sent = true
	b.e.putBlock(b.shape, b.block)
	b.e.putEncoded(b.encoded)
	b.encoded, b.block = nil, nil
	return nil
}

func (b *embeddedBatch) Send() error {
	if b.sent {
		return errors.New("warehouse: batch already sent")
	}
	b.sent = true
	if err := b.flushBlock(); err != nil {
		return err
	}
	b.e.putBlock(b.shape, b.block)
	b.block = nil
	if len(b.encoded) == 0 {
		return nil
	}
	defer func() {
		b.e.putEncoded(b.encoded)
		b.encoded = nil
	}()
	c, err := b.e.acquire(b.ctx)
	if err != nil {
		return err
	}
	defer b.e.release(c)
	cols := make([]string, len(b.columns))
	for i, name := range b.columns {
		cols[i] = quoteIdent(name)
	}
	// Settings from WithSettings apply to the INSERT (optimize_on_insert,
	// log_comment, …), as to any other query.
	clause, err := settingsClause(settingsFrom(b.ctx))
	if err != nil {
		return fmt.Errorf("warehouse: insert into %s: %w", b.table, err)
	}
	s, err := c.streamInsert("INSERT INTO "+quoteTable(b.table)+" ("+strings.Join(cols, ", ")+")"+clause, "Native")
	if err != nil {
		return fmt.Errorf("warehouse: insert into %s: %w", b.table, err)
	}
	defer s.destroy()
	for _, data := range b.encoded {
		if err := s.append(data); err != nil {
			return fmt.Errorf("warehouse: insert into %s: %w", b.table, err)
		}
	}
	if _, err := s.done(); err != nil {
		return fmt.Errorf("warehouse: insert into %s: %w", b.table, err)
	}
	return nil
}

func quoteTable(t string) string {
	if i := strings.IndexByte(t, '.'); i >= 0 {
		return quoteIdent(t[:i]) + "." + quoteIdent(t[i+1:])
	}
	return quoteIdent(t)
}

// decimalColumn is a Decimal(P, S) column with P ≤ 18 for inserts, which
// appends a decimal.Decimal whose coefficient fits 64 bits with integer
// arithmetic: clickhouse-go's column rescales every value through
// math/big, which made Decimal columns the slowest part of a batch. Any
// other value (too many digits, more decimals than S, a string, a Valuer)
// is converted exactly as clickhouse-go converts it, with the same errors.
type decimalColumn struct {
	lib   *column.Decimal // the library's column, for conversions and the slow path
	scale int
	d32   *chproto.ColDecimal32 // precision ≤ 9
	d64   *chproto.ColDecimal64 // precision 10–18
}

func newDecimalColumn(lib *column.Decimal) *decimalColumn {
	c := &decimalColumn{lib: lib, scale: int(lib.Scale())}
	if lib.Precision() <= 9 {
		c.d32 = &chproto.ColDecimal32{}
	} else {
		c.d64 = &chproto.ColDecimal64{}
	}
	return c
}

var _ column.Interface = (*decimalColumn)(nil)

func (c *decimalColumn) Name() string             { return c.lib.Name() }
func (c *decimalColumn) Type() column.Type        { return c.lib.Type() }
func (c *decimalColumn) ScanType() reflect.Type   { return c.lib.ScanType() }
func (c *decimalColumn) Encode(b *chproto.Buffer) { c.colIO().EncodeColumn(b) }

func (c *decimalColumn) colIO() interface {
	chproto.ColInput
	EncodeColumn(*chproto.Buffer)
	DecodeColumn(*chproto.Reader, int) error
	Reset()
} {
	if c.d32 != nil {
		return c.d32
	}
	return c.d64
}

func (c *decimalColumn) Rows() int { return c.colIO().Rows() }
func (c *decimalColumn) Reset()    { c.colIO().Reset() }

func (c *decimalColumn) Decode(r *chproto.Reader, rows int) error {
	return c.colIO().DecodeColumn(r, rows)
}

func (c *decimalColumn) row(i int) decimal.Decimal {
	if c.d32 != nil {
		return decimal.New(int64(int32(c.d32.Row(i))), int32(-c.scale))
	}
	return decimal.New(int64(c.d64.Row(i)), int32(-c.scale))
}

func (c *decimalColumn) Row(i int, ptr bool) any {
	v := c.row(i)
	if ptr {
		return &v
	}
	return v
}

func (c *decimalColumn) ScanRow(dest any, i int) error {
	switch d := dest.(type) {
	case *decimal.Decimal:
		*d = c.row(i)
	case **decimal.Decimal:
		v := c.row(i)
		*d = &v
	default:
		if s, ok := dest.(sql.Scanner); ok {
			return s.Scan(c.row(i))
		}
		return &column.ColumnConverterError{Op: "ScanRow", To: fmt.Sprintf("%T", dest), From: "Decimal"}
	}
	return nil
}

// Append appends a slice of values, as clickhouse-go's Decimal does.
func (c *decimalColumn) Append(v any) ([]uint8, error) {
	switch v := v.(type) {
	case []decimal.Decimal:
		for i := range v {
			if err := c.appendDecimal(v[i]); err != nil {
				return nil, err
			}
		}
		return nil, nil
	case []*decimal.Decimal:
		nulls := make([]uint8, len(v))
		for i, d := range v {
			var x decimal.Decimal
			if d != nil {
				x = *d
			} else {
				nulls[i] = 1
			}
			if err := c.appendDecimal(x); err != nil {
				return nil, err
			}
		}
		return nulls, nil
	}
	return nil, &column.ColumnConverterError{Op: "Append", To: string(c.Type()), From: fmt.Sprintf("%T", v)}
}

func (c *decimalColumn) AppendRow(v any) error {
	switch v := v.(type) {
	case decimal.Decimal:
		return c.appendDecimal(v)
	case *decimal.Decimal:
		if v != nil {
			return c.appendDecimal(*v)
		}
		return c.appendDecimal(decimal.Decimal{})
	case nil:
		return c.appendDecimal(decimal.Decimal{})
	}
	// Strings, Valuers, …: the library converts (and refuses) them.
	defer c.lib.Reset()
	if err := c.lib.AppendRow(v); err != nil {
		return err
	}
	return c.appendDecimal(c.lib.Row(0, false).(decimal.Decimal))
}

// appendDecimal appends d scaled to the column's scale, truncated as
// clickhouse-go truncates it, refusing what overflows the column's
// 32 or 64 bits with clickhouse-go's error.
func (c *decimalColumn) appendDecimal(d decimal.Decimal) error {
	if d.NumDigits() <= 18 { // the coefficient fits an int64
		if e := int(d.Exponent()) + c.scale; e >= 0 && e <= 18 {
			// |v| < 10^18 (18 digits): v·p fits when |v| ≤ MaxInt64/p.
			v, p := d.CoefficientInt64(), pow10[e]
			if v <= math.MaxInt64/p && v >= -(math.MaxInt64/p) {
				v *= p
				if c.d64 != nil {
					c.d64.Append(chproto.Decimal64(v))
					return nil
				}
				if v >= math.MinInt32 && v <= math.MaxInt32 {
					c.d32.Append(chproto.Decimal32(int32(v)))
					return nil
				}
			}
		}
	}
	bi := decimal.NewFromBigInt(d.Coefficient(), d.Exponent()+int32(c.scale)).BigInt()
	bits, kind := 64, "Decimal64"
	if c.d32 != nil {
		bits, kind = 32, "Decimal32"
	}
	fits := bi.BitLen() <= bits-1
	if bi.Sign() < 0 {
		fits = new(big.Int).Not(bi).BitLen() <= bits-1
	}
	if !fits {
		return fmt.Errorf("value %s overflows %s (%s): value overflows %d-byte signed buffer", d.String(), kind, c.Type(), bits/8)
	}
	if c.d64 != nil {
		c.d64.Append(chproto.Decimal64(bi.Int64()))
	} else {
		c.d32.Append(chproto.Decimal32(int32(bi.Int64())))
	}
	return nil
}

// pow10 are the powers of ten an int64 holds.
var pow10 = func() (p [19]int64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// stringColumn is a String column for inserts that keeps its values the
// way the Native format writes them, each a uvarint length and its bytes:
// encoding a block copies one buffer instead of every value again (with
// clickhouse-go's column, a tenth of an import's time went into appending
// and encoding strings). A string or *string is appended directly; any
// other value (bytes, sql.NullString, a Valuer, …) is converted by
// clickhouse-go's column, with its errors. Reading a value back (Row,
// ScanRow) is supported but slow: these columns are written, not read.
type stringColumn struct {
	lib  *column.String // converts other values, scans values out
	buf  []byte         // the Native encoding of the values
	rows int
	offs []int // where each value's length starts, up to what was read
}

func newStringColumn(lib *column.String) *stringColumn { return &stringColumn{lib: lib} }

var _ column.Interface = (*stringColumn)(nil)

func (c *stringColumn) Name() string           { return c.lib.Name() }
func (c *stringColumn) Type() column.Type      { return c.lib.Type() }
func (c *stringColumn) ScanType() reflect.Type { return c.lib.ScanType() }
func (c *stringColumn) Rows() int              { return c.rows }

func (c *stringColumn) Reset() {
	c.buf, c.rows, c.offs = c.buf[:0], 0, c.offs[:0]
	c.lib.Reset()
}

func (c *stringColumn) Encode(b *chproto.Buffer) { b.Buf = append(b.Buf, c.buf...) }

func (c *stringColumn) add(v string) {
	c.buf = binary.AppendUvarint(c.buf, uint64(len(v)))
	c.buf = append(c.buf, v...)
	c.rows++
}

func (c *stringColumn) AppendRow(v any) error {
	switch v := v.(type) {
	case string:
		c.add(v)
		return nil
	case *string:
		if v != nil {
			c.add(*v)
		} else {
			c.add("")
		}
		return nil
	}
	err := c.lib.AppendRow(v)
	c.takeLib()
	return err
}

// Append appends a slice of values, as clickhouse-go's String does.
func (c *stringColumn) Append(v any) ([]uint8, error) {
	nulls, err := c.lib.Append(v)
	c.takeLib()
	return nulls, err
}

// takeLib moves what the library's column holds into c.
func (c *stringColumn) takeLib() {
	for i := 0; i < c.lib.Rows(); i++ {
		c.add(c.lib.Row(i, false).(string))
	}
	c.lib.Reset()
}

func (c *stringColumn) Decode(r *chproto.Reader, rows int) error {
	var col chproto.ColStr
	if err := col.DecodeColumn(r, rows); err != nil {
		return err
	}
	for i := 0; i < col.Rows(); i++ {
		c.add(col.Row(i))
	}
	return nil
}

// value returns row i.
func (c *stringColumn) value(i int) string {
	for len(c.offs) <= i {
		off := 0
		if n := len(c.offs); n > 0 {
			l, k := binary.Uvarint(c.buf[c.offs[n-1]:])
			off = c.offs[n-1] + k + int(l)
		}
		c.offs = append(c.offs, off)
	}
	l, k := binary.Uvarint(c.buf[c.offs[i]:])
	start := c.offs[i] + k
	return string(c.buf[start : start+int(l)])
}

func (c *stringColumn) Row(i int, ptr bool) any {
	v := c.value(i)
	if ptr {
		return &v
	}
	return v
}

func (c *stringColumn) ScanRow(dest any, i int) error {
	defer c.lib.Reset()
	if err := c.lib.AppendRow(c.value(i)); err != nil {
		return err
	}
	return c.lib.ScanRow(dest, 0)
}
