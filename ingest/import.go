package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"strings"
	"time"

	"github.com/cespare/xxhash/v2"

	"kinerja/warehouse"
)

// dataset is how one dataset turns records into typed rows R and writes
// them. The pipeline (importFiles) is the same for every dataset: read,
// validate, reject duplicate keys, compare with what is stored, write what
// is new or changed.
type dataset[R any] interface {
	// table is the warehouse table rows go to.
	table() string
	// required and optional are the canonical column names; parse reads
	// them by position in this order (required first).
	required() []string
	optional() []string
	// keyColumn names the column of the natural key, for duplicate rejects.
	keyColumn() string
	// begin loads what validation needs (the known units, …).
	begin(ctx context.Context, ru *run) error
	// parse validates one record into row; every bad cell is a c.fail.
	parse(c *rowCheck, row *R)
	key(row *R) string
	// accept runs the checks across rows once the row is valid and its key
	// new (units: one name per agency); it may still c.fail the row.
	accept(c *rowCheck, row *R)
	// anyStored reports whether the table holds any row this run could
	// replace; when it holds none, rows are not compared (first imports).
	anyStored(ctx context.Context, ru *run) (bool, error)
	// stored returns the stored rows among keys (the keys of rows), by key.
	stored(ctx context.Context, ru *run, keys []string, rows []R) (map[string]R, error)
	// same reports whether a stored row equals an incoming one.
	same(stored, incoming *R) bool
	insertColumns() []string
	// values appends the insert values of row to dst: pointers to the row's
	// fields (boxing a pointer allocates nothing; the batch copies the
	// values as they are appended, while the row is still in the chunk).
	values(ru *run, row *R, dst []any) []any
	// finish runs after the last file (units: write the agencies).
	finish(ctx context.Context, ru *run) error
}

// rowCheck is the validation state of one record.
type rowCheck struct {
	file  string
	line  int
	cells []string
	b     *binding
	fails []cellFail
	now   time.Time // the run's "now", for dates in the future
	clock clock     // now's calendar, computed once
	hints Hints     // what the table knows about its numbers and dates
}

type cellFail struct{ column, value, reason, reasonEN string }

func (c *rowCheck) reset(file string, line int, cells []string, b *binding) {
	c.file, c.line, c.cells, c.b, c.fails = file, line, cells, b, c.fails[:0]
}

// get returns canonical column i of the record ("" when the column is absent).
func (c *rowCheck) get(i int) string { return c.b.cell(c.cells, i) }

// fail rejects the cell of column with the given reasons.
func (c *rowCheck) fail(column, value, reason, reasonEN string) {
	c.fails = append(c.fails, cellFail{column, value, reason, reasonEN})
}

func (c *rowCheck) failed() bool { return len(c.fails) > 0 }

// lineRef is where a key was first accepted in a run.
type lineRef struct {
	file int
	line int
}

// keySet is the set of keys accepted in a run, with where each was first
// accepted. It is a hash table of its own rather than a map, because with
// a million keys nearly every lookup misses the CPU cache (a few hundred
// nanoseconds each on a busy machine, a third of the time spent reading a
// row): a slot is 8 bytes (32 bits of the key's 64-bit hash, and the
// index of its entry), open addressing with linear probing, at most half
// full; and in front of it a Bloom filter of half a byte per slot, small
// enough to stay in the cache, tells most new keys apart without touching
// the table (a run's keys are new but for the odd duplicate); new keys
// go into the table a few hundred at a time, when their cache misses
// overlap instead of stalling one row each. A key's bytes are kept (in
// blocks without pointers, which the garbage collector does not scan), so
// a match of the hash is confirmed exactly and keys whose hashes collide
// simply take different slots.
type keySet struct {
	slots   []keySlot
	bloom   []uint64  // len(slots)/16 words, three bits per key in one word
	shift   uint      // 64 - log2(len(bloom))
	pending []keySlot // added (and in the filter), not yet in slots
	// Entries and key bytes grow in blocks that are never moved: a
	// million keys are appended without copying what came before.
	entries [][]keyEntry // blocks of keyBlock entries; entry i+1 is in slots
	arena   [][]byte     // blocks of at least arenaBlock bytes
	n       int          // entries
	// big holds keys past 32-bit counts (4 Gi keys, 4 GiB of blocks, a
	// line past 4 Gi), should a run ever get there.
	big    map[string]lineRef
	hashOf func(string) uint64 // xxhash; tests force collisions
}

const (
	keyBlock    = 1 << 14 // entries per block
	arenaBlock  = 1 << 20 // bytes per arena block
	keysPending = 256     // keys added to the table at once
)

// keySlot is one slot of the table: 0 when empty.
type keySlot uint64

func makeSlot(h uint64, entry int) keySlot { return keySlot(h&^0xFFFFFFFF | uint64(entry)) }

type keyEntry struct {
	block, off, len uint32 // the key's bytes in arena
	file, line      uint32
}

func newKeySet() keySet {
	s := keySet{hashOf: xxhash.Sum64String}
	s.resize(1 << 12)
	return s
}

// bloomBits are the Bloom filter's word and bits for a key whose hash has
// high 32 bits t (what a slot keeps, so that the filter can be rebuilt
// from the slots).
func (s *keySet) bloomBits(t uint64) (int, uint64) {
	x := t * 0x9E3779B97F4A7C15
	return int(x >> s.shift), 1<<(x&63) | 1<<(x>>6&63) | 1<<(x>>12&63)
}

// lookup finds key; h is its hash, for add.
func (s *keySet) lookup(key string) (at lineRef, found bool, h uint64) {
	h = s.hashOf(key)
	if w, bits := s.bloomBits(h >> 32); s.bloom[w]&bits == bits {
		s.flush()
		mask := uint64(len(s.slots) - 1)
		for i := h >> 32 & mask; ; i = (i + 1) & mask {
			sl := s.slots[i]
			if sl == 0 {
				break
			}
			if uint64(sl)&^0xFFFFFFFF != h&^0xFFFFFFFF {
				continue
			}
			e := s.entry(int(uint32(sl)) - 1) // the same 32 bits: compare the key
			if string(s.arena[e.block][e.off:e.off+e.len]) == key {
				return lineRef{file: int(e.file), line: int(e.line)}, true, h
			}
		}
	}
	if s.big != nil {
		at, found = s.big[key]
	}
	return at, found, h
}

func (s *keySet) entry(i int) *keyEntry { return &s.entries[i/keyBlock][i%keyBlock] }

func (s *keySet) get(key string) (lineRef, bool) {
	at, ok, _ := s.lookup(key)
	return at, ok
}

// add records a key that lookup did not find; h is what lookup returned.
func (s *keySet) add(key string, h uint64, at lineRef) {
	if s.n >= math.MaxUint32-1 || len(s.arena) >= math.MaxUint32-1 ||
		at.line < 0 || at.line > math.MaxUint32 || at.file < 0 || at.file > math.MaxUint32 {
		if s.big == nil {
			s.big = map[string]lineRef{}
		}
		s.big[strings.Clone(key)] = at
		return
	}
	if 2*(s.n+1) > len(s.slots) {
		s.flush()
		s.resize(2 * len(s.slots))
	}
	if len(s.arena) == 0 || len(s.arena[len(s.arena)-1])+len(key) > cap(s.arena[len(s.arena)-1]) {
		s.arena = append(s.arena, make([]byte, 0, max(arenaBlock, len(key))))
	}
	b := len(s.arena) - 1
	off := len(s.arena[b])
	s.arena[b] = append(s.arena[b], key...)
	if s.n%keyBlock == 0 {
		s.entries = append(s.entries, make([]keyEntry, keyBlock))
	}
	*s.entry(s.n) = keyEntry{block: uint32(b), off: uint32(off), len: uint32(len(key)), file: uint32(at.file), line: uint32(at.line)}
	s.n++
	sl := makeSlot(h, s.n)
	w, bits := s.bloomBits(h >> 32)
	s.bloom[w] |= bits
	if s.pending = append(s.pending, sl); len(s.pending) == keysPending {
		s.flush()
	}
}

// flush puts the pending keys into the table.
func (s *keySet) flush() {
	for _, sl := range s.pending {
		s.put(sl)
	}
	s.pending = s.pending[:0]
}

// put stores sl in the first empty slot from its hash on.
func (s *keySet) put(sl keySlot) {
	mask := uint64(len(s.slots) - 1)
	i := uint64(sl) >> 32 & mask
	for s.slots[i] != 0 {
		i = (i + 1) & mask
	}
	s.slots[i] = sl
}

// resize makes the table n slots (a power of two) and puts the keys back.
// A slot keeps only the high 32 bits of its key's hash, which is why
// probing and the filter start from those bits.
func (s *keySet) resize(n int) {
	old := s.slots
	s.slots = make([]keySlot, n)
	s.bloom = make([]uint64, n/16)
	s.shift = uint(64 - bits.Len(uint(len(s.bloom))-1))
	for _, sl := range old {
		if sl != 0 {
			w, bits := s.bloomBits(uint64(sl) >> 32)
			s.bloom[w] |= bits
			s.put(sl)
		}
	}
}

// pipeline imports the files of one run into one dataset.
type pipeline[R any] struct {
	ds  dataset[R]
	ru  *run
	out *batchWriter
	// compare is false when nothing was stored at the start: a run never
	// needs to compare with its own rows (duplicate keys are rejected). A
	// concurrent run of the same source in another process could then make
	// rows_unchanged too low, never a count too high (readers use FINAL).
	compare bool
	names   []string // file names by index, for lineRef
	seen    keySet
	chunk   []R // the rows being read and checked
	check   rowCheck

	// A full chunk is compared with what is stored and appended to the
	// batch by a second goroutine while the next chunk is read and
	// checked; at most one is in flight (writing), after which its buffer
	// comes back as spare. keys and vals belong to that goroutine.
	spare   []R
	writing chan chunkDone[R]
	keys    []string
	vals    []any
}

// chunkDone is what writing a chunk did.
type chunkDone[R any] struct {
	rows      []R
	fs        *FileSummary
	unchanged int
	err       error
}

// importDataset imports the inputs of one run with the pipeline of its
// dataset: the registry of datasets.
func importDataset(ctx context.Context, ru *run, ds Dataset, inputs []Input, sum *RunSummary) error {
	switch ds {
	case Units:
		return importFiles(ctx, ru, &unitsDataset{}, inputs, sum)
	case Employees:
		return importFiles(ctx, ru, &employeesDataset{}, inputs, sum)
	case OrganisationRatings:
		return importFiles(ctx, ru, &orgRatingsDataset{}, inputs, sum)
	case Survey:
		return importFiles(ctx, ru, &surveyDataset{}, inputs, sum)
	case ActivityReports:
		return importFiles(ctx, ru, &activityDataset{}, inputs, sum)
	case SKPEvaluations:
		return importFiles(ctx, ru, &skpDataset{}, inputs, sum)
	case CompetencyAssessments:
		return importFiles(ctx, ru, &competencyDataset{}, inputs, sum)
	case Trainings:
		return importFiles(ctx, ru, &trainingsDataset{}, inputs, sum)
	}
	return fmt.Errorf("dataset %q has no import pipeline", ds)
}

func importFiles[R any](ctx context.Context, ru *run, ds dataset[R], inputs []Input, sum *RunSummary) error {
	if err := ds.begin(ctx, ru); err != nil {
		return err
	}
	compare, err := ds.anyStored(ctx, ru)
	if err != nil {
		return fmt.Errorf("look for stored %s: %w", ds.table(), err)
	}
	// A run never writes two rows with the same key (the second is a
	// duplicate, rejected), and every table's sort key is its dataset's
	// key, so the engine finds nothing to collapse in a block as it
	// writes it: optimize_on_insert = 0 spares it running each block
	// through the ReplacingMergeTree merge (a copy of every row), a
	// quarter to a third of what an insert costs it (per million rows,
	// 1.1 → 0.8 CPU seconds for employees, 0.65 → 0.42 for trainings).
	wctx := warehouse.WithSettings(ctx, warehouse.Settings{"optimize_on_insert": 0})
	p := &pipeline[R]{ds: ds, ru: ru, seen: newKeySet(), compare: compare,
		out: newBatchWriter(wctx, ru.r.db, ds.table(), ds.insertColumns(), ru.r.batchRows)}
	for i, in := range inputs {
		p.names = append(p.names, in.Name)
		fs := FileSummary{Name: in.Name}
		err := p.file(ctx, i, in, &fs)
		if err != nil {
			_ = p.settle() // a chunk may still be in flight when file failed
		}
		sum.Files = append(sum.Files, fs)
		sum.Read += fs.Read
		sum.Accepted += fs.Accepted
		sum.Unchanged += fs.Unchanged
		sum.Rejected += fs.Rejected
		if err != nil {
			p.out.abort()
			return err
		}
	}
	if err := p.out.flush(); err != nil {
		return err
	}
	return ds.finish(ctx, ru)
}

// file imports one input. Problems of the input end up in fs and in the
// rejects; the error is ours (the warehouse failed, ctx was cancelled).
func (p *pipeline[R]) file(ctx context.Context, idx int, in Input, fs *FileSummary) error {
	t, closer, err := p.open(in)
	if err != nil {
		return p.fileFailed(fs, asFileError(in.Name, err))
	}
	defer closer.Close()
	b, err := bindHeader(in.Name, t.Header(), p.ds.required(), p.ds.optional())
	if err != nil {
		return p.fileFailed(fs, asFileError(in.Name, err))
	}
	if len(b.extra) > 0 {
		fs.Ignored = b.extra
		p.ru.note(fmt.Sprintf("%s: kolom diabaikan (ignored columns): %s", in.Name, strings.Join(b.extra, ", ")))
		p.ru.r.log.Info("ingest columns ignored", "run_id", p.ru.id.String(), "file", in.Name, "columns", strings.Join(b.extra, ","))
	}
	hints := HintsOf(t)
	for _, n := range hints.Notes {
		p.ru.note(n)
	}
	ra := newReadAhead(t) // closed before the input (deferred after it)
	defer ra.Close()
	t = ra
	keyCol := p.ds.keyColumn()
	c := &p.check
	c.now, c.clock, c.hints = p.ru.now, clockAt(p.ru.now), hints
	for n := 0; ; n++ {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		rec, err := t.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			var re *RowError
			if errors.As(err, &re) {
				fs.Read++
				fs.Rejected++
				rj := Reject{File: in.Name, Line: re.Line, Raw: re.Raw,
					Reason:   "baris tidak dapat dibaca sebagai CSV: " + csvReasonID(re.Err),
					ReasonEN: "the row cannot be read as CSV: " + csvReasonEN(re.Err)}
				var pr *Problem
				if errors.As(re.Err, &pr) {
					rj.Reason, rj.ReasonEN = pr.Reason, pr.ReasonEN
				}
				if err := p.ru.reject(fs, rj); err != nil {
					return err
				}
				continue
			}
			// The rest of the file cannot be read: keep what was read.
			if err := p.flushChunk(ctx, fs); err != nil {
				return err
			}
			if err := p.settle(); err != nil {
				return err
			}
			return p.fileFailed(fs, asFileError(in.Name, err))
		}
		fs.Read++
		if len(rec.Cells) != b.width {
			fs.Rejected++
			if err := p.ru.reject(fs, Reject{File: in.Name, Line: rec.Line, Raw: joinCSV(rec.Cells),
				Reason: fmt.Sprintf("baris memiliki %d sel, judul kolom memiliki %d (pemisah kolom di dalam teks yang tidak diapit tanda kutip?)",
					len(rec.Cells), b.width),
				ReasonEN: fmt.Sprintf("the row has %d cells, the header has %d (a separator inside a text that is not quoted?)",
					len(rec.Cells), b.width)}); err != nil {
				return err
			}
			continue
		}
		c.reset(in.Name, rec.Line, rec.Cells, b)
		var zero R
		p.chunk = append(p.chunk, zero)
		row := &p.chunk[len(p.chunk)-1]
		p.ds.parse(c, row)
		var key string
		var keyHash uint64
		if !c.failed() {
			key = p.ds.key(row)
			first, dup, h := p.seen.lookup(key)
			keyHash = h
			if dup {
				where := fmt.Sprintf("baris %d", first.line)
				whereEN := fmt.Sprintf("line %d", first.line)
				if first.file != idx {
					where = fmt.Sprintf("%s baris %d", p.names[first.file], first.line)
					whereEN = fmt.Sprintf("%s line %d", p.names[first.file], first.line)
				}
				c.fail(keyCol, key,
					fmt.Sprintf("%s: %s sudah ada di %s; data yang sama tidak dihitung dua kali", keyCol, quote(key), where),
					fmt.Sprintf("%s: %s already appears on %s; the same record is never counted twice", keyCol, quote(key), whereEN))
			} else {
				p.ds.accept(c, row)
			}
		}
		if c.failed() {
			p.chunk = p.chunk[:len(p.chunk)-1]
			fs.Rejected++
			raw := joinCSV(rec.Cells)
			for _, f := range c.fails {
				if err := p.ru.reject(fs, Reject{File: in.Name, Line: rec.Line, Column: f.column, Value: f.value,
					Reason: f.reason, ReasonEN: f.reasonEN, Raw: raw}); err != nil {
					return err
				}
			}
			continue
		}
		p.seen.add(key, keyHash, lineRef{file: idx, line: rec.Line})
		fs.Accepted++
		if len(p.chunk) >= p.ru.r.chunkRows {
			if err := p.flushChunk(ctx, fs); err != nil {
				return err
			}
		}
	}
	if fs.Read == 0 {
		p.ru.note(fmt.Sprintf("%s: tidak ada baris data di bawah judul kolom (no data rows below the header)", in.Name))
	}
	if err := p.flushChunk(ctx, fs); err != nil {
		return err
	}
	return p.settle()
}

// open opens one input as a Table.
func (p *pipeline[R]) open(in Input) (Table, io.Closer, error) {
	if in.Open != nil {
		return in.Open()
	}
	return OpenTable(in.Path, in.Name, p.ru.sheet)
}

// fileFailed records a file that cannot be imported (from fe.Line on).
func (p *pipeline[R]) fileFailed(fs *FileSummary, fe *FileError) error {
	fs.Err = fe
	p.ru.r.log.Warn("ingest file not imported", "run_id", p.ru.id.String(), "file", fe.File, "line", fe.Line, "err", fe.Error())
	return p.ru.reject(fs, Reject{File: fs.Name, Line: fe.Line, Reason: fe.Reason, ReasonEN: fe.ReasonEN})
}

// flushChunk hands the pending rows to be compared with what is stored
// and written (the new and changed ones) in the background, once the
// previous chunk is done; see settle.
func (p *pipeline[R]) flushChunk(ctx context.Context, fs *FileSummary) error {
	if err := p.settle(); err != nil {
		return err
	}
	if len(p.chunk) == 0 {
		return nil
	}
	rows := p.chunk
	p.chunk, p.spare = p.spare[:0], nil
	done := make(chan chunkDone[R], 1)
	p.writing = done
	go func() {
		defer recoverTo(func(gp *goPanic) { done <- chunkDone[R]{rows: rows, fs: fs, err: gp} })
		n, err := p.writeChunk(ctx, rows)
		done <- chunkDone[R]{rows: rows, fs: fs, unchanged: n, err: err}
	}()
	return nil
}

// settle waits for the chunk being written, counts its unchanged rows in
// its file's summary and keeps its buffer for the next chunk.
func (p *pipeline[R]) settle() error {
	if p.writing == nil {
		return nil
	}
	d := <-p.writing
	p.writing = nil
	if gp, ok := d.err.(*goPanic); ok {
		panic(gp) // raised where the run recovers it
	}
	d.fs.Unchanged += d.unchanged
	clear(d.rows) // drop references to the rows' strings
	p.spare = d.rows[:0]
	return d.err
}

// writeChunk compares rows with what is stored and appends the new and
// changed ones to the batch; it returns how many were unchanged.
func (p *pipeline[R]) writeChunk(ctx context.Context, rows []R) (int, error) {
	var stored map[string]R
	if p.compare {
		p.keys = p.keys[:0]
		for i := range rows {
			p.keys = append(p.keys, p.ds.key(&rows[i]))
		}
		var err error
		if stored, err = p.ds.stored(ctx, p.ru, p.keys, rows); err != nil {
			return 0, fmt.Errorf("compare with stored %s: %w", p.ds.table(), err)
		}
	}
	unchanged := 0
	for i := range rows {
		row := &rows[i]
		if stored != nil {
			if old, ok := stored[p.keys[i]]; ok && p.ds.same(&old, row) {
				unchanged++
				continue
			}
		}
		p.vals = p.ds.values(p.ru, row, p.vals[:0])
		if err := p.out.append(p.vals...); err != nil {
			return unchanged, err
		}
	}
	return unchanged, nil
}

// quote quotes a value for a reason, cut to 60 characters.
func quote(s string) string {
	return fmt.Sprintf("%q", truncate(s, 60))
}
