package dashboards

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"kinerja/analytics"
	"kinerja/warehouse"
)

// appendRows sends rows to table in one batch.
func appendRows(t *testing.T, db warehouse.DB, table string, columns []string, rows ...[]any) {
	t.Helper()
	b, err := db.PrepareBatch(context.Background(), table, columns)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if err := b.Append(r...); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Send(); err != nil {
		t.Fatal(err)
	}
}

// The fixture's DINKES (Puskesmas Binanga) is rated Baik for 2025 and its
// ten ASN are 8 baik, 2 sangat baik: Baik 80 % > 70 % and no Butuh
// Perbaikan or Kurang, two violations.
func TestAPISKP(t *testing.T) {
	ts := newTestServer(t, true)
	var rows [][]any
	for i, p := range []string{"baik", "baik", "baik", "baik", "baik", "baik", "baik", "baik", "sangat_baik", "sangat_baik"} {
		rows = append(rows, []any{"SKP-" + string(rune('A'+i)), "PKM-BINANGA", uint16(2025), "ANNUAL", p, uint64(1)})
	}
	appendRows(t, ts.db, "skp_evaluations", []string{"nip", "unit_code", "year", "period", "predikat", "_version"}, rows...)
	appendRows(t, ts.db, "organisation_ratings", []string{"agency_code", "year", "predikat", "_version"}, []any{"DINKES", uint16(2025), "baik", uint64(1)})

	var res analytics.SKPResult
	body := ts.getJSON(t, "/api/v1/skp?by=unit&year=2025&agency=DINKES", http.StatusOK, &res)
	if res.By != analytics.ByUnit || res.Year != 2025 || res.Period != "ANNUAL" || len(res.Groups) != 1 {
		t.Fatalf("body %s", body)
	}
	g := res.Groups[0]
	if g.Code != "PKM-BINANGA" || g.Agency != "DINKES" || g.Evaluated != 10 || g.PatternOK == nil || *g.PatternOK || len(g.Violations) != 2 {
		t.Errorf("group %s", body)
	}
	for _, want := range []string{`"counts":{"sangat_baik":2,"baik":8,`, `"shares":{"sangat_baik":0.2000,"baik":0.8000,`,
		`"organisation_predikat":"baik"`, `"pattern_ok":false`,
		`"Baik 80 % (8 dari 10 ASN) melebihi batas 70 % untuk organisasi berpredikat Baik"`} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %s: %s", want, body)
		}
	}

	// Defaults: by agency, the last year that has ended (fixedNow's year − 1).
	body = ts.getJSON(t, "/api/v1/skp", http.StatusOK, &res)
	if res.By != analytics.ByAgency || res.Year != fixedNow.In(analytics.WITA).Year()-1 || res.Groups == nil {
		t.Errorf("defaults: %s", body)
	}

	for _, tc := range []struct{ query, param string }{
		{"year=25", "year"}, {"year=dua", "year"}, {"period=Q5", "period"}, {"by=desa", "by"}, {"yaer=2025", "yaer"},
	} {
		var e apiError
		ts.getJSON(t, "/api/v1/skp?"+tc.query, http.StatusBadRequest, &e)
		if e.Param != tc.param {
			t.Errorf("%s: param %q, want %q", tc.query, e.Param, tc.param)
		}
	}
}

// One ASN of Puskesmas Kalukku, active all along, reports on two of the
// five working days of 5–9 May 2025, the second a day late and returned.
func TestAPICompliance(t *testing.T) {
	ts := newTestServer(t, true)
	wita := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, analytics.WITA)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	appendRows(t, ts.db, "employees", []string{"nip", "unit_code", "_version"}, []any{"K1", "PKM-KALUKKU", uint64(1)})
	rev := wita("2025-05-07 10:00")
	appendRows(t, ts.db, "activity_reports", []string{"source", "report_id", "nip", "unit_code", "activity_date", "submitted_at", "status", "reviewed_at", "_version"},
		[]any{"t", "R1", "K1", "PKM-KALUKKU", wita("2025-05-05 00:00"), wita("2025-05-05 15:00"), "submitted", (*time.Time)(nil), uint64(1)},
		[]any{"t", "R2", "K1", "PKM-KALUKKU", wita("2025-05-06 00:00"), wita("2025-05-07 08:00"), "returned", &rev, uint64(1)})

	for _, q := range []string{"by=unit&from=2025-05-05&to=2025-05-09", "by=unit&period=2025-05-05..2025-05-09"} {
		var res analytics.ComplianceResult
		body := ts.getJSON(t, "/api/v1/compliance?"+q, http.StatusOK, &res)
		if len(res.Groups) != 1 || len(res.Groups[0].Periods) != 1 {
			t.Fatalf("%s: %s", q, body)
		}
		p := res.Groups[0].Periods[0]
		if res.Groups[0].Code != "PKM-KALUKKU" || p.WorkingDays != 5 || p.ExpectedASNDays != 5 || p.ReportedASNDays != 2 ||
			p.Compliance == nil || *p.Compliance != 0.4 || p.Timeliness.SameDay != 1 || p.Timeliness.NextDay != 1 ||
			p.Review.Returned != 1 || p.Review.ReturnedShare == nil || *p.Review.ReturnedShare != 1 ||
			p.Review.LatencyMedianHours == nil || *p.Review.LatencyMedianHours != 2 {
			t.Errorf("%s: %s", q, body)
		}
		for _, want := range []string{`"compliance":0.4000`, `"grain":"period"`, `"returned_share":1.0000`} {
			if !strings.Contains(body, want) {
				t.Errorf("%s: body lacks %s: %s", q, want, body)
			}
		}
	}

	var res analytics.ComplianceResult
	body := ts.getJSON(t, "/api/v1/compliance?by=all&period=2025-Q2&grain=month", http.StatusOK, &res)
	if len(res.Groups) != 1 || len(res.Groups[0].Periods) != 3 || res.Groups[0].Periods[1].Period != "2025-05" || res.Grain != "month" {
		t.Errorf("quarter by month: %s", body)
	}

	for _, tc := range []struct{ query, param string }{
		{"grain=week", "grain"}, {"period=2025-Q5", "period"}, {"period=2025&from=2025-01-01", "period"},
		{"from=1900-01-01&to=2025-01-01", "from"}, {"to=kemarin", "to"}, {"by=desa", "by"}, {"form=2025-01-01", "form"},
	} {
		var e apiError
		ts.getJSON(t, "/api/v1/compliance?"+tc.query, http.StatusBadRequest, &e)
		if e.Param != tc.param {
			t.Errorf("%s: param %q, want %q", tc.query, e.Param, tc.param)
		}
	}
}
