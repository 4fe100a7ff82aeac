package ingest

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"kinerja/warehouse"
	"kinerja/warehouse/warehousetest"
)

// Import speed per dataset: rows/s from CSV and from XLSX with the Runner
// (validation, duplicate check, batched insert), next to the engine's own
// INSERT … SELECT FROM file() of the same CSV file in the same run (parsing
// and conversion only, no checks), and the re-import of the same file
// (every row compared with what is stored and found unchanged). Every
// import goes into a fresh database, so it is a first one.
//
//	go test ./ingest -run '^$' -bench BenchmarkDatasetImport -benchtime 1x
//
// Each <dataset>/csv iteration imports the file twice with the Runner and
// twice with file(), alternately, and reports the better of each pair
// (rows/s and engine_rows/s) and their ratio (%engine): on a machine
// shared with other work the faster run is the less disturbed one, and
// alternating spreads the disturbance over both sides.
//
// KINERJA_BENCH_ROWS sets the CSV rows per dataset (default 1 000 000),
// KINERJA_BENCH_XLSX_ROWS the XLSX rows (default 100 000: the XML is slow
// to write and to read); KINERJA_BENCH_DIR keeps the generated files
// between runs (they are deterministic and named by their row count).

// benchDataset is one dataset's generated rows and the engine's import.
type benchDataset struct {
	ds     Dataset
	header string
	row    func(i int) string // CSV line i, without the line end
	// engine is the INSERT … SELECT FROM file() of the same file.
	engine string
}

func benchNIP(i int) string {
	birth := time.Date(1965, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%11000)
	appointed := birth.AddDate(22+i%7, 0, 0)
	return fmt.Sprintf("%s%s%d%03d", birth.Format("20060102"), appointed.Format("200601"), 1+i%2, 1+(i/11000)%999)
}

var benchUnits = []string{"PKM-MAMUJU", "PKM-KALUKKU", "DUKCAPIL", "DPMPTSP"}

// benchDatasets are the datasets that come in volume. units and
// organisation_ratings are a few hundred rows by nature (at most one
// rating per agency and year) and are left out.
var benchDatasets = []benchDataset{
	{ds: Survey, header: surveyHeader,
		row: func(i int) string {
			at := time.Date(2024, 1, 1, 7, 0, 0, 0, time.UTC).Add(time.Duration(i*40) * time.Second)
			return fmt.Sprintf("S%08d,%s,Imunisasi,%s,%d,%d,3,4,%d,2,3,4,%d,P,%d,SMA,Petani,%s", i, benchUnits[i%4], at.Format("2006-01-02 15:04:05"),
				1+i%4, 1+(i/4)%4, 1+(i/16)%4, 1+(i/64)%4, 17+i%50, [...]string{"", "", "", "\"Antrian panjang, ruang tunggu panas\""}[i%4])
		},
		engine: `INSERT INTO survey_responses (source, response_id, unit_code, service, submitted_at,
    u1, u2, u3, u4, u5, u6, u7, u8, u9, gender, age, education, occupation, comment, ingest_run_id, ingested_at, _version)
SELECT 'engine', response_id, unit_code, service, toDateTime(submitted_at, 'Asia/Makassar'),
    u1, u2, u3, u4, u5, u6, u7, u8, u9, gender, age, education, occupation, comment, generateUUIDv7(), now64(3), 1
FROM file({path:String}, 'CSVWithNames',
    'response_id String, unit_code String, service String, submitted_at String,
     u1 UInt8, u2 UInt8, u3 UInt8, u4 UInt8, u5 UInt8, u6 UInt8, u7 UInt8, u8 UInt8, u9 UInt8,
     gender String, age Nullable(UInt8), education String, occupation String, comment String')`},
	{ds: Employees, header: employeesHeader,
		row: func(i int) string {
			nip := benchNIP(i)
			gender := "L"
			if nip[14] == '2' {
				gender = "P"
			}
			return fmt.Sprintf("%s,\"Pegawai %d, S.E.\",PNS,pelaksana,Penata Layanan Operasional,III/%c,S1,%s,%s,%s-%s-%s,%s-%s-01,",
				nip, i, 'a'+byte(i%4), benchUnits[i%4], gender, nip[0:4], nip[4:6], nip[6:8], nip[8:12], nip[12:14])
		},
		engine: `INSERT INTO employees (nip, name, employee_type, position_class, position_name, golongan, education, unit_code, gender,
    birth_date, active_from, active_to, ingest_run_id, ingested_at, _version)
SELECT nip, name, employee_type, position_class, position_name, golongan, education, unit_code, gender,
    toDate32OrNull(birth_date), toDate32OrNull(active_from), toDate32OrNull(active_to), generateUUIDv7(), now64(3), 1
FROM file({path:String}, 'CSVWithNames', 'nip String, name String, employee_type String, position_class String, position_name String,
    golongan String, education String, unit_code String, gender String, birth_date String, active_from String, active_to String')`},
	{ds: ActivityReports, header: activityHeader,
		row: func(i int) string {
			day := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%500)
			sub := day.Add(time.Duration(8*3600+i%30000) * time.Second)
			return fmt.Sprintf("LH-%08d,%s,%s,%s,%s,\"Menyusun laporan, kegiatan %d\",Dokumen,%d,approved,%s,%s",
				i, benchNIP(i%5000), benchUnits[i%4], day.Format("2006-01-02"), sub.Format("2006-01-02 15:04:05"), i%97, 1+i%9,
				sub.Add(20*time.Hour).Format("2006-01-02 15:04:05"), nipDaniel)
		},
		engine: `INSERT INTO activity_reports (source, report_id, nip, unit_code, activity_date, submitted_at, activity, output, quantity, status,
    reviewed_at, reviewer_nip, ingest_run_id, ingested_at, _version)
SELECT 'engine', report_id, nip, unit_code, toDate32(activity_date), toDateTime(submitted_at, 'Asia/Makassar'), activity, output, quantity, status,
    toDateTime(reviewed_at, 'Asia/Makassar'), reviewer_nip, generateUUIDv7(), now64(3), 1
FROM file({path:String}, 'CSVWithNames', 'report_id String, nip String, unit_code String, activity_date String, submitted_at String,
    activity String, output String, quantity Float64, status String, reviewed_at String, reviewer_nip String')`},
	{ds: SKPEvaluations, header: skpHeader,
		row: func(i int) string {
			r := []string{"diatas", "sesuai", "dibawah"}
			return fmt.Sprintf("%s,%s,%d,Q%d,%s,%s,,%s", benchNIP(i/20), benchUnits[i%4], 2005+(i/4)%20, 1+i%4, r[i%3], r[(i/3)%3], nipDaniel)
		},
		engine: `INSERT INTO skp_evaluations (nip, unit_code, year, period, hasil_kerja, perilaku_kerja, predikat, evaluator_nip, ingest_run_id, ingested_at, _version)
SELECT nip, unit_code, year, period, hasil_kerja, perilaku_kerja,
    multiIf(hasil_kerja = 'dibawah' AND perilaku_kerja = 'dibawah', 'sangat_kurang', hasil_kerja = 'dibawah', 'butuh_perbaikan',
            perilaku_kerja = 'dibawah', 'kurang', hasil_kerja = 'diatas' AND perilaku_kerja = 'diatas', 'sangat_baik', 'baik'),
    evaluator_nip, generateUUIDv7(), now64(3), 1
FROM file({path:String}, 'CSVWithNames', 'nip String, unit_code String, year UInt16, period String, hasil_kerja String, perilaku_kerja String,
    predikat String, evaluator_nip String')`},
	{ds: CompetencyAssessments, header: competencyHeader,
		row: func(i int) string {
			codes := []string{"integritas", "kerja_sama", "komunikasi", "orientasi_hasil", "pelayanan_publik", "pengembangan_diri", "mengelola_perubahan", "pengambilan_keputusan"}
			day := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, (i/8)%1500)
			return fmt.Sprintf("%s,%s,Kompetensi %d,manajerial,%d,%d,%s,cat", benchNIP(i/8), codes[i%8], i%8, 1+i%5, 1+(i/5)%5, day.Format("2006-01-02"))
		},
		engine: `INSERT INTO competency_assessments (nip, competency_code, competency_name, competency_type, required_level, assessed_level, assessed_at, method,
    ingest_run_id, ingested_at, _version)
SELECT nip, competency_code, competency_name, competency_type, required_level, assessed_level, toDate32(assessed_at), method, generateUUIDv7(), now64(3), 1
FROM file({path:String}, 'CSVWithNames', 'nip String, competency_code String, competency_name String, competency_type String,
    required_level UInt8, assessed_level UInt8, assessed_at String, method String')`},
	{ds: Trainings, header: trainingsHeader,
		row: func(i int) string {
			start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, (i/30)%1800)
			return fmt.Sprintf("PLT-%06d,%s,Pelatihan %d,teknis,%d.5,%s,%s,BPSDM Provinsi Sulawesi Barat",
				i/30, benchNIP(i), i/30, 2+i%40, start.Format("2006-01-02"), start.AddDate(0, 0, 2).Format("2006-01-02"))
		},
		engine: `INSERT INTO trainings (training_id, nip, title, kind, jp, start_date, end_date, provider, ingest_run_id, ingested_at, _version)
SELECT training_id, nip, title, kind, jp, toDate32(start_date), toDate32(end_date), provider, generateUUIDv7(), now64(3), 1
FROM file({path:String}, 'CSVWithNames', 'training_id String, nip String, title String, kind String, jp Decimal(9, 2),
    start_date String, end_date String, provider String')`},
}

func benchEnvInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// benchDir is where generated benchmark files live: KINERJA_BENCH_DIR, or
// a temporary directory.
func benchDir(b *testing.B) string {
	if d := os.Getenv("KINERJA_BENCH_DIR"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			b.Fatal(err)
		}
		return d
	}
	return b.TempDir()
}

// benchFile returns path, writing it with write unless it exists.
func benchFile(b *testing.B, path string, write func(path string)) string {
	if _, err := os.Stat(path); err == nil {
		return path
	}
	ext := filepath.Ext(path) // kept: excelize saves by extension
	tmp := strings.TrimSuffix(path, ext) + ".tmp" + ext
	write(tmp)
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	return path
}

func writeBenchDataset(tb testing.TB, path string, d benchDataset, n int) {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString(d.header)
	for i := 0; i < n; i++ {
		w.WriteString(d.row(i))
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
}

// writeBenchXLSX writes the CSV's rows as a workbook with typed cells:
// numbers as numbers, ISO dates and times as date cells, the rest as text.
func writeBenchXLSX(tb testing.TB, csvPath, path string, n int) {
	tb.Helper()
	in, err := os.Open(csvPath)
	if err != nil {
		tb.Fatal(err)
	}
	defer in.Close()
	r := csv.NewReader(bufio.NewReader(in))
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		tb.Fatal(err)
	}
	dateFmt, timeFmt := "yyyy-mm-dd", "yyyy-mm-dd hh:mm:ss"
	dateStyle, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	timeStyle, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &timeFmt})
	for row := 1; row <= n+1; row++ {
		rec, err := r.Read()
		if err != nil {
			break
		}
		cells := make([]any, len(rec))
		for i, v := range rec {
			cells[i] = v
			if row == 1 || len(v) >= 15 {
				continue // header, NIPs and ids stay text
			}
			if t, err := time.Parse("2006-01-02 15:04:05", v); err == nil {
				cells[i] = excelize.Cell{StyleID: timeStyle, Value: t}
			} else if t, err := time.Parse("2006-01-02", v); err == nil {
				cells[i] = excelize.Cell{StyleID: dateStyle, Value: t}
			} else if x, err := strconv.ParseFloat(v, 64); err == nil {
				cells[i] = x
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, row)
		if err := sw.SetRow(cell, cells); err != nil {
			tb.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		tb.Fatal(err)
	}
}

// benchDB returns a fresh database with the test units, outside the timer.
func benchDB(b *testing.B) (warehouse.DB, *Runner) {
	b.StopTimer()
	defer b.StartTimer()
	db := warehousetest.Open(b)
	r := NewRunner(db, nil)
	r.now = func() time.Time { return testNow }
	importUnits(b, r)
	return db, r
}

func BenchmarkDatasetImport(b *testing.B) {
	n := benchEnvInt("KINERJA_BENCH_ROWS", 1_000_000)
	nx := benchEnvInt("KINERJA_BENCH_XLSX_ROWS", 100_000)
	dir := benchDir(b)
	ctx := context.Background()
	for _, d := range benchDatasets {
		csvPath := filepath.Join(dir, fmt.Sprintf("%s-%d.csv", d.ds, n))
		importFile := func(b *testing.B, r *Runner, path string, want int) RunSummary {
			sum, err := r.Import(ctx, Request{Source: "bench", Dataset: d.ds, Files: []Input{{Path: path}}})
			if err != nil || sum.Accepted+sum.Rejected != want || sum.Rejected != 0 {
				rj, _ := ListRejects(ctx, r.db, sum.ID, 3, 0)
				b.Fatalf("%s: %s read %d accepted %d rejected %d: %v %+v", d.ds, sum.Status, sum.Read, sum.Accepted, sum.Rejected, err, rj)
			}
			return sum
		}
		b.Run(string(d.ds)+"/csv", func(b *testing.B) {
			benchFile(b, csvPath, func(p string) { writeBenchDataset(b, p, d, n) })
			var best, bestEngine time.Duration
			for i := 0; i < b.N; i++ {
				for round := 0; round < 2; round++ {
					_, r := benchDB(b)
					start := time.Now()
					importFile(b, r, csvPath, n)
					best = shortest(best, time.Since(start))

					db, _ := benchDB(b)
					start = time.Now()
					if err := db.Exec(ctx, d.engine, warehouse.Params{"path": csvPath}); err != nil {
						b.Fatal(err)
					}
					bestEngine = shortest(bestEngine, time.Since(start))
					b.StopTimer()
					if got := count(b, db, "SELECT count() FROM "+benchTable(d.ds), nil); got != uint64(n) {
						b.Fatalf("the engine stored %d rows of %d", got, n)
					}
					b.StartTimer()
				}
			}
			b.ReportMetric(float64(n)/best.Seconds(), "rows/s")
			b.ReportMetric(float64(n)/bestEngine.Seconds(), "engine_rows/s")
			b.ReportMetric(100*bestEngine.Seconds()/best.Seconds(), "%engine")
		})
		b.Run(string(d.ds)+"/reimport", func(b *testing.B) {
			benchFile(b, csvPath, func(p string) { writeBenchDataset(b, p, d, n) })
			_, r := benchDB(b)
			b.StopTimer()
			importFile(b, r, csvPath, n)
			b.StartTimer()
			for i := 0; i < b.N; i++ {
				if sum := importFile(b, r, csvPath, n); sum.Written() != 0 {
					b.Fatalf("re-import wrote %d rows", sum.Written())
				}
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
		})
		b.Run(string(d.ds)+"/xlsx", func(b *testing.B) {
			b.StopTimer()
			xcsv := benchFile(b, filepath.Join(dir, fmt.Sprintf("%s-%d.csv", d.ds, nx)), func(p string) { writeBenchDataset(b, p, d, nx) })
			xlsxPath := benchFile(b, filepath.Join(dir, fmt.Sprintf("%s-%d.xlsx", d.ds, nx)), func(p string) { writeBenchXLSX(b, xcsv, p, nx) })
			b.StartTimer()
			var best time.Duration
			for i := 0; i < b.N; i++ {
				for round := 0; round < 2; round++ {
					_, r := benchDB(b)
					start := time.Now()
					importFile(b, r, xlsxPath, nx)
					best = shortest(best, time.Since(start))
				}
			}
			b.ReportMetric(float64(nx)/best.Seconds(), "rows/s")
		})
	}
}

// benchTable is the table a dataset is written to.
func benchTable(ds Dataset) string {
	if ds == Survey {
		return "survey_responses"
	}
	return string(ds)
}

// shortest returns the shorter of best (0: none yet) and d.
func shortest(best, d time.Duration) time.Duration {
	if best == 0 || d < best {
		return d
	}
	return best
}
