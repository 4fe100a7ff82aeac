package analytics

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"kinerja/warehouse"
)

// Rollups keep exact aggregates of the two largest raw tables so that the
// dashboards do not scan them (warehouse migrations 0005 to 0008, 0010,
// 0011):
//
//   - "survey": rollup_survey_daily, the IKM sums per unit and WITA day
//     (ikm.sql and ikm_trend.sql read it);
//   - "activity": rollup_activity_days (days reported per report unit, NIP
//     and month), rollup_activity_report_days (counts per report unit and
//     activity date, per day of submission), rollup_activity_latency
//     (every approval latency per report unit, month and logarithmic
//     latency bucket) and rollup_activity_latency_hist (their counts),
//     built from the raw reports; and, derived from those and the master data (employees,
//     units; see rollup_activity.go), rollup_activity_asn_months (reported
//     ASN-days per unit of the ASN and day) and rollup_activity_latency_q
//     (latency order statistics per calendar bucket and group). The
//     compliance queries read them (compliance.go, compliance_latency.go).
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
// nothing and rebuilds nothing. A derived table is rebuilt for the months
// rebuilt, and for every month when the master data it reads changed (a
// checksum of the columns it uses, recorded like a month's); a change of
// the master data alone needs no pass over the raw table.
//
// Freshness. Each refresh records the fingerprint of every table the
// rollup reads (rollup_state_now.sql: per table its newest insert block,
// the number of insert blocks its parts cover and its newest mutation,
// none of which a background merge changes) taken before it read anything,
// and records it only when every table of the rollup is rebuilt. A query
// reads a rollup only when the fingerprint still equals the recorded one
// and no mutation of those tables is still running: nothing was written
// since the rollup was last brought up to date, so it answers exactly what
// the raw tables would. Otherwise the query reads the raw tables (slower,
// equally exact), after waiting for a refresh of that rollup already
// running in this process. Refresh runs after every ingest run of a table
// a rollup reads (ingest.Runner.OnRun, wired by `kinerja serve` and
// `kinerja ingest`), so in practice the dashboards read rollups that are
// current to the last run, and fall back to the raw tables only while a
// refresh is running or after writes made outside the ingest (tests,
// manual SQL), until the next refresh. Refreshes of one database are
// serialised in the process whatever Rollups value runs them (they share
// the staging tables); the embedded engine allows one process per data
// directory, and against a ClickHouse server one process must refresh.
type Rollups struct {
	db  warehouse.DB
	log *slog.Logger
	now func() time.Time

	// Wait bounds how long a query waits for a refresh of its rollup that
	// is running before it reads the raw table instead (default 10 s).
	Wait time.Duration
}

// rollupDef is one rollup: the raw table it aggregates, the query that
// checksums the raw table per month, and the tables it builds.
type rollupDef struct {
	name   string
	source string
	// also lists the further raw tables of a rollup built from several
	// (rollup_staff.go): the fingerprint covers them all, and the check's
	// checksums must cover every input of a partition, unless the rollup
	// has a masterCheck: then the further tables are the master data its
	// derived tables alone read (rollup_activity.go).
	also   []string
	check  string // embedded SQL: month (the partition), rows, checksum
	builds []rollupBuild
	// derived are the tables rebuilt after the months, from the rollup's
	// own tables and the master data that masterCheck checksums (embedded
	// SQL: part, rows, checksum).
	derived     []derivedBuild
	masterCheck string
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
		{"rollup_activity_report_days", "rollup_activity_report_days_build.sql"},
		{"rollup_activity_latency", "rollup_activity_latency_build.sql"},
		{"rollup_activity_latency_hist", "rollup_activity_latency_hist_build.sql"}, // from the latency staging: after it
	}, also: activityMaster, derived: activityDerived, masterCheck: "rollup_activity_master_check.sql"},
	staffRollupDef, // rollup_staff.go
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
	return &Rollups{db: db, log: logger, now: time.Now, Wait: 10 * time.Second}
}

// refreshLocks holds one lock per database and rollup for the whole
// process: a refresh writes, queries read. Every Rollups of a database
// shares it (`kinerja serve` has one for its scheduler and dashboards, but
// a command or test may make more), so two refreshes never share the
// staging tables at once.
var refreshLocks sync.Map // database + "\x00" + rollup → *sync.RWMutex

func (r *Rollups) lock(name string) *sync.RWMutex {
	m, _ := refreshLocks.LoadOrStore(r.db.Database()+"\x00"+name, &sync.RWMutex{})
	return m.(*sync.RWMutex)
}

// RefreshStats says what one refresh did.
type RefreshStats struct {
	Rollup  string
	Checked bool     // a table of the rollup had changed: it was checked
	Rebuilt []uint32 // months rebuilt from the raw table (YYYYMM)
	// Derived counts the partitions rebuilt per derived table.
	Derived map[string]int
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
	now, err := r.state(ctx, d)
	if err != nil {
		return st, err
	}
	if now.fresh() {
		return st, nil
	}
	st.Checked = true
	// The raw table is checked month by month only when it changed, or
	// when the rollup's other tables are not only master data of derived
	// tables (its check then covers them): a change of the master data of
	// derived tables rebuilds those tables alone.
	var months []monthRows // to rebuild, with their new counts
	var present []uint32   // every month with raw rows
	if now.changed(0) || d.masterCheck == "" {
		if months, present, err = r.changedMonths(ctx, d); err != nil {
			return st, err
		}
		if len(months) > 0 {
			if err := r.rebuild(ctx, d, months); err != nil {
				return st, err
			}
		}
	} else if present, err = r.builtMonths(ctx, d.name); err != nil {
		return st, err
	}
	st.Rebuilt = monthsOf(months)
	var master []masterRows
	if len(d.derived) > 0 {
		var changed map[string]bool
		if master, changed, err = r.masterChanges(ctx, d); err != nil {
			return st, err
		}
		st.Derived = map[string]int{}
		for _, b := range d.derived {
			ms := st.Rebuilt
			if slices.ContainsFunc(b.master, func(p string) bool { return changed[p] }) {
				ms = mergeMonths(ms, present)
			}
			if len(ms) == 0 {
				continue
			}
			n, err := r.buildDerived(ctx, d, b, ms)
			if err != nil {
				return st, err
			}
			st.Derived[b.table] = n
		}
	}
	// What was built is recorded only now that every table is: a refresh
	// that fails half way leaves the months to rebuild for the next one.
	// The records replace the previous ones (ReplacingMergeTree) by a
	// version that grows from one refresh to the next even if the clock
	// steps back (a virtual machine's may): else the older state would win.
	v := max(uint64(r.now().UnixNano()), now.version+1)
	if err := r.recordMonths(ctx, d.name, months, master, v); err != nil {
		return st, err
	}
	if err := r.record(ctx, d.name, now.fingerprint, v); err != nil {
		return st, err
	}
	r.log.Info("rollup refreshed", "rollup", d.name, "months_rebuilt", len(months), "derived", st.Derived,
		"elapsed", time.Since(start).String())
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
// (rows 0: the month has no rows any more), and every month with rows.
func (r *Rollups) changedMonths(ctx context.Context, d rollupDef) (changed []monthRows, present []uint32, err error) {
	built := map[uint32]monthRows{}
	if err := r.each(ctx, "rollup_months.sql", warehouse.Params{"rollup": d.name}, func(rows warehouse.Rows) error {
		var m monthRows
		if err := rows.Scan(&m.month, &m.rows, &m.checksum); err != nil {
			return err
		}
		built[m.month] = m
		return nil
	}); err != nil {
		return nil, nil, fmt.Errorf("rollup %s: months built: %w", d.name, err)
	}
	if err := r.each(ctx, d.check, nil, func(rows warehouse.Rows) error {
		var m monthRows
		if err := rows.Scan(&m.month, &m.rows, &m.checksum); err != nil {
			return err
		}
		if m.rows > 0 {
			present = append(present, m.month)
		}
		if b, ok := built[m.month]; !ok || b != m {
			changed = append(changed, m)
		}
		delete(built, m.month)
		return nil
	}); err != nil {
		return nil, nil, fmt.Errorf("rollup %s: check the raw months: %w", d.name, err)
	}
	for _, b := range built { // months with no raw rows left
		changed = append(changed, monthRows{month: b.month})
	}
	slices.SortFunc(changed, func(a, b monthRows) int { return int(a.month) - int(b.month) })
	slices.Sort(present)
	return changed, present, nil
}

// builtMonths are the months the rollup was last built with rows.
func (r *Rollups) builtMonths(ctx context.Context, name string) ([]uint32, error) {
	var out []uint32
	if err := r.each(ctx, "rollup_months.sql", warehouse.Params{"rollup": name}, func(rows warehouse.Rows) error {
		var m monthRows
		if err := rows.Scan(&m.month, &m.rows, &m.checksum); err != nil {
			return err
		}
		out = append(out, m.month)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("rollup %s: months built: %w", name, err)
	}
	slices.Sort(out)
	return out, nil
}

// mergeMonths is the sorted union of two sorted month lists.
func mergeMonths(a, b []uint32) []uint32 {
	out := slices.Concat(a, b)
	slices.Sort(out)
	return slices.Compact(out)
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
			built, err := r.staged(ctx, staging)
			if err != nil {
				return fmt.Errorf("rollup %s: %w", d.name, err)
			}
			for _, m := range part {
				// The month from staging, atomically; or no month at all
				// when it has no rows left (REPLACE refuses an empty source).
				stmt := b.replace()
				if !built[uint64(m)] {
					stmt = b.drop()
				}
				if err := r.db.Exec(ctx, mustSQL(stmt), warehouse.Params{"month": m}); err != nil {
					return fmt.Errorf("rollup %s: swap in %s month %d: %w", d.name, b.table, m, err)
				}
			}
		}
	}
	return nil
}

// staged returns the partitions a staging table holds rows for.
func (r *Rollups) staged(ctx context.Context, staging string) (map[uint64]bool, error) {
	out := map[uint64]bool{}
	err := r.each(ctx, "rollup_staging_months.sql", warehouse.Params{"staging": staging}, func(rows warehouse.Rows) error {
		var p uint64
		err := rows.Scan(&p)
		out[p] = true
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("partitions of %s: %w", staging, err)
	}
	return out, nil
}

// derivedBuild is a table rebuilt, after the months of its rollup, from the
// rollup's own tables and master data rather than from the raw table. Its
// embedded statements are table + "_build.sql" (run by build), "_replace.sql"
// and "_drop.sql" (taking {partition:UInt64}).
type derivedBuild struct {
	table string // its staging table is table + "_staging"
	// master are the parts of the rollup's masterCheck it reads: when one
	// of their checksums changes, every month is rebuilt.
	master []string
	// partitions lists the partitions holding the given months (YYYYMM).
	partitions func(months []uint32) []uint64
	// build fills the (empty) staging table with the given partitions.
	build func(ctx context.Context, db warehouse.DB, partitions []uint64) error
}

// buildDerived rebuilds the partitions of b holding the given months and
// swaps them in; it returns how many.
func (r *Rollups) buildDerived(ctx context.Context, d rollupDef, b derivedBuild, months []uint32) (int, error) {
	staging := b.table + "_staging"
	if err := r.db.Exec(ctx, mustSQL("rollup_truncate.sql"), warehouse.Params{"staging": staging}); err != nil {
		return 0, fmt.Errorf("rollup %s: clear %s: %w", d.name, staging, err)
	}
	parts := b.partitions(months)
	if err := b.build(ctx, r.db, parts); err != nil {
		return 0, fmt.Errorf("rollup %s: build %s: %w", d.name, b.table, err)
	}
	built, err := r.staged(ctx, staging)
	if err != nil {
		return 0, fmt.Errorf("rollup %s: %w", d.name, err)
	}
	for _, p := range parts {
		stmt := b.table + "_replace.sql"
		if !built[p] {
			stmt = b.table + "_drop.sql"
		}
		if err := r.db.Exec(ctx, mustSQL(stmt), warehouse.Params{"partition": p}); err != nil {
			return 0, fmt.Errorf("rollup %s: swap in %s partition %d: %w", d.name, b.table, p, err)
		}
	}
	return len(parts), nil
}

// masterRows is one part of the master data a derived table reads: its
// rows and checksum, recorded in rollup_months as month 0 of the rollup
// named rollup + "." + part.
type masterRows struct {
	part           string
	rows, checksum uint64
}

// masterChanges checksums the master data of the rollup's derived tables
// and says which parts changed since they were last built.
func (r *Rollups) masterChanges(ctx context.Context, d rollupDef) ([]masterRows, map[string]bool, error) {
	var now []masterRows
	if err := r.each(ctx, d.masterCheck, nil, func(rows warehouse.Rows) error {
		var s masterRows
		if err := rows.Scan(&s.part, &s.rows, &s.checksum); err != nil {
			return err
		}
		now = append(now, s)
		return nil
	}); err != nil {
		return nil, nil, fmt.Errorf("rollup %s: check the master data: %w", d.name, err)
	}
	changed := map[string]bool{}
	for _, s := range now {
		var was monthRows // rows 0 when never recorded or empty
		if err := r.each(ctx, "rollup_months.sql", warehouse.Params{"rollup": d.name + "." + s.part}, func(rows warehouse.Rows) error {
			return rows.Scan(&was.month, &was.rows, &was.checksum)
		}); err != nil {
			return nil, nil, fmt.Errorf("rollup %s: master data built: %w", d.name, err)
		}
		changed[s.part] = was.rows != s.rows || was.checksum != s.checksum
	}
	return now, changed, nil
}

// recordMonths records what the months and the master data were built from.
func (r *Rollups) recordMonths(ctx context.Context, name string, months []monthRows, master []masterRows, v uint64) error {
	if len(months) == 0 && len(master) == 0 {
		return nil
	}
	batch, err := r.db.PrepareBatch(ctx, "rollup_months", []string{"rollup", "month", "rows", "checksum", "_version"})
	if err != nil {
		return err
	}
	for _, m := range months {
		if err := batch.Append(name, m.month, m.rows, m.checksum, v); err != nil {
			batch.Abort()
			return err
		}
	}
	for _, s := range master {
		if err := batch.Append(name+"."+s.part, uint32(0), s.rows, s.checksum, v); err != nil {
			batch.Abort()
			return err
		}
	}
	if err := batch.Send(); err != nil {
		return fmt.Errorf("rollup %s: record months: %w", name, err)
	}
	return nil
}

func (r *Rollups) record(ctx context.Context, name, fp string, v uint64) error {
	b, err := r.db.PrepareBatch(ctx, "rollup_state", []string{"rollup", "fingerprint", "built_at", "_version"})
	if err != nil {
		return err
	}
	now := r.now().UTC()
	if err := b.Append(name, fp, now, v); err != nil {
		b.Abort()
		return err
	}
	if err := b.Send(); err != nil {
		return fmt.Errorf("rollup %s: record state: %w", name, err)
	}
	return nil
}

// rollupState is what a rollup was last brought up to date with, next to
// the state of the tables it reads now.
type rollupState struct {
	recorded    string   // "" when never
	version     uint64   // of the recorded state
	fingerprint string   // the tables' fingerprints in the order of rollupDef.tables, space separated
	tables      []string // each table's fingerprint
	mutating    bool     // a mutation of one of the tables is still running
}

// fresh: nothing was written since the rollup was brought up to date, and
// no mutation is still changing the tables' parts one by one.
func (s rollupState) fresh() bool { return !s.mutating && s.recorded == s.fingerprint }

// changed reports whether the i-th table of the rollup changed since the
// recorded state (always, when the state is unknown or from another
// layout).
func (s rollupState) changed(i int) bool {
	was := strings.Fields(s.recorded)
	return len(was) != len(s.tables) || was[i] != s.tables[i]
}

// state reads the fingerprint of the rollup's tables and the recorded one
// in one query. A table with a mutation still running gets "+mutating"
// after its fingerprint: a refresh then records a state no query will
// take as fresh, and the next refresh after the mutation rebuilds what it
// changed.
func (r *Rollups) state(ctx context.Context, d rollupDef) (rollupState, error) {
	tables := d.tables()
	s := rollupState{tables: make([]string, len(tables))}
	fps, mutating := map[string]string{}, map[string]bool{}
	err := r.each(ctx, "rollup_state_now.sql", warehouse.Params{"rollup": d.name, "tables": tables}, func(rows warehouse.Rows) error {
		var kind, table, v string
		if err := rows.Scan(&kind, &table, &v); err != nil {
			return err
		}
		switch kind {
		case "parts":
			fps[table] = v
		case "mutating":
			mutating[table] = true
		case "recorded":
			s.recorded = v
		case "version":
			var err error
			s.version, err = strconv.ParseUint(v, 10, 64)
			return err
		}
		return nil
	})
	if err != nil {
		return s, fmt.Errorf("rollup %s: state of %s: %w", d.name, strings.Join(tables, ", "), err)
	}
	for i, t := range tables {
		fp, ok := fps[t]
		if !ok {
			fp = "empty"
		}
		if mutating[t] {
			fp += "+mutating"
			s.mutating = true
		}
		s.tables[i] = fp
	}
	s.fingerprint = strings.Join(s.tables, " ")
	return s, nil
}

// Use reports whether a query may read the rollup: it was brought up to
// date and nothing was written to the tables it reads since, so it answers
// exactly what the raw tables would. While ok, the rollup is not refreshed
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
	s, err := r.state(ctx, d)
	if err == nil && s.fresh() {
		return true, m.RUnlock
	}
	if err != nil {
		r.log.Warn("rollup state unknown, reading the raw table", "rollup", name, "err", err)
	} else {
		r.log.Debug("rollup not fresh, reading the raw table", "rollup", name, "recorded", s.recorded, "now", s.fingerprint)
	}
	m.RUnlock()
	return false, release
}

func (r *Rollups) each(ctx context.Context, file string, p warehouse.Params, scan func(warehouse.Rows) error) error {
	return queryEach(ctx, r.db, file, p, scan)
}
