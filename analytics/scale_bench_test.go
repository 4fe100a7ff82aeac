package analytics

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"kinerja/ingest/demo"
	"kinerja/warehouse"
	"kinerja/warehouse/warehousetest"
)

// Scale benchmarks: every metric's query on the demo of Kabupaten Mamuju,
// loaded straight into the engine (the demo generator's canonical CSV read
// with the engine's file(), a month at a time, which is what an ingest of
// the same files writes, minus the validation the ingest benchmarks
// measure).
//
//	KINERJA_BENCH_SCALE=mamuju (default)  scale 1: ~5 500 ASN, activity
//	    reports for the whole of 2024–2025 (~3,3 M), SKM ~175 000.
//	KINERJA_BENCH_SCALE=large  the target: scale 12 for the people
//	    (~66 000 ASN, SKP, competency, trainings) and ~50 M activity reports
//	    (January 2024 – October 2026), SKM at scale 60 for ~10 M
//	    questionnaires over the same months.
//
// The data is built once per test process in its own database (the engine
// serves one directory per process, so it lives in the tests' directory).
// Run with a fixed count so p50/p95 mean something, e.g.
//
//	KINERJA_BENCH_SCALE=large go test ./analytics -run '^$' -bench Scale -benchtime 30x -timeout 2h
//
// Each benchmark reports p50-ms and p95-ms of its iterations next to ns/op.
// KINERJA_BENCH_DATA=DIR keeps the engine's files in DIR, loaded on the
// first run and reused afterwards.

type scaleSet struct {
	name string
	db   warehouse.DB
	year int // the year most benchmarks look at
	// Rows loaded per table.
	rows map[string]uint64
}

var (
	scaleOnce sync.Once
	scaleData *scaleSet
	scaleErr  error
)

func scaleDataset(b *testing.B) *scaleSet {
	b.Helper()
	scaleOnce.Do(func() {
		name := os.Getenv("KINERJA_BENCH_SCALE")
		if name == "" {
			name = "mamuju"
		}
		var db warehouse.DB
		marker := ""
		if dir := os.Getenv("KINERJA_BENCH_DATA"); dir != "" {
			// A persistent engine directory: loaded once, reused by later
			// runs (then run only these benchmarks in the process: the
			// engine serves one directory per process).
			ctx := context.Background()
			if db, scaleErr = warehouse.Open(ctx, warehouse.Config{DataDir: dir, Database: "bench_" + name}); scaleErr != nil {
				return
			}
			if _, scaleErr = warehouse.Migrate(ctx, db); scaleErr != nil {
				return
			}
			marker = filepath.Join(dir, "bench_"+name+".loaded")
			if _, err := os.Stat(marker); err == nil {
				scaleData = &scaleSet{name: name, db: db, year: 2025}
				return
			}
		} else {
			// A database that outlives the first benchmark: warehousetest
			// drops a test's database at its end, so open it on a TB whose
			// cleanups never run.
			db = warehousetest.Open(&keepTB{TB: b})
		}
		start := time.Now()
		scaleData, scaleErr = loadScale(db, name)
		if scaleErr == nil {
			fmt.Fprintf(os.Stderr, "scale %s loaded in %v: %v\n", name, time.Since(start).Round(time.Second), scaleData.rows)
			if marker != "" {
				scaleErr = os.WriteFile(marker, []byte(fmt.Sprint(scaleData.rows)+"\n"), 0o644)
			}
		}
	})
	if scaleErr != nil {
		b.Fatal(scaleErr)
	}
	return scaleData
}

// keepTB is a testing.TB whose cleanups never run: the scale database
// lives as long as the process (the engine's directory is removed at exit).
type keepTB struct{ testing.TB }

func (keepTB) Cleanup(func()) {}

type scaleSpec struct {
	people, survey float64 // demo scales
	from, to       time.Time
	year           int
}

func loadScale(db warehouse.DB, name string) (*scaleSet, error) {
	var sp scaleSpec
	switch name {
	case "mamuju":
		sp = scaleSpec{people: 1, survey: 1, from: day(2024, 1, 1), to: day(2025, 12, 31), year: 2025}
	case "large":
		sp = scaleSpec{people: 12, survey: 60, from: day(2024, 1, 1), to: day(2026, 10, 31), year: 2025}
	default:
		return nil, fmt.Errorf("KINERJA_BENCH_SCALE=%q: want mamuju or large", name)
	}
	people, err := demo.New(demo.Options{Seed: 1, Scale: sp.people, From: sp.from, To: sp.to, ActivityFrom: sp.from, Workers: 2})
	if err != nil {
		return nil, err
	}
	survey, err := demo.New(demo.Options{Seed: 1, Scale: sp.survey, From: sp.from, To: sp.to, Workers: 2})
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "kinerja-scale-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	set := &scaleSet{name: name, db: db, year: sp.year, rows: map[string]uint64{}}
	// load writes one file with write and inserts it with the engine's file().
	load := func(table, insert string, write func(*os.File) (int64, error)) error {
		p := filepath.Join(dir, table+".csv")
		f, err := os.Create(p)
		if err != nil {
			return err
		}
		n, err := write(f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("write %s: %w", table, err)
		}
		if err := db.Exec(ctx, insert, warehouse.Params{"path": p}); err != nil {
			return fmt.Errorf("load %s: %w", table, err)
		}
		set.rows[table] += uint64(n)
		return os.Remove(p)
	}
	const unitsIn = `INSERT INTO units (unit_code, unit_name, agency_code, kind, kecamatan, _version)
SELECT unit_code, unit_name, agency_code, kind, kecamatan, 1 FROM file({path:String}, 'CSVWithNames',
    'unit_code String, unit_name String, agency_code String, agency_name String, kind String, kecamatan String')`
	const agenciesIn = `INSERT INTO agencies (agency_code, agency_name, _version)
SELECT DISTINCT agency_code, agency_name, 1 FROM file({path:String}, 'CSVWithNames',
    'unit_code String, unit_name String, agency_code String, agency_name String, kind String, kecamatan String')`
	const employeesIn = `INSERT INTO employees (nip, name, employee_type, position_class, position_name, golongan, education, unit_code, gender, birth_date, active_from, active_to, _version)
SELECT *, 1 FROM file({path:String}, 'CSVWithNames',
    'nip String, name String, employee_type String, position_class String, position_name String, golongan String, education String, unit_code String, gender String, birth_date Nullable(Date32), active_from Nullable(Date32), active_to Nullable(Date32)')`
	const surveyIn = `INSERT INTO survey_responses (source, response_id, unit_code, service, submitted_at, u1, u2, u3, u4, u5, u6, u7, u8, u9, gender, age, education, occupation, comment, _version)
SELECT 'demo', *, 1 FROM file({path:String}, 'CSVWithNames',
    'response_id String, unit_code String, service String, submitted_at DateTime(\'Asia/Makassar\'), u1 UInt8, u2 UInt8, u3 UInt8, u4 UInt8, u5 UInt8, u6 UInt8, u7 UInt8, u8 UInt8, u9 UInt8, gender String, age Nullable(UInt8), education String, occupation String, comment String')`
	const activityIn = `INSERT INTO activity_reports (source, report_id, nip, unit_code, activity_date, submitted_at, activity, output, quantity, status, reviewed_at, reviewer_nip, _version)
SELECT 'demo', *, 1 FROM file({path:String}, 'CSVWithNames',
    'report_id String, nip String, unit_code String, activity_date Date32, submitted_at DateTime(\'Asia/Makassar\'), activity String, output String, quantity Float64, status String, reviewed_at Nullable(DateTime(\'Asia/Makassar\')), reviewer_nip String')`
	const skpIn = `INSERT INTO skp_evaluations (nip, unit_code, year, period, hasil_kerja, perilaku_kerja, predikat, evaluator_nip, _version)
SELECT *, 1 FROM file({path:String}, 'CSVWithNames',
    'nip String, unit_code String, year UInt16, period String, hasil_kerja String, perilaku_kerja String, predikat String, evaluator_nip String')`
	const ratingsIn = `INSERT INTO organisation_ratings (agency_code, year, predikat, _version)
SELECT *, 1 FROM file({path:String}, 'CSVWithNames', 'agency_code String, year UInt16, predikat String')`
	const competencyIn = `INSERT INTO competency_assessments (nip, competency_code, competency_name, competency_type, required_level, assessed_level, assessed_at, method, _version)
SELECT nip, competency_code, competency_name, competency_type, ifNull(required_level, 0), assessed_level, assessed_at, method, 1 FROM file({path:String}, 'CSVWithNames',
    'nip String, competency_code String, competency_name String, competency_type String, required_level Nullable(UInt8), assessed_level UInt8, assessed_at Date32, method String')`
	const trainingsIn = `INSERT INTO trainings (training_id, nip, title, kind, jp, start_date, end_date, provider, _version)
SELECT *, 1 FROM file({path:String}, 'CSVWithNames',
    'training_id String, nip String, title String, kind String, jp Decimal(9, 2), start_date Date32, end_date Date32, provider String')`

	steps := []struct {
		table, insert string
		write         func(*os.File) (int64, error)
	}{
		{"units", unitsIn, func(f *os.File) (int64, error) { return people.WriteUnits(f) }},
		{"agencies", agenciesIn, func(f *os.File) (int64, error) { return people.WriteUnits(f) }},
		{"employees", employeesIn, func(f *os.File) (int64, error) { return people.WriteEmployees(f) }},
		{"organisation_ratings", ratingsIn, func(f *os.File) (int64, error) { return people.WriteOrganisationRatings(f) }},
	}
	for y := sp.from.Year(); y <= sp.to.Year(); y++ {
		steps = append(steps,
			struct {
				table, insert string
				write         func(*os.File) (int64, error)
			}{"skp_evaluations", skpIn, func(f *os.File) (int64, error) { return people.WriteSKP(f, y) }},
			struct {
				table, insert string
				write         func(*os.File) (int64, error)
			}{"competency_assessments", competencyIn, func(f *os.File) (int64, error) { return people.WriteCompetency(f, y) }},
			struct {
				table, insert string
				write         func(*os.File) (int64, error)
			}{"trainings", trainingsIn, func(f *os.File) (int64, error) { return people.WriteTrainings(f, y) }})
	}
	for m := sp.from; !m.After(sp.to); m = m.AddDate(0, 1, 0) {
		last := m.AddDate(0, 1, -1)
		steps = append(steps,
			struct {
				table, insert string
				write         func(*os.File) (int64, error)
			}{"survey_responses", surveyIn, func(f *os.File) (int64, error) { return survey.WriteSurvey(f, m, last) }},
			struct {
				table, insert string
				write         func(*os.File) (int64, error)
			}{"activity_reports", activityIn, func(f *os.File) (int64, error) { return people.WriteActivity(f, m, last) }})
	}
	for _, st := range steps {
		if err := load(st.table, st.insert, st.write); err != nil {
			return nil, err
		}
	}
	// As the data would be after background merges: one part per partition.
	for _, t := range []string{"units", "agencies", "employees", "organisation_ratings", "skp_evaluations", "competency_assessments", "trainings", "survey_responses", "activity_reports"} {
		if err := db.Exec(ctx, "OPTIMIZE TABLE "+t+" FINAL", nil); err != nil {
			return nil, err
		}
	}
	return set, nil
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, WITA) }

// timed runs f b.N times and reports the median and 95th percentile.
func timed(b *testing.B, f func() error) { timedAfter(b, nil, f) }

// timedAfter is timed with an untimed setup before each run of f.
func timedAfter(b *testing.B, setup func() error, f func() error) {
	b.Helper()
	durs := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if setup != nil {
			b.StopTimer()
			if err := setup(); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
		t := time.Now()
		if err := f(); err != nil {
			b.Fatal(err)
		}
		durs = append(durs, time.Since(t))
	}
	b.StopTimer()
	sort.Slice(durs, func(i, j int) bool { return durs[i] < durs[j] })
	q := func(p float64) float64 {
		i := int(p*float64(len(durs)-1) + 0.5)
		return float64(durs[i].Microseconds()) / 1000
	}
	b.ReportMetric(q(0.5), "p50-ms")
	b.ReportMetric(q(0.95), "p95-ms")
}

// scaleQueries are the dashboard queries benchmarked, each the heaviest
// common use of its metric.
func scaleQueries(set *scaleSet) []struct {
	name string
	run  func(ctx context.Context, s *Service) error
} {
	y := set.year
	year := bucket(Year, y, 1)
	q2 := bucket(Quarter, y, 4)
	two := Period{From: bucket(Year, y-1, 1).From, To: year.To}
	type q = struct {
		name string
		run  func(ctx context.Context, s *Service) error
	}
	return []q{
		{"ikm/by-agency/year", func(ctx context.Context, s *Service) error {
			_, err := s.IKM(ctx, IKMQuery{By: ByAgency, Period: year})
			return err
		}},
		{"ikm/by-unit/year", func(ctx context.Context, s *Service) error {
			_, err := s.IKM(ctx, IKMQuery{By: ByUnit, Period: year})
			return err
		}},
		{"ikm-trend/by-unit/month/2y", func(ctx context.Context, s *Service) error {
			_, err := s.IKMTrend(ctx, IKMQuery{By: ByUnit, Period: two}, Month)
			return err
		}},
		{"compliance/by-agency/year/month", func(ctx context.Context, s *Service) error {
			_, err := s.Compliance(ctx, ComplianceQuery{By: ByAgency, Period: year, Grain: Month})
			return err
		}},
		{"compliance/by-unit/quarter", func(ctx context.Context, s *Service) error {
			_, err := s.Compliance(ctx, ComplianceQuery{By: ByUnit, Period: q2})
			return err
		}},
		{"skp/by-unit/year", func(ctx context.Context, s *Service) error {
			_, err := s.SKP(ctx, SKPQuery{By: ByUnit, Year: y})
			return err
		}},
		{"competency/by-unit/year", func(ctx context.Context, s *Service) error {
			_, err := s.Competency(ctx, CompetencyQuery{By: ByUnit, Year: y})
			return err
		}},
		{"training/by-unit/year", func(ctx context.Context, s *Service) error {
			_, err := s.Training(ctx, TrainingQuery{By: ByUnit, Year: y})
			return err
		}},
		{"ip-asn/by-unit/year", func(ctx context.Context, s *Service) error {
			_, err := s.IPASN(ctx, IPASNQuery{By: ByUnit, Year: y})
			return err
		}},
		{"needs/year", func(ctx context.Context, s *Service) error {
			_, err := s.Needs(ctx, NeedsQuery{Year: y})
			return err
		}},
		{"compare/ikm/by-unit/quarter", func(ctx context.Context, s *Service) error {
			_, err := s.Compare(ctx, CompareQuery{Metric: "ikm", By: ByUnit, Period: q2})
			return err
		}},
		{"compare/compliance/by-agency/quarter", func(ctx context.Context, s *Service) error {
			_, err := s.Compare(ctx, CompareQuery{Metric: "compliance", By: ByAgency, Period: q2})
			return err
		}},
		{"compare/compliance/by-unit/year", func(ctx context.Context, s *Service) error {
			_, err := s.Compare(ctx, CompareQuery{Metric: "compliance", By: ByUnit, Period: bucket(Year, set.year, 1)})
			return err
		}},
		{"compare/skp_low/by-unit/year", func(ctx context.Context, s *Service) error {
			_, err := s.Compare(ctx, CompareQuery{Metric: "skp_low", By: ByUnit, Period: year})
			return err
		}},
	}
}

// BenchmarkScale runs every query on the raw tables (raw/…) and with the
// rollups up to date (rollup/…; queries that have no rollup read the raw
// tables there too).
func BenchmarkScale(b *testing.B) {
	set := scaleDataset(b)
	ctx := context.Background()
	raw := New(set.db, "")
	raw.Rollups = nil
	rolled := New(set.db, "")
	start := time.Now()
	stats, err := rolled.Rollups.Refresh(ctx)
	if err != nil {
		b.Fatal(err)
	}
	for _, st := range stats {
		fmt.Fprintf(os.Stderr, "rollup %s: %d months rebuilt in %v\n", st.Rollup, len(st.Rebuilt), st.Elapsed.Round(time.Millisecond))
	}
	fmt.Fprintf(os.Stderr, "rollups up to date in %v\n", time.Since(start).Round(time.Millisecond))
	for _, mode := range []struct {
		name string
		svc  *Service
	}{{"raw", raw}, {"rollup", rolled}} {
		for _, q := range scaleQueries(set) {
			b.Run(mode.name+"/"+q.name, func(b *testing.B) {
				timed(b, func() error { return q.run(ctx, mode.svc) })
			})
		}
	}
}

// BenchmarkScaleRefresh: what keeping the rollups exact costs after an
// ingest run: one report and one questionnaire corrected into another
// month, then a refresh (fingerprint, checksum of every month, rebuild of
// the months that changed).
func BenchmarkScaleRefresh(b *testing.B) {
	set := scaleDataset(b)
	ctx := context.Background()
	r := NewRollups(set.db, nil)
	if _, err := r.Refresh(ctx); err != nil {
		b.Fatal(err)
	}
	var n int
	timedAfter(b, func() error {
		n++
		// Move a report and a questionnaire to another month, as a correction does.
		if err := set.db.Exec(ctx, `INSERT INTO activity_reports (source, report_id, nip, unit_code, activity_date, submitted_at, activity, output, quantity, status, reviewed_at, reviewer_nip, _version)
SELECT source, report_id, nip, unit_code, activity_date + {shift:Int32}, submitted_at, activity, output, quantity, status, reviewed_at, reviewer_nip, _version + 1
FROM activity_reports FINAL WHERE activity_date = '2025-03-03' LIMIT 1`, warehouse.Params{"shift": 31 * (n%2*2 - 1)}); err != nil {
			return err
		}
		if err := set.db.Exec(ctx, `INSERT INTO survey_responses (source, response_id, unit_code, service, submitted_at, u1, u2, u3, u4, u5, u6, u7, u8, u9, gender, age, education, occupation, comment, _version)
SELECT source, response_id, unit_code, service, submitted_at + toIntervalDay({shift:Int32}), u1, u2, u3, u4, u5, u6, u7, u8, u9, gender, age, education, occupation, comment, _version + 1
FROM survey_responses FINAL WHERE toDate(submitted_at) = '2025-03-03' LIMIT 1`, warehouse.Params{"shift": 31 * (n%2*2 - 1)}); err != nil {
			return err
		}
		return nil
	}, func() error {
		_, err := r.Refresh(ctx)
		return err
	})
}
