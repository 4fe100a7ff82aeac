package analytics

import (
	"math"
	"testing"
)

func round4(v float64) float64 { return math.Round(v*10000) / 10000 }

// Newcombe (1998), "Two-sided confidence intervals for the single
// proportion", Stat Med 17:857–872, Table I, method 3 (Wilson score).
func TestWilsonAgainstNewcombe1998(t *testing.T) {
	for _, tc := range []struct {
		x, n      uint64
		low, high float64
	}{
		{81, 263, 0.2553, 0.3662},
		{15, 148, 0.0624, 0.1605},
		{0, 20, 0, 0.1611},
		{1, 29, 0.0061, 0.1718},
		{20, 20, 0.8389, 1},
	} {
		ci, ok := Wilson(tc.x, tc.n)
		if !ok || round4(ci.Low) != tc.low || round4(ci.High) != tc.high {
			t.Errorf("Wilson(%d/%d) = [%.4f, %.4f] %v, want [%.4f, %.4f]", tc.x, tc.n, ci.Low, ci.High, ok, tc.low, tc.high)
		}
	}
	if _, ok := Wilson(0, 0); ok {
		t.Error("Wilson of 0/0 claims an interval")
	}
}

// Newcombe (1998), "Interval estimation for the difference between
// independent proportions: comparison of eleven methods", Stat Med
// 17:873–890, Table II, method 10 (hybrid score), examples (a)–(h).
func TestNewcombeDiffAgainstNewcombe1998(t *testing.T) {
	for _, tc := range []struct {
		name           string
		x1, n1, x2, n2 uint64
		low, high      float64
	}{
		{"(a) 56/70 − 48/80", 56, 70, 48, 80, 0.0524, 0.3339},
		{"(b) 9/10 − 3/10", 9, 10, 3, 10, 0.1705, 0.8090},
		{"(c) 6/7 − 2/7", 6, 7, 2, 7, 0.0582, 0.8062},
		{"(d) 5/56 − 0/29", 5, 56, 0, 29, -0.0381, 0.1926},
		{"(e) 0/10 − 0/20", 0, 10, 0, 20, -0.1611, 0.2775},
		{"(f) 0/10 − 0/10", 0, 10, 0, 10, -0.2775, 0.2775},
		{"(g) 10/10 − 0/20", 10, 10, 0, 20, 0.6791, 1.0000},
		{"(h) 10/10 − 0/10", 10, 10, 0, 10, 0.6075, 1.0000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ci, ok := NewcombeDiff(tc.x1, tc.n1, tc.x2, tc.n2)
			if !ok || round4(ci.Low) != tc.low || round4(ci.High) != tc.high {
				t.Errorf("got [%.4f, %.4f] %v, want [%.4f, %.4f]", ci.Low, ci.High, ok, tc.low, tc.high)
			}
		})
	}
	if _, ok := NewcombeDiff(1, 2, 0, 0); ok {
		t.Error("a difference with an empty side claims an interval")
	}
}

// Student's t 97,5 % quantiles as printed in every statistics table.
func TestStudentT975(t *testing.T) {
	for _, tc := range []struct {
		df, want float64
	}{
		{1, 12.706205}, {2, 4.302653}, {5, 2.570582}, {5.4, 2.514352}, {9, 2.262157}, {10, 2.228139},
		{18, 2.100922}, {30, 2.042272}, {120, 1.979930}, {math.Inf(1), 1.959964},
	} {
		if got := StudentT975(tc.df); math.Abs(got-tc.want) > 5e-6 {
			t.Errorf("t(0,975; %v) = %.6f, want %.6f", tc.df, got, tc.want)
		}
	}
}

// Hand-computed Welch intervals (the fixtures of the IKM comparison test):
//
//	A: 10 scores, five 100 and five 75: mean 87,5, s² = 10·12,5²/9 = 173,6111
//	B: 10 scores, five 75 and five 50: mean 62,5, s² = 173,6111
//	se = √(2 · 173,6111/10) = 5,892557; df = 18; t = 2,100922
//	A − B = 25 ± 12,3798 → [12,6202; 37,3798]
//
//	C: 100, 100, 75, 75 (s² = 208,3333); D: 100, 75, 75, 50 (s² = 416,6667)
//	se² = 52,0833 + 104,1667 = 156,25; df = 156,25² / (52,0833²/3 + 104,1667²/3) = 5,4
//	t(5,4) = 2,514352; C − D = 12,5 ± 31,4294 → [−18,9294; 43,9294]
func TestWelchDiff(t *testing.T) {
	for _, tc := range []struct {
		name      string
		a, b      Sample
		df        float64
		low, high float64
	}{
		{"equal variances", Sample{10, 87.5, 1562.5 / 9}, Sample{10, 62.5, 1562.5 / 9}, 18, 12.6202, 37.3798},
		{"unequal variances", Sample{4, 87.5, 625.0 / 3}, Sample{4, 75, 1250.0 / 3}, 5.4, -18.9294, 43.9294},
		{"one side without spread", Sample{10, 37.5, 1562.5 / 9}, Sample{10, 100, 0}, 9, -71.9257, -53.0743},
		{"no spread at all", Sample{3, 75, 0}, Sample{5, 50, 0}, math.Inf(1), 25, 25},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ci, df, ok := WelchDiff(tc.a, tc.b)
			if !ok {
				t.Fatal("no interval")
			}
			if math.Abs(df-tc.df) > 1e-9 && !(math.IsInf(df, 1) && math.IsInf(tc.df, 1)) {
				t.Errorf("df = %v, want %v", df, tc.df)
			}
			if round4(ci.Low) != tc.low || round4(ci.High) != tc.high {
				t.Errorf("interval [%.4f, %.4f], want [%.4f, %.4f]", ci.Low, ci.High, tc.low, tc.high)
			}
		})
	}
	if _, _, ok := WelchDiff(Sample{1, 100, 0}, Sample{10, 50, 10}); ok {
		t.Error("one respondent claims an interval")
	}
}

// Respondent-level moments from the sums the engine returns equal the
// moments of the respondents' own scores.
func TestRespondentMoments(t *testing.T) {
	// Four respondents with all answers 4, 3, 3, 2: scores 100, 75, 75, 50.
	s := IKMScore{Respondents: 4, Sums: [9]uint64{12, 12, 12, 12, 12, 12, 12, 12, 12}, SumSq: 36*36 + 27*27 + 27*27 + 18*18}
	mean, variance := respondentMoments(s, WeightExact)
	if math.Abs(mean-75) > 1e-12 || math.Abs(variance-1250.0/3) > 1e-9 {
		t.Errorf("exact weight: mean %v variance %v, want 75 and 416,6667", mean, variance)
	}
	// Weight 0,111: scores are sums × 2,775: 99,9, 74,925, 74,925, 49,95.
	mean, variance = respondentMoments(s, Weight0111)
	if math.Abs(mean-74.925) > 1e-12 || math.Abs(variance-2*24.975*24.975/3) > 1e-9 {
		t.Errorf("weight 0,111: mean %v variance %v, want 74,925 and 415,8338", mean, variance)
	}
}
