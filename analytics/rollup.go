package analytics

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"kinerja/warehouse"
)

// Rollups keep exact aggregates of the two largest raw tables so that the
// dashboards do not scan them (warehouse migrations 0005 to 0007):
//
//   - "survey": rollup_survey_daily, the IKM sums per unit and WITA day
//     (ikm.sql and ikm_trend.sql read it);
//   - "activity": rollup_activity_days (days reported per report unit, NIP
//     and month), rollup_activity_reports (counts per report unit, activity
//     date and day of submission), rollup_activity_latency (every approval
//     latency per report unit, month and logarithmic latency bucket) and
//     rollup_activity_latency_hist (their counts), which the compliance
//     queries read (compliance_latency.go).
//
// Exact, always. Raw tables are ReplacingMergeTree: a re-import or a
// correction writes a row that replaces another only when read with FINAL,
// so a materialized view fed by inserts would count both. A rollup is
// instead rebuilt from the raw table read with FINAL, one calendar month at
// a time (ALTER TABLE … REPLACE PARTITION from its staging table), for the
// months whose raw rows changed. Which months changed is decided from the
// raw table itself, never from the run that wrote it: one FINAL pass counts
// each month's rows and sums a hash of every column the rollup uses, and a
// month whose count or checksum differs from the ones recorded at its last
// build (rollup_months) is rebuilt. A correction that moves a row to
// another month changes both months; a row deleted or merged away changes
// its month; a correction of a column the rollup does not use changes
// nothing and rebuilds nothing.
//
// Freshness. Each refresh records the raw table's fingerprint (its newest
// insert block and newest mutation, which background merges keep; see
// rollup_fingerprint.sql) taken before it read anything. A query reads a rollup only when the raw
// table's fingerprint still equals the recorded one: nothing was written
// since the rollup was last checked, so it answers exactly what the raw
// table would. Otherwise the query reads the raw table (slower, equally
// exact), after waiting for a refresh of that rollup already running in
// this process. Refresh runs after every ingest run (ingest.Runner.OnRun,
// wired by `kinerja serve` and `kinerja ingest`), so in practice the
// dashboards read rollups that are current to the last run, and fall back
// to the raw tables only while a refresh is running or after writes made
// outside the ingest (tests, manual SQL), until the next refresh. One
// process refreshes a database at a time (the embedded engine allows one
// process per directory anyway).
type Rollups struct {
	db  warehouse.DB
	log *slog.Logger
	now func() time.Time

	// Wait bounds how long a query waits for a refresh of its rollup that
	// is running before it reads the raw table instead (default 10 s).
	Wait time.Duration

	mu    sync.Mutex               // guards locks
	locks map[string]*sync.RWMutex // per rollup: refresh writes, queries read
}

// rollupDef is one rollup: the raw table it aggregates, the query that
// checksums the raw table per month, and the tables it builds.
type rollupDef struct {
	name   string
	source string
	// also lists the further raw tables of a rollup built from several
	// (rollup_staff.go): the fingerprint covers them all, and the check's
	// checksums must cover every input of a partition.
	also   []string
	check  string // embedded SQL: month (the partition), rows, checksum
	builds []rollupBuild
}

// tables are the raw tables the rollup is built from.
func (d rollupDef) tables() []string { return append([]string{d.source}, d.also...) }

type rollupBuild struct {
	table string // the rollup table; its staging table is table + "_staging"
	sql   string // embedded SQL inserting the given {months} into the staging table
}

// replace and drop are the embedded statements swapping one month of the
// table in from staging and emptying it.
func (b rollupBuild) replace() string { return b.table + "_replace.sql" }
func (b rollupBuild) drop() string    { return b.table + "_drop.sql" }

var rollupDefs = []rollupDef{
	{name: "survey", source: "survey_responses", check: "rollup_survey_check.sql", builds: []rollupBuild{
		{"rollup_survey_daily", "rollup_survey_build.sql"},
	}},
	{name: "activity", source: "activity_reports", check: "rollup_activity_check.sql", builds: []rollupBuild{
		{"rollup_activity_days", "rollup_activity_days_build.sql"},
		{"rollup_activity_reports", "rollup_activity_reports_build.sql"},
		{"rollup_activity_latency", "rollup_activity_latency_build.sql"},
		{"rollup_activity_latency_hist", "rollup_activity_latency_hist_build.sql"}, // from the latency staging: after it
	}},
}

func rollupDefFor(name string) (rollupDef, bool) {
	for _, d := range rollupDefs {
		if d.name == name {
			return d, true
		}
	}
	return rollupDef{}, false
}

// NewRollups returns the rollups of db; logger may be nil.
func NewRollups(db warehouse.DB, logger *slog.Logger) *Rollups {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Rollups{db: db, log: logger, now: time.Now, Wait: 10 * time.Second, locks: map[string]*sync.RWMutex{}}
}

func (r *Rollups) lock(name string) *sync.RWMutex {
	r.mu.Lock()
	defer r.mu.Unlock()
	m, ok := r.locks[name]
	if !ok {
		m = &sync.RWMutex{}
		r.locks[name] = m
	}
	return m
}

// RefreshStats says what one refresh did.
type RefreshStats struct {
	Rollup  string
	Checked bool     // the raw table had changed, its months were checked
	Rebuilt []uint32 // months rebuilt (YYYYMM)
	Elapsed time.Duration
}

// Refresh brings every rollup up to date with its raw table.
func (r *Rollups) Refresh(ctx context.Context) ([]RefreshStats, error) {
	var out []RefreshStats
	for _, d := range rollupDefs {
		st, err := r.refresh(ctx, d)
		out = append(out, st)
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// RefreshFor brings up to date the rollups built from the given raw tables
// (e.g. "survey_responses" after a survey import); other tables are ignored.
func (r *Rollups) RefreshFor(ctx context.Context, tables ...string) ([]RefreshStats, error) {
	var out []RefreshStats
	for _, d := range rollupDefs {
		if !slices.ContainsFunc(d.tables(), func(t string) bool { return slices.Contains(tables, t) }) {
			continue
		}
		st, err := r.refresh(ctx, d)
		out = append(out, st)
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

func (r *Rollups) refresh(ctx context.Context, d rollupDef) (st RefreshStats, err error) {
	st.Rollup = d.name
	m := r.lock(d.name)
	m.Lock()
	defer m.Unlock()
	start := time.Now()
	defer func() { st.Elapsed = time.Since(start) }()
	ctx = warehouse.WithSettings(ctx, warehouse.Settings{"log_comment": "analytics.rollup." + d.name})
	fp, err := r.fingerprint(ctx, d.tables()...)
	if err != nil {
		return st, err
	}
	recorded, err := r.recorded(ctx, d.name)
	if err != nil {
		return st, err
	}
	if recorded == fp {
		return st, nil
	}
	st.Checked = true
	months, err := r.changedMonths(ctx, d)
	if err != nil {
		return st, err
	}
	if len(months) > 0 {
		if err := r.rebuild(ctx, d, months); err != nil {
			return st, err
		}
	}
	st.Rebuilt = monthsOf(months)
	if err := r.record(ctx, d.name, fp); err != nil {
		return st, err
	}
	r.log.Info("rollup refreshed", "rollup", d.name, "months_rebuilt", len(months), "elapsed", time.Since(start).String())
	return st, nil
}

// monthRows is one month's raw rows and checksum.
type monthRows struct {
	month          uint32
	rows, checksum uint64
}

func monthsOf(ms []monthRows) []uint32 {
	out := make([]uint32, len(ms))
	for i, m := range ms {
		out[i] = m.month
	}
	return out
}

// changedMonths compares each month of the raw table with what the rollup
// was built from and returns the months to rebuild with their new counts
// (rows 0: the month has no rows any more).
func (r *Rollups) changedMonths(ctx context.Context, d rollupDef) ([]monthRows, error) {
	built := map[uint32]monthRows{}
	if err := r.each(ctx, "rollup_months.sql", warehouse.Params{"rollup": d.name}, func(rows warehouse.Rows) error {
		var m monthRows
		if err := rows.Scan(&m.month, &m.rows, &m.checksum); err != nil {
			return err
		}
		built[m.month] = m
		return nil
	}); err != nil {
		return nil, fmt.Errorf("rollup %s: months built: %w", d.name, err)
	}
	var changed []monthRows
	if err := r.each(ctx, d.check, nil, func(rows warehouse.Rows) error {
		var m monthRows
		if err := rows.Scan(&m.month, &m.rows, &m.checksum); err != nil {
			return err
		}
		if b, ok := built[m.month]; !ok || b != m {
			changed = append(changed, m)
		}
		delete(built, m.month)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("rollup %s: check the raw months: %w", d.name, err)
	}
	for _, b := range built { // months with no raw rows left
		changed = append(changed, monthRows{month: b.month})
	}
	slices.SortFunc(changed, func(a, b monthRows) int { return int(a.month) - int(b.month) })
	return changed, nil
}

// rebuild recomputes the given months of every table of the rollup from
// the raw table and swaps them in, a month at a time.
func (r *Rollups) rebuild(ctx context.Context, d rollupDef, months []monthRows) error {
	list := monthsOf(months)
	// A few months per pass keeps the staging tables small.
	const perPass = 6
	for i := 0; i < len(list); i += perPass {
		part := list[i:min(i+perPass, len(list))]
		for _, b := range d.builds {
			staging := b.table + "_staging"
			if err := r.db.Exec(ctx, mustSQL("rollup_truncate.sql"), warehouse.Params{"staging": staging}); err != nil {
				return fmt.Errorf("rollup %s: clear %s: %w", d.name, staging, err)
			}
			ms := make([]uint64, len(part))
			for k, m := range part {
				ms[k] = uint64(m)
			}
			if err := r.db.Exec(ctx, mustSQL(b.sql), warehouse.Params{"months": ms}); err != nil {
				return fmt.Errorf("rollup %s: build %s for %v: %w", d.name, b.table, part, err)
			}
			built := map[uint32]bool{}
			if err := r.each(ctx, "rollup_staging_months.sql", warehouse.Params{"staging": staging}, func(rows warehouse.Rows) error {
				var m uint32
				err := rows.Scan(&m)
				built[m] = true
				return err
			}); err != nil {
				return fmt.Errorf("rollup %s: months of %s: %w", d.name, staging, err)
			}
			for _, m := range part {
				// The month from staging, atomically; or no month at all
				// when it has no rows left (REPLACE refuses an empty source).
				stmt := b.replace()
				if !built[m] {
					stmt = b.drop()
				}
				if err := r.db.Exec(ctx, mustSQL(stmt), warehouse.Params{"month": m}); err != nil {
					return fmt.Errorf("rollup %s: swap in %s month %d: %w", d.name, b.table, m, err)
				}
			}
		}
	}
	batch, err := r.db.PrepareBatch(ctx, "rollup_months", []string{"rollup", "month", "rows", "checksum", "_version"})
	if err != nil {
		return err
	}
	v := uint64(r.now().UnixNano())
	for _, m := range months {
		if err := batch.Append(d.name, m.month, m.rows, m.checksum, v); err != nil {
			batch.Abort()
			return err
		}
	}
	if err := batch.Send(); err != nil {
		return fmt.Errorf("rollup %s: record months: %w", d.name, err)
	}
	return nil
}

func (r *Rollups) record(ctx context.Context, name, fp string) error {
	b, err := r.db.PrepareBatch(ctx, "rollup_state", []string{"rollup", "fingerprint", "built_at", "_version"})
	if err != nil {
		return err
	}
	now := r.now().UTC()
	if err := b.Append(name, fp, now, uint64(now.UnixNano())); err != nil {
		b.Abort()
		return err
	}
	if err := b.Send(); err != nil {
		return fmt.Errorf("rollup %s: record state: %w", name, err)
	}
	return nil
}

// recorded is the fingerprint the rollup was last brought up to date with
// ("" when never).
func (r *Rollups) recorded(ctx context.Context, name string) (string, error) {
	var fp string
	err := warehouse.QueryRow(ctx, r.db, mustSQL("rollup_state.sql"), warehouse.Params{"rollup": name}, &fp)
	if err == warehouse.ErrNoRows {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("rollup %s: state: %w", name, err)
	}
	return fp, nil
}

// fingerprint is the current state of a raw table ("empty" without parts);
// of several tables, each table's state in the order given.
func (r *Rollups) fingerprint(ctx context.Context, tables ...string) (string, error) {
	fps := map[string]string{}
	err := r.each(ctx, "rollup_fingerprint.sql", warehouse.Params{"tables": tables}, func(rows warehouse.Rows) error {
		var t, fp string
		if err := rows.Scan(&t, &fp); err != nil {
			return err
		}
		fps[t] = fp
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("fingerprint of %s: %w", strings.Join(tables, ", "), err)
	}
	out := make([]string, len(tables))
	for i, t := range tables {
		fp, ok := fps[t]
		if !ok {
			fp = "empty"
		}
		out[i] = fp
	}
	return strings.Join(out, " "), nil
}

// Use reports whether a query may read the rollup: it was brought up to
// date and nothing was written to its raw table since, so it answers
// exactly what the raw table would. While ok, the rollup is not refreshed
// under the query's feet: call release when the query is done (release is
// never nil). A refresh of the rollup running in this process is waited for
// up to Wait (and ctx); errors count as "no": the caller reads the raw
// table, slower and just as exact.
func (r *Rollups) Use(ctx context.Context, name string) (ok bool, release func()) {
	release = func() {}
	if r == nil {
		return false, release
	}
	d, known := rollupDefFor(name)
	if !known {
		return false, release
	}
	m := r.lock(name)
	deadline := time.Now().Add(r.Wait)
	for !m.TryRLock() {
		if time.Now().After(deadline) || ctx.Err() != nil {
			return false, release
		}
		time.Sleep(20 * time.Millisecond)
	}
	fp, err := r.fingerprint(ctx, d.tables()...)
	if err == nil {
		var rec string
		if rec, err = r.recorded(ctx, name); err == nil && rec == fp {
			return true, m.RUnlock
		}
	}
	if err != nil {
		r.log.Warn("rollup state unknown, reading the raw table", "rollup", name, "err", err)
	}
	m.RUnlock()
	return false, release
}

func (r *Rollups) each(ctx context.Context, file string, p warehouse.Params, scan func(warehouse.Rows) error) error {
	rows, err := r.db.Query(ctx, mustSQL(file), p)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
