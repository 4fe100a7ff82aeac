package ingest

import (
	"context"
	"testing"

	"kinerja/warehouse"
	"kinerja/warehouse/warehousetest"
)

// Hooks see every run after it is recorded, in order, and a panicking hook
// changes nothing about the run.
func TestOnRunHooks(t *testing.T) {
	db := warehousetest.Open(t)
	r := newTestRunner(t, db)
	var seen []RunSummary
	r.OnRun(func(ctx context.Context, sum RunSummary) {
		var status string
		err := warehouse.QueryRow(ctx, db, "SELECT status FROM ingest_runs FINAL WHERE id = {id:UUID}", warehouse.Params{"id": sum.ID}, &status)
		if err != nil || status != sum.Status {
			t.Errorf("hook ran before the run's end was recorded: stored %q (%v), summary %q", status, err, sum.Status)
		}
		seen = append(seen, sum)
	})
	r.OnRun(func(context.Context, RunSummary) { panic("a broken hook") })
	dir := t.TempDir()
	units := writeFile(t, dir, "units.csv", unitsCSV)
	ctx := context.Background()
	sum, err := r.Import(ctx, Request{Dataset: Units, Files: []Input{{Path: units}}})
	if err != nil || sum.Status != StatusOK {
		t.Fatalf("import: %+v %v", sum, err)
	}
	if _, err := r.Import(ctx, Request{Dataset: Survey, Files: []Input{{Path: writeFile(t, dir, "none.csv", "nope\n")}}}); err == nil {
		t.Fatal("a file without the survey columns imported")
	}
	if len(seen) != 2 || seen[0].ID != sum.ID || seen[0].Dataset != Units || seen[0].Written() == 0 || seen[1].Status != StatusFailed {
		t.Errorf("hooks saw %+v", seen)
	}
}
