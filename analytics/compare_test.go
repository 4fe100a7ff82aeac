package analytics

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"kinerja/warehouse"
	"kinerja/warehouse/warehousetest"
)

// addUnit adds one unit to the fixture organisation.
func addUnit(t *testing.T, db warehouse.DB, code, name, agency string) {
	t.Helper()
	b, err := db.PrepareBatch(context.Background(), "units", []string{"unit_code", "unit_name", "agency_code", "kind", "kecamatan", "_version"})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Append(code, name, agency, "puskesmas", "", uint64(1)); err != nil {
		t.Fatal(err)
	}
	if err := b.Send(); err != nil {
		t.Fatal(err)
	}
}

// uniform returns n questionnaires of one unit whose nine answers are all
// a, so each respondent's score is 25·a (4 → 100, 3 → 75, 2 → 50, 1 → 25).
func uniform(unit string, at time.Time, a uint8, n int) []answer {
	out := make([]answer, n)
	for i := range out {
		out[i] = answer{unit, at.Add(time.Duration(i) * time.Minute), [9]uint8{a, a, a, a, a, a, a, a, a}}
	}
	return out
}

// compareFixture: respondents' scores per unit in 2025-Q1 and 2025-Q2.
//
//	unit          Q1                      Q2
//	DUKCAPIL-PEL  5×75, 5×50  = 62,50     5×100, 5×75 = 87,50   +25,00 [12,62; 37,38]  significant
//	PKM-BINANGA   100, 75, 75, 50 = 75,00 100, 100, 75, 75 = 87,50  +12,50 [−18,93; 43,93] not
//	PKM-KALUKKU   10×100 = 100,00         5×50, 5×25 = 37,50    −62,50 [−71,93; −53,07] significant
//	PKM-TAMPA     —                       1×100 = 100,00        no baseline
//
// (intervals worked out in TestWelchDiff; BINANGA's Q2 interval 87,5 ±
// t(3)·√(208,3333/4) = 87,5 ± 22,97 is cut at 100, the top of the scale). Q2 ranks: TAMPA 1, DUKCAPIL-PEL
// and BINANGA 2 (tied at 87,50), KALUKKU 4; Q1 ranks: KALUKKU 1, BINANGA 2,
// DUKCAPIL-PEL 3.
func compareFixture(t *testing.T, db warehouse.DB) {
	t.Helper()
	fixtureOrg(t, db)
	addUnit(t, db, "PKM-TAMPA", "Puskesmas Tampa Padang", "DINKES")
	q1, q2 := wita(2025, 2, 10, 9, 0), wita(2025, 5, 12, 9, 0)
	var rows []answer
	add := func(unit string, at time.Time, a uint8, n int) {
		for _, r := range uniform(unit, at, a, n) {
			r.at = r.at.Add(time.Duration(len(rows)) * time.Second)
			rows = append(rows, r)
		}
	}
	add("DUKCAPIL-PEL", q1, 3, 5)
	add("DUKCAPIL-PEL", q1, 2, 5)
	add("DUKCAPIL-PEL", q2, 4, 5)
	add("DUKCAPIL-PEL", q2, 3, 5)
	add("PKM-BINANGA", q1, 4, 1)
	add("PKM-BINANGA", q1, 3, 2)
	add("PKM-BINANGA", q1, 2, 1)
	add("PKM-BINANGA", q2, 4, 2)
	add("PKM-BINANGA", q2, 3, 2)
	add("PKM-KALUKKU", q1, 4, 10)
	add("PKM-KALUKKU", q2, 2, 5)
	add("PKM-KALUKKU", q2, 1, 5)
	add("PKM-TAMPA", q2, 4, 1)
	insertAnswers(t, db, 1, rows)
}

func TestCompareIKMByUnit(t *testing.T) {
	db := warehousetest.Open(t)
	compareFixture(t, db)
	svc := New(db, "")
	svc.Config.Population = map[string]uint64{"DUKCAPIL-PEL": 400} // 100 a quarter → 80 required
	q2, _ := ParsePeriodLabel("2025-Q2")
	res, err := svc.Compare(context.Background(), CompareQuery{Metric: "ikm", By: ByUnit, Period: q2, Vs: VsPrevious})
	if err != nil {
		t.Fatal(err)
	}
	if res.Period.Label != "2025-Q2" || res.Baseline.Label != "2025-Q1" || res.Baseline.From != "2025-01-01" || res.Baseline.To != "2025-03-31" {
		t.Errorf("periods %+v vs %+v", res.Period, res.Baseline)
	}
	if res.Note != "" || res.NoteEN != "" {
		t.Errorf("IKM's Welch intervals carry no caveat, got %q", res.Note)
	}
	var got []string
	for _, g := range res.Groups {
		got = append(got, compareLine(g))
	}
	want := []string{
		"PKM-TAMPA rank=1 base=- cur=100:1 ci=? prev=- delta=- sig=-",
		"DUKCAPIL-PEL rank=2 base=3 cur=87.5:10 ci=[78.07,96.93] prev=62.5:10 delta=25 [12.62,37.38] sig=true",
		"PKM-BINANGA rank=2 base=2 cur=87.5:4 ci=[64.53,100] prev=75:4 delta=12.5 [-18.93,43.93] sig=false",
		"PKM-KALUKKU rank=4 base=1 cur=37.5:10 ci=[28.07,46.93] prev=100:10 delta=-62.5 [-71.93,-53.07] sig=true",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("groups:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(res.MostImproved) != 1 || res.MostImproved[0].Code != "DUKCAPIL-PEL" || res.MostImproved[0].Delta != 25 {
		t.Errorf("most improved = %+v, want DUKCAPIL-PEL +25 only (BINANGA's +12,50 is noise)", res.MostImproved)
	}
	if len(res.MostDeclined) != 1 || res.MostDeclined[0].Code != "PKM-KALUKKU" {
		t.Errorf("most declined = %+v, want PKM-KALUKKU", res.MostDeclined)
	}
	// Sample adequacy: 10 respondents of 100 users a quarter, 80 required.
	dk := res.Groups[1]
	if dk.Current.Required == nil || *dk.Current.Required != 80 || *dk.Current.Population != 100 || *dk.Current.Adequate {
		t.Errorf("DUKCAPIL-PEL adequacy %+v, want population 100, required 80, not adequate", dk.Current.SampleAdequacy)
	}
	if res.Groups[2].Current.Required != nil {
		t.Errorf("PKM-BINANGA has no population, yet %+v", res.Groups[2].Current.SampleAdequacy)
	}
	b, _ := json.Marshal(res.Groups[0])
	for _, frag := range []string{`"baseline":null`, `"delta":null`, `"delta_ci":null`, `"significant":null`, `"rank":1`, `"rank_baseline":null`, `"ci_known":false`} {
		if !strings.Contains(string(b), frag) {
			t.Errorf("PKM-TAMPA JSON lacks %s: %s", frag, b)
		}
	}
	b, _ = json.Marshal(dk)
	for _, frag := range []string{`"required_sample":80`, `"sample_adequate":false`, `"population":100`, `"significant":true`} {
		if !strings.Contains(string(b), frag) {
			t.Errorf("DUKCAPIL-PEL JSON lacks %s: %s", frag, b)
		}
	}
}

// Agencies pool their units' respondents: DINKES in Q1 has BINANGA's 4 and
// KALUKKU's 10 (scores 100, 75, 75, 50 and ten 100: mean 1300/14 = 92,86),
// in Q2 BINANGA's 4, KALUKKU's 10 and TAMPA's 1 (100+100+75+75 + 5·50 +
// 5·25 + 100 = 825, / 15 = 55,00).
func TestCompareIKMByAgencyAndLastYear(t *testing.T) {
	db := warehousetest.Open(t)
	compareFixture(t, db)
	svc := New(db, "")
	ctx := context.Background()
	q2, _ := ParsePeriodLabel("2025-Q2")
	res, err := svc.Compare(ctx, CompareQuery{Metric: "ikm", By: ByAgency, Period: q2})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, g := range res.Groups {
		got = append(got, fmt.Sprintf("%s %s cur=%v:%d prev=%v:%d delta=%v", g.Code, g.Name, g.Current.Value, g.Current.N, g.Baseline.Value, g.Baseline.N, *g.Delta))
	}
	want := "DUKCAPIL Dinas Kependudukan dan Pencatatan Sipil cur=87.5:10 prev=62.5:10 delta=25|DINKES Dinas Kesehatan cur=55:15 prev=92.86:14 delta=-37.86"
	if strings.Join(got, "|") != want {
		t.Errorf("by agency:\n%s\nwant\n%s", strings.Join(got, "|"), want)
	}
	// 2025-Q2 against 2024-Q2: no data a year before, nothing to compare.
	res, err = svc.Compare(ctx, CompareQuery{Metric: "ikm", By: ByAll, Period: q2, Vs: VsLastYear})
	if err != nil {
		t.Fatal(err)
	}
	if res.Baseline.Label != "2024-Q2" || len(res.Groups) != 1 || res.Groups[0].Baseline != nil || res.Groups[0].Significant != nil || res.Groups[0].Current.N != 25 {
		t.Errorf("vs last year: %+v", res)
	}
}

func TestCompareRejectsUnknownMetric(t *testing.T) {
	svc := New(nil, "")
	if _, err := svc.Compare(context.Background(), CompareQuery{Metric: "ikm; DROP TABLE units"}); err == nil {
		t.Error("unknown metric accepted")
	}
	if _, err := ParseCompareMetric("nope"); err == nil {
		t.Error("ParseCompareMetric accepted nope")
	}
}

// Competition ranking: 1, 2, 2, 4, lower is better when the metric says so.
func TestRankTies(t *testing.T) {
	mk := func(code string, v float64) CompareGroup {
		return CompareGroup{Code: code, Current: &Estimate{Value: v, N: 1}}
	}
	for _, tc := range []struct {
		name   string
		higher bool
		want   string
	}{
		{"higher is better", true, "A:1 B:2 C:2 D:4 E:5"},
		{"lower is better", false, "E:1 D:2 B:3 C:3 A:5"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gs := []CompareGroup{mk("C", 0.5), mk("A", 0.9), mk("E", 0.1), mk("B", 0.5), mk("D", 0.3)}
			rank(comparable{higherIsBetter: tc.higher}, gs, func(g *CompareGroup) *Estimate { return g.Current }, func(g *CompareGroup, r int) { g.Rank = &r })
			m := map[string]int{}
			for _, g := range gs {
				m[g.Code] = *g.Rank
			}
			var got []string
			for _, code := range strings.Fields(strings.NewReplacer(":1", "", ":2", "", ":3", "", ":4", "", ":5", "").Replace(tc.want)) {
				got = append(got, fmt.Sprintf("%s:%d", code, m[code]))
			}
			if strings.Join(got, " ") != tc.want {
				t.Errorf("ranks %s, want %s", strings.Join(got, " "), tc.want)
			}
		})
	}
}

func compareLine(g CompareGroup) string {
	est := func(e *Estimate) string {
		if e == nil {
			return "-"
		}
		return fmt.Sprintf("%v:%d", e.Value, e.N)
	}
	ci := func(e *Estimate) string {
		if e == nil || !e.CIKnown {
			return "?"
		}
		return fmt.Sprintf("[%v,%v]", e.CI.Low, e.CI.High)
	}
	opt := func(p *int) string {
		if p == nil {
			return "-"
		}
		return fmt.Sprint(*p)
	}
	delta := "-"
	if g.Delta != nil {
		delta = fmt.Sprint(*g.Delta)
		if g.DeltaCI != nil {
			delta += fmt.Sprintf(" [%v,%v]", g.DeltaCI.Low, g.DeltaCI.High)
		}
	}
	sig := "-"
	if g.Significant != nil {
		sig = fmt.Sprint(*g.Significant)
	}
	return fmt.Sprintf("%s rank=%s base=%s cur=%s ci=%s prev=%s delta=%s sig=%s", g.Code, opt(g.Rank), opt(g.RankBaseline), est(g.Current), ci(g.Current), est(g.Baseline), delta, sig)
}

// IKM results carry the Krejcie–Morgan requirement where the population is
// known: DUKCAPIL-PEL has 400 users a year (→ 196 required) and 20
// respondents in 2025; per quarter 100 users (→ 80) and 10 respondents.
func TestIKMSampleAdequacy(t *testing.T) {
	db := warehousetest.Open(t)
	compareFixture(t, db)
	svc := New(db, "")
	svc.Config.Population = map[string]uint64{"DUKCAPIL-PEL": 400, "PKM-BINANGA": 40}
	ctx := context.Background()
	year, _ := ParsePeriodLabel("2025")
	res, err := svc.IKM(ctx, IKMQuery{By: ByUnit, Period: year})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, g := range res.Groups {
		got[g.Code] = fmt.Sprintf("%v/%v/%v", deref(g.Population), deref(g.Required), derefB(g.Adequate))
	}
	// BINANGA: 40 users → 36 required, 8 respondents.
	want := map[string]string{"DUKCAPIL-PEL": "400/196/false", "PKM-BINANGA": "40/36/false", "PKM-KALUKKU": "<nil>/<nil>/<nil>", "PKM-TAMPA": "<nil>/<nil>/<nil>"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("by unit: %v, want %v", got, want)
	}
	// DINKES pools BINANGA with units that have no population: unknown.
	res, err = svc.IKM(ctx, IKMQuery{By: ByAgency, Period: year, Agency: "DINKES"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Groups) != 1 || res.Groups[0].Required != nil {
		t.Errorf("DINKES: %+v, want no requirement", res.Groups)
	}
	tr, err := svc.IKMTrend(ctx, IKMQuery{By: ByUnit, Period: year, Unit: "DUKCAPIL-PEL"}, Quarter)
	if err != nil {
		t.Fatal(err)
	}
	var pts []string
	for _, p := range tr.Series[0].Points {
		pts = append(pts, fmt.Sprintf("%s:%d:%v:%v", p.Period, p.Respondents, deref(p.Required), derefB(p.Adequate)))
	}
	if fmt.Sprint(pts) != "[2025-Q1:10:80:false 2025-Q2:10:80:false]" {
		t.Errorf("quarterly trend %v", pts)
	}
}
