package ingest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"kinerja/warehouse/warehousetest"
)

// An inbox takes XLSX workbooks as well as CSV files, in one run, and
// leaves other files and Office lock files alone.
func TestInboxTakesWorkbooks(t *testing.T) {
	db := warehousetest.Open(t)
	r := newTestRunner(t, db)
	importUnits(t, r)
	dir := t.TempDir()
	f := excelize.NewFile()
	sheetRows(t, f, f.GetSheetName(0), 1, [][]any{{"agency_code", "year", "predikat"}, {"DINKES", 2024, "baik"}})
	past(t, saveWorkbook(t, f, filepath.Join(dir, "nilai-2024.XLSX")))
	past(t, writeFile(t, dir, "nilai-2025.csv", orgRatingsHeader+"DINKES,2025,istimewa\n"))
	past(t, writeFile(t, dir, "~$nilai-2024.xlsx", "lock"))
	past(t, writeFile(t, dir, "catatan.txt", "bukan data"))
	in := NewInbox("nilai", OrganisationRatings, dir)
	sum, err := in.Run(context.Background(), r)
	if err != nil || len(sum.Files) != 2 || sum.Accepted != 2 || sum.Rejected != 0 {
		t.Fatalf("inbox run %+v, %v", sum, err)
	}
	if n := count(t, db, "SELECT count() FROM organisation_ratings FINAL", nil); n != 2 {
		t.Errorf("%d ratings stored, want 2", n)
	}
}
