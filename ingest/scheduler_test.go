package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/robfig/cron/v3"

	"kinerja/warehouse"
	"kinerja/warehouse/warehousetest"
)

// past sets a file's modification time well before the inbox's quiet period.
func past(t *testing.T, path string) {
	t.Helper()
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
}

func TestInbox(t *testing.T) {
	db := warehousetest.Open(t)
	ctx := context.Background()
	unitsDir, surveyDir := t.TempDir(), t.TempDir()
	s, err := NewScheduler(db, testLogger(t), []SourceConfig{
		{Name: "units-inbox", Dataset: Units, Kind: KindInbox, Location: unitsDir, Schedule: "@daily"},
		{Name: "skm-inbox", Dataset: Survey, Kind: KindInbox, Location: surveyDir, Schedule: "@daily"},
	})
	if err != nil {
		t.Fatal(err)
	}
	s.runner.now = func() time.Time { return testNow }
	trigger := func(name string) RunSummary {
		t.Helper()
		sum, err := s.Trigger(ctx, name)
		if err != nil {
			t.Fatalf("trigger %s: %v (%+v)", name, err, sum)
		}
		return sum
	}
	stored := func() uint64 {
		return count(t, db, "SELECT count() FROM survey_responses FINAL WHERE source = 'skm-inbox'", nil)
	}

	past(t, writeFile(t, unitsDir, "units.CSV", unitsCSV))
	if sum := trigger("units-inbox"); sum.Accepted != 4 || sum.Kind != KindInbox || sum.Location != unitsDir {
		t.Fatalf("units inbox %+v", sum)
	}

	a := surveyHeader + "A1,PKM-MAMUJU,,2025-03-01 08:00,4,3,3,4,3,2,2,3,4,,,,,\nA2,PKM-MAMUJU,,2025-03-01 09:00,4,4,4,4,4,4,4,4,4,,,,,\n"
	past(t, writeFile(t, surveyDir, "a.csv", a))
	// Not taken: dotfiles, partial downloads, other extensions, fresh files.
	past(t, writeFile(t, surveyDir, ".hidden.csv", a+"H1,PKM-MAMUJU,,2025-03-01 08:00,4,3,3,4,3,2,2,3,4,,,,,\n"))
	past(t, writeFile(t, surveyDir, "b.csv.part", a+"P1,PKM-MAMUJU,,2025-03-01 08:00,4,3,3,4,3,2,2,3,4,,,,,\n"))
	past(t, writeFile(t, surveyDir, "c.csv.tmp", a+"T1,PKM-MAMUJU,,2025-03-01 08:00,4,3,3,4,3,2,2,3,4,,,,,\n"))
	fresh := writeFile(t, surveyDir, "d.csv", surveyHeader+"D1,PKM-MAMUJU,,2025-03-01 08:00,4,3,3,4,3,2,2,3,4,,,,,\n")

	first := trigger("skm-inbox")
	if len(first.Files) != 1 || first.Files[0].Name != "a.csv" || first.Written() != 2 {
		t.Fatalf("first tick imported %+v", first)
	}
	if n := stored(); n != 2 {
		t.Fatalf("%d rows stored, want 2", n)
	}

	// Same files again: nothing new, no run.
	if again := trigger("skm-inbox"); again.ID != "" {
		t.Errorf("second tick made run %+v", again)
	}
	// A renamed copy is the same content: not imported again.
	if err := os.Rename(filepath.Join(surveyDir, "a.csv"), filepath.Join(surveyDir, "a-renamed.csv")); err != nil {
		t.Fatal(err)
	}
	if again := trigger("skm-inbox"); again.ID != "" {
		t.Errorf("renamed copy made run %+v", again)
	}

	// The fresh file once quiet, and a changed file, are imported; a file
	// with a wrong header is done too (its content cannot change by waiting).
	past(t, fresh)
	changed := writeFile(t, surveyDir, "a-renamed.csv", a+"A3,PKM-MAMUJU,,2025-03-01 10:00,1,1,1,1,1,1,1,1,1,,,,,\n")
	past(t, changed)
	past(t, writeFile(t, surveyDir, "e.csv", "response_id,unit_code\nX,PKM-MAMUJU\n"))
	third := trigger("skm-inbox")
	if len(third.Files) != 3 || third.Status != StatusPartial {
		t.Fatalf("third tick %+v", third)
	}
	if third.Written() != 2 || third.Unchanged != 2 { // A3 and D1 new; A1, A2 unchanged
		t.Errorf("third tick wrote %d, unchanged %d; want 2 and 2", third.Written(), third.Unchanged)
	}
	if n := stored(); n != 4 {
		t.Errorf("%d rows stored, want 4", n)
	}
	if again := trigger("skm-inbox"); again.ID != "" {
		t.Errorf("after the third tick another run %+v (a refused file must not be retried)", again)
	}
	var files uint64 = count(t, db, "SELECT count() FROM ingest_files FINAL WHERE source = 'skm-inbox'", nil)
	if files != 4 { // a.csv, d.csv, changed a-renamed.csv, e.csv
		t.Errorf("%d files recorded, want 4", files)
	}

	// A missing inbox directory is a failed run the admin sees.
	s2, err := NewScheduler(db, testLogger(t), []SourceConfig{
		{Name: "gone", Dataset: Survey, Kind: KindInbox, Location: filepath.Join(surveyDir, "nope"), Schedule: "@daily"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s2.Trigger(ctx, "gone"); err == nil || !strings.Contains(err.Error(), "inbox directory cannot be read") {
		t.Errorf("missing directory: %v", err)
	}
	last, err := s2.LastRuns(ctx)
	if err != nil || last["gone"].Status != StatusFailed {
		t.Errorf("last run of missing inbox %+v, %v", last["gone"], err)
	}
}

func TestSourceConfigValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  SourceConfig
		want string // "" = valid
	}{
		{"valid", SourceConfig{Name: "skm-inbox", Dataset: Survey, Kind: KindInbox, Location: "/srv/inbox", Schedule: "*/15 * * * *"}, ""},
		{"bad name", SourceConfig{Name: "SKM Inbox", Dataset: Survey, Kind: KindInbox, Location: "/x", Schedule: "@hourly"}, "name"},
		{"bad dataset", SourceConfig{Name: "a", Dataset: "skp", Kind: KindInbox, Location: "/x", Schedule: "@hourly"}, "unknown dataset"},
		{"bad kind", SourceConfig{Name: "a", Dataset: Units, Kind: "ftp", Location: "/x", Schedule: "@hourly"}, "kind"},
		{"no location", SourceConfig{Name: "a", Dataset: Units, Kind: KindInbox, Schedule: "@hourly"}, "location"},
		{"bad schedule", SourceConfig{Name: "a", Dataset: Units, Kind: KindInbox, Location: "/x", Schedule: "every day"}, "schedule"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.cfg.Validate()
			if (err == nil) != (tc.want == "") || err != nil && !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Validate() = %v, want %q", err, tc.want)
			}
		})
	}
}

// fakeSource records its runs; block, when set, holds each run until closed.
type fakeSource struct {
	name     string
	order    *[]string
	mu       *sync.Mutex
	runs     atomic.Int32
	active   atomic.Int32
	maxSeen  atomic.Int32
	block    chan struct{}
	started  chan struct{}
	panicOdd bool
}

func (f *fakeSource) Name() string     { return f.name }
func (f *fakeSource) Dataset() Dataset { return Survey }
func (f *fakeSource) Run(ctx context.Context, r *Runner) (RunSummary, error) {
	n := f.runs.Add(1)
	a := f.active.Add(1)
	defer f.active.Add(-1)
	for {
		m := f.maxSeen.Load()
		if a <= m || f.maxSeen.CompareAndSwap(m, a) {
			break
		}
	}
	if f.order != nil {
		f.mu.Lock()
		*f.order = append(*f.order, f.name)
		f.mu.Unlock()
	}
	if f.started != nil {
		select {
		case f.started <- struct{}{}:
		default:
		}
	}
	if f.block != nil {
		select {
		case <-f.block:
		case <-ctx.Done():
			return RunSummary{}, ctx.Err()
		}
	}
	if f.panicOdd && n%2 == 1 {
		var m map[string]int
		m["boom"]++ // a real runtime panic: assignment to entry in nil map
	}
	return RunSummary{ID: "fake", Status: StatusOK}, nil
}

func fakeScheduler(t *testing.T, db warehouse.DB, specs map[string]string, srcs ...*fakeSource) *Scheduler {
	t.Helper()
	var cfgs []SourceConfig
	var sources []Source
	for _, f := range srcs {
		cfgs = append(cfgs, SourceConfig{Name: f.name, Dataset: Survey, Kind: KindInbox, Location: "/nowhere", Schedule: specs[f.name]})
		sources = append(sources, f)
	}
	s, err := newScheduler(db, testLogger(t), cfgs, sources)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func recordRun(t *testing.T, db warehouse.DB, source string, started time.Time) {
	t.Helper()
	r := NewRunner(db, nil)
	sum := RunSummary{Source: source, Dataset: Survey, Kind: KindInbox, Status: StatusOK, Started: started, Finished: started}
	if err := r.writeRun(context.Background(), &sum, uuid.Must(uuid.NewV7()), 2); err != nil {
		t.Fatal(err)
	}
}

func TestSchedulerCatchUp(t *testing.T) {
	db := warehousetest.Open(t)
	var mu sync.Mutex
	var order []string
	mk := func(name string) *fakeSource { return &fakeSource{name: name, order: &order, mu: &mu} }
	units, never, stale, fresh := mk("units"), mk("never"), mk("stale"), mk("fresh")
	// Daily at 02:00 WITA; "now" is 2025-06-30 12:00 WITA, so the previous
	// tick was today 02:00.
	daily := "0 2 * * *"
	specs := map[string]string{"units": daily, "never": daily, "stale": daily, "fresh": daily}
	recordRun(t, db, "units", time.Date(2025, 6, 28, 2, 0, 0, 0, wita))
	recordRun(t, db, "stale", time.Date(2025, 6, 30, 1, 59, 0, 0, wita))
	recordRun(t, db, "fresh", time.Date(2025, 6, 30, 2, 0, 5, 0, wita))
	s := fakeScheduler(t, db, specs, units, never, stale, fresh)
	s.now = func() time.Time { return testNow }
	if err := s.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	<-s.catchUpDone
	s.Stop()
	if got := strings.Join(order, ","); got != "units,never,stale" {
		t.Errorf("catch-up ran %q, want units,never,stale in configured order", got)
	}
}

func TestPreviousActivation(t *testing.T) {
	now := time.Date(2025, 6, 30, 12, 0, 0, 0, wita)
	for _, tc := range []struct {
		spec string
		want time.Time
	}{
		{"0 2 * * *", time.Date(2025, 6, 30, 2, 0, 0, 0, wita)},
		{"0 13 * * *", time.Date(2025, 6, 29, 13, 0, 0, 0, wita)},
		{"*/15 * * * *", now},
		{"0 7 * * 1", time.Date(2025, 6, 30, 7, 0, 0, 0, wita)}, // 30 June 2025 is a Monday
		{"0 0 1 1 *", time.Date(2025, 1, 1, 0, 0, 0, 0, wita)},
		{"@every 10m", now.Add(-10 * time.Minute)},
	} {
		t.Run(tc.spec, func(t *testing.T) {
			sched, err := cron.ParseStandard(tc.spec)
			if err != nil {
				t.Fatal(err)
			}
			if got := previousActivation(sched, now); !got.Equal(tc.want) {
				t.Errorf("previous of %q at %v = %v, want %v", tc.spec, now, got, tc.want)
			}
		})
	}
}

func TestSchedulerNoOverlap(t *testing.T) {
	db := warehousetest.Open(t)
	slow := &fakeSource{name: "slow", block: make(chan struct{}), started: make(chan struct{}, 1)}
	s := fakeScheduler(t, db, map[string]string{"slow": "@every 1s"}, slow)
	ctx := context.Background()
	if err := s.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	<-slow.started // the catch-up run (never ran before) holds the source
	if _, err := s.Trigger(ctx, "slow"); !errors.Is(err, ErrBusy) {
		t.Errorf("manual trigger while running: %v, want ErrBusy", err)
	}
	if info := s.Sources(); len(info) != 1 || !info[0].Running || info[0].Next.IsZero() {
		t.Errorf("sources %+v", info)
	}
	// Let ticks come while it runs: they are skipped, never run alongside.
	deadline := time.After(10 * time.Second)
	for s.cron.Entry(s.jobs[0].entry).Prev.IsZero() {
		select {
		case <-deadline:
			t.Fatal("no tick within 10 s")
		case <-time.After(50 * time.Millisecond):
		}
	}
	time.Sleep(100 * time.Millisecond)
	close(slow.block)
	if _, err := s.Trigger(ctx, "slow"); err != nil && !errors.Is(err, ErrBusy) {
		t.Fatal(err)
	}
	s.Stop()
	if m := slow.maxSeen.Load(); m != 1 {
		t.Errorf("%d runs of one source at once, want 1", m)
	}
	if _, err := s.Trigger(ctx, "slow"); !errors.Is(err, ErrStopped) {
		t.Errorf("trigger after Stop: %v", err)
	}
	if _, err := s.Trigger(ctx, "nope"); !errors.Is(err, ErrUnknownSource) {
		t.Errorf("unknown source: %v", err)
	}
}

func TestSchedulerRecoversPanic(t *testing.T) {
	db := warehousetest.Open(t)
	flaky := &fakeSource{name: "flaky", panicOdd: true}
	other := &fakeSource{name: "other"}
	s := fakeScheduler(t, db, map[string]string{"flaky": "@every 1s", "other": "@every 1s"}, flaky, other)
	ctx := context.Background()
	if err := s.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	<-s.catchUpDone // run 1 of flaky panicked; "other" still ran after it
	if flaky.runs.Load() != 1 || other.runs.Load() != 1 {
		t.Fatalf("catch-up runs: flaky %d other %d", flaky.runs.Load(), other.runs.Load())
	}
	// The lock was released: a manual run works (run 2), the next panics
	// again (run 3) and comes back as an error, not a crash.
	if _, err := s.Trigger(ctx, "flaky"); err != nil {
		t.Fatalf("trigger after a panic: %v", err)
	}
	if _, err := s.Trigger(ctx, "flaky"); err == nil || !strings.Contains(err.Error(), "panicked") {
		t.Errorf("panicking trigger: %v", err)
	}
	// Scheduled ticks go on.
	deadline := time.After(10 * time.Second)
	for flaky.runs.Load() < 5 {
		select {
		case <-deadline:
			t.Fatalf("scheduled runs stopped after a panic: %d runs", flaky.runs.Load())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// panicDB is the real engine, except that writing survey rows panics (a
// stand-in for a bug in the middle of an import).
type panicDB struct{ warehouse.DB }

func (p panicDB) PrepareBatch(ctx context.Context, table string, columns []string) (warehouse.Batch, error) {
	if table == "survey_responses" {
		panic("insert broke")
	}
	return p.DB.PrepareBatch(ctx, table, columns)
}

// A panic inside an import is recorded as a failed run, not left running.
func TestImportPanicRecordsFailedRun(t *testing.T) {
	db := warehousetest.Open(t)
	importUnits(t, newTestRunner(t, db))
	r := newTestRunner(t, panicDB{db})
	p := writeFile(t, t.TempDir(), "skm.csv", surveyHeader+"A1,PKM-MAMUJU,,2025-03-01 08:00,4,3,3,4,3,2,2,3,4,,,,,\n")
	sum, err := r.Import(context.Background(), Request{Source: "p", Dataset: Survey, Files: []Input{{Path: p}}})
	if err == nil || sum.Status != StatusFailed {
		t.Fatalf("panicking import: %+v, %v", sum, err)
	}
	run, err := GetRun(context.Background(), db, sum.ID)
	if err != nil || run.Status != StatusFailed || !strings.Contains(run.Error, "insert broke") || run.Finished == nil {
		t.Errorf("recorded %+v, %v", run, err)
	}
}
