package analytics

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"kinerja/warehouse"
	"kinerja/warehouse/warehousetest"
)

// trainingFixture (hand-computed expectations in the tests):
//
//	DUKCAPIL-PEL  T1 PNS   12 + 7,5            = 19,50 JP in 2025 (just short)
//	              T2 PNS   12,25 + 7,75        = 20,00 JP in 2025 (the 7,75 is a
//	                       correction of a 5 JP row: the newer version wins)
//	              T3 PPPK  24                  = 24,00 JP in 2025
//	PKM-BINANGA   T4 PNS   nothing at all
//	              T5 PNS   30 JP from 20 Dec 2024 to 10 Jan 2025 (counts in 2025,
//	                       the year it ends), 10 JP ending 5 Dec 2024
//	PKM-KALUKKU   T6 PNS   retired 31 Mar 2024; 8 JP in Feb 2024
//	(unknown)     X9       a training of a NIP not in employees: ignored
func trainingFixture(t *testing.T, db warehouse.DB) {
	t.Helper()
	fixtureOrg(t, db)
	insertFxEmployees(t, db, []fxEmployee{
		{nip: "T1", class: "pelaksana", unit: "DUKCAPIL-PEL"},
		{nip: "T2", class: "pelaksana", unit: "DUKCAPIL-PEL"},
		{nip: "T3", class: "pelaksana", unit: "DUKCAPIL-PEL", typ: "PPPK"},
		{nip: "T4", class: "fungsional", unit: "PKM-BINANGA"},
		{nip: "T5", class: "fungsional", unit: "PKM-BINANGA"},
		{nip: "T6", class: "pelaksana", unit: "PKM-KALUKKU", to: "2024-03-31"},
	})
	insertFxTrainings(t, db, 1, []fxTraining{
		{"A", "T1", "Literasi Digital", "elearning", "12", "2025-02-01", "2025-02-03"},
		{"B", "T1", "Penyusunan Laporan Kinerja", "elearning", "7.5", "2025-06-01", "2025-06-02"},
		{"A", "T2", "Literasi Digital", "elearning", "12.25", "2025-02-01", "2025-02-03"},
		{"C", "T2", "Naskah Dinas", "elearning", "5", "2025-03-01", "2025-03-01"},
		{"D", "T3", "Pelayanan Prima", "teknis", "24", "2025-05-05", "2025-05-07"},
		{"E", "T5", "BTCLS", "teknis", "30", "2024-12-20", "2025-01-10"},
		{"F", "T5", "Gizi Buruk", "teknis", "10", "2024-12-01", "2024-12-05"},
		{"G", "T6", "Arsip", "teknis", "8", "2024-02-01", "2024-02-02"},
		{"A", "X9", "Literasi Digital", "elearning", "40", "2025-02-01", "2025-02-03"},
	})
	insertFxTrainings(t, db, 2, []fxTraining{
		{"C", "T2", "Naskah Dinas", "elearning", "7.75", "2025-03-01", "2025-03-01"},
	})
}

func TestTraining20JP(t *testing.T) {
	db := warehousetest.Open(t)
	trainingFixture(t, db)
	svc := New(db, "Kabupaten Mamuju")
	ctx := context.Background()

	// stats: employees, jp_total, jp_mean, reached, share, below, deficit mean
	type stats struct {
		n       uint64
		total   Dec2
		mean    Dec2
		reached uint64
		share   Dec4
		below   uint64
		deficit Dec2
	}
	of := func(s TrainingStats) stats {
		return stats{s.Employees, s.JPTotal, s.JPMean, s.Reached20JP, s.Share20JP, s.Below20JP, s.JPDeficitMean}
	}
	type group struct {
		code   string
		all    stats
		byType map[string]stats
	}
	for _, tc := range []struct {
		name string
		q    TrainingQuery
		want []group
	}{
		{
			name: "per unit 2025: 19,50 falls short, 20,00 reaches, no training counts as 0",
			q:    TrainingQuery{By: ByUnit, Year: 2025},
			want: []group{
				// 63,5 ÷ 3 = 21,1666… → 21,17; 2 of 3 → 0,6667; shortfall 0,5 ÷ 3 → 0,17
				{"DUKCAPIL-PEL", stats{3, 63.5, 21.17, 2, 0.6667, 1, 0.17}, map[string]stats{
					"PNS":  {2, 39.5, 19.75, 1, 0.5, 1, 0.25},
					"PPPK": {1, 24, 24, 1, 1, 0, 0},
				}},
				// T4 0 JP (shortfall 20), T5 30 JP
				{"PKM-BINANGA", stats{2, 30, 15, 1, 0.5, 1, 10}, map[string]stats{
					"PNS": {2, 30, 15, 1, 0.5, 1, 10},
				}},
			},
		},
		{
			name: "whole Pemda 2025",
			q:    TrainingQuery{By: ByAll, Year: 2025},
			want: []group{
				// 93,5 ÷ 5 = 18,70; 3 of 5; shortfall 0,5 + 20 = 20,5 ÷ 5 = 4,10
				{"ALL", stats{5, 93.5, 18.7, 3, 0.6, 2, 4.1}, map[string]stats{
					"PNS":  {4, 69.5, 17.38, 2, 0.5, 2, 5.13},
					"PPPK": {1, 24, 24, 1, 1, 0, 0},
				}},
			},
		},
		{
			name: "2024: T6 still active, T5's December training",
			q:    TrainingQuery{By: ByAll, Year: 2024},
			want: []group{
				// 6 ASN, 10 + 8 = 18 JP; shortfall 4 × 20 + 10 + 12 = 102 ÷ 6 = 17
				{"ALL", stats{6, 18, 3, 0, 0, 6, 17}, map[string]stats{
					"PNS":  {5, 18, 3.6, 0, 0, 5, 16.4},
					"PPPK": {1, 0, 0, 0, 0, 1, 20},
				}},
			},
		},
		{
			name: "a year with no trainings: everyone counted with 0 JP",
			q:    TrainingQuery{By: ByAgency, Year: 2023},
			want: []group{
				// sorted by share (all 0), then code
				{"DINKES", stats{3, 0, 0, 0, 0, 3, 20}, map[string]stats{"PNS": {3, 0, 0, 0, 0, 3, 20}}},
				{"DUKCAPIL", stats{3, 0, 0, 0, 0, 3, 20}, map[string]stats{
					"PNS":  {2, 0, 0, 0, 0, 2, 20},
					"PPPK": {1, 0, 0, 0, 0, 1, 20},
				}},
			},
		},
		{
			name: "a scope cannot be widened by a filter",
			q:    TrainingQuery{By: ByUnit, Year: 2025, Unit: "DUKCAPIL-PEL", Scope: Scope{Unit: "PKM-BINANGA"}},
			want: nil,
		},
		{
			name: "scope of one OPD",
			q:    TrainingQuery{By: ByAll, Year: 2025, Scope: Scope{Agency: "DINKES"}},
			want: []group{{"ALL", stats{2, 30, 15, 1, 0.5, 1, 10}, map[string]stats{"PNS": {2, 30, 15, 1, 0.5, 1, 10}}}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := svc.Training(ctx, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if res.TargetJP != 20 || res.Year != tc.q.Year {
				t.Errorf("target %d year %d", res.TargetJP, res.Year)
			}
			if len(res.Groups) != len(tc.want) {
				t.Fatalf("%d groups, want %d: %+v", len(res.Groups), len(tc.want), res.Groups)
			}
			for i, w := range tc.want {
				g := res.Groups[i]
				if g.Code != w.code || of(g.TrainingStats) != w.all {
					t.Errorf("group %d = %s %+v, want %s %+v", i, g.Code, of(g.TrainingStats), w.code, w.all)
				}
				if len(g.ByType) != len(w.byType) {
					t.Errorf("%s by type %+v, want %+v", g.Code, g.ByType, w.byType)
				}
				for typ, ws := range w.byType {
					if got := of(g.ByType[typ]); got != ws {
						t.Errorf("%s %s = %+v, want %+v", g.Code, typ, got, ws)
					}
				}
			}
		})
	}
}

func TestTrainingJSON(t *testing.T) {
	db := warehousetest.Open(t)
	trainingFixture(t, db)
	res, err := New(db, "").Training(context.Background(), TrainingQuery{By: ByUnit, Year: 2025, Unit: "DUKCAPIL-PEL"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	body := string(b)
	for _, want := range []string{
		`"year":2025`, `"target_jp":20`, `"employees":3`, `"jp_total":63.50`, `"jp_mean":21.17`,
		`"reached_20jp":2`, `"share_20jp":0.6667`, `"by_type":{"PNS":{"employees":2,"jp_total":39.50`,
		`"name":"Bidang Pelayanan Pendaftaran Penduduk"`, `"agency":"DUKCAPIL"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("JSON lacks %s: %s", want, body)
		}
	}
}
