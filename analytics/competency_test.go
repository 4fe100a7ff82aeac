package analytics

import (
	"context"
	"testing"

	"kinerja/warehouse"
	"kinerja/warehouse/warehousetest"
)

// competencyFixture, for 2025 (hand-computed expectations in the tests):
//
//	DUKCAPIL-PEL (Dukcapil)
//	  C1 pelaksana             Pelayanan Publik  req –  (class → 1) assessed 1   met
//	                           Perekat Bangsa    req 2  assessed 3               met (gap 0, not −1)
//	  C2 pengawas              Pelayanan Publik  2024: req 2 assessed 1 (old);
//	                                             2025: req 2 assessed 2  → met (latest wins)
//	                                             2026: req 2 assessed 1  (after the year: ignored)
//	                           Integritas        req –  (class → 2) assessed 1   gap 1
//	PKM-BINANGA (Dinkes)
//	  C3 Perawat Ahli Muda     Pelayanan Publik  req –  (grade → 2) assessed 1   gap 1
//	                           Pelayanan Klinis  req 3  assessed 1               gap 2
//	  C4 Bidan Terampil        Pelayanan Publik  req –  (grade → 1) assessed 1   met
//	                           Pelayanan Klinis  req –  teknis: no standard
//	PKM-KALUKKU (Dinkes)
//	  C5 retired 30 Jun 2024   Pelayanan Publik  req 2  assessed 1   (not active in 2025)
//	  C6 starts 2026           Pelayanan Publik  req 2  assessed 1   (not active in 2025)
func competencyFixture(t *testing.T, db warehouse.DB) {
	t.Helper()
	fixtureOrg(t, db)
	insertFxEmployees(t, db, []fxEmployee{
		{nip: "C1", class: "pelaksana", position: "Pengelola Data", education: "SMA", unit: "DUKCAPIL-PEL", from: "2010-01-01"},
		{nip: "C2", class: "pengawas", position: "Kepala Seksi", education: "S1", unit: "DUKCAPIL-PEL"},
		{nip: "C3", class: "fungsional", position: "Perawat Ahli Muda", education: "S1", unit: "PKM-BINANGA"},
		{nip: "C4", class: "fungsional", position: "Bidan Terampil", education: "D3", unit: "PKM-BINANGA", typ: "PPPK"},
		{nip: "C5", class: "pelaksana", position: "Pengadministrasi", education: "SMA", unit: "PKM-KALUKKU", to: "2024-06-30"},
		{nip: "C6", class: "pelaksana", position: "Pengadministrasi", education: "SMA", unit: "PKM-KALUKKU", from: "2026-01-02"},
	})
	const m, sk, tk = "manajerial", "sosial_kultural", "teknis"
	insertFxAssessments(t, db, 1, []fxAssessment{
		{"C1", "pelayanan_publik", "Pelayanan Publik", m, 0, 1, "2025-03-10"},
		{"C1", "perekat_bangsa", "Perekat Bangsa", sk, 2, 3, "2025-03-10"},
		{"C2", "pelayanan_publik", "Pelayanan Publik", m, 2, 1, "2024-03-01"},
		{"C2", "pelayanan_publik", "Pelayanan Publik", m, 2, 2, "2025-05-01"},
		{"C2", "pelayanan_publik", "Pelayanan Publik", m, 2, 1, "2026-02-01"},
		{"C2", "integritas", "Integritas", m, 0, 1, "2025-05-01"},
		{"C3", "pelayanan_publik", "Pelayanan Publik", m, 0, 1, "2025-04-07"},
		{"C3", "tk_klinis", "Pelayanan Klinis", tk, 3, 1, "2025-04-07"},
		{"C4", "pelayanan_publik", "Pelayanan Publik", m, 0, 1, "2025-04-07"},
		{"C4", "tk_klinis", "Pelayanan Klinis", tk, 0, 4, "2025-04-07"},
		{"C5", "pelayanan_publik", "Pelayanan Publik", m, 2, 1, "2024-02-01"},
		{"C6", "pelayanan_publik", "Pelayanan Publik", m, 2, 1, "2025-02-01"},
	})
}

func TestCompetencyGaps(t *testing.T) {
	db := warehousetest.Open(t)
	competencyFixture(t, db)
	svc := New(db, "")
	ctx := context.Background()

	type comp struct {
		code                   string
		assessed, below, noStd uint64
		share, mean            Dec4
	}
	type typ struct {
		typ                                      string
		asn, asnBelow, assessments, below, noStd uint64
		share, mean                              Dec4
	}
	type group struct {
		code, name, agency string
		types              []typ
		comps              []comp
	}
	for _, tc := range []struct {
		name   string
		q      CompetencyQuery
		config CompetencyConfig
		want   []group
	}{
		{
			name: "per unit: latest assessment, class and grade standards, no standard for teknis without one",
			q:    CompetencyQuery{By: ByUnit, Year: 2025},
			want: []group{
				{"DUKCAPIL-PEL", "Bidang Pelayanan Pendaftaran Penduduk", "DUKCAPIL",
					[]typ{
						// C1 and C2 assessed; C2 below in Integritas; 3 assessments, 1 below, gap 1 → 1/3.
						{"manajerial", 2, 1, 3, 1, 0, 0.5, 0.3333},
						{"sosial_kultural", 1, 0, 1, 0, 0, 0, 0},
					},
					[]comp{
						{"integritas", 1, 1, 0, 1, 1},
						{"pelayanan_publik", 2, 0, 0, 0, 0},
						{"perekat_bangsa", 1, 0, 0, 0, 0},
					}},
				{"PKM-BINANGA", "Puskesmas Binanga", "DINKES",
					[]typ{
						{"manajerial", 2, 1, 2, 1, 0, 0.5, 0.5},
						{"teknis", 1, 1, 1, 1, 1, 1, 2},
					},
					[]comp{
						{"pelayanan_publik", 2, 1, 0, 0.5, 0.5},
						{"tk_klinis", 1, 1, 1, 1, 2},
					}},
			},
		},
		{
			name: "whole Pemda, manajerial only: 4 ASN in Pelayanan Publik, 1 below by 1",
			q:    CompetencyQuery{By: ByAll, Year: 2025, Type: "manajerial"},
			want: []group{
				{"ALL", "Kabupaten Mamuju", "",
					[]typ{{"manajerial", 4, 2, 5, 2, 0, 0.5, 0.4}},
					[]comp{
						{"integritas", 1, 1, 0, 1, 1},
						{"pelayanan_publik", 4, 1, 0, 0.25, 0.25},
					}},
			},
		},
		{
			name:   "configured class standard: pelaksana needs 2, so C1 falls below",
			q:      CompetencyQuery{By: ByAgency, Year: 2025, Type: "manajerial", Agency: "DUKCAPIL"},
			config: CompetencyConfig{ManajerialByClass: map[string]int{"pelaksana": 2}},
			want: []group{
				{"DUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", "",
					[]typ{{"manajerial", 2, 2, 3, 2, 0, 1, 0.6667}},
					[]comp{
						{"integritas", 1, 1, 0, 1, 1},
						{"pelayanan_publik", 2, 1, 0, 0.5, 0.5},
					}},
			},
		},
		{
			name:   "configured grade standard: Terampil needs 3 (C4 gap 2)",
			q:      CompetencyQuery{By: ByUnit, Year: 2025, Type: "manajerial", Unit: "PKM-BINANGA"},
			config: CompetencyConfig{FungsionalByGrade: map[string]int{"terampil": 3}},
			want: []group{
				{"PKM-BINANGA", "Puskesmas Binanga", "DINKES",
					[]typ{{"manajerial", 2, 2, 2, 2, 0, 1, 1.5}},
					[]comp{{"pelayanan_publik", 2, 2, 0, 1, 1.5}}},
			},
		},
		{
			name: "2024: C2's old assessment and C5, still active then",
			q:    CompetencyQuery{By: ByAll, Year: 2024},
			want: []group{
				{"ALL", "Kabupaten Mamuju", "",
					[]typ{{"manajerial", 2, 2, 2, 2, 0, 1, 1}},
					[]comp{{"pelayanan_publik", 2, 2, 0, 1, 1}}},
			},
		},
		{
			name: "a scope cannot be widened by a filter",
			q:    CompetencyQuery{By: ByUnit, Year: 2025, Agency: "DUKCAPIL", Scope: Scope{Agency: "DINKES"}},
			want: nil,
		},
		{
			name: "a year before any assessment",
			q:    CompetencyQuery{By: ByUnit, Year: 2020},
			want: nil,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svc.Config.Competency = tc.config
			res, err := svc.Competency(ctx, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if res.Groups == nil {
				t.Fatal("groups is nil, want an empty list")
			}
			if len(res.Groups) != len(tc.want) {
				t.Fatalf("%d groups, want %d: %+v", len(res.Groups), len(tc.want), res.Groups)
			}
			for i, w := range tc.want {
				g := res.Groups[i]
				if g.Code != w.code || g.Name != w.name || g.Agency != w.agency {
					t.Errorf("group %d = %s %q %s, want %s %q %s", i, g.Code, g.Name, g.Agency, w.code, w.name, w.agency)
				}
				if len(g.Types) != len(w.types) {
					t.Fatalf("%s: types %+v, want %+v", g.Code, g.Types, w.types)
				}
				for j, wt := range w.types {
					gt := g.Types[j]
					got := typ{gt.Type, gt.ASN, gt.ASNBelow, gt.Assessments, gt.Below, gt.NoStandard, gt.ShareBelow, gt.MeanGap}
					if got != wt {
						t.Errorf("%s type %d = %+v, want %+v", g.Code, j, got, wt)
					}
				}
				// Competencies come ordered by type then share below (highest
				// first); compare as a set keyed by code, and the order separately.
				byCode := map[string]CompetencyGap{}
				for _, c := range g.Competencies {
					byCode[c.Code] = c
				}
				if len(g.Competencies) != len(w.comps) {
					t.Fatalf("%s: competencies %+v, want %+v", g.Code, g.Competencies, w.comps)
				}
				for _, wc := range w.comps {
					c, ok := byCode[wc.code]
					got := comp{c.Code, c.Assessed, c.Below, c.NoStandard, c.ShareBelow, c.MeanGap}
					if !ok || got != wc {
						t.Errorf("%s competency %s = %+v, want %+v", g.Code, wc.code, got, wc)
					}
				}
			}
		})
	}
}

func TestCompetencyOrderAndNames(t *testing.T) {
	db := warehousetest.Open(t)
	competencyFixture(t, db)
	res, err := New(db, "").Competency(context.Background(), CompetencyQuery{By: ByUnit, Year: 2025, Unit: "DUKCAPIL-PEL"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Groups) != 1 {
		t.Fatalf("groups %+v", res.Groups)
	}
	var got []string
	for _, c := range res.Groups[0].Competencies {
		got = append(got, c.Type+"/"+c.Code+"/"+c.Name)
	}
	// manajerial first, Integritas (all below) before Pelayanan Publik (none).
	want := []string{"manajerial/integritas/Integritas", "manajerial/pelayanan_publik/Pelayanan Publik", "sosial_kultural/perekat_bangsa/Perekat Bangsa"}
	if len(got) != len(want) {
		t.Fatalf("order %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("order %v, want %v", got, want)
			break
		}
	}
	if res.From != "2025-01-01" || res.To != "2025-12-31" || res.Year != 2025 {
		t.Errorf("period %s..%s year %d", res.From, res.To, res.Year)
	}
}

func TestCompetencyConfigValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    CompetencyConfig
		ok   bool
	}{
		{"zero value: defaults", CompetencyConfig{}, true},
		{"level 5", CompetencyConfig{ManajerialByClass: map[string]int{"jpt_madya": 5}}, true},
		{"level 6", CompetencyConfig{ManajerialByClass: map[string]int{"jpt_madya": 6}}, false},
		{"grade level 0", CompetencyConfig{FungsionalByGrade: map[string]int{"Ahli Muda": 0}}, false},
		{"default 7", CompetencyConfig{FungsionalDefault: 7}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.c.Validate(); (err == nil) != tc.ok {
				t.Errorf("Validate() = %v, want ok %v", err, tc.ok)
			}
		})
	}
}

// A corrected assessment (same ASN, competency and date, a newer
// _version) replaces the old one whatever the order the parts arrive in,
// read right after the import, before any merge.
func TestCompetencyCorrectionWins(t *testing.T) {
	db := warehousetest.Open(t)
	fixtureOrg(t, db)
	insertFxEmployees(t, db, []fxEmployee{{nip: "K1", class: "pelaksana", unit: "DUKCAPIL-PEL"}, {nip: "K2", class: "pelaksana", unit: "DUKCAPIL-PEL"}})
	// K1: version 1 below, then the correction (version 2) met.
	insertFxAssessments(t, db, 1, []fxAssessment{{"K1", "integritas", "Integritas", "manajerial", 2, 1, "2025-05-01"}})
	insertFxAssessments(t, db, 2, []fxAssessment{{"K1", "integritas", "Integritas", "manajerial", 2, 2, "2025-05-01"}})
	// K2: the correction (version 4, below) arrives before the old row (version 3, met).
	insertFxAssessments(t, db, 4, []fxAssessment{{"K2", "integritas", "Integritas", "manajerial", 2, 1, "2025-05-01"}})
	insertFxAssessments(t, db, 3, []fxAssessment{{"K2", "integritas", "Integritas", "manajerial", 2, 2, "2025-05-01"}})
	res, err := New(db, "").Competency(context.Background(), CompetencyQuery{By: ByAll, Year: 2025})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Groups) != 1 || len(res.Groups[0].Competencies) != 1 {
		t.Fatalf("%+v", res.Groups)
	}
	c := res.Groups[0].Competencies[0]
	if c.Assessed != 2 || c.Below != 1 || c.GapSum != 1 {
		t.Errorf("assessed %d below %d gap %d, want 2, 1 (K2 only), 1", c.Assessed, c.Below, c.GapSum)
	}
}
