package ingest

import (
	"context"
	"fmt"
	"strings"

	"kinerja/warehouse"
)

// unitRow is one service or work unit and the OPD (agency) it belongs to.
type unitRow struct {
	unitCode, unitName     string
	agencyCode, agencyName string
	kind, kecamatan        string
}

// Canonical units columns, in the order of unitsRequired then unitsOptional.
const (
	unUnitCode = iota
	unUnitName
	unAgencyCode
	unAgencyName
	unKind
	unKecamatan
)

// UnitKinds are the accepted values of units.kind.
var UnitKinds = []string{"dinas", "badan", "kecamatan", "puskesmas", "sekolah", "kelurahan", "upt", "other"}

var (
	unitsRequired    = []string{"unit_code", "unit_name", "agency_code", "agency_name", "kind"}
	unitsOptional    = []string{"kecamatan"}
	unitsInsert      = []string{"unit_code", "unit_name", "agency_code", "kind", "kecamatan", "ingest_run_id", "ingested_at", "_version"}
	agenciesInsert   = []string{"agency_code", "agency_name", "ingest_run_id", "ingested_at", "_version"}
	unitsStoredSQL   = mustSQL("units_stored.sql")
	agencyStoredSQL  = mustSQL("agencies_stored.sql")
	unitsAnySQL      = mustSQL("units_any.sql")
	unitKindAccepted = func() map[string]bool {
		m := map[string]bool{}
		for _, k := range UnitKinds {
			m[k] = true
		}
		return m
	}()
)

// unitsDataset writes units, and the agencies they name once all files are read.
type unitsDataset struct {
	agencies map[string]agencySeen
	order    []string // agency codes in the order first seen
}

type agencySeen struct {
	name string
	file string
	line int
}

func (d *unitsDataset) table() string           { return "units" }
func (d *unitsDataset) required() []string      { return unitsRequired }
func (d *unitsDataset) optional() []string      { return unitsOptional }
func (d *unitsDataset) keyColumn() string       { return "unit_code" }
func (d *unitsDataset) insertColumns() []string { return unitsInsert }
func (d *unitsDataset) key(row *unitRow) string { return row.unitCode }

func (d *unitsDataset) begin(context.Context, *run) error {
	d.agencies = map[string]agencySeen{}
	return nil
}

func (d *unitsDataset) parse(c *rowCheck, row *unitRow) {
	row.unitCode = c.requiredText(unUnitCode, "unit_code", maxCode)
	row.unitName = c.requiredText(unUnitName, "unit_name", maxName)
	row.agencyCode = c.requiredText(unAgencyCode, "agency_code", maxCode)
	row.agencyName = c.requiredText(unAgencyName, "agency_name", maxName)
	kind := strings.ToLower(strings.TrimSpace(c.get(unKind)))
	if !unitKindAccepted[kind] {
		c.fail("kind", c.get(unKind),
			fmt.Sprintf("kind: harus salah satu dari %s, ditemukan %s", strings.Join(UnitKinds, ", "), quote(c.get(unKind))),
			fmt.Sprintf("kind: expected one of %s, got %s", strings.Join(UnitKinds, ", "), quote(c.get(unKind))))
	}
	row.kind = kind
	row.kecamatan = c.optionalText(unKecamatan, "kecamatan", maxName)
}

// accept holds an agency to one name within a run.
func (d *unitsDataset) accept(c *rowCheck, row *unitRow) {
	first, ok := d.agencies[row.agencyCode]
	if !ok {
		d.agencies[row.agencyCode] = agencySeen{name: row.agencyName, file: c.file, line: c.line}
		d.order = append(d.order, row.agencyCode)
		return
	}
	if first.name == row.agencyName {
		return
	}
	where, whereEN := fmt.Sprintf("baris %d", first.line), fmt.Sprintf("line %d", first.line)
	if first.file != c.file {
		where, whereEN = fmt.Sprintf("%s baris %d", first.file, first.line), fmt.Sprintf("%s line %d", first.file, first.line)
	}
	c.fail("agency_name", row.agencyName,
		fmt.Sprintf("agency_name: OPD %s sudah bernama %s di %s; satu kode OPD hanya boleh punya satu nama, ditemukan %s",
			quote(row.agencyCode), quote(first.name), where, quote(row.agencyName)),
		fmt.Sprintf("agency_name: agency %s is already named %s on %s; one agency code has one name, got %s",
			quote(row.agencyCode), quote(first.name), whereEN, quote(row.agencyName)))
}

func (d *unitsDataset) anyStored(ctx context.Context, ru *run) (bool, error) {
	var n uint64
	err := warehouse.QueryRow(ctx, ru.r.db, unitsAnySQL, nil, &n)
	return n > 0, err
}

func (d *unitsDataset) stored(ctx context.Context, ru *run, keys []string, _ []unitRow) (map[string]unitRow, error) {
	rows, err := ru.r.db.Query(ctx, unitsStoredSQL, warehouse.Params{"keys": keys})
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]unitRow{}
	for rows.Next() {
		var r unitRow
		if err := rows.Scan(&r.unitCode, &r.unitName, &r.agencyCode, &r.kind, &r.kecamatan); err != nil {
			return nil, err
		}
		out[r.unitCode] = r
	}
	return out, rows.Err()
}

// same compares what the units table holds (the agency's name is in agencies).
func (d *unitsDataset) same(a, b *unitRow) bool {
	return a.unitCode == b.unitCode && a.unitName == b.unitName && a.agencyCode == b.agencyCode &&
		a.kind == b.kind && a.kecamatan == b.kecamatan
}

func (d *unitsDataset) values(ru *run, r *unitRow, dst []any) []any {
	return append(dst, &r.unitCode, &r.unitName, &r.agencyCode, &r.kind, &r.kecamatan, ru.idV, ru.ingestedV, ru.versionV)
}

// finish writes the agencies named by the accepted units that are new or
// renamed.
func (d *unitsDataset) finish(ctx context.Context, ru *run) error {
	if len(d.order) == 0 {
		return nil
	}
	rows, err := ru.r.db.Query(ctx, agencyStoredSQL, warehouse.Params{"keys": d.order})
	if err != nil {
		return fmt.Errorf("compare with stored agencies: %w", err)
	}
	stored := map[string]string{}
	for rows.Next() {
		var code, name string
		if err := rows.Scan(&code, &name); err != nil {
			rows.Close()
			return fmt.Errorf("compare with stored agencies: %w", err)
		}
		stored[code] = name
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("compare with stored agencies: %w", err)
	}
	w := newBatchWriter(ctx, ru.r.db, "agencies", agenciesInsert, ru.r.batchRows)
	written := 0
	for _, code := range d.order {
		name := d.agencies[code].name
		if old, ok := stored[code]; ok && old == name {
			continue
		}
		if err := w.append(code, name, ru.idV, ru.ingestedV, ru.versionV); err != nil {
			w.abort()
			return err
		}
		written++
	}
	if err := w.flush(); err != nil {
		return err
	}
	if written > 0 {
		ru.note(fmt.Sprintf("%d OPD baru atau berubah nama (agencies written)", written))
	}
	return nil
}

var agencyCodesSQL = mustSQL("agency_codes.sql")

// knownUnits loads the unit codes rows may name; with none stored it notes
// that every row naming a unit will be rejected.
func knownUnits(ctx context.Context, ru *run) (map[string]struct{}, error) {
	units, err := loadCodes(ctx, ru.r.db, unitCodesSQL)
	if err != nil {
		return nil, fmt.Errorf("load known units: %w", err)
	}
	if len(units) == 0 {
		ru.note("belum ada data unit: setiap baris yang menyebut unit akan ditolak; impor units terlebih dahulu (no units imported yet)")
	}
	return units, nil
}

// knownAgencies loads the agency (OPD) codes rows may name.
func knownAgencies(ctx context.Context, ru *run) (map[string]struct{}, error) {
	agencies, err := loadCodes(ctx, ru.r.db, agencyCodesSQL)
	if err != nil {
		return nil, fmt.Errorf("load known agencies: %w", err)
	}
	if len(agencies) == 0 {
		ru.note("belum ada data OPD: setiap baris akan ditolak; impor units terlebih dahulu (no agencies imported yet)")
	}
	return agencies, nil
}

// loadCodes runs a query of one String column into a set.
func loadCodes(ctx context.Context, db warehouse.DB, q string) (map[string]struct{}, error) {
	out := map[string]struct{}{}
	err := queryEach(ctx, db, q, nil, func(rows warehouse.Rows) error {
		var code string
		if err := rows.Scan(&code); err != nil {
			return err
		}
		out[code] = struct{}{}
		return nil
	})
	return out, err
}

// queryEach runs q and calls each for every row.
func queryEach(ctx context.Context, db warehouse.DB, q string, p warehouse.Params, each func(warehouse.Rows) error) error {
	rows, err := db.Query(ctx, q, p)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// anyStored reports whether table holds any row (none: a first import
// need not compare its rows with what is stored).
func anyStored(ctx context.Context, db warehouse.DB, table string) (bool, error) {
	var n uint64
	err := warehouse.QueryRow(ctx, db, tableAnySQL, warehouse.Params{"table": table}, &n)
	return n > 0, err
}

var tableAnySQL = mustSQL("table_any.sql")
