package dashboards

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"kinerja/analytics"
	"kinerja/warehouse"
)

// insertStaffFixture adds ASN, trainings, assessments and SKP of 2025 to
// the IKM fixture (whose SKM answers are in Q1 2025):
//
//	DUKCAPIL-DAFDUK  A1 PNS pelaksana S1: teknis 20 JP; SKP baik; Pelayanan Publik 1 (needs 1: met)
//	                 A2 PNS pengawas S2: seminar 8 JP; SKP kurang; Pelayanan Publik 1 (needs 2: below)
//	PKM-BINANGA      A3 PPPK Perawat Terampil D3: e-learning 24 JP
//	                 A4 PNS Perawat Ahli Pertama D3: nothing
func insertStaffFixture(t *testing.T, db warehouse.DB) {
	t.Helper()
	ctx := context.Background()
	b, err := db.PrepareBatch(ctx, "employees", []string{"nip", "name", "employee_type", "position_class", "position_name",
		"education", "unit_code", "_version"})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range [][7]string{
		{"A1", "Andi Pelaksana", "PNS", "pelaksana", "Pengelola Data", "S1", "DUKCAPIL-DAFDUK"},
		{"A2", "Besse Pengawas", "PNS", "pengawas", "Kepala Seksi", "S2", "DUKCAPIL-DAFDUK"},
		{"A3", "Citra Perawat", "PPPK", "fungsional", "Perawat Terampil", "D3", "PKM-BINANGA"},
		{"A4", "Daeng Perawat", "PNS", "fungsional", "Perawat Ahli Pertama", "D3", "PKM-BINANGA"},
	} {
		if err := b.Append(e[0], e[1], e[2], e[3], e[4], e[5], e[6], uint64(1)); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Send(); err != nil {
		t.Fatal(err)
	}
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	b, err = db.PrepareBatch(ctx, "trainings", []string{"training_id", "nip", "title", "kind", "jp", "start_date", "end_date", "_version"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range [][5]string{
		{"T1", "A1", "Bimtek SIAK", "teknis", "20"},
		{"S1", "A2", "Seminar Pelayanan Publik", "seminar", "8"},
		{"E1", "A3", "Literasi Digital", "elearning", "24"},
	} {
		if err := b.Append(tr[0], tr[1], tr[2], tr[3], decimal.RequireFromString(tr[4]), day("2025-05-01"), day("2025-05-03"), uint64(1)); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Send(); err != nil {
		t.Fatal(err)
	}
	b, err = db.PrepareBatch(ctx, "competency_assessments", []string{"nip", "competency_code", "competency_name", "competency_type",
		"required_level", "assessed_level", "assessed_at", "_version"})
	if err != nil {
		t.Fatal(err)
	}
	for _, nip := range []string{"A1", "A2"} {
		if err := b.Append(nip, "pelayanan_publik", "Pelayanan Publik", "manajerial", uint8(0), uint8(1), day("2025-04-01"), uint64(1)); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Send(); err != nil {
		t.Fatal(err)
	}
	b, err = db.PrepareBatch(ctx, "skp_evaluations", []string{"nip", "unit_code", "year", "period", "predikat", "_version"})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range [][2]string{{"A1", "baik"}, {"A2", "kurang"}} {
		if err := b.Append(e[0], "DUKCAPIL-DAFDUK", uint16(2025), "ANNUAL", e[1], uint64(1)); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Send(); err != nil {
		t.Fatal(err)
	}
}

func TestAPIStaffMetrics(t *testing.T) {
	ts := newTestServer(t, true)
	insertStaffFixture(t, ts.db)

	t.Run("training per OPD, PNS and PPPK apart", func(t *testing.T) {
		var res analytics.TrainingResult
		body := ts.getJSON(t, "/api/v1/training?year=2025", http.StatusOK, &res)
		if res.Year != 2025 || res.By != analytics.ByAgency || len(res.Groups) != 2 {
			t.Fatalf("year %d by %s groups %d: %s", res.Year, res.By, len(res.Groups), body)
		}
		// both 1 of 2; DINKES first by code
		d, k := res.Groups[0], res.Groups[1]
		if d.Code != "DINKES" || d.Employees != 2 || d.JPTotal != 24 || d.JPMean != 12 || d.Reached20JP != 1 || d.Share20JP != 0.5 ||
			d.ByType["PNS"].Employees != 1 || d.ByType["PNS"].Reached20JP != 0 || d.ByType["PPPK"].Reached20JP != 1 {
			t.Errorf("DINKES %+v", d)
		}
		if k.Code != "DUKCAPIL" || k.Employees != 2 || k.JPTotal != 28 || k.JPMean != 14 || k.Reached20JP != 1 {
			t.Errorf("DUKCAPIL %+v", k)
		}
	})

	t.Run("competency per unit", func(t *testing.T) {
		var res analytics.CompetencyResult
		body := ts.getJSON(t, "/api/v1/competency?year=2025&type=manajerial", http.StatusOK, &res)
		if len(res.Groups) != 1 || res.Groups[0].Code != "DUKCAPIL-DAFDUK" || len(res.Groups[0].Competencies) != 1 {
			t.Fatalf("%s", body)
		}
		c := res.Groups[0].Competencies[0]
		if c.Code != "pelayanan_publik" || c.Assessed != 2 || c.Below != 1 || c.ShareBelow != 0.5 || c.MeanGap != 0.5 {
			t.Errorf("Pelayanan Publik %+v", c)
		}
	})

	t.Run("IP ASN aggregate carries no personal data", func(t *testing.T) {
		var res analytics.IPASNResult
		body := ts.getJSON(t, "/api/v1/ip-asn?year=2025", http.StatusOK, &res)
		// A1 15 + 15 + 25 + 5 = 60, A2 20 + 5 + 5 + 5 = 35 → 47,5; A4 10 + 0 + 0 + 5 = 15 (A3 is PPPK)
		if len(res.Groups) != 2 || res.Groups[0].Code != "DUKCAPIL" || res.Groups[0].Score != 47.5 ||
			res.Groups[1].Code != "DINKES" || res.Groups[1].Score != 15 || res.Groups[1].Employees != 1 {
			t.Errorf("groups: %s", body)
		}
		if res.PersonalData || strings.Contains(body, `"nip"`) || strings.Contains(body, "Andi") {
			t.Errorf("aggregate leaks personal data: %s", body)
		}
		if len(res.Assumptions) == 0 || !strings.Contains(body, `"key":"disiplin_without_data"`) {
			t.Errorf("assumptions not named: %s", body)
		}
	})

	t.Run("IP ASN per ASN only when asked, not cached", func(t *testing.T) {
		// Personal data: not for a client that is neither on the server's
		// machine nor holds the admin token (app.Test's client is not local).
		for _, target := range []string{"/api/v1/ip-asn?year=2025&detail=asn&by=unit", "/api/v1/ip-asn?year=2025&nip=A2"} {
			resp, body := ts.get(t, target)
			if resp.StatusCode != http.StatusForbidden || strings.Contains(body, "Andi") || strings.Contains(body, `"nip"`) {
				t.Errorf("%s without the token: status %d, body %s", target, resp.StatusCode, body)
			}
		}
		withToken := func(target string) *http.Request {
			req := httptest.NewRequest(http.MethodGet, target, nil)
			req.Header.Set("Authorization", "Bearer "+testAdminToken)
			return req
		}
		resp, body := ts.do(t, withToken("/api/v1/ip-asn?year=2025&detail=asn&by=unit"))
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("status %d cache %q: %s", resp.StatusCode, resp.Header.Get("Cache-Control"), body)
		}
		for _, want := range []string{`"personal_data":true`, `"nip":"A1"`, `"name":"Andi Pelaksana"`, `"nip":"A4"`} {
			if !strings.Contains(body, want) {
				t.Errorf("body lacks %s: %s", want, body)
			}
		}
		var one analytics.IPASNResult
		resp, body = ts.do(t, withToken("/api/v1/ip-asn?year=2025&nip=A2"))
		if err := json.Unmarshal([]byte(body), &one); resp.StatusCode != http.StatusOK || err != nil {
			t.Fatalf("nip=A2: status %d %v: %s", resp.StatusCode, err, body)
		}
		if len(one.ASN) != 1 || one.ASN[0].NIP != "A2" || one.ASN[0].Score != 35 || one.ASN[0].Category != "sangat_rendah" {
			t.Errorf("nip=A2: %+v", one.ASN)
		}
	})

	t.Run("needs ranks every unit, ties share a rank", func(t *testing.T) {
		var res analytics.NeedsResult
		body := ts.getJSON(t, "/api/v1/needs?year=2025", http.StatusOK, &res)
		// PKM-BINANGA: JP only (29 questionnaires are too few for the service
		// component): 100 × (0,15 × 0,5 + 0,1 × 0,5) ÷ 0,25 = 50.
		// DUKCAPIL-DAFDUK: 100 × (0,3 × 0,5 + 0,15 × 0,5 + 0,1 × 0,3 + 0,25 × 0,5) ÷ 0,8 = 47,5.
		want := []struct {
			rank  int
			code  string
			score analytics.Dec2
		}{{1, "PKM-BINANGA", 50}, {2, "DUKCAPIL-DAFDUK", 47.5}, {3, "DPMPTSP-MPP", 0}, {3, "PKM-TAMPA", 0}}
		if len(res.Units) != len(want) {
			t.Fatalf("%s", body)
		}
		for i, w := range want {
			u := res.Units[i]
			if u.Rank != w.rank || u.Code != w.code || u.Score != w.score {
				t.Errorf("row %d = %d %s %v, want %+v", i, u.Rank, u.Code, u.Score, w)
			}
		}
		if r := res.Units[1].Reasons; len(r) != 3 || r[0].ID != "1 dari 2 ASN di bawah standar Pelayanan Publik" || r[1].Component != "predikat" {
			t.Errorf("DUKCAPIL-DAFDUK reasons %+v", r)
		}
	})

	t.Run("year defaults to the last year that ended", func(t *testing.T) {
		for _, path := range []string{"/api/v1/training", "/api/v1/competency", "/api/v1/ip-asn", "/api/v1/needs"} {
			_, body := ts.get(t, path)
			if !strings.Contains(body, `"year":2024`) {
				t.Errorf("%s: %s", path, body)
			}
		}
	})

	for _, tc := range []struct {
		path, param string
	}{
		{"/api/v1/training?year=25", "year"},
		{"/api/v1/training?yaer=2025", "yaer"},
		{"/api/v1/competency?type=soft", "type"},
		{"/api/v1/competency?by=opd", "by"},
		{"/api/v1/ip-asn?detail=all", "detail"},
		{"/api/v1/ip-asn?nip=1;DROP", "nip"},
		{"/api/v1/needs?unit=X", "unit"},
	} {
		t.Run("400 "+tc.path, func(t *testing.T) {
			var e apiError
			ts.getJSON(t, tc.path, http.StatusBadRequest, &e)
			if e.Param != tc.param {
				t.Errorf("param %q, want %q (%+v)", e.Param, tc.param, e)
			}
		})
	}
}
