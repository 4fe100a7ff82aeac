package analytics

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"kinerja/warehouse/warehousetest"
)

// Shares compared with Newcombe's interval (values worked out with the
// formulas of interval.go, checked against Newcombe 1998 in interval_test):
//
//	DUKCAPIL-PEL  2024: 20 ASN, 4 sangat baik, 13 baik, 3 butuh perbaikan
//	              2025: 20 ASN, 14 sangat baik, 5 baik, 1 kurang
//	              sangat baik 0,70 vs 0,20: +0,50 [0,1924; 0,6952] significant
//	              low         0,05 vs 0,15: −0,10 [−0,3144; 0,1102] not
//	PKM-BINANGA   2024: 10 ASN, 5 sangat baik, 5 baik
//	              2025: 10 ASN, 6 sangat baik, 2 baik, 2 sangat kurang
//	              sangat baik 0,60 vs 0,50: +0,10 [−0,2898; 0,4509] not
//	              low         0,20 vs 0:    +0,20 [−0,1124; 0,5098] not
//	PKM-KALUKKU   2024 Q4: 1 of 4 sangat baik; 2025 Q1: 2 of 4:
//	              +0,25 [−0,3196; 0,6553] not
func TestCompareSKPShares(t *testing.T) {
	db := warehousetest.Open(t)
	fixtureOrg(t, db)
	var rows []skpRow
	rows = append(rows, skpEvaluations("DUKCAPIL-PEL", 2024, "ANNUAL", append(append(skpRepeat("sangat_baik", 4), skpRepeat("baik", 13)...), skpRepeat("butuh_perbaikan", 3)...)...)...)
	rows = append(rows, skpEvaluations("DUKCAPIL-PEL", 2025, "ANNUAL", append(append(skpRepeat("sangat_baik", 14), skpRepeat("baik", 5)...), "kurang")...)...)
	rows = append(rows, skpEvaluations("PKM-BINANGA", 2024, "ANNUAL", append(skpRepeat("sangat_baik", 5), skpRepeat("baik", 5)...)...)...)
	rows = append(rows, skpEvaluations("PKM-BINANGA", 2025, "ANNUAL", append(append(skpRepeat("sangat_baik", 6), skpRepeat("baik", 2)...), skpRepeat("sangat_kurang", 2)...)...)...)
	rows = append(rows, skpEvaluations("PKM-KALUKKU", 2024, "Q4", "sangat_baik", "baik", "baik", "baik")...)
	rows = append(rows, skpEvaluations("PKM-KALUKKU", 2025, "Q1", "sangat_baik", "sangat_baik", "baik", "baik")...)
	insertSKP(t, db, 1, rows)
	svc := New(db, "")
	ctx := context.Background()
	year, _ := ParsePeriodLabel("2025")
	q1, _ := ParsePeriodLabel("2025-Q1")
	for _, tc := range []struct {
		name   string
		q      CompareQuery
		want   []string
		up     string
		within string
	}{
		{
			name: "sangat baik per unit, 2025 against 2024",
			q:    CompareQuery{Metric: "skp_sangat_baik", By: ByUnit, Period: year, Vs: VsLastYear},
			want: []string{
				"DUKCAPIL-PEL 1/2 0.7(14/20) 0.2(4/20) +0.5 [0.1924,0.6952] true",
				"PKM-BINANGA 2/1 0.6(6/10) 0.5(5/10) +0.1 [-0.2898,0.4509] false",
			},
			up: "DUKCAPIL-PEL",
		},
		{
			name: "low predikat: lower is better",
			q:    CompareQuery{Metric: "skp_low", By: ByUnit, Period: year, Vs: VsPrevious},
			want: []string{
				"DUKCAPIL-PEL 1/2 0.05(1/20) 0.15(3/20) +-0.1 [-0.3144,0.1102] false",
				"PKM-BINANGA 2/1 0.2(2/10) 0(0/10) +0.2 [-0.1124,0.5098] false",
			},
		},
		{
			name: "a quarter reads the quarter's evaluation",
			q:    CompareQuery{Metric: "skp_sangat_baik", By: ByUnit, Period: q1, Vs: VsPrevious},
			want: []string{"PKM-KALUKKU 1/1 0.5(2/4) 0.25(1/4) +0.25 [-0.3196,0.6553] false"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := svc.Compare(ctx, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if res.Kind != KindShare || res.Method != "newcombe-hybrid-score" {
				t.Errorf("kind %s method %s", res.Kind, res.Method)
			}
			var got []string
			for _, g := range res.Groups {
				got = append(got, fmt.Sprintf("%s %d/%d %v(%d/%d) %v(%d/%d) +%v [%v,%v] %v", g.Code, *g.Rank, *g.RankBaseline,
					g.Current.Value, *g.Current.Successes, g.Current.N, g.Baseline.Value, *g.Baseline.Successes, g.Baseline.N,
					*g.Delta, g.DeltaCI.Low, g.DeltaCI.High, *g.Significant))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			var up []string
			for _, c := range res.MostImproved {
				up = append(up, c.Code)
			}
			if strings.Join(up, ",") != tc.up || len(res.MostDeclined) != 0 {
				t.Errorf("improved %v declined %+v, want %q and none", up, res.MostDeclined, tc.up)
			}
		})
	}
	if _, err := svc.Compare(ctx, CompareQuery{Metric: "skp_low", Period: mustPeriod(t, "2025-03")}); err == nil {
		t.Error("SKP compared per month, which it does not have")
	}
}

// Training: 2025 has 3 of 5 active ASN at ≥ 20 JP, 2024 none of 6 (see
// trainingFixture): +0,60 [0,0627; 0,8824], significant.
func TestCompareShare20JP(t *testing.T) {
	db := warehousetest.Open(t)
	trainingFixture(t, db)
	svc := New(db, "")
	ctx := context.Background()
	res, err := svc.Compare(ctx, CompareQuery{Metric: "share_20jp", By: ByAll, Period: mustPeriod(t, "2025")})
	if err != nil {
		t.Fatal(err)
	}
	g := res.Groups[0]
	if len(res.Groups) != 1 || g.Current.Value != 0.6 || g.Current.N != 5 || *g.Current.Successes != 3 || g.Baseline.N != 6 ||
		*g.Delta != 0.6 || g.DeltaCI.Low != 0.0627 || g.DeltaCI.High != 0.8824 || !*g.Significant {
		t.Errorf("got %+v %+v %+v", g, g.Current, g.Baseline)
	}
	if g.Current.CI.Low != 0.2307 || g.Current.CI.High != 0.8824 {
		t.Errorf("Wilson of 3/5 = %+v, want [0,2307; 0,8824]", g.Current.CI)
	}
	if _, err := svc.Compare(ctx, CompareQuery{Metric: "share_20jp", Period: mustPeriod(t, "2025-Q2")}); err == nil {
		t.Error("share_20jp compared per quarter, which the 20 JP rule does not know")
	}
}

func mustPeriod(t *testing.T, s string) Period {
	t.Helper()
	p, err := ParsePeriodLabel(s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Compliance of 5–16 May 2025 against the 12 days before (23 April –
// 4 May), from fixtureCompliance (A1's hand-worked table):
//
//	5–16 May: 8 working days (12, 13 May off).
//	  DUKCAPIL-PEL expected A1 8 + A2 6 (joined 7 May) = 14; reported A1 5, 9,
//	  14 May; A2 7, 8, 16 May = 6 → 0,4286.
//	  PKM-BINANGA expected B1 5 (left 9 May) + B2 8 = 13; reported B2 15 May = 1 → 0,0769.
//	23 April – 4 May: 7 working days (1 May off).
//	  DUKCAPIL-PEL expected A1 7; reported 28, 30 April = 2 → 0,2857.
//	  PKM-BINANGA expected 7 + 7 = 14; reported B1 2 May, B2 29 April = 2 → 0,1429.
//	  PKM-KALUKKU expected C1 3 (left 27 April), reported 0; gone in May.
//
// The intervals count ASN (compliance_asn.go), and two ASN say little:
//
//	DUKCAPIL-PEL in May: R = 6/14, residuals 3 − 8R = −0,4286 and
//	  3 − 6R = 0,4286, V = 2/1 · 0,3673 / 14² = 0,003748, R(1−R)/V = 65,3,
//	  capped at Σx = 14, × (1,96 / t(1) = 12,706)² = 0,3331 → Wilson
//	  [0,0151; 0,9735]. In April one ASN: no interval, so no delta interval.
//	PKM-BINANGA: May R = 1/13, residuals −5/13 and 5/13, R(1−R)/V = 20,3
//	  capped at 13 → 0,3093, Wilson [0,0005; 0,9365]; April both ASN 1 of 7:
//	  V = 0, n = 14 × 0,0238 = 0,3331, Wilson [0,0017; 0,9413]. Newcombe:
//	  −0,0660 [−0,8680; 0,8051], not significant.
//	PKM-KALUKKU: one ASN, no interval.
func TestCompareCompliance(t *testing.T) {
	db := warehousetest.Open(t)
	fixtureCompliance(t, db)
	svc := New(db, "")
	res, err := svc.Compare(context.Background(), CompareQuery{Metric: "compliance", By: ByUnit, Period: mustPeriod(t, "2025-05-05..2025-05-16")})
	if err != nil {
		t.Fatal(err)
	}
	if res.Baseline.Label != "2025-04-23..2025-05-04" {
		t.Errorf("baseline %+v", res.Baseline)
	}
	// The reader is told how these intervals are made.
	if !strings.Contains(res.Note, "keragaman kepatuhan antar-ASN") || !strings.Contains(res.NoteEN, "spread of compliance between ASN") {
		t.Errorf("note %q / %q", res.Note, res.NoteEN)
	}
	est := func(e *Estimate) string {
		if e == nil {
			return "-"
		}
		s := fmt.Sprintf("%v(%d/%d)", e.Value, *e.Successes, e.N)
		if e.CIKnown {
			s += fmt.Sprintf("[%v,%v]n=%v", e.CI.Low, e.CI.High, *e.NEffective)
		} else if e.NEffective != nil {
			s += "n_effective without an interval"
		}
		return s
	}
	var got []string
	for _, g := range res.Groups {
		line := g.Code + " " + est(g.Current) + " " + est(g.Baseline)
		if g.Delta != nil {
			line += fmt.Sprintf(" %v", *g.Delta)
		}
		if g.DeltaCI != nil {
			line += fmt.Sprintf(" [%v,%v] %v", g.DeltaCI.Low, g.DeltaCI.High, *g.Significant)
		} else if g.Significant != nil {
			t.Errorf("%s: significant without an interval", g.Code)
		}
		got = append(got, line)
	}
	want := "DUKCAPIL-PEL 0.4286(6/14)[0.0151,0.9735]n=0.3 0.2857(2/7) 0.1429|" +
		"PKM-BINANGA 0.0769(1/13)[0.0005,0.9365]n=0.3 0.1429(2/14)[0.0017,0.9413]n=0.3 -0.066 [-0.868,0.8051] false|" +
		"PKM-KALUKKU - 0(0/3)"
	if strings.Join(got, "|") != want {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "|"), want)
	}
}

// TestComplianceEffectiveN: the clustered sample size of five ASN with 20
// working days each who reported 20, 18, 15, 10 and 17 of them: R = 0,8,
// residuals 4, 2, −1, −6, 1, Σ² = 58, V = 5/4 · 58 / 100² = 0,00725,
// R(1−R)/V = 22,069, × (1,96 / t(4) = 2,7764)² = 0,4983 → 10,998; Wilson
// of 0,8 with it [0,5045; 0,9402] (as independent days, 100: [0,7112;
// 0,8666]). Five ASN who all reported 16 of 20: V = 0, n = 100 × 0,4983 =
// 49,83. One ASN: none.
func TestComplianceEffectiveN(t *testing.T) {
	spread := func(xy ...[2]uint64) asnSpread {
		var a asnSpread
		for _, v := range xy {
			a.k++
			a.sx, a.sy = a.sx+v[0], a.sy+v[1]
			a.sxx, a.sxy, a.syy = a.sxx+v[0]*v[0], a.sxy+v[0]*v[1], a.syy+v[1]*v[1]
		}
		return a
	}
	n, ok := spread([2]uint64{20, 20}, [2]uint64{20, 18}, [2]uint64{20, 15}, [2]uint64{20, 10}, [2]uint64{20, 17}).effectiveN()
	if !ok || math.Abs(n-10.99765) > 1e-4 {
		t.Errorf("spread ASN: n_eff %v %v, want 10,998", n, ok)
	}
	ci, _ := WilsonP(0.8, n)
	if math.Abs(ci.Low-0.5045) > 5e-5 || math.Abs(ci.High-0.9402) > 5e-5 {
		t.Errorf("Wilson %+v, want [0,5045; 0,9402]", ci)
	}
	same := [2]uint64{20, 16}
	if n, ok := spread(same, same, same, same, same).effectiveN(); !ok || math.Abs(n-49.8331) > 1e-3 {
		t.Errorf("alike ASN: n_eff %v %v, want 49,83", n, ok)
	}
	if _, ok := spread(same).effectiveN(); ok {
		t.Error("one ASN has an interval")
	}
}
