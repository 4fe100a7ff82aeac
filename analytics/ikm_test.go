package analytics

import (
	"testing"
)

// The worked example of domain.md §1 (PermenPANRB 14/2017): 29 respondents,
// sums per element U1..U9 = 105, 101, 100, 116, 102, 105, 106, 105, 115
// (total 955). IKM = 955 ÷ (29 × 9) × 25 = 91,48 → A; with weight 0,111 it is 91,38.
var workedSums = [9]uint64{105, 101, 100, 116, 102, 105, 106, 105, 115}

func TestComputeIKMWorkedExample(t *testing.T) {
	for _, tc := range []struct {
		name      string
		weight    Weight
		wantIKM   Dec2
		wantIndex Dec4
	}{
		{"exact 1/9", WeightExact, 91.48, 3.6590},
		{"0,111 as printed in reports", Weight0111, 91.38, 3.6553},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := ComputeIKM(workedSums, 29, tc.weight)
			if s.IKM != tc.wantIKM {
				t.Errorf("IKM = %v, want %v", s.IKM, tc.wantIKM)
			}
			if s.Index != tc.wantIndex {
				t.Errorf("index = %v, want %v", s.Index, tc.wantIndex)
			}
			if s.Mutu != "A" || s.Label != "Sangat Baik" {
				t.Errorf("mutu %s %s, want A Sangat Baik", s.Mutu, s.Label)
			}
			// NRR U1 = 105/29 = 3,6207; U4 = 116/29 = 4,0000; U3 = 100/29 = 3,4483 (B).
			if s.NRR[0] != 3.6207 || s.NRR[3] != 4.0 || s.NRR[2] != 3.4483 {
				t.Errorf("NRR = %v", s.NRR)
			}
			if s.NRRMutu[2] != "B" || s.NRRMutu[3] != "A" {
				t.Errorf("element mutu = %v", s.NRRMutu)
			}
		})
	}
}

func TestMutuBandsAtTheEdges(t *testing.T) {
	for _, tc := range []struct {
		ikm  float64
		want string
	}{
		{100, "A"}, {88.31, "A"}, {88.305, "A"}, {88.3049, "B"}, {88.30, "B"}, {76.61, "B"},
		{76.60, "C"}, {76.605, "B"}, {65.00, "C"}, {64.99, "D"}, {64.995, "C"}, {25, "D"},
	} {
		if got, _, _ := MutuOf(tc.ikm); got != tc.want {
			t.Errorf("MutuOf(%v) = %s, want %s", tc.ikm, got, tc.want)
		}
	}
}

func TestPerfectScore(t *testing.T) {
	all4 := [9]uint64{40, 40, 40, 40, 40, 40, 40, 40, 40}
	if s := ComputeIKM(all4, 10, WeightExact); s.IKM != 100 || s.Index != 4 {
		t.Errorf("perfect exact = %v / %v, want 100 / 4", s.IKM, s.Index)
	}
	if s := ComputeIKM(all4, 10, Weight0111); s.IKM != 99.9 {
		t.Errorf("perfect with 0,111 = %v, want 99,90", s.IKM)
	}
	if s := ComputeIKM([9]uint64{}, 0, WeightExact); s.Mutu != "" || s.Respondents != 0 {
		t.Errorf("no respondents gave %+v", s)
	}
}
