package ingest

import "errors"

// readAhead reads a Table in a goroutine of its own, a batch of records
// ahead of the one that checks them: splitting CSV (or decoding a
// workbook's XML) then runs on the other core while rows are validated.
// Next returns exactly what the table's Next returns, in the same order,
// errors included; after an error that is not a *RowError (io.EOF, a
// *FileError) the table is not read further and Next keeps returning it.
// Close stops the goroutine; it must be called before the table's input
// is closed.
type readAhead struct {
	Table
	hints Hints
	full  chan *recordBatch // read, in order
	free  chan *recordBatch // to be filled again
	stop  chan struct{}
	done  chan struct{} // closed when the goroutine has returned

	cur *recordBatch
	i   int   // the next record of cur
	end error // the error that ended the table, once reached
}

// recordBatch is up to readAheadRecords records (or row errors) in order,
// their cells in one slice, and what ended the table if it ended there.
type recordBatch struct {
	lines []int
	ends  []int   // each record's end in cells
	errs  []error // each record's *RowError, or nil
	cells []string
	end   error // io.EOF, another error ending the table, or a *goPanic
}

const (
	readAheadRecords = 512
	readAheadBatches = 4 // one being read, one being checked, two waiting
)

func newReadAhead(t Table) *readAhead {
	ra := &readAhead{Table: t, hints: HintsOf(t),
		full: make(chan *recordBatch, readAheadBatches), free: make(chan *recordBatch, readAheadBatches),
		stop: make(chan struct{}), done: make(chan struct{})}
	for i := 0; i < readAheadBatches; i++ {
		ra.free <- &recordBatch{}
	}
	go ra.read()
	return ra
}

func (ra *readAhead) Hints() Hints { return ra.hints }

// read fills batches until the table ends or Close is called.
func (ra *readAhead) read() {
	defer close(ra.done)
	for {
		var b *recordBatch
		select {
		case b = <-ra.free:
		case <-ra.stop:
			return
		}
		b.lines, b.ends, b.errs, b.cells, b.end = b.lines[:0], b.ends[:0], b.errs[:0], b.cells[:0], nil
		func() {
			defer recoverTo(func(gp *goPanic) { b.end = gp })
			for len(b.lines) < readAheadRecords {
				rec, err := ra.Table.Next()
				var re *RowError
				switch {
				case err == nil:
					b.cells = append(b.cells, rec.Cells...)
				case errors.As(err, &re):
				default:
					b.end = err
					return
				}
				b.lines = append(b.lines, rec.Line)
				b.ends = append(b.ends, len(b.cells))
				b.errs = append(b.errs, err)
			}
		}()
		select {
		case ra.full <- b:
		case <-ra.stop:
			return
		}
		if b.end != nil {
			return
		}
	}
}

// Next returns the table's next record or error. The record's cells are
// valid until the next call.
func (ra *readAhead) Next() (Record, error) {
	for {
		if ra.end != nil {
			return Record{}, ra.end
		}
		if ra.cur != nil && ra.i < len(ra.cur.lines) {
			b, i := ra.cur, ra.i
			ra.i++
			if b.errs[i] != nil {
				return Record{}, b.errs[i]
			}
			start := 0
			if i > 0 {
				start = b.ends[i-1]
			}
			return Record{Line: b.lines[i], Cells: b.cells[start:b.ends[i]:b.ends[i]]}, nil
		}
		if ra.cur != nil {
			if ra.end = ra.cur.end; ra.end != nil {
				if gp, ok := ra.end.(*goPanic); ok {
					panic(gp) // raised where the run recovers it
				}
				continue
			}
			ra.free <- ra.cur
		}
		ra.cur, ra.i = <-ra.full, 0
	}
}

// Close stops reading ahead and waits for the reading goroutine.
func (ra *readAhead) Close() {
	select {
	case <-ra.stop:
	default:
		close(ra.stop)
	}
	<-ra.done
}

var _ Hinted = (*readAhead)(nil)
