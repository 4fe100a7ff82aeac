package ingest

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kinerja/warehouse"
	"kinerja/warehouse/warehousetest"
)

func TestMain(m *testing.M) { warehousetest.Main(m) }

// testNow is "now" for every test import: 2025-06-30 12:00 WITA.
var testNow = time.Date(2025, 6, 30, 12, 0, 0, 0, wita)

func testLogger(t testing.TB) *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

func newTestRunner(t testing.TB, db warehouse.DB) *Runner {
	r := NewRunner(db, testLogger(t))
	r.now = func() time.Time { return testNow }
	return r
}

func writeFile(t testing.TB, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const unitsCSV = `unit_code,unit_name,agency_code,agency_name,kind,kecamatan
PKM-MAMUJU,Puskesmas Mamuju,DINKES,Dinas Kesehatan,puskesmas,Mamuju
PKM-KALUKKU,Puskesmas Kalukku,DINKES,Dinas Kesehatan,puskesmas,Kalukku
DUKCAPIL,Dinas Kependudukan dan Pencatatan Sipil,DUKCAPIL,Dinas Kependudukan dan Pencatatan Sipil,dinas,
DPMPTSP,Pelayanan Perizinan Terpadu,DPMPTSP,Dinas Penanaman Modal dan PTSP,dinas,
`

// importUnits loads the units every survey test needs.
func importUnits(t testing.TB, r *Runner) {
	t.Helper()
	p := writeFile(t, t.TempDir(), "units.csv", unitsCSV)
	sum, err := r.Import(context.Background(), Request{Source: "file", Dataset: Units, Files: []Input{{Path: p, Name: "units.csv"}}})
	if err != nil || sum.Status != StatusOK || sum.Accepted != 4 {
		t.Fatalf("import units: %+v %v", sum, err)
	}
}

const surveyHeader = "response_id,unit_code,service,submitted_at,u1,u2,u3,u4,u5,u6,u7,u8,u9,gender,age,education,occupation,comment\n"

func count(t testing.TB, db warehouse.DB, q string, p warehouse.Params) uint64 {
	t.Helper()
	var n uint64
	if err := warehouse.QueryRow(context.Background(), db, q, p, &n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func importOne(t testing.TB, r *Runner, ds Dataset, source, path string) RunSummary {
	t.Helper()
	sum, err := r.Import(context.Background(), Request{Source: source, Dataset: ds, Files: []Input{{Path: path, Name: filepath.Base(path)}}})
	if err != nil {
		t.Fatalf("import %s: %v (%+v)", path, err, sum)
	}
	return sum
}

func TestSurveyHappyPath(t *testing.T) {
	db := warehousetest.Open(t)
	r := newTestRunner(t, db)
	importUnits(t, r)
	ctx := context.Background()

	p := writeFile(t, t.TempDir(), "skm.csv", surveyHeader+
		"R1,PKM-MAMUJU,Imunisasi,2025-03-31 23:30,4,3,3,4,3,2,2,3,4,P,41,SMA,Ibu rumah tangga,Pelayanan cepat\n"+
		"R2,PKM-MAMUJU,Rawat jalan,2025-04-01T00:30:00+08:00,1,1,1,1,1,1,1,1,1,L,,,,\n"+
		"R3,DUKCAPIL,KTP-el,2025-04-02 09:15:30,4,4,4,4,4,4,4,4,4,,,S1,PNS,\n")
	sum := importOne(t, r, Survey, "file", p)
	if sum.Status != StatusOK || sum.Read != 3 || sum.Accepted != 3 || sum.Rejected != 0 || sum.Unchanged != 0 {
		t.Fatalf("summary %+v", sum)
	}

	// The run is recorded, with its counts.
	run, err := GetRun(ctx, db, sum.ID)
	if err != nil {
		t.Fatal(err)
	}
	if run.Status != StatusOK || run.RowsRead != 3 || run.RowsAccepted != 3 || run.Source != "file" ||
		run.Dataset != "survey" || run.Kind != KindFile || run.Finished == nil || !strings.HasSuffix(run.Location, "skm.csv") {
		t.Errorf("recorded run %+v", run)
	}

	rows, err := db.Query(ctx, `SELECT response_id, unit_code, service, submitted_at, toStartOfMonth(submitted_at), u1, u9,
gender, age, education, occupation, comment, toString(ingest_run_id), _version
FROM survey_responses FINAL WHERE source = 'file' ORDER BY response_id`, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	type got struct {
		id, unit, service string
		at, month         time.Time
		u1, u9            uint8
		gender            string
		age               *uint8
		edu, occ, comment string
		runID             string
		version           uint64
	}
	var all []got
	for rows.Next() {
		var g got
		if err := rows.Scan(&g.id, &g.unit, &g.service, &g.at, &g.month, &g.u1, &g.u9, &g.gender, &g.age, &g.edu, &g.occ, &g.comment, &g.runID, &g.version); err != nil {
			t.Fatal(err)
		}
		all = append(all, g)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(all) != 3 {
		t.Fatalf("%d rows stored, want 3", len(all))
	}
	if want := time.Date(2025, 3, 31, 23, 30, 0, 0, wita); !all[0].at.Equal(want) || all[0].month.Format("2006-01") != "2025-03" {
		t.Errorf("R1 submitted_at %v (month %v), want %v in March WITA", all[0].at, all[0].month, want)
	}
	if all[1].month.Format("2006-01") != "2025-04" {
		t.Errorf("R2 month %v, want April (00:30 WITA on 1 April)", all[1].month)
	}
	if all[0].age == nil || *all[0].age != 41 || all[1].age != nil {
		t.Errorf("ages %v %v, want 41 and NULL", all[0].age, all[1].age)
	}
	if all[0].u1 != 4 || all[1].u9 != 1 || all[0].gender != "P" || all[2].edu != "S1" || all[0].comment != "Pelayanan cepat" {
		t.Errorf("values %+v", all[0])
	}
	for _, g := range all {
		if g.runID != sum.ID || g.version != uint64(testNow.UnixNano()) {
			t.Errorf("%s: run id %s version %d, want %s %d", g.id, g.runID, g.version, sum.ID, testNow.UnixNano())
		}
	}
}

func TestUnitsAndAgencies(t *testing.T) {
	db := warehousetest.Open(t)
	r := newTestRunner(t, db)
	importUnits(t, r)
	if n := count(t, db, "SELECT count() FROM units FINAL", nil); n != 4 {
		t.Errorf("%d units, want 4", n)
	}
	var name string
	if err := warehouse.QueryRow(context.Background(), db, "SELECT agency_name FROM agencies FINAL WHERE agency_code = 'DINKES'", nil, &name); err != nil || name != "Dinas Kesehatan" {
		t.Errorf("agency DINKES = %q, %v", name, err)
	}
	if n := count(t, db, "SELECT count() FROM agencies FINAL", nil); n != 3 {
		t.Errorf("%d agencies, want 3", n)
	}
	var kec string
	if err := warehouse.QueryRow(context.Background(), db, "SELECT kecamatan FROM units FINAL WHERE unit_code = 'PKM-KALUKKU'", nil, &kec); err != nil || kec != "Kalukku" {
		t.Errorf("kecamatan = %q, %v", kec, err)
	}
}
