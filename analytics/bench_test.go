package analytics

import (
	"context"
	"os"
	"strconv"
	"testing"

	"kinerja/warehouse"
	"kinerja/warehouse/warehousetest"
)

// benchRows is how many survey responses the benchmarks query
// (KINERJA_BENCH_SURVEY_ROWS, default 10 000 000 as in the issue).
func benchRows(b *testing.B) int {
	n := 10_000_000
	if v := os.Getenv("KINERJA_BENCH_SURVEY_ROWS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			b.Fatal(err)
		}
	}
	return n
}

// fillSurvey generates n responses inside the engine over 120 units of 24
// OPD across 2024–2025 (the distribution does not matter for speed).
func fillSurvey(b *testing.B, db warehouse.DB, n int) {
	ctx := context.Background()
	if err := db.Exec(ctx, `INSERT INTO units (unit_code, unit_name, agency_code, kind, kecamatan, _version)
SELECT concat('U', toString(number)), concat('Unit ', toString(number)), concat('A', toString(number % 24)), 'upt', '', 1
FROM numbers(120)`, nil); err != nil {
		b.Fatal(err)
	}
	if err := db.Exec(ctx, `INSERT INTO survey_responses (source, response_id, unit_code, service, submitted_at,
    u1, u2, u3, u4, u5, u6, u7, u8, u9, _version)
SELECT 'bench', toString(number), concat('U', toString(number % 120)), 'layanan',
    toDateTime('2024-01-01 08:00:00', 'Asia/Makassar') + toIntervalSecond(intHash32(number) % (730 * 86400)),
    1 + cityHash64(number, 1) % 4, 1 + cityHash64(number, 2) % 4, 1 + cityHash64(number, 3) % 4,
    1 + cityHash64(number, 4) % 4, 1 + cityHash64(number, 5) % 4, 1 + cityHash64(number, 6) % 4,
    1 + cityHash64(number, 7) % 4, 1 + cityHash64(number, 8) % 4, 1 + cityHash64(number, 9) % 4, 1
FROM numbers({n:UInt64})`, warehouse.Params{"n": n}); err != nil {
		b.Fatal(err)
	}
	if err := db.Exec(ctx, "OPTIMIZE TABLE survey_responses FINAL", nil); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkIKMByUnitByMonth: the trend of every unit per month over two
// years of responses, the heaviest IKM query of the dashboards.
func BenchmarkIKMByUnitByMonth(b *testing.B) {
	db := warehousetest.Open(b)
	n := benchRows(b)
	fillSurvey(b, db, n)
	svc := New(db, "")
	p, _ := ParsePeriod("2024-01-01", "2025-12-31")
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tr, err := svc.IKMTrend(ctx, IKMQuery{By: ByUnit, Period: p}, Month)
		if err != nil {
			b.Fatal(err)
		}
		if len(tr.Series) != 120 {
			b.Fatalf("%d series", len(tr.Series))
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds()*float64(b.N), "responses/s")
}

// BenchmarkIKMByAgency: one year, per OPD (the first chart of the page).
func BenchmarkIKMByAgency(b *testing.B) {
	db := warehousetest.Open(b)
	fillSurvey(b, db, benchRows(b))
	svc := New(db, "")
	p, _ := ParsePeriod("2025-01-01", "2025-12-31")
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := svc.IKM(ctx, IKMQuery{By: ByAgency, Period: p}); err != nil {
			b.Fatal(err)
		}
	}
}
