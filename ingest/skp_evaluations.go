package ingest

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"kinerja/warehouse"
)

// skpRow is the SKP evaluation of one ASN for one period (PermenPANRB 6/2022).
type skpRow struct {
	nip, unitCode                       string
	year                                uint16
	period                              string
	hasilKerja, perilakuKerja, predikat string
	evaluatorNIP                        string
}

// Canonical skp_evaluations columns, in the order of skpRequired then skpOptional.
const (
	skNIP = iota
	skUnitCode
	skYear
	skPeriod
	skHasil
	skPerilaku
	skPredikat
	skEvaluatorNIP
)

var (
	skpRequired = []string{"nip", "unit_code", "year", "period", "hasil_kerja", "perilaku_kerja"}
	skpOptional = []string{"predikat", "evaluator_nip"}
	skpInsert   = []string{"nip", "unit_code", "year", "period", "hasil_kerja", "perilaku_kerja", "predikat", "evaluator_nip",
		"ingest_run_id", "ingested_at", "_version"}
	skpStoredSQL = mustSQL("skp_stored.sql")

	skpPeriods = newEnum([]string{"Q1", "Q2", "Q3", "Q4", "ANNUAL"}, map[string]string{
		"TW1": "Q1", "TW2": "Q2", "TW3": "Q3", "TW4": "Q4",
		"TW I": "Q1", "TW II": "Q2", "TW III": "Q3", "TW IV": "Q4",
		"Triwulan I": "Q1", "Triwulan II": "Q2", "Triwulan III": "Q3", "Triwulan IV": "Q4",
		"Tahunan": "ANNUAL"})
	// skpRatings are the two ratings' values; the full labels of the
	// regulation ("Di Atas Ekspektasi", …) are spellings of them.
	skpRatings = newEnum([]string{"diatas", "sesuai", "dibawah"}, map[string]string{
		"Di Atas Ekspektasi": "diatas", "Sesuai Ekspektasi": "sesuai", "Di Bawah Ekspektasi": "dibawah"})
	// skpPredikat are the employee's predikat kinerja; "kurang" is
	// Kurang/Misconduct.
	skpPredikat = newEnum([]string{"sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang"}, map[string]string{
		"Kurang/Misconduct": "kurang", "Misconduct": "kurang"})
)

// predikatMatrix is domain.md §2: rows hasil kerja, columns perilaku kerja,
// both in the order diatas, sesuai, dibawah.
var predikatMatrix = map[[2]string]string{
	{"diatas", "dibawah"}: "kurang", {"diatas", "sesuai"}: "baik", {"diatas", "diatas"}: "sangat_baik",
	{"sesuai", "dibawah"}: "kurang", {"sesuai", "sesuai"}: "baik", {"sesuai", "diatas"}: "baik",
	{"dibawah", "dibawah"}: "sangat_kurang", {"dibawah", "sesuai"}: "butuh_perbaikan", {"dibawah", "diatas"}: "butuh_perbaikan",
}

// Predikat returns the predikat kinerja of a pair of ratings (diatas,
// sesuai, dibawah) by the PermenPANRB 6/2022 matrix, "" for unknown ratings.
func Predikat(hasilKerja, perilakuKerja string) string {
	return predikatMatrix[[2]string{hasilKerja, perilakuKerja}]
}

// earliestYear is the first year of an evaluation or rating.
const earliestYear = 2000

type skpDataset struct {
	units map[string]struct{}
}

func (d *skpDataset) table() string           { return "skp_evaluations" }
func (d *skpDataset) required() []string      { return skpRequired }
func (d *skpDataset) optional() []string      { return skpOptional }
func (d *skpDataset) keyColumn() string       { return "nip, year, period" }
func (d *skpDataset) insertColumns() []string { return skpInsert }
func (d *skpDataset) key(row *skpRow) string {
	return row.nip + " / " + strconv.Itoa(int(row.year)) + " / " + row.period
}
func (d *skpDataset) accept(*rowCheck, *skpRow)          {}
func (d *skpDataset) finish(context.Context, *run) error { return nil }

func (d *skpDataset) begin(ctx context.Context, ru *run) error {
	var err error
	d.units, err = knownUnits(ctx, ru)
	return err
}

func (d *skpDataset) parse(c *rowCheck, row *skpRow) {
	info, _ := c.nip(skNIP, "nip", nipAny, true)
	row.nip = info.nip
	row.unitCode = c.requiredText(skUnitCode, "unit_code", maxCode)
	c.knownCode("unit_code", row.unitCode, d.units, "unit", "unit", "units")
	nowYear := c.clock.year
	if y, ok := c.integer(skYear, "year", earliestYear, nowYear); ok {
		row.year = uint16(y)
	}
	row.period = c.oneOf(skPeriod, "period", skpPeriods, true)
	if row.year != 0 && row.period != "" && row.period != "ANNUAL" {
		q := int(row.period[1] - '0')
		start := time.Date(int(row.year), time.Month(3*q-2), 1, 0, 0, 0, 0, wita)
		if start.After(c.now) {
			c.fail("period", c.get(skPeriod),
				fmt.Sprintf("period: %s %d belum dimulai (mulai %s)", row.period, row.year, start.Format("2006-01-02")),
				fmt.Sprintf("period: %s %d has not started yet (it starts on %s)", row.period, row.year, start.Format("2006-01-02")))
		}
	}
	row.hasilKerja = c.oneOf(skHasil, "hasil_kerja", skpRatings, true)
	row.perilakuKerja = c.oneOf(skPerilaku, "perilaku_kerja", skpRatings, true)
	given := c.oneOf(skPredikat, "predikat", skpPredikat, false)
	if row.hasilKerja != "" && row.perilakuKerja != "" {
		want := Predikat(row.hasilKerja, row.perilakuKerja)
		if given != "" && given != want {
			c.fail("predikat", c.get(skPredikat),
				fmt.Sprintf("predikat: %s tidak sesuai matriks PermenPANRB 6/2022: hasil kerja %s dan perilaku kerja %s memberi %s",
					quote(strings.TrimSpace(c.get(skPredikat))), row.hasilKerja, row.perilakuKerja, want),
				fmt.Sprintf("predikat: %s disagrees with the PermenPANRB 6/2022 matrix: hasil kerja %s and perilaku kerja %s give %s",
					quote(strings.TrimSpace(c.get(skPredikat))), row.hasilKerja, row.perilakuKerja, want))
		}
		row.predikat = want
	}
	evaluator, _ := c.nip(skEvaluatorNIP, "evaluator_nip", nipAny, false)
	row.evaluatorNIP = evaluator.nip
}

func (d *skpDataset) anyStored(ctx context.Context, ru *run) (bool, error) {
	return anyStored(ctx, ru.r.db, "skp_evaluations")
}

// stored looks up the chunk's employees in the chunk's years and periods
// (the table's sort key leads with year and period) and keeps the rows by
// key.
func (d *skpDataset) stored(ctx context.Context, ru *run, _ []string, chunk []skpRow) (map[string]skpRow, error) {
	nips, years, periods := distinct(chunk, func(r *skpRow) string { return r.nip }),
		distinct(chunk, func(r *skpRow) int { return int(r.year) }),
		distinct(chunk, func(r *skpRow) string { return r.period })
	out := make(map[string]skpRow, len(chunk))
	err := queryEach(ctx, ru.r.db, skpStoredSQL, warehouse.Params{"nips": nips, "years": years, "periods": periods}, func(rows warehouse.Rows) error {
		var r skpRow
		if err := rows.Scan(&r.nip, &r.unitCode, &r.year, &r.period, &r.hasilKerja, &r.perilakuKerja, &r.predikat, &r.evaluatorNIP); err != nil {
			return err
		}
		out[d.key(&r)] = r
		return nil
	})
	return out, err
}

func (d *skpDataset) same(a, b *skpRow) bool { return *a == *b }

func (d *skpDataset) values(ru *run, r *skpRow, dst []any) []any {
	return append(dst, &r.nip, &r.unitCode, &r.year, &r.period, &r.hasilKerja, &r.perilakuKerja, &r.predikat, &r.evaluatorNIP,
		ru.idV, ru.ingestedV, ru.versionV)
}

// distinct returns the distinct values of f over rows, in order of first
// appearance.
func distinct[R any, V comparable](rows []R, f func(*R) V) []V {
	seen := map[V]bool{}
	var out []V
	for i := range rows {
		v := f(&rows[i])
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
