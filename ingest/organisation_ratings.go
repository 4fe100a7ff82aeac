package ingest

import (
	"context"
	"strconv"

	"kinerja/warehouse"
)

// orgRatingRow is an organisation's (OPD's) own predikat for a year
// (PermenPANRB 6/2022), which fixes the distribution of its employees'.
type orgRatingRow struct {
	agencyCode string
	year       uint16
	predikat   string
}

// Canonical organisation_ratings columns.
const (
	orAgencyCode = iota
	orYear
	orPredikat
)

var (
	orgRatingsRequired  = []string{"agency_code", "year", "predikat"}
	orgRatingsInsert    = []string{"agency_code", "year", "predikat", "ingest_run_id", "ingested_at", "_version"}
	orgRatingsStoredSQL = mustSQL("organisation_ratings_stored.sql")

	orgPredikat = newEnum([]string{"istimewa", "baik", "butuh_perbaikan", "kurang", "sangat_kurang"}, nil)
)

type orgRatingsDataset struct {
	agencies map[string]struct{}
}

func (d *orgRatingsDataset) table() string           { return "organisation_ratings" }
func (d *orgRatingsDataset) required() []string      { return orgRatingsRequired }
func (d *orgRatingsDataset) optional() []string      { return nil }
func (d *orgRatingsDataset) keyColumn() string       { return "agency_code, year" }
func (d *orgRatingsDataset) insertColumns() []string { return orgRatingsInsert }
func (d *orgRatingsDataset) key(row *orgRatingRow) string {
	return row.agencyCode + " / " + strconv.Itoa(int(row.year))
}
func (d *orgRatingsDataset) accept(*rowCheck, *orgRatingRow)    {}
func (d *orgRatingsDataset) finish(context.Context, *run) error { return nil }

func (d *orgRatingsDataset) begin(ctx context.Context, ru *run) error {
	var err error
	d.agencies, err = knownAgencies(ctx, ru)
	return err
}

func (d *orgRatingsDataset) parse(c *rowCheck, row *orgRatingRow) {
	row.agencyCode = c.requiredText(orAgencyCode, "agency_code", maxCode)
	c.knownCode("agency_code", row.agencyCode, d.agencies, "OPD", "agency", "units (OPD ikut di dalamnya)")
	if y, ok := c.integer(orYear, "year", earliestYear, c.clock.year); ok {
		row.year = uint16(y)
	}
	row.predikat = c.oneOf(orPredikat, "predikat", orgPredikat, true)
}

func (d *orgRatingsDataset) anyStored(ctx context.Context, ru *run) (bool, error) {
	return anyStored(ctx, ru.r.db, "organisation_ratings")
}

func (d *orgRatingsDataset) stored(ctx context.Context, ru *run, _ []string, chunk []orgRatingRow) (map[string]orgRatingRow, error) {
	codes := distinct(chunk, func(r *orgRatingRow) string { return r.agencyCode })
	out := map[string]orgRatingRow{}
	err := queryEach(ctx, ru.r.db, orgRatingsStoredSQL, warehouse.Params{"codes": codes}, func(rows warehouse.Rows) error {
		var r orgRatingRow
		if err := rows.Scan(&r.agencyCode, &r.year, &r.predikat); err != nil {
			return err
		}
		out[d.key(&r)] = r
		return nil
	})
	return out, err
}

func (d *orgRatingsDataset) same(a, b *orgRatingRow) bool { return *a == *b }

func (d *orgRatingsDataset) values(ru *run, r *orgRatingRow, dst []any) []any {
	return append(dst, &r.agencyCode, &r.year, &r.predikat, ru.idV, ru.ingestedV, ru.versionV)
}
