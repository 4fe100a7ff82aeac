package ingest

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"kinerja/warehouse"
	"kinerja/warehouse/warehousetest"
)

const benchRows = 1_000_000

// writeBenchCSV writes n survey rows, the same for the same n: ids, units,
// times across 2024–2025, answers, profiles and a comment on one row in
// eight (some with commas, quotes and newlines).
func writeBenchCSV(tb testing.TB, path string, n int) {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString(surveyHeader)
	units := []string{"PKM-MAMUJU", "PKM-KALUKKU", "DUKCAPIL", "DPMPTSP"}
	services := []string{"Imunisasi", "Rawat jalan", "KTP-el", "Kartu Keluarga", "Izin usaha"}
	edu := []string{"SD", "SMP", "SMA", "D3", "S1", "S2", ""}
	occ := []string{"PNS", "Wiraswasta", "Petani", "Nelayan", "Pelajar/Mahasiswa", "Ibu rumah tangga", ""}
	comments := []string{"Pelayanan cepat dan ramah", `"Antrian panjang, ruang tunggu panas"`, `"Petugas bilang ""besok saja""
padahal sudah jauh-jauh datang"`, "Terima kasih"}
	start := time.Date(2024, 1, 1, 7, 0, 0, 0, wita).Unix()
	x := uint64(88172645463325252) // xorshift: deterministic answers
	next := func() uint64 { x ^= x << 13; x ^= x >> 7; x ^= x << 17; return x }
	for i := 0; i < n; i++ {
		at := time.Unix(start+int64(i)*40, 0).In(wita) // 1M rows ≈ 463 days, before testNow
		fmt.Fprintf(w, "B%07d,%s,%s,%s", i, units[i%len(units)], services[i%len(services)], at.Format("2006-01-02 15:04:05"))
		for u := 0; u < 9; u++ {
			v := next()%4 + 1
			if v == 1 && next()%2 == 0 { // skew towards good answers
				v = 3
			}
			fmt.Fprintf(w, ",%d", v)
		}
		gender := [...]string{"L", "P", ""}[i%3]
		age := ""
		if i%5 != 0 {
			age = fmt.Sprint(17 + i%50)
		}
		comment := ""
		if i%8 == 0 {
			comment = comments[(i/8)%len(comments)]
		}
		fmt.Fprintf(w, ",%s,%s,%s,%s,%s\n", gender, age, edu[i%len(edu)], occ[i%len(occ)], comment)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
}

// engineFileSQL is the engine's own import of the same file: no checks,
// just parsing and conversion, as a yardstick for ours.
const engineFileSQL = `INSERT INTO survey_responses (source, response_id, unit_code, service, submitted_at,
    u1, u2, u3, u4, u5, u6, u7, u8, u9, gender, age, education, occupation, comment, ingest_run_id, ingested_at, _version)
SELECT {source:String}, response_id, unit_code, service, toDateTime(submitted_at, 'Asia/Makassar'),
    u1, u2, u3, u4, u5, u6, u7, u8, u9, gender, age, education, occupation, comment,
    generateUUIDv7(), now64(3), 1
FROM file({path:String}, 'CSVWithNames',
    'response_id String, unit_code String, service String, submitted_at String,
     u1 UInt8, u2 UInt8, u3 UInt8, u4 UInt8, u5 UInt8, u6 UInt8, u7 UInt8, u8 UInt8, u9 UInt8,
     gender String, age Nullable(UInt8), education String, occupation String, comment String')`

// BenchmarkSurveyImport imports 1 000 000 survey rows from a CSV file with
// the Runner (validation, duplicate check, comparison with what is stored,
// batched insert) and, in the same run, with the engine's own
// INSERT … SELECT FROM file() of the same file. file() takes an absolute
// path: the embedded engine (clickhouse-local underneath) does not confine
// it to user_files_path. Compare the rows/s of the two.
func BenchmarkSurveyImport(b *testing.B) {
	db := warehousetest.Open(b)
	r := NewRunner(db, nil)
	r.now = func() time.Time { return testNow }
	importUnits(b, r)
	path := filepath.Join(b.TempDir(), "survey-1m.csv")
	writeBenchCSV(b, path, benchRows)
	ctx := context.Background()
	stored := func(source string) uint64 {
		return count(b, db, "SELECT count() FROM survey_responses FINAL WHERE source = {s:String}", warehouse.Params{"s": source})
	}

	b.Run("kinerja", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			source := fmt.Sprintf("bench%d", i)
			sum, err := r.Import(ctx, Request{Source: source, Dataset: Survey, Files: []Input{{Path: path}}})
			if err != nil || sum.Accepted != benchRows || sum.Written() != benchRows {
				b.Fatalf("import: %s read %d accepted %d written %d rejected %d: %v", sum.Status, sum.Read, sum.Accepted, sum.Written(), sum.Rejected, err)
			}
		}
		b.ReportMetric(float64(benchRows*b.N)/b.Elapsed().Seconds(), "rows/s")
		b.StopTimer()
		if n := stored("bench0"); n != benchRows {
			b.Fatalf("%d rows stored", n)
		}
	})
	b.Run("kinerja_reimport", func(b *testing.B) {
		// bench0 exists: every row is compared and found unchanged.
		for i := 0; i < b.N; i++ {
			sum, err := r.Import(ctx, Request{Source: "bench0", Dataset: Survey, Files: []Input{{Path: path}}})
			if err != nil || sum.Unchanged != benchRows {
				b.Fatalf("re-import: %s read %d unchanged %d rejected %d: %v", sum.Status, sum.Read, sum.Unchanged, sum.Rejected, err)
			}
		}
		b.ReportMetric(float64(benchRows*b.N)/b.Elapsed().Seconds(), "rows/s")
	})
	b.Run("engine_file", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			source := fmt.Sprintf("engine%d", i)
			if err := db.Exec(ctx, engineFileSQL, warehouse.Params{"source": source, "path": path}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(benchRows*b.N)/b.Elapsed().Seconds(), "rows/s")
		b.StopTimer()
		if n := stored("engine0"); n != benchRows {
			b.Fatalf("%d rows stored by the engine", n)
		}
	})
}
