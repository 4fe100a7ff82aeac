package ingest

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// scripted is a Table that returns a script of records and errors, then
// io.EOF; it panics at panicAt (a record index) when set.
type scripted struct {
	steps   []any // Record or error
	i       int
	panicAt int
	reads   int
}

func (s *scripted) Name() string     { return "s.csv" }
func (s *scripted) Header() []string { return []string{"a", "b"} }
func (s *scripted) Hints() Hints     { return Hints{DecimalComma: true} }

func (s *scripted) Next() (Record, error) {
	s.reads++
	if s.panicAt > 0 && s.i == s.panicAt {
		panic("reader broke")
	}
	if s.i >= len(s.steps) {
		return Record{}, io.EOF
	}
	st := s.steps[s.i]
	s.i++
	if err, ok := st.(error); ok {
		return Record{}, err
	}
	rec := st.(Record)
	return Record{Line: rec.Line, Cells: append([]string(nil), rec.Cells...)}, nil
}

// script is n records with a row error every 97th and end (nil: io.EOF).
func script(n int, end error) []any {
	var steps []any
	for i := 0; i < n; i++ {
		if i%97 == 50 {
			steps = append(steps, &RowError{Line: i + 2, Raw: "x", Err: errors.New("bad quote")})
			continue
		}
		steps = append(steps, Record{Line: i + 2, Cells: []string{fmt.Sprint(i), strings.Repeat("c", i%5)}})
	}
	if end != nil {
		steps = append(steps, end)
	}
	return steps
}

// Reading ahead returns what the table returns, in order, across batches;
// an error that ends the table ends it for good.
func TestReadAheadReturnsTheTableInOrder(t *testing.T) {
	fileErr := &FileError{File: "s.csv", Line: 900, Reason: "rusak", ReasonEN: "broken"}
	for _, tc := range []struct {
		name string
		n    int
		end  error
	}{
		{"empty", 0, nil},
		{"less than a batch", 10, nil},
		{"exactly a batch", readAheadRecords, nil},
		{"several batches", 3*readAheadRecords + 7, nil},
		{"ended by a file error", 2*readAheadRecords + 3, fileErr},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := &scripted{steps: script(tc.n, tc.end)}
			ra := newReadAhead(&scripted{steps: script(tc.n, tc.end)})
			defer ra.Close()
			if ra.Name() != "s.csv" || len(ra.Header()) != 2 || !HintsOf(ra).DecimalComma {
				t.Fatalf("name %q header %v hints %+v", ra.Name(), ra.Header(), HintsOf(ra))
			}
			for i := 0; ; i++ {
				wr, werr := want.Next()
				gr, gerr := ra.Next()
				if fmt.Sprint(werr) != fmt.Sprint(gerr) || wr.Line != gr.Line || strings.Join(wr.Cells, "|") != strings.Join(gr.Cells, "|") {
					t.Fatalf("step %d: %+v %v, the table gives %+v %v", i, gr, gerr, wr, werr)
				}
				var re *RowError
				if werr != nil && !errors.As(werr, &re) {
					break
				}
			}
			if _, err := ra.Next(); err == nil || (tc.end != nil && !errors.Is(err, tc.end)) {
				t.Errorf("after the end: %v", err)
			}
		})
	}
}

// Closing before the end stops the reading goroutine (Close returns) and
// reads little past what was asked for.
func TestReadAheadClosesEarly(t *testing.T) {
	tab := &scripted{steps: script(100*readAheadRecords, nil)}
	ra := newReadAhead(tab)
	if _, err := ra.Next(); err != nil {
		t.Fatal(err)
	}
	ra.Close()
	ra.Close() // twice is fine
	if tab.reads > (readAheadBatches+1)*readAheadRecords {
		t.Errorf("%d records read ahead of 1", tab.reads)
	}
}

// A panic while reading is raised again in the goroutine that reads the
// records, as a *goPanic (which the run records as a failed run).
func TestReadAheadRaisesPanics(t *testing.T) {
	ra := newReadAhead(&scripted{steps: script(2000, nil), panicAt: 1000})
	defer ra.Close()
	defer func() {
		gp, ok := recover().(*goPanic)
		if !ok || fmt.Sprint(gp.value) != "reader broke" || len(gp.stack) == 0 {
			t.Errorf("recovered %v, want the reader's panic", gp)
		}
	}()
	for {
		if _, err := ra.Next(); err == io.EOF {
			t.Fatal("no panic")
		}
	}
}
