// Package demo writes a realistic, deterministic demo of Pemerintah
// Kabupaten Mamuju (Sulawesi Barat) as the canonical feed files the ingest
// package imports: one inbox directory per dataset (DIR/units, DIR/survey,
// …), each holding CSV files with a header row.
//
// What it tells: the usual OPD of a kabupaten and the eleven kecamatan
// (Kemendagri codes), puskesmas, schools, kelurahan and the other service
// units (see org.go for the codes), with SKM respondents on working days
// and office hours, fewer in Ramadan, around Lebaran and at the end of the
// year, PPDB peaks at schools, most units in mutu B or A, a few in C, some
// improving and some declining. People and respondents are invented.
//
// Determinism: the same Options give byte-identical files. Every random
// draw comes from a stream keyed by (seed, dataset, unit, day), so
// extending the range leaves the rows of earlier days unchanged, and the
// number of workers does not matter. The organisation and each unit's
// character do not depend on the seed; the seed draws the people.
//
// Files: survey responses go one file per calendar month
// (survey/skm-2025-03.csv): an inbox imports every file, a month is a
// natural unit to re-send, and a longer range only adds files (the last,
// partial month is rewritten with more days).
package demo

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"time"
)

// Dataset names; each is also the directory of its files under the output
// directory.
const (
	DatasetUnits  = "units"
	DatasetSurvey = "survey"
)

// Datasets lists every dataset the demo writes, in writing order.
var Datasets = []string{DatasetUnits, DatasetSurvey}

// UnitsHeader is the canonical header of the organisation file.
const UnitsHeader = "unit_code,unit_name,agency_code,agency_name,kind,kecamatan"

// DefaultFrom is the first day of the default range.
var DefaultFrom = time.Date(2024, 1, 1, 0, 0, 0, 0, wita)

var wita = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Makassar")
	if err != nil {
		return time.FixedZone("WITA", 8*3600) // no daylight saving: equivalent
	}
	return loc
}()

// Options choose what to write.
type Options struct {
	// Seed draws the people and the respondents; same seed, same bytes.
	Seed uint64
	// Scale multiplies every volume (respondents, later staff); 1 is the
	// realistic size, 0 means 1. Fractions are allowed (0.1 for quick tests).
	Scale float64
	// From and To are the first and the last day (WITA calendar days,
	// inclusive). Zero From is 2024-01-01; zero To is yesterday in WITA.
	From, To time.Time
	// Datasets to write; empty means all (see Datasets).
	Datasets []string
	// Workers writing files in parallel; 0 means GOMAXPROCS. The bytes do
	// not depend on it.
	Workers int
	// Now gives "today" for the default To; nil means time.Now.
	Now func() time.Time
}

// normalise fills defaults and checks the options; errors are the
// caller's (a usage mistake).
func (o Options) normalise() (Options, error) {
	if o.Scale == 0 {
		o.Scale = 1
	}
	if o.Scale < 0 || o.Scale > 10000 {
		return o, fmt.Errorf("scale %g: want a number above 0 and at most 10000", o.Scale)
	}
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	if o.From.IsZero() {
		o.From = DefaultFrom
	}
	if o.To.IsZero() {
		o.To = now().In(wita).AddDate(0, 0, -1)
	}
	o.From = dateOf(o.From)
	o.To = dateOf(o.To)
	if o.From.Year() < 2000 || o.To.Year() > 2100 {
		return o, fmt.Errorf("range %s..%s: want days between 2000 and 2100", o.From.Format("2006-01-02"), o.To.Format("2006-01-02"))
	}
	if o.To.Before(o.From) {
		return o, fmt.Errorf("to %s is before from %s", o.To.Format("2006-01-02"), o.From.Format("2006-01-02"))
	}
	if len(o.Datasets) == 0 {
		o.Datasets = Datasets
	}
	for _, d := range o.Datasets {
		if !slices.Contains(Datasets, d) {
			return o, fmt.Errorf("dataset %q: want one of %v", d, Datasets)
		}
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	return o, nil
}

// dateOf is the WITA calendar day of t, as midnight WITA. A time at
// midnight in another zone (time.Date(…, time.UTC)) names that calendar day.
func dateOf(t time.Time) time.Time {
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, wita)
	}
	t = t.In(wita)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, wita)
}

// Generator draws the demo. It holds no mutable state after New, so its
// methods may run concurrently.
type Generator struct {
	opt            Options
	org            *Organisation
	serviceWeights [][]float64 // per unit
}

// New returns a generator for the options (defaults filled in).
func New(opt Options) (*Generator, error) {
	opt, err := opt.normalise()
	if err != nil {
		return nil, err
	}
	g := &Generator{opt: opt, org: Mamuju()}
	g.serviceWeights = make([][]float64, len(g.org.Units))
	for i, u := range g.org.Units {
		if u.survey == nil {
			continue
		}
		for _, s := range u.survey.services {
			g.serviceWeights[i] = append(g.serviceWeights[i], s.weight)
		}
	}
	return g, nil
}

// Options returns the options with defaults filled in.
func (g *Generator) Options() Options { return g.opt }

// Organisation returns the agencies and units the demo writes.
func (g *Generator) Organisation() *Organisation { return g.org }

func (g *Generator) unitKey(dataset string, ui int) uint64 {
	return key(g.opt.Seed, dataset, g.org.Units[ui].Code)
}

// WriteUnits writes the canonical organisation file.
func (g *Generator) WriteUnits(w io.Writer) (int64, error) {
	bw := bufio.NewWriter(w)
	bw.WriteString(UnitsHeader + "\n")
	var b []byte
	for _, u := range g.org.Units {
		b = b[:0]
		for i, f := range []string{u.Code, u.Name, u.AgencyCode, u.AgencyName, u.Kind, u.Kecamatan} {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendField(b, f)
		}
		b = append(b, '\n')
		bw.Write(b)
	}
	if err := bw.Flush(); err != nil {
		return 0, fmt.Errorf("write units: %w", err)
	}
	return int64(len(g.org.Units)), nil
}

// DatasetSummary is what was written for one dataset.
type DatasetSummary struct {
	Name  string
	Dir   string   // the dataset's inbox directory
	Rows  int64    // data rows over all files (headers not counted)
	Files []string // paths, in date order
}

// Summary is what Write did.
type Summary struct {
	Dir      string
	Seed     uint64
	Scale    float64
	From, To time.Time
	Datasets []DatasetSummary
	Elapsed  time.Duration
}

// Rows returns the rows written for a dataset (0 if it was not written).
func (s Summary) Rows(dataset string) int64 {
	for _, d := range s.Datasets {
		if d.Name == dataset {
			return d.Rows
		}
	}
	return 0
}

// TotalRows is the number of data rows over every dataset.
func (s Summary) TotalRows() int64 {
	var n int64
	for _, d := range s.Datasets {
		n += d.Rows
	}
	return n
}

// fileJob writes one file of one dataset.
type fileJob struct {
	dataset string
	name    string
	write   func(w io.Writer) (int64, error)
}

// jobs lists the files of the selected datasets, in summary order.
func (g *Generator) jobs() []fileJob {
	var out []fileJob
	for _, ds := range g.opt.Datasets {
		switch ds {
		case DatasetUnits:
			out = append(out, fileJob{ds, "units.csv", g.WriteUnits})
		case DatasetSurvey:
			for _, m := range months(g.opt.From, g.opt.To) {
				out = append(out, fileJob{ds, "skm-" + m[0].Format("2006-01") + ".csv", func(w io.Writer) (int64, error) {
					return g.WriteSurvey(w, m[0], m[1])
				}})
			}
		}
	}
	return out
}

// months splits from..to into calendar months: first and last day of each
// part.
func months(from, to time.Time) [][2]time.Time {
	var out [][2]time.Time
	for first := from; !first.After(to); {
		next := time.Date(first.Year(), first.Month()+1, 1, 0, 0, 0, 0, wita)
		last := next.AddDate(0, 0, -1)
		if last.After(to) {
			last = to
		}
		out = append(out, [2]time.Time{first, last})
		first = next
	}
	return out
}

// Write writes the demo under dir (created if needed), one directory per
// dataset, each file atomically (a hidden temporary name, then a rename),
// files of different months in parallel. Files already in dir that this run
// does not write are left alone.
func Write(dir string, opt Options) (Summary, error) {
	g, err := New(opt)
	if err != nil {
		return Summary{}, fmt.Errorf("demo options: %w", err)
	}
	return g.Write(dir)
}

// Write writes the generator's datasets under dir; see the package-level Write.
func (g *Generator) Write(dir string) (Summary, error) {
	start := time.Now()
	s := Summary{Dir: dir, Seed: g.opt.Seed, Scale: g.opt.Scale, From: g.opt.From, To: g.opt.To}
	for _, ds := range g.opt.Datasets {
		d := filepath.Join(dir, ds)
		if err := os.MkdirAll(d, 0o755); err != nil {
			return s, fmt.Errorf("demo output directory: %w", err)
		}
		s.Datasets = append(s.Datasets, DatasetSummary{Name: ds, Dir: d})
	}
	jobs := g.jobs()
	rows := make([]int64, len(jobs))
	errs := make([]error, len(jobs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(g.opt.Workers, len(jobs)) {
		wg.Go(func() {
			for i := range next {
				j := jobs[i]
				errs[i] = writeAtomic(filepath.Join(dir, j.dataset, j.name), func(f *os.File) error {
					n, err := j.write(f)
					rows[i] = n
					return err
				})
			}
		})
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return s, fmt.Errorf("write demo: %w", err)
	}
	for i, j := range jobs {
		for k := range s.Datasets {
			if s.Datasets[k].Name == j.dataset {
				s.Datasets[k].Rows += rows[i]
				s.Datasets[k].Files = append(s.Datasets[k].Files, filepath.Join(dir, j.dataset, j.name))
			}
		}
	}
	s.Elapsed = time.Since(start)
	return s, nil
}
