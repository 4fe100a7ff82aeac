package ingest

import (
	"context"
	"fmt"
	"time"

	"kinerja/warehouse"
)

// activityRow is one reported activity of the web reporting app (laporan
// kegiatan / log harian).
type activityRow struct {
	reportID, nip, unitCode string
	activityDate            time.Time // 00:00 UTC
	submittedAt             time.Time
	activity, output        string
	quantity                float64
	status                  string
	reviewedAt              time.Time // zero: NULL
	reviewerNIP             string
}

// Canonical activity_reports columns, in the order of activityRequired then activityOptional.
const (
	acReportID = iota
	acNIP
	acUnitCode
	acActivityDate
	acSubmittedAt
	acActivity
	acOutput
	acQuantity
	acStatus
	acReviewedAt
	acReviewerNIP
)

var (
	activityRequired = []string{"report_id", "nip", "unit_code", "activity_date", "submitted_at", "activity", "output", "quantity", "status"}
	activityOptional = []string{"reviewed_at", "reviewer_nip"}
	activityInsert   = []string{"source", "report_id", "nip", "unit_code", "activity_date", "submitted_at", "activity", "output",
		"quantity", "status", "reviewed_at", "reviewer_nip", "ingest_run_id", "ingested_at", "_version"}
	activityStoredSQL = mustSQL("activity_stored.sql")
	activityAnySQL    = mustSQL("activity_any.sql")

	activityStatuses = newEnum([]string{"submitted", "approved", "returned"}, map[string]string{
		"diajukan": "submitted", "dikirim": "submitted", "disetujui": "approved", "dikembalikan": "returned"})
)

// Limits of activity values.
const (
	maxActivity = 2000 // characters of the activity's description
	maxQuantity = 1_000_000
)

// earliestDay is the first acceptable date of an activity, 2000-01-01.
var earliestDay = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

type activityDataset struct {
	units map[string]struct{}
}

func (d *activityDataset) table() string                  { return "activity_reports" }
func (d *activityDataset) required() []string             { return activityRequired }
func (d *activityDataset) optional() []string             { return activityOptional }
func (d *activityDataset) keyColumn() string              { return "report_id" }
func (d *activityDataset) insertColumns() []string        { return activityInsert }
func (d *activityDataset) key(row *activityRow) string    { return row.reportID }
func (d *activityDataset) accept(*rowCheck, *activityRow) {}
func (d *activityDataset) finish(context.Context, *run) error {
	return nil
}

func (d *activityDataset) begin(ctx context.Context, ru *run) error {
	var err error
	d.units, err = knownUnits(ctx, ru)
	return err
}

func (d *activityDataset) parse(c *rowCheck, row *activityRow) {
	row.reportID = c.requiredText(acReportID, "report_id", maxCode)
	info, _ := c.nip(acNIP, "nip", nipAny, true)
	row.nip = info.nip
	row.unitCode = c.requiredText(acUnitCode, "unit_code", maxCode)
	c.knownCode("unit_code", row.unitCode, d.units, "unit", "unit", "units")
	row.activityDate, _ = c.date(acActivityDate, "activity_date", true, dateRange{min: earliestDay, max: c.clock.today,
		minWhy: [2]string{"sebelum tahun 2000", "is before the year 2000"}, maxWhy: [2]string{"di masa depan", "is in the future"}})
	row.submittedAt, _ = c.dateTime(acSubmittedAt, "submitted_at", true)
	row.activity = c.requiredText(acActivity, "activity", maxActivity)
	row.output = c.optionalText(acOutput, "output", maxName)
	if q, ok := c.number(acQuantity, "quantity", true); ok {
		if q < 0 || q > maxQuantity {
			c.fail("quantity", c.get(acQuantity),
				fmt.Sprintf("quantity: harus 0–%d, ditemukan %s", maxQuantity, quote(c.get(acQuantity))),
				fmt.Sprintf("quantity: expected 0–%d, got %s", maxQuantity, quote(c.get(acQuantity))))
		}
		row.quantity = q
	}
	row.status = c.oneOf(acStatus, "status", activityStatuses, true)
	reviewed, hasReviewed := c.dateTime(acReviewedAt, "reviewed_at", false)
	switch {
	case hasReviewed && row.status == "submitted":
		c.fail("reviewed_at", c.get(acReviewedAt),
			"reviewed_at: laporan berstatus submitted belum diperiksa; kosongkan reviewed_at atau perbaiki status",
			"reviewed_at: a report with status submitted has not been reviewed; leave reviewed_at empty or correct the status")
	case hasReviewed && !row.submittedAt.IsZero() && reviewed.Before(row.submittedAt):
		c.fail("reviewed_at", c.get(acReviewedAt),
			fmt.Sprintf("reviewed_at: %s sebelum submitted_at %s", reviewed.In(wita).Format("2006-01-02 15:04"), row.submittedAt.In(wita).Format("2006-01-02 15:04")),
			fmt.Sprintf("reviewed_at: %s is before submitted_at %s", reviewed.In(wita).Format("2006-01-02 15:04"), row.submittedAt.In(wita).Format("2006-01-02 15:04")))
	case !hasReviewed && (row.status == "approved" || row.status == "returned") && c.get(acReviewedAt) == "":
		c.fail("reviewed_at", "",
			fmt.Sprintf("reviewed_at: wajib diisi untuk laporan berstatus %s", row.status),
			fmt.Sprintf("reviewed_at: required for a report with status %s, the cell is empty", row.status))
	default:
		row.reviewedAt = reviewed
	}
	reviewer, _ := c.nip(acReviewerNIP, "reviewer_nip", nipAny, false)
	row.reviewerNIP = reviewer.nip
}

func (d *activityDataset) anyStored(ctx context.Context, ru *run) (bool, error) {
	var n uint64
	err := warehouse.QueryRow(ctx, ru.r.db, activityAnySQL, warehouse.Params{"source": ru.source}, &n)
	return n > 0, err
}

func (d *activityDataset) stored(ctx context.Context, ru *run, keys []string, _ []activityRow) (map[string]activityRow, error) {
	out := make(map[string]activityRow, len(keys)/4)
	err := queryEach(ctx, ru.r.db, activityStoredSQL, warehouse.Params{"source": ru.source, "keys": keys}, func(rows warehouse.Rows) error {
		var r activityRow
		var reviewed *time.Time
		if err := rows.Scan(&r.reportID, &r.nip, &r.unitCode, &r.activityDate, &r.submittedAt, &r.activity, &r.output,
			&r.quantity, &r.status, &reviewed, &r.reviewerNIP); err != nil {
			return err
		}
		if reviewed != nil {
			r.reviewedAt = *reviewed
		}
		out[r.reportID] = r
		return nil
	})
	return out, err
}

func (d *activityDataset) same(a, b *activityRow) bool {
	return a.reportID == b.reportID && a.nip == b.nip && a.unitCode == b.unitCode && sameDay(a.activityDate, b.activityDate) &&
		a.submittedAt.Unix() == b.submittedAt.Unix() && a.activity == b.activity && a.output == b.output &&
		a.quantity == b.quantity && a.status == b.status && a.reviewedAt.IsZero() == b.reviewedAt.IsZero() &&
		a.reviewedAt.Unix() == b.reviewedAt.Unix() && a.reviewerNIP == b.reviewerNIP
}

func (d *activityDataset) values(ru *run, r *activityRow, dst []any) []any {
	var reviewed any
	if !r.reviewedAt.IsZero() {
		reviewed = &r.reviewedAt
	}
	return append(dst, ru.sourceV, &r.reportID, &r.nip, &r.unitCode, &r.activityDate, &r.submittedAt, &r.activity, &r.output,
		&r.quantity, &r.status, reviewed, &r.reviewerNIP, ru.idV, ru.ingestedV, ru.versionV)
}

// sameDay compares two calendar days however their zones were read back.
func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}
