package dashboards

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kinerja/analytics"
)

func TestAPIIKM(t *testing.T) {
	ts := newTestServer(t, true)
	q1 := "from=2025-01-01&to=2025-03-31"
	for _, tc := range []struct {
		name       string
		query      string
		wantBy     analytics.By
		wantWeight analytics.Weight
		// wanted groups in order: code, name, agency, respondents, ikm, index, mutu
		want []analytics.IKMGroup
	}{
		{
			name: "per OPD, worked example first", query: "by=agency&" + q1, wantBy: analytics.ByAgency, wantWeight: analytics.WeightExact,
			want: []analytics.IKMGroup{
				{Code: "DINKES", Name: nameDinkes, IKMScore: analytics.IKMScore{Respondents: 29, IKM: 91.48, Index: 3.6590, Mutu: "A"}},
				{Code: "DUKCAPIL", Name: nameDukcapil, IKMScore: analytics.IKMScore{Respondents: 10, IKM: 75.00, Index: 3.0000, Mutu: "C"}},
				{Code: "DPMPTSP", Name: nameDPMPTSP, IKMScore: analytics.IKMScore{Respondents: 8, IKM: 50.00, Index: 2.0000, Mutu: "D"}},
			},
		},
		{
			name: "weight 0,111 as in published reports", query: "by=agency&agency=DINKES&weight=0.111&" + q1, wantBy: analytics.ByAgency, wantWeight: analytics.Weight0111,
			want: []analytics.IKMGroup{
				{Code: "DINKES", Name: nameDinkes, IKMScore: analytics.IKMScore{Respondents: 29, IKM: 91.38, Index: 3.6553, Mutu: "A"}},
			},
		},
		{
			name: "per unit of one OPD", query: "by=unit&agency=DINKES&" + q1, wantBy: analytics.ByUnit, wantWeight: analytics.WeightExact,
			want: []analytics.IKMGroup{
				{Code: "PKM-BINANGA", Name: nameBinanga, Agency: "DINKES", IKMScore: analytics.IKMScore{Respondents: 29, IKM: 91.48, Index: 3.6590, Mutu: "A"}},
			},
		},
		{
			name: "whole Pemda, by defaults to all", query: q1, wantBy: analytics.ByAll, wantWeight: analytics.WeightExact,
			want: []analytics.IKMGroup{
				{Code: "ALL", Name: "Kabupaten Mamuju", IKMScore: analytics.IKMScore{Respondents: 47, IKM: 80.91, Index: 3.2364, Mutu: "B"}},
			},
		},
		{
			name: "a period without data gives no groups, not null", query: "by=agency&from=2020-01-01&to=2020-12-31", wantBy: analytics.ByAgency, wantWeight: analytics.WeightExact,
			want: []analytics.IKMGroup{},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var res analytics.IKMResult
			body := ts.getJSON(t, "/api/v1/ikm?"+tc.query, http.StatusOK, &res)
			if res.By != tc.wantBy || res.Weight != tc.wantWeight {
				t.Errorf("by %q weight %q, want %q %q", res.By, res.Weight, tc.wantBy, tc.wantWeight)
			}
			if res.Groups == nil {
				t.Fatalf("groups decoded as null: %s", body)
			}
			if len(res.Groups) != len(tc.want) {
				t.Fatalf("%d groups, want %d: %s", len(res.Groups), len(tc.want), body)
			}
			for i, w := range tc.want {
				g := res.Groups[i]
				if g.Code != w.Code || g.Name != w.Name || g.Agency != w.Agency || g.Respondents != w.Respondents ||
					g.IKM != w.IKM || g.Index != w.Index || g.Mutu != w.Mutu {
					t.Errorf("group %d = %s %q %s n=%d ikm=%v index=%v %s, want %s %q %s n=%d ikm=%v index=%v %s",
						i, g.Code, g.Name, g.Agency, g.Respondents, g.IKM, g.Index, g.Mutu,
						w.Code, w.Name, w.Agency, w.Respondents, w.IKM, w.Index, w.Mutu)
				}
			}
		})
	}

	t.Run("JSON is analytics.IKMResult as written by analytics", func(t *testing.T) {
		_, body := ts.get(t, "/api/v1/ikm?by=agency&agency=DINKES&"+q1)
		for _, want := range []string{
			`"from":"2025-01-01"`, `"to":"2025-03-31"`, `"weight":"exact"`, `"by":"agency"`,
			`"ikm":91.48`, `"index":3.6590`, `"respondents":29`, `"mutu":"A"`, `"label":"Sangat Baik"`,
			`"sums":[105,101,100,116,102,105,106,105,115]`, `"nrr":[3.6207,3.4828,3.4483,4.0000,`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("body lacks %s: %s", want, body)
			}
		}
	})
}

func TestAPIIKMTrend(t *testing.T) {
	ts := newTestServer(t, true)
	for _, tc := range []struct {
		name  string
		query string
		want  []analytics.IKMPoint // period, start, respondents, ikm
	}{
		{"monthly, one OPD", "agency=DINKES&from=2025-01-01&to=2025-03-31", []analytics.IKMPoint{
			{Period: "2025-01", Start: "2025-01-01", IKMScore: analytics.IKMScore{Respondents: 9}},
			{Period: "2025-02", Start: "2025-02-01", IKMScore: analytics.IKMScore{Respondents: 10}},
			{Period: "2025-03", Start: "2025-03-01", IKMScore: analytics.IKMScore{Respondents: 10}},
		}},
		{"quarterly, the worked example", "agency=DINKES&grain=quarter&from=2025-01-01&to=2025-03-31", []analytics.IKMPoint{
			{Period: "2025-Q1", Start: "2025-01-01", IKMScore: analytics.IKMScore{Respondents: 29, IKM: 91.48}},
		}},
		{"monthly, whole Pemda", "from=2025-01-01&to=2025-03-31", []analytics.IKMPoint{
			{Period: "2025-01", Start: "2025-01-01", IKMScore: analytics.IKMScore{Respondents: 9}},
			{Period: "2025-02", Start: "2025-02-01", IKMScore: analytics.IKMScore{Respondents: 20}},
			{Period: "2025-03", Start: "2025-03-01", IKMScore: analytics.IKMScore{Respondents: 18}},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var res analytics.IKMTrend
			body := ts.getJSON(t, "/api/v1/ikm/trend?"+tc.query, http.StatusOK, &res)
			if len(res.Series) != 1 {
				t.Fatalf("%d series, want 1: %s", len(res.Series), body)
			}
			pts := res.Series[0].Points
			if len(pts) != len(tc.want) {
				t.Fatalf("%d points, want %d: %s", len(pts), len(tc.want), body)
			}
			for i, w := range tc.want {
				p := pts[i]
				if p.Period != w.Period || p.Start != w.Start || p.Respondents != w.Respondents || (w.IKM != 0 && p.IKM != w.IKM) {
					t.Errorf("point %d = %s %s n=%d ikm=%v, want %s %s n=%d ikm=%v", i, p.Period, p.Start, p.Respondents, p.IKM, w.Period, w.Start, w.Respondents, w.IKM)
				}
			}
		})
	}
	t.Run("no data gives an empty list, not null", func(t *testing.T) {
		_, body := ts.get(t, "/api/v1/ikm/trend?from=2020-01-01&to=2020-12-31")
		if !strings.Contains(body, `"series":[]`) {
			t.Errorf("body %s, want series []", body)
		}
	})
}

func TestAPIBadParameters(t *testing.T) {
	ts := newTestServer(t, false)
	long := strings.Repeat("X", 65)
	for _, tc := range []struct {
		name, path, query string
		param             string
		expected          string // part of the "expected" field
	}{
		{"from not a date", "/api/v1/ikm", "from=2025-13-01&to=2025-12-31", "from", "YYYY-MM-DD"},
		{"to in day-month-year", "/api/v1/ikm", "from=2025-01-01&to=31-03-2025", "to", "YYYY-MM-DD"},
		{"to before from", "/api/v1/ikm", "from=2025-03-01&to=2025-01-31", "to", "on or after from (2025-03-01)"},
		{"unknown grouping", "/api/v1/ikm", "by=opd", "by", "all, agency or unit"},
		{"unknown weight", "/api/v1/ikm", "weight=0.2", "weight", "exact or 0.111"},
		{"grain not allowed on /ikm", "/api/v1/ikm", "grain=month", "grain", "known parameters"},
		{"typo in a parameter name", "/api/v1/ikm", "form=2025-01-01", "form", "known parameters: by, from, to"},
		{"agency code too long", "/api/v1/ikm", "agency=" + long, "agency", "at most 64"},
		{"unit code with a control character", "/api/v1/ikm", "unit=" + url.QueryEscape("A\x01B"), "unit", "printable"},
		{"unknown grain", "/api/v1/ikm/trend", "grain=week", "grain", "month, quarter, semester or year"},
		{"trend checks dates too", "/api/v1/ikm/trend", "from=yesterday", "from", "YYYY-MM-DD"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var e apiError
			ts.getJSON(t, tc.path+"?"+tc.query, http.StatusBadRequest, &e)
			if e.Param != tc.param {
				t.Errorf("param %q, want %q (%+v)", e.Param, tc.param, e)
			}
			if !strings.Contains(e.Expected, tc.expected) || !strings.Contains(e.Error, tc.param) {
				t.Errorf("error %+v, want expected containing %q and the parameter named", e, tc.expected)
			}
			if e.RequestID == "" {
				t.Error("no request id in the error")
			}
		})
	}
}

func TestHealthz(t *testing.T) {
	ts := newTestServer(t, false)
	var h struct{ Status, Backend string }
	ts.getJSON(t, "/healthz", http.StatusOK, &h)
	if h.Status != "ok" || h.Backend != "embedded" {
		t.Errorf("healthz = %+v", h)
	}
	if err := ts.db.Close(); err != nil {
		t.Fatal(err)
	}
	ts.getJSON(t, "/healthz", http.StatusServiceUnavailable, &h)
	if h.Status != "unavailable" {
		t.Errorf("healthz after close = %+v", h)
	}
}

func TestUnknownRoutes(t *testing.T) {
	ts := newTestServer(t, false)
	var e apiError
	ts.getJSON(t, "/api/v1/nope", http.StatusNotFound, &e)
	resp, body := ts.get(t, "/nope")
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(body, "Halaman tidak ditemukan") {
		t.Errorf("GET /nope: %d %s", resp.StatusCode, body)
	}
}
