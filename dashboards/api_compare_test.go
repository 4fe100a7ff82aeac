package dashboards

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"kinerja/analytics"
)

// March against February 2025 per OPD, from the fixture (see insertFixture):
//
//	Dinas Kesehatan: February holds questionnaires 9–18 of the worked
//	example, nine-answer sums 36, 36, 36, 36, 35, 34, 33, 33, 33, 30 = 342 →
//	342 ÷ 90 × 25 = 95,00; March holds 19–28: nine of 29 and one of 28 = 289
//	→ 80,28. Change −14,72, far outside the noise of ten respondents each.
//	DPMPTSP: March only (50,00); Dukcapil: February only (75,00).
func TestAPICompare(t *testing.T) {
	ts := newTestServer(t, true)
	var res analytics.CompareResult
	ts.getJSON(t, "/api/v1/compare?metric=ikm&by=agency&period=2025-03&vs=previous", http.StatusOK, &res)
	if res.Period.Label != "2025-03" || res.Baseline.Label != "2025-02" || res.Metric != "ikm" || res.Kind != "mean" {
		t.Errorf("head %+v", res)
	}
	var got []string
	for _, g := range res.Groups {
		line := g.Code
		if g.Current != nil {
			line += fmt.Sprintf(" cur=%v:%d rank=%d", g.Current.Value, g.Current.N, *g.Rank)
		}
		if g.Baseline != nil {
			line += fmt.Sprintf(" prev=%v:%d rank_baseline=%d", g.Baseline.Value, g.Baseline.N, *g.RankBaseline)
		}
		if g.Delta != nil {
			line += fmt.Sprintf(" delta=%v significant=%v", *g.Delta, *g.Significant)
		}
		got = append(got, line)
	}
	want := []string{
		"DINKES cur=80.28:10 rank=1 prev=95:10 rank_baseline=1 delta=-14.72 significant=true",
		"DPMPTSP cur=50:8 rank=2",
		"DUKCAPIL prev=75:10 rank_baseline=2",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("groups\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(res.MostDeclined) != 1 || res.MostDeclined[0].Code != "DINKES" || len(res.MostImproved) != 0 {
		t.Errorf("declined %+v improved %+v", res.MostDeclined, res.MostImproved)
	}

	// Defaults: metric ikm, by agency, the current year (2025 by the test
	// clock) against the previous one.
	res = analytics.CompareResult{}
	ts.getJSON(t, "/api/v1/compare", http.StatusOK, &res)
	if res.Metric != "ikm" || res.By != analytics.ByAgency || res.Period.Label != "2025" || res.Baseline.Label != "2024" || len(res.Groups) != 3 {
		t.Errorf("defaults: %+v", res)
	}
}

func TestAPICompareBadParameters(t *testing.T) {
	ts := newTestServer(t, false)
	for _, tc := range []struct{ query, param string }{
		{"metric=nope", "metric"},
		{"period=2025-Q5", "period"},
		{"period=2025-03-31..2025-03-01", "period"},
		{"vs=lastyear", "vs"},
		{"by=kecamatan", "by"},
		{"perod=2025", "perod"},
		{"weight=0.2", "weight"},
		{"metric=share_20jp&period=2025-Q2", "period"},
	} {
		var e struct{ Param, Expected string }
		ts.getJSON(t, "/api/v1/compare?"+tc.query, http.StatusBadRequest, &e)
		if e.Param != tc.param || e.Expected == "" {
			t.Errorf("%s: answered %+v, want param %s", tc.query, e, tc.param)
		}
	}
}
