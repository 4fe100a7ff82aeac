// Package demo writes a realistic, deterministic demo of Pemerintah
// Kabupaten Mamuju (Sulawesi Barat) as the canonical feed files the ingest
// package imports: one inbox directory per dataset under the output
// directory, each holding CSV files with a header row (UTF-8, no BOM,
// RFC 4180 quoting, "\n" line ends).
//
//	units/units.csv                         the organisation (OPD → unit)
//	employees/employees.csv                 the ASN, as of the end of the range
//	survey/skm-YYYY-MM.csv                  SKM questionnaires, one file per month
//	activity_reports/lh-YYYY-MM.csv         daily activity reports, one file per month
//	skp_evaluations/skp-YYYY.csv            SKP per quarter and year, one file per year
//	organisation_ratings/organisation_ratings.csv
//	competency_assessments/kompetensi-YYYY.csv
//	trainings/pelatihan-YYYY.csv
//
// What it tells: the usual OPD of a kabupaten and the eleven kecamatan
// (Kemendagri codes), puskesmas, schools, kelurahan and the other service
// units (see org.go for the codes); about 5 500 ASN, teachers and health
// workers the bulk, with NIPs that agree with their birth date, appointment
// and gender; SKM respondents on working days and office hours, fewer in
// Ramadan, around Lebaran and at the end of the year, PPDB peaks at
// schools, most units in mutu B or A, a few in C, some improving and some
// declining. The same units are weak throughout (remote offices, uji KIR,
// Dinas Sosial): low U6 and U7, late activity reports, slow approvals,
// competency gaps, few training hours. A few OPD break the SKP distribution
// their organisation predikat allows. People and respondents are invented.
//
// Determinism: the same Options give byte-identical files, whatever the
// number of workers. Every random draw comes from a stream keyed by (seed,
// dataset, unit, day) — or (seed, dataset, unit, year) for yearly data —
// so extending the range leaves earlier days unchanged: earlier month and
// year files stay identical, the last partial month or year grows. Files
// are a view "as of the end of the range": activity reports submitted
// after it are not in yet, reviews after it are pending, so the activity
// files of the last month or so change when the range grows (reports come
// in up to the 5th of the next month and reviews within two weeks); the
// employees file is a snapshot. The organisation, each unit's character
// and the organisation ratings do not depend on the seed; the seed draws
// the people.
//
// Decisions where the brief was silent: survey and activity files per
// month (an inbox imports every file; a month is a natural unit to
// re-send); activity reports by default only for the last three calendar
// months (Options.ActivityFrom; about 1.5 M reports a year at scale 1);
// organisation ratings and the annual SKP only for years that ended within
// the range; the Sekretaris Daerah, who answers to the Bupati (no NIP),
// has no activity reports or SKP rows; no vacancies or acting heads.
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
	DatasetUnits               = "units"
	DatasetSurvey              = "survey"
	DatasetEmployees           = "employees"
	DatasetActivityReports     = "activity_reports"
	DatasetSKPEvaluations      = "skp_evaluations"
	DatasetOrganisationRatings = "organisation_ratings"
	DatasetCompetency          = "competency_assessments"
	DatasetTrainings           = "trainings"
)

// Datasets lists every dataset the demo writes, in writing order (master
// data first).
var Datasets = []string{
	DatasetUnits, DatasetEmployees, DatasetSurvey, DatasetActivityReports,
	DatasetSKPEvaluations, DatasetOrganisationRatings, DatasetCompetency, DatasetTrainings,
}

// UnitsHeader is the canonical header of the organisation file.
const UnitsHeader = "unit_code,unit_name,agency_code,agency_name,kind,kecamatan"

// DefaultFrom is the first day of the default range.
var DefaultFrom = time.Date(2024, 1, 1, 0, 0, 0, 0, wita)

// WITA is Asia/Makassar (UTC+8, no daylight saving), the zone of every
// date and time in the files.
var WITA = wita

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
	// Scale multiplies every volume (respondents, staff and so every
	// per-person dataset); 1 is the realistic size (about 5 500 ASN), 0
	// means 1. Fractions are allowed (0.1 for quick tests).
	Scale float64
	// From and To are the first and the last day (WITA calendar days,
	// inclusive). Zero From is 2024-01-01; zero To is yesterday in WITA.
	From, To time.Time
	// ActivityFrom is the first activity day of the activity reports, the
	// largest dataset. Zero means the last three calendar months of the
	// range (the first day of the month two months before To's month, or
	// From if later); set it to From for the whole range.
	ActivityFrom time.Time
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
	if o.ActivityFrom.IsZero() {
		o.ActivityFrom = time.Date(o.To.Year(), o.To.Month()-2, 1, 0, 0, 0, 0, wita)
	}
	o.ActivityFrom = dateOf(o.ActivityFrom)
	if o.ActivityFrom.Before(o.From) {
		o.ActivityFrom = o.From
	}
	if o.ActivityFrom.After(o.To) {
		return o, fmt.Errorf("activity from %s is after to %s", o.ActivityFrom.Format("2006-01-02"), o.To.Format("2006-01-02"))
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
	serviceWeights [][]float64    // per unit
	work           []workProfile  // per unit
	roster         func() *roster // built on first use, once
}

// New returns a generator for the options (defaults filled in).
func New(opt Options) (*Generator, error) {
	opt, err := opt.normalise()
	if err != nil {
		return nil, err
	}
	g := &Generator{opt: opt, org: Mamuju()}
	g.roster = sync.OnceValue(g.buildRoster)
	g.serviceWeights = make([][]float64, len(g.org.Units))
	g.work = make([]workProfile, len(g.org.Units))
	for i, u := range g.org.Units {
		g.work[i] = workProfileOf(&g.org.Units[i])
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

// Files returns the files written for a dataset, in date order.
func (s Summary) Files(dataset string) []string {
	for _, d := range s.Datasets {
		if d.Name == dataset {
			return d.Files
		}
	}
	return nil
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
		case DatasetEmployees:
			out = append(out, fileJob{ds, "employees.csv", g.WriteEmployees})
		case DatasetActivityReports:
			for _, m := range months(g.opt.ActivityFrom, g.opt.To) {
				out = append(out, fileJob{ds, "lh-" + m[0].Format("2006-01") + ".csv", func(w io.Writer) (int64, error) {
					return g.WriteActivity(w, m[0], m[1])
				}})
			}
		case DatasetSKPEvaluations:
			for _, y := range g.years() {
				out = append(out, fileJob{ds, fmt.Sprintf("skp-%d.csv", y), func(w io.Writer) (int64, error) { return g.WriteSKP(w, y) }})
			}
		case DatasetOrganisationRatings:
			out = append(out, fileJob{ds, "organisation_ratings.csv", g.WriteOrganisationRatings})
		case DatasetCompetency:
			for _, y := range g.years() {
				out = append(out, fileJob{ds, fmt.Sprintf("kompetensi-%d.csv", y), func(w io.Writer) (int64, error) { return g.WriteCompetency(w, y) }})
			}
		case DatasetTrainings:
			for _, y := range g.years() {
				out = append(out, fileJob{ds, fmt.Sprintf("pelatihan-%d.csv", y), func(w io.Writer) (int64, error) { return g.WriteTrainings(w, y) }})
			}
		}
	}
	return out
}

// years are the calendar years the range touches.
func (g *Generator) years() []int {
	var ys []int
	for y := g.opt.From.Year(); y <= g.opt.To.Year(); y++ {
		ys = append(ys, y)
	}
	return ys
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
