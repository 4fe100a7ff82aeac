package ingest

import (
	"context"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"kinerja/warehouse"
)

// trainingRow is one training attended by one ASN, in JP (jam pelajaran).
type trainingRow struct {
	trainingID, nip, title, kind string
	jp                           decimal.Decimal
	startDate, endDate           time.Time // 00:00 UTC
	provider                     string
}

// Canonical trainings columns, in the order of trainingsRequired then trainingsOptional.
const (
	trID = iota
	trNIP
	trTitle
	trKind
	trJP
	trStart
	trEnd
	trProvider
)

var (
	trainingsRequired = []string{"training_id", "nip", "title", "kind", "jp", "start_date", "end_date"}
	trainingsOptional = []string{"provider"}
	trainingsInsert   = []string{"training_id", "nip", "title", "kind", "jp", "start_date", "end_date", "provider",
		"ingest_run_id", "ingested_at", "_version"}
	trainingsStoredSQL = mustSQL("trainings_stored.sql")

	trainingKinds = newEnum([]string{"teknis", "fungsional", "kepemimpinan", "seminar", "workshop", "kursus", "elearning"}, map[string]string{
		"lokakarya": "workshop", "pelatihan daring": "elearning"})
	maxJP = decimal.New(1000_00, -2) // the exponent of jp's values: compared without rescaling
)

type trainingsDataset struct{}

func (d *trainingsDataset) table() string           { return "trainings" }
func (d *trainingsDataset) required() []string      { return trainingsRequired }
func (d *trainingsDataset) optional() []string      { return trainingsOptional }
func (d *trainingsDataset) keyColumn() string       { return "training_id, nip" }
func (d *trainingsDataset) insertColumns() []string { return trainingsInsert }
func (d *trainingsDataset) key(row *trainingRow) string {
	return row.trainingID + " / " + row.nip
}
func (d *trainingsDataset) accept(*rowCheck, *trainingRow)     {}
func (d *trainingsDataset) begin(context.Context, *run) error  { return nil }
func (d *trainingsDataset) finish(context.Context, *run) error { return nil }

func (d *trainingsDataset) parse(c *rowCheck, row *trainingRow) {
	row.trainingID = c.requiredText(trID, "training_id", maxCode)
	info, _ := c.nip(trNIP, "nip", nipAny, true)
	row.nip = info.nip
	row.title = c.requiredText(trTitle, "title", maxName)
	row.kind = c.oneOf(trKind, "kind", trainingKinds, true)
	if jp, ok := c.decimalCell(trJP, "jp", 2, true); ok {
		if !jp.IsPositive() || jp.GreaterThan(maxJP) {
			c.fail("jp", c.get(trJP),
				fmt.Sprintf("jp: harus lebih dari 0 dan paling banyak %s JP, ditemukan %s", maxJP, quote(c.get(trJP))),
				fmt.Sprintf("jp: expected more than 0 and at most %s JP, got %s", maxJP, quote(c.get(trJP))))
		}
		row.jp = jp
	}
	start, hasStart := c.date(trStart, "start_date", true, dateRange{min: earliestAssessment, max: c.clock.today,
		minWhy: [2]string{"terlalu awal", "too early"}, maxWhy: [2]string{"belum dimulai (di masa depan)", "has not started (in the future)"}})
	end, hasEnd := c.date(trEnd, "end_date", true, dateRange{min: earliestAssessment, max: maxDate,
		minWhy: [2]string{"terlalu awal", "too early"}, maxWhy: [2]string{"terlalu jauh", "too far"}})
	if hasStart && hasEnd && end.Before(start) {
		c.fail("end_date", c.get(trEnd),
			fmt.Sprintf("end_date: %s sebelum start_date %s", end.Format("2006-01-02"), start.Format("2006-01-02")),
			fmt.Sprintf("end_date: %s is before start_date %s", end.Format("2006-01-02"), start.Format("2006-01-02")))
	}
	row.startDate, row.endDate = start, end
	row.provider = c.optionalText(trProvider, "provider", maxName)
}

func (d *trainingsDataset) anyStored(ctx context.Context, ru *run) (bool, error) {
	return anyStored(ctx, ru.r.db, "trainings")
}

// stored looks up every participant of the chunk's trainings (the table's
// sort key leads with training_id) and keeps the rows by key.
func (d *trainingsDataset) stored(ctx context.Context, ru *run, _ []string, chunk []trainingRow) (map[string]trainingRow, error) {
	ids := distinct(chunk, func(r *trainingRow) string { return r.trainingID })
	out := make(map[string]trainingRow, len(chunk))
	err := queryEach(ctx, ru.r.db, trainingsStoredSQL, warehouse.Params{"ids": ids}, func(rows warehouse.Rows) error {
		var r trainingRow
		if err := rows.Scan(&r.trainingID, &r.nip, &r.title, &r.kind, &r.jp, &r.startDate, &r.endDate, &r.provider); err != nil {
			return err
		}
		out[d.key(&r)] = r
		return nil
	})
	return out, err
}

func (d *trainingsDataset) same(a, b *trainingRow) bool {
	return a.trainingID == b.trainingID && a.nip == b.nip && a.title == b.title && a.kind == b.kind &&
		a.jp.Equal(b.jp) && sameDay(a.startDate, b.startDate) && sameDay(a.endDate, b.endDate) && a.provider == b.provider
}

func (d *trainingsDataset) values(ru *run, r *trainingRow, dst []any) []any {
	return append(dst, &r.trainingID, &r.nip, &r.title, &r.kind, &r.jp, &r.startDate, &r.endDate, &r.provider,
		ru.idV, ru.ingestedV, ru.versionV)
}
