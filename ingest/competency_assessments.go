package ingest

import (
	"context"
	"time"

	"kinerja/warehouse"
)

// competencyRow is one competency assessment of one ASN (PermenPANRB
// 38/2017), levels 1–5.
type competencyRow struct {
	nip, code, name, kind        string
	requiredLevel, assessedLevel uint8
	assessedAt                   time.Time // 00:00 UTC
	method                       string
}

// Canonical competency_assessments columns, in the order of competencyRequired then competencyOptional.
const (
	cpNIP = iota
	cpCode
	cpType
	cpRequiredLevel
	cpAssessedLevel
	cpAssessedAt
	cpName
	cpMethod
)

var (
	competencyRequired = []string{"nip", "competency_code", "competency_type", "required_level", "assessed_level", "assessed_at"}
	competencyOptional = []string{"competency_name", "method"}
	competencyInsert   = []string{"nip", "competency_code", "competency_name", "competency_type", "required_level", "assessed_level",
		"assessed_at", "method", "ingest_run_id", "ingested_at", "_version"}
	competencyStoredSQL = mustSQL("competency_stored.sql")

	competencyTypes = newEnum([]string{"teknis", "manajerial", "sosial_kultural"}, nil)
)

// earliestAssessment is the first plausible date of an assessment or a
// training, 1970-01-01: personnel records go back decades.
var earliestAssessment = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)

type competencyDataset struct{}

func (d *competencyDataset) table() string           { return "competency_assessments" }
func (d *competencyDataset) required() []string      { return competencyRequired }
func (d *competencyDataset) optional() []string      { return competencyOptional }
func (d *competencyDataset) keyColumn() string       { return "nip, competency_code, assessed_at" }
func (d *competencyDataset) insertColumns() []string { return competencyInsert }
func (d *competencyDataset) key(row *competencyRow) string {
	var buf [128]byte
	b := append(buf[:0], row.nip...)
	b = append(b, " / "...)
	b = append(b, row.code...)
	b = append(b, " / "...)
	return string(appendDay(b, row.assessedAt))
}
func (d *competencyDataset) accept(*rowCheck, *competencyRow)   {}
func (d *competencyDataset) begin(context.Context, *run) error  { return nil }
func (d *competencyDataset) finish(context.Context, *run) error { return nil }

func (d *competencyDataset) parse(c *rowCheck, row *competencyRow) {
	info, _ := c.nip(cpNIP, "nip", nipAny, true)
	row.nip = info.nip
	row.code = c.requiredText(cpCode, "competency_code", maxCode)
	row.name = c.optionalText(cpName, "competency_name", maxName)
	row.kind = c.oneOf(cpType, "competency_type", competencyTypes, true)
	if n, ok := c.integer(cpRequiredLevel, "required_level", 1, 5); ok {
		row.requiredLevel = uint8(n)
	}
	if n, ok := c.integer(cpAssessedLevel, "assessed_level", 1, 5); ok {
		row.assessedLevel = uint8(n)
	}
	row.assessedAt, _ = c.date(cpAssessedAt, "assessed_at", true, dateRange{min: earliestAssessment, max: c.clock.today,
		minWhy: [2]string{"terlalu awal", "too early"}, maxWhy: [2]string{"di masa depan", "is in the future"}})
	row.method = c.optionalText(cpMethod, "method", maxCode)
}

func (d *competencyDataset) anyStored(ctx context.Context, ru *run) (bool, error) {
	return anyStored(ctx, ru.r.db, "competency_assessments")
}

// stored looks up every assessment of the chunk's employees (the table's
// sort key leads with nip) and keeps the rows by key.
func (d *competencyDataset) stored(ctx context.Context, ru *run, _ []string, chunk []competencyRow) (map[string]competencyRow, error) {
	nips := distinct(chunk, func(r *competencyRow) string { return r.nip })
	out := make(map[string]competencyRow, len(chunk))
	err := queryEach(ctx, ru.r.db, competencyStoredSQL, warehouse.Params{"nips": nips}, func(rows warehouse.Rows) error {
		var r competencyRow
		if err := rows.Scan(&r.nip, &r.code, &r.name, &r.kind, &r.requiredLevel, &r.assessedLevel, &r.assessedAt, &r.method); err != nil {
			return err
		}
		r.assessedAt = dateOf(r.assessedAt)
		out[d.key(&r)] = r
		return nil
	})
	return out, err
}

func (d *competencyDataset) same(a, b *competencyRow) bool {
	return a.nip == b.nip && a.code == b.code && a.name == b.name && a.kind == b.kind &&
		a.requiredLevel == b.requiredLevel && a.assessedLevel == b.assessedLevel &&
		sameDay(a.assessedAt, b.assessedAt) && a.method == b.method
}

func (d *competencyDataset) values(ru *run, r *competencyRow, dst []any) []any {
	return append(dst, &r.nip, &r.code, &r.name, &r.kind, &r.requiredLevel, &r.assessedLevel, &r.assessedAt, &r.method,
		ru.idV, ru.ingestedV, ru.versionV)
}
