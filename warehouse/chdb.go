package warehouse

import (
	"fmt"
	"runtime"
	"sync"
	"unsafe"

	"github.com/ebitengine/purego"
)

// libchdb is the small binding over the C API of libchdb (chDB 26.7) that the
// embedded backend needs. The calls and their shapes are those observed in
// ../shared/libchdb.md; chdb-go binds neither the length-aware calls nor
// streaming inserts nor query parameters, hence our own.
type libchdb struct {
	path string

	connect              func(argc int32, argv **byte) unsafe.Pointer
	closeConn            func(conn unsafe.Pointer)
	queryN               func(conn uintptr, q *byte, qlen uintptr, f *byte, flen uintptr) uintptr
	queryWithParams      func(conn uintptr, q *byte, f *byte, names **byte, values **byte, n uintptr) uintptr
	streamInsertN        func(conn uintptr, q *byte, qlen uintptr, f *byte, flen uintptr) uintptr
	streamAppend         func(h uintptr, data *byte, n uintptr) int32
	streamDone           func(h uintptr) uintptr
	streamInsertError    func(h uintptr) string
	destroyInsertStream  func(h uintptr)
	resultBuffer         func(r uintptr) unsafe.Pointer
	resultLength         func(r uintptr) uintptr
	resultError          func(r uintptr) string
	resultRowsRead       func(r uintptr) uint64
	resultRowsWritten    func(r uintptr) uint64
	resultBytesRead      func(r uintptr) uint64
	resultElapsed        func(r uintptr) float64
	destroyQueryResult   func(r uintptr)
	setSignalHandlersOff func(enabled int32)
	version              func() string
}

var (
	libOnce sync.Once
	libVal  *libchdb
	libErr  error
)

// loadLib loads libchdb once per process (the engine is a process-wide
// singleton inside the library).
func loadLib(path string) (*libchdb, error) {
	libOnce.Do(func() {
		var saved signalHandlers
		saved.save()
		h, err := purego.Dlopen(path, purego.RTLD_NOW|purego.RTLD_GLOBAL)
		saved.restore()
		if err != nil {
			libErr = fmt.Errorf("load embedded ClickHouse engine %s: %w", path, err)
			return
		}
		l := &libchdb{path: path}
		reg := func(fptr any, name string) {
			if libErr != nil {
				return
			}
			defer func() {
				if r := recover(); r != nil {
					libErr = fmt.Errorf("embedded ClickHouse engine %s lacks %s: %v", path, name, r)
				}
			}()
			purego.RegisterLibFunc(fptr, h, name)
		}
		reg(&l.connect, "chdb_connect")
		reg(&l.closeConn, "chdb_close_conn")
		reg(&l.queryN, "chdb_query_n")
		reg(&l.queryWithParams, "chdb_query_with_params")
		reg(&l.streamInsertN, "chdb_stream_insert_n")
		reg(&l.streamAppend, "chdb_stream_append")
		reg(&l.streamDone, "chdb_stream_done")
		reg(&l.streamInsertError, "chdb_stream_insert_error")
		reg(&l.destroyInsertStream, "chdb_destroy_insert_stream")
		reg(&l.resultBuffer, "chdb_result_buffer")
		reg(&l.resultLength, "chdb_result_length")
		reg(&l.resultError, "chdb_result_error")
		reg(&l.resultRowsRead, "chdb_result_rows_read")
		reg(&l.resultRowsWritten, "chdb_result_rows_written")
		reg(&l.resultBytesRead, "chdb_result_bytes_read")
		reg(&l.resultElapsed, "chdb_result_elapsed")
		reg(&l.destroyQueryResult, "chdb_destroy_query_result")
		reg(&l.setSignalHandlersOff, "chdb_set_signal_handlers_enabled")
		reg(&l.version, "chdb_version")
		if libErr == nil {
			libVal = l
		}
	})
	if libErr != nil {
		return nil, libErr
	}
	if libVal.path != path {
		return nil, fmt.Errorf("embedded ClickHouse engine already loaded from %s, cannot load %s too", libVal.path, path)
	}
	return libVal, nil
}

// cstr returns a NUL-terminated copy of s; keep the slice alive during the call.
func cstr(s string) []byte {
	b := make([]byte, len(s)+1)
	copy(b, s)
	return b
}

// rawConn is one chdb connection; it runs one query at a time.
type rawConn struct {
	lib  *libchdb
	conn uintptr        // the chdb_connection (dereferenced once from chdb_connect)
	ptr  unsafe.Pointer // what chdb_connect returned, for chdb_close_conn
}

// result is the copied-out outcome of one call.
type result struct {
	data        []byte
	rowsRead    uint64
	rowsWritten uint64
	bytesRead   uint64
	elapsed     float64
}

func (l *libchdb) open(args []string) (*rawConn, error) {
	bufs := make([][]byte, len(args))
	ptrs := make([]*byte, len(args)+1)
	for i, a := range args {
		bufs[i] = cstr(a)
		ptrs[i] = &bufs[i][0]
	}
	var saved signalHandlers
	saved.save()
	l.setSignalHandlersOff(0)
	p := l.connect(int32(len(args)), &ptrs[0])
	saved.restore()
	runtime.KeepAlive(bufs)
	if p == nil {
		return nil, errConnect
	}
	conn := *(*uintptr)(p)
	if conn == 0 {
		return nil, errConnect
	}
	return &rawConn{lib: l, conn: conn, ptr: p}, nil
}

func (c *rawConn) close() {
	if c.ptr != nil {
		c.lib.closeConn(c.ptr)
		c.ptr, c.conn = nil, 0
	}
}

func (c *rawConn) takeResult(r uintptr) (result, error) {
	if r == 0 {
		return result{}, fmt.Errorf("embedded engine returned no result")
	}
	defer c.lib.destroyQueryResult(r)
	if msg := c.lib.resultError(r); msg != "" {
		return result{}, parseError(msg)
	}
	res := result{
		rowsRead:    c.lib.resultRowsRead(r),
		rowsWritten: c.lib.resultRowsWritten(r),
		bytesRead:   c.lib.resultBytesRead(r),
		elapsed:     c.lib.resultElapsed(r),
	}
	if n := c.lib.resultLength(r); n > 0 {
		buf := c.lib.resultBuffer(r)
		res.data = make([]byte, n)
		copy(res.data, unsafe.Slice((*byte)(buf), n))
	}
	return res, nil
}

// query runs q and returns its output in the given format.
func (c *rawConn) query(q, format string, names, values []string) (result, error) {
	if len(names) == 0 {
		qb, fb := cstr(q), cstr(format)
		r := c.lib.queryN(c.conn, &qb[0], uintptr(len(q)), &fb[0], uintptr(len(format)))
		runtime.KeepAlive(qb)
		runtime.KeepAlive(fb)
		return c.takeResult(r)
	}
	qb, fb := cstr(q), cstr(format)
	nb := make([][]byte, len(names))
	vb := make([][]byte, len(names))
	np := make([]*byte, len(names))
	vp := make([]*byte, len(names))
	for i := range names {
		nb[i], vb[i] = cstr(names[i]), cstr(values[i])
		np[i], vp[i] = &nb[i][0], &vb[i][0]
	}
	r := c.lib.queryWithParams(c.conn, &qb[0], &fb[0], &np[0], &vp[0], uintptr(len(names)))
	runtime.KeepAlive(qb)
	runtime.KeepAlive(fb)
	runtime.KeepAlive(nb)
	runtime.KeepAlive(vb)
	return c.takeResult(r)
}

// insertStream is one streamed INSERT on a connection.
type insertStream struct {
	c *rawConn
	h uintptr
}

func (c *rawConn) streamInsert(q, format string) (*insertStream, error) {
	qb, fb := cstr(q), cstr(format)
	h := c.lib.streamInsertN(c.conn, &qb[0], uintptr(len(q)), &fb[0], uintptr(len(format)))
	runtime.KeepAlive(qb)
	runtime.KeepAlive(fb)
	if h == 0 {
		return nil, fmt.Errorf("embedded engine refused to start insert: %s", q)
	}
	s := &insertStream{c: c, h: h}
	if msg := c.lib.streamInsertError(h); msg != "" {
		s.destroy()
		return nil, parseError(msg)
	}
	return s, nil
}

func (s *insertStream) append(data []byte) error {
	if len(data) == 0 {
		return nil
	}
	rc := s.c.lib.streamAppend(s.h, &data[0], uintptr(len(data)))
	runtime.KeepAlive(data)
	if msg := s.c.lib.streamInsertError(s.h); msg != "" {
		return parseError(msg)
	}
	if rc != 0 {
		return fmt.Errorf("embedded engine rejected insert block (code %d)", rc)
	}
	return nil
}

func (s *insertStream) done() (result, error) {
	r := s.c.lib.streamDone(s.h)
	if msg := s.c.lib.streamInsertError(s.h); msg != "" {
		if r != 0 {
			s.c.lib.destroyQueryResult(r)
		}
		return result{}, parseError(msg)
	}
	return s.c.takeResult(r)
}

func (s *insertStream) destroy() {
	if s.h != 0 {
		s.c.lib.destroyInsertStream(s.h)
		s.h = 0
	}
}
