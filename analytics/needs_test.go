package analytics

import (
	"context"
	"testing"

	"kinerja/warehouse"
	"kinerja/warehouse/warehousetest"
)

// needsFixture, for 2025, default weights (competency 0,30, jp_share 0,15,
// jp_deficit 0,10, predikat 0,25, service 0,20), service units from 30
// questionnaires, NRR target 3,0644:
//
//	DUKCAPIL-PEL  N1, N2. Pelayanan Publik: N1 below (1 < 2), N2 met → 1/2 = 0,5.
//	              JP: N1 20, N2 10 → 1/2 below = 0,5; shortfall 10 ÷ (2 × 20) = 0,25.
//	              SKP ANNUAL: N1 baik, N2 kurang → 1/2 = 0,5.
//	              SKM: 30 questionnaires, U6 all 2, U7 all 3 → NRR 2,00 and 3,00;
//	              service = ((3,0644 − 2) + (3,0644 − 3)) ÷ (3,0644 − 1) ÷ 2 = 0,27339…
//	              score = 100 × (0,3 × 0,5 + 0,15 × 0,5 + 0,1 × 0,25 + 0,25 × 0,5
//	                + 0,2 × 0,27339…) ÷ 1 = 42,9679… → 42,97
//	PKM-BINANGA   N3, N4, N5 without training, no assessment, no SKP; 10
//	              questionnaires (too few for a service unit).
//	              jp_share 1, jp_deficit 1 → 100 × (0,15 + 0,1) ÷ 0,25 = 100
//	PKM-TAMPA     N6 without training → 100 as well: ties share rank 1
//	PKM-KALUKKU   nobody → 0, no data
func needsFixture(t *testing.T, db warehouse.DB) {
	t.Helper()
	fixtureOrg(t, db)
	b, err := db.PrepareBatch(context.Background(), "units", []string{"unit_code", "unit_name", "agency_code", "kind", "kecamatan", "_version"})
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Append("PKM-TAMPA", "Puskesmas Tampa Padang", "DINKES", "puskesmas", "", uint64(1)); err != nil {
		t.Fatal(err)
	}
	if err := b.Send(); err != nil {
		t.Fatal(err)
	}
	insertFxEmployees(t, db, []fxEmployee{
		{nip: "N1", class: "pengawas", unit: "DUKCAPIL-PEL"},
		{nip: "N2", class: "pengawas", unit: "DUKCAPIL-PEL"},
		{nip: "N3", class: "fungsional", unit: "PKM-BINANGA"},
		{nip: "N4", class: "fungsional", unit: "PKM-BINANGA"},
		{nip: "N5", class: "fungsional", unit: "PKM-BINANGA"},
		{nip: "N6", class: "fungsional", unit: "PKM-TAMPA"},
	})
	insertFxAssessments(t, db, 1, []fxAssessment{
		{"N1", "pelayanan_publik", "Pelayanan Publik", "manajerial", 2, 1, "2025-04-01"},
		{"N2", "pelayanan_publik", "Pelayanan Publik", "manajerial", 2, 2, "2025-04-01"},
	})
	insertFxTrainings(t, db, 1, []fxTraining{
		{"A", "N1", "Bimtek SIAK", "teknis", "20", "2025-03-01", "2025-03-03"},
		{"B", "N2", "Literasi Digital", "elearning", "10", "2025-05-01", "2025-05-02"},
	})
	insertFxSKP(t, db, 1, []fxSKP{
		{"N1", "DUKCAPIL-PEL", 2025, "ANNUAL", "baik"},
		{"N2", "DUKCAPIL-PEL", 2025, "Q2", "baik"},
		{"N2", "DUKCAPIL-PEL", 2025, "ANNUAL", "kurang"},
	})
	var answers []answer
	for i := 0; i < 30; i++ {
		answers = append(answers, answer{"DUKCAPIL-PEL", wita(2025, 2, 1+i%28, 9, i), [9]uint8{3, 3, 3, 3, 3, 2, 3, 3, 3}})
	}
	for i := 0; i < 10; i++ {
		answers = append(answers, answer{"PKM-BINANGA", wita(2025, 3, 1+i, 9, 0), [9]uint8{4, 4, 4, 4, 4, 4, 4, 4, 4}})
	}
	insertAnswers(t, db, 1, answers)
}

func TestNeedsRanking(t *testing.T) {
	db := warehousetest.Open(t)
	needsFixture(t, db)
	svc := New(db, "")
	ctx := context.Background()

	res, err := svc.Needs(ctx, NeedsQuery{Year: 2025})
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		rank   int
		code   string
		score  Dec2
		noData bool
	}
	want := []row{{1, "PKM-BINANGA", 100, false}, {1, "PKM-TAMPA", 100, false}, {3, "DUKCAPIL-PEL", 42.97, false}, {4, "PKM-KALUKKU", 0, true}}
	if len(res.Units) != len(want) {
		t.Fatalf("%d units, want %d: %+v", len(res.Units), len(want), res.Units)
	}
	for i, w := range want {
		u := res.Units[i]
		if got := (row{u.Rank, u.Code, u.Score, u.NoData}); got != w {
			t.Errorf("row %d = %+v, want %+v", i, got, w)
		}
	}
	if res.Weights != defaultNeedsWeights || res.ServiceMinRespondents != 30 || res.ServiceNRRTarget != 3.0644 {
		t.Errorf("config in force: %+v %d %v", res.Weights, res.ServiceMinRespondents, res.ServiceNRRTarget)
	}

	d := res.Units[2]
	val := func(p *Dec4) any {
		if p == nil {
			return nil
		}
		return *p
	}
	for _, c := range []struct {
		name string
		got  any
		want any
	}{
		{"competency", val(d.Components.Competency), Dec4(0.5)},
		{"jp_share", val(d.Components.JPShare), Dec4(0.5)},
		{"jp_deficit", val(d.Components.JPDeficit), Dec4(0.25)},
		{"predikat", val(d.Components.Predikat), Dec4(0.5)},
		{"service", val(d.Components.Service), Dec4(0.2734)},
		{"nrr_u6", val(d.NRRU6), Dec4(2)},
		{"nrr_u7", val(d.NRRU7), Dec4(3)},
		{"figures", [8]uint64{d.Assessments, d.AssessmentsBelow, d.Employees, d.Below20JP, d.Evaluated, d.LowPredikat, d.Respondents, boolInt(d.Service)},
			[8]uint64{2, 1, 2, 1, 2, 1, 30, 1}},
		{"jp deficit mean", d.JPDeficitMean, Dec2(5)},
		{"mean gap", d.MeanGap, Dec4(0.5)},
	} {
		if c.got != c.want {
			t.Errorf("DUKCAPIL-PEL %s = %v, want %v", c.name, c.got, c.want)
		}
	}
	wantReasons := []NeedsReason{
		{"competency", "1 dari 2 ASN di bawah standar Pelayanan Publik", "1 of 2 ASN below the standard in Pelayanan Publik"},
		{"predikat", "1 dari 2 ASN berpredikat kinerja di bawah Baik", "1 of 2 ASN rated below Baik"},
		{"jp_share", "1 dari 2 ASN belum mencapai 20 JP", "1 of 2 ASN below 20 JP"},
	}
	if len(d.Reasons) != len(wantReasons) {
		t.Fatalf("reasons %+v, want %+v", d.Reasons, wantReasons)
	}
	for i := range wantReasons {
		if d.Reasons[i] != wantReasons[i] {
			t.Errorf("reason %d = %+v, want %+v", i, d.Reasons[i], wantReasons[i])
		}
	}

	b := res.Units[0]
	if b.Components.Competency != nil || b.Components.Predikat != nil || b.Components.Service != nil || b.Service || b.Respondents != 10 {
		t.Errorf("PKM-BINANGA: only JP has data, 10 respondents are no service unit: %+v", b)
	}
	if len(b.Reasons) != 2 || b.Reasons[0].ID != "3 dari 3 ASN belum mencapai 20 JP" || b.Reasons[1].ID != "rata-rata kurang 20,00 JP per ASN" {
		t.Errorf("PKM-BINANGA reasons %+v", b.Reasons)
	}
	if k := res.Units[3]; len(k.Reasons) != 1 || k.Reasons[0].EN != "no competency, JP, SKP or SKM data this year" {
		t.Errorf("PKM-KALUKKU reasons %+v", k.Reasons)
	}
}

func boolInt(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

func TestNeedsConfigured(t *testing.T) {
	db := warehousetest.Open(t)
	needsFixture(t, db)
	svc := New(db, "")
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		q     NeedsQuery
		cfg   NeedsConfig
		codes []string
		ranks []int
		score []Dec2
		first []string // reason components of the first row
	}{
		{
			name: "service units from 10 questionnaires; U6/U7 of 4,00 add nothing",
			q:    NeedsQuery{Year: 2025, Agency: "DINKES"},
			cfg:  NeedsConfig{ServiceMinRespondents: 10, TopReasons: 1},
			// PKM-BINANGA: 100 × (0,15 + 0,1 + 0) ÷ 0,45 = 55,56; PKM-TAMPA stays 100
			codes: []string{"PKM-TAMPA", "PKM-BINANGA", "PKM-KALUKKU"}, ranks: []int{1, 2, 3}, score: []Dec2{100, 55.56, 0},
			first: []string{"jp_share"},
		},
		{
			name: "predikat alone: units without SKP score 0 but are not without data",
			q:    NeedsQuery{Year: 2025},
			cfg:  NeedsConfig{Weights: NeedsWeights{Predikat: 1}},
			// DUKCAPIL-PEL 50; the others 0, tied at rank 2
			codes: []string{"DUKCAPIL-PEL", "PKM-BINANGA", "PKM-KALUKKU", "PKM-TAMPA"}, ranks: []int{1, 2, 2, 2}, score: []Dec2{50, 0, 0, 0},
			first: []string{"predikat"},
		},
		{
			name:  "a scope cannot be widened by the agency filter",
			q:     NeedsQuery{Year: 2025, Agency: "DINKES", Scope: Scope{Agency: "DUKCAPIL"}},
			codes: nil,
		},
		{
			name:  "scope of one unit",
			q:     NeedsQuery{Year: 2025, Scope: Scope{Unit: "DUKCAPIL-PEL"}},
			codes: []string{"DUKCAPIL-PEL"}, ranks: []int{1}, score: []Dec2{42.97},
			first: []string{"competency", "predikat", "jp_share"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svc.Config.Needs = tc.cfg
			res, err := svc.Needs(ctx, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Units) != len(tc.codes) {
				t.Fatalf("%d units, want %v: %+v", len(res.Units), tc.codes, res.Units)
			}
			for i, u := range res.Units {
				if u.Code != tc.codes[i] || u.Rank != tc.ranks[i] || u.Score != tc.score[i] {
					t.Errorf("row %d = %d %s %v, want %d %s %v", i, u.Rank, u.Code, u.Score, tc.ranks[i], tc.codes[i], tc.score[i])
				}
			}
			if len(res.Units) > 0 {
				var got []string
				for _, r := range res.Units[0].Reasons {
					got = append(got, r.Component)
				}
				if len(got) != len(tc.first) {
					t.Fatalf("reasons %v, want %v", got, tc.first)
				}
				for i := range got {
					if got[i] != tc.first[i] {
						t.Errorf("reasons %v, want %v", got, tc.first)
					}
				}
			}
		})
	}
	for _, bad := range []NeedsConfig{
		{Weights: NeedsWeights{Competency: -1}},
		{ServiceNRRTarget: 5},
		{TopReasons: -1},
	} {
		if err := bad.Validate(); err == nil {
			t.Errorf("Validate(%+v) = nil, want an error", bad)
		}
	}
}
