package analytics

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"kinerja/warehouse"
	"kinerja/warehouse/warehousetest"
)

// ipasnFixture, measured for 2025 with the default instrument
// (Kualifikasi S3 25, S2 20, S1/D4 15, D3 10, D1/D2/SMA 5; Kompetensi
// leadership 15, functional 15, technical ≥ 20 JP 15, seminar 5, cap 40;
// Kinerja sangat_baik 30, baik 25, butuh_perbaikan 15; Disiplin 5):
//
//	P1 pengawas S2, DUKCAPIL-PEL: PKP (2019) 15 + teknis 20 JP 15 + seminar 5
//	   (his functional training does not match a pengawas) = 35;
//	   ANNUAL sangat_baik (Q4 baik is not the annual) 30
//	   → 20 + 35 + 30 + 5 = 90 Tinggi (one short of Sangat Tinggi)
//	P2 Perawat Ahli Muda S3, PKM-BINANGA: functional 15 + e-learning 12 and
//	   teknis 8 = 20 JP 15 + workshop 5 (a PKN II does not match a
//	   fungsional) = 35; no ANNUAL, latest quarter Q3 sangat_baik 30
//	   → 25 + 35 + 30 + 5 = 95 Sangat Tinggi
//	P3 administrator S2, PKM-BINANGA: Diklatpim Tingkat III 15 + teknis 40 JP
//	   15 + seminar 5 = 35 (+ a functional training) ; ANNUAL baik 25
//	   → 20 + 35 + 25 + 5 = 85 Tinggi; 90 when administrators' functional
//	   training counts too: 15 + 15 + 15 + 5 = 50, capped at 40
//	P4 pelaksana SMA, DUKCAPIL-PEL: teknis 19,5 JP (short), a 2024 seminar
//	   (outside the window); ANNUAL butuh_perbaikan 15
//	   → 5 + 0 + 15 + 5 = 25 Sangat Rendah
//	P5 pelaksana D3, DUKCAPIL-PEL: teknis 20,00 JP 15 + kursus 5 = 20; no SKP
//	   → 10 + 20 + 0 + 5 = 35 Sangat Rendah
//	P6 PPPK: not measured (the instrument measures PNS)
func ipasnFixture(t *testing.T, db warehouse.DB) {
	t.Helper()
	fixtureOrg(t, db)
	insertFxEmployees(t, db, []fxEmployee{
		{nip: "P1", name: "Andi", class: "pengawas", position: "Kepala Seksi", education: "S2", unit: "DUKCAPIL-PEL"},
		{nip: "P2", name: "Besse", class: "fungsional", position: "Perawat Ahli Muda", education: "S3", unit: "PKM-BINANGA"},
		{nip: "P3", name: "Citra", class: "administrator", position: "Kepala Puskesmas", education: "S2", unit: "PKM-BINANGA"},
		{nip: "P4", name: "Daeng", class: "pelaksana", position: "Pengadministrasi", education: "SMA", unit: "DUKCAPIL-PEL"},
		{nip: "P5", name: "Ella", class: "pelaksana", position: "Pengelola Data", education: "D3", unit: "DUKCAPIL-PEL"},
		{nip: "P6", name: "Fajar", typ: "PPPK", class: "pelaksana", position: "Operator", education: "S1", unit: "DUKCAPIL-PEL"},
	})
	insertFxTrainings(t, db, 1, []fxTraining{
		{"L1", "P1", "Pelatihan Kepemimpinan Pengawas (PKP)", "kepemimpinan", "180", "2019-03-01", "2019-06-01"},
		{"T1", "P1", "Bimtek SIAK", "teknis", "20", "2025-03-01", "2025-03-03"},
		{"S1", "P1", "Seminar Pelayanan Publik", "seminar", "6", "2025-04-01", "2025-04-01"},
		{"F1", "P1", "Diklat Fungsional Arsiparis", "fungsional", "40", "2021-04-01", "2021-04-05"},
		{"F2", "P2", "Diklat Penjenjangan Perawat", "fungsional", "60", "2022-04-01", "2022-04-08"},
		{"E1", "P2", "Tata Laksana TBC", "elearning", "12", "2025-05-01", "2025-05-03"},
		{"T2", "P2", "Gizi Buruk", "teknis", "8", "2025-07-01", "2025-07-01"},
		{"W1", "P2", "Workshop SP4N-LAPOR!", "workshop", "8", "2025-08-01", "2025-08-01"},
		{"L2", "P2", "Pelatihan Kepemimpinan Nasional Tingkat II (PKN II)", "kepemimpinan", "260", "2024-01-01", "2024-04-01"},
		{"L3", "P3", "Diklatpim Tingkat III", "kepemimpinan", "220", "2015-01-01", "2015-04-01"},
		{"F3", "P3", "Diklat Fungsional Penyuluh", "fungsional", "40", "2012-01-01", "2012-01-10"},
		{"T3", "P3", "BTCLS", "teknis", "40", "2025-02-01", "2025-02-05"},
		{"S2", "P3", "Seminar Nasional", "seminar", "6", "2025-10-01", "2025-10-01"},
		{"T4", "P4", "Arsip Dinamis", "teknis", "19.5", "2025-03-01", "2025-03-03"},
		{"S3", "P4", "Seminar Nasional", "seminar", "6", "2024-10-01", "2024-10-01"},
		{"T5", "P5", "SIAK Terpusat", "teknis", "20.00", "2025-03-01", "2025-03-03"},
		{"K1", "P5", "Kursus Bahasa Inggris", "kursus", "40", "2025-06-01", "2025-07-01"},
		{"T6", "P6", "SIAK Terpusat", "teknis", "24", "2025-03-01", "2025-03-03"},
	})
	insertFxSKP(t, db, 1, []fxSKP{
		{"P1", "DUKCAPIL-PEL", 2025, "Q4", "baik"},
		{"P1", "DUKCAPIL-PEL", 2025, "ANNUAL", "sangat_baik"},
		{"P2", "PKM-BINANGA", 2025, "Q1", "baik"},
		{"P2", "PKM-BINANGA", 2025, "Q3", "sangat_baik"},
		{"P3", "PKM-BINANGA", 2025, "ANNUAL", "baik"},
		{"P3", "PKM-BINANGA", 2024, "ANNUAL", "sangat_kurang"},
		{"P4", "DUKCAPIL-PEL", 2025, "ANNUAL", "butuh_perbaikan"},
		{"P6", "DUKCAPIL-PEL", 2025, "ANNUAL", "baik"},
	})
}

func TestIPASN(t *testing.T) {
	db := warehousetest.Open(t)
	ipasnFixture(t, db)
	svc := New(db, "Kabupaten Mamuju")
	ctx := context.Background()

	type group struct {
		code                 string
		n                    uint64
		score                Dec2
		category             string
		kual, komp, kin, dis Dec2
		counts               IPASNCounts
		noSKP                uint64
	}
	for _, tc := range []struct {
		name   string
		q      IPASNQuery
		config IPASNConfig
		want   []group
	}{
		{
			name: "per unit, best first",
			q:    IPASNQuery{By: ByUnit, Year: 2025},
			want: []group{
				// (95 + 85) ÷ 2 = 90; Kualifikasi (25 + 20) ÷ 2, Kinerja (30 + 25) ÷ 2
				{"PKM-BINANGA", 2, 90, "tinggi", 22.5, 35, 27.5, 5, IPASNCounts{SangatTinggi: 1, Tinggi: 1}, 0},
				// (90 + 25 + 35) ÷ 3 = 50; (20 + 5 + 10) ÷ 3 = 11,67; (35 + 0 + 20) ÷ 3 = 18,33; (30 + 15 + 0) ÷ 3 = 15
				{"DUKCAPIL-PEL", 3, 50, "sangat_rendah", 11.67, 18.33, 15, 5, IPASNCounts{Tinggi: 1, SangatRendah: 2}, 1},
			},
		},
		{
			name: "whole Pemda: 330 ÷ 5 = 66 Rendah",
			q:    IPASNQuery{By: ByAll, Year: 2025},
			want: []group{{"ALL", 5, 66, "rendah", 16, 25, 20, 5, IPASNCounts{SangatTinggi: 1, Tinggi: 2, SangatRendah: 2}, 1}},
		},
		{
			name:   "Kompetensi capped at 40: administrators' functional training counts too",
			q:      IPASNQuery{By: ByUnit, Year: 2025, Unit: "PKM-BINANGA"},
			config: IPASNConfig{Kompetensi: IPASNKompetensi{FunctionalClasses: []string{"fungsional", "administrator"}}},
			// P3: 20 + 40 + 25 + 5 = 90; mean (95 + 90) ÷ 2 = 92,5 Sangat Tinggi
			want: []group{{"PKM-BINANGA", 2, 92.5, "sangat_tinggi", 22.5, 37.5, 27.5, 5, IPASNCounts{SangatTinggi: 1, Tinggi: 1}, 0}},
		},
		{
			name:   "configured instrument: PPPK too, Disiplin left out, SMA 1",
			q:      IPASNQuery{By: ByAgency, Year: 2025, Agency: "DUKCAPIL"},
			config: IPASNConfig{Types: []string{"PNS", "PPPK"}, Kualifikasi: map[string]float64{"SMA": 1}, DisiplinWithoutData: new(float64)},
			// P1 85, P4 1 + 0 + 15 = 16, P5 30, P6 S1 15 + teknis 24 JP 15 + baik 25 = 55 → 186 ÷ 4 = 46,5;
			// Kualifikasi (20 + 1 + 10 + 15) ÷ 4 = 11,5; Kompetensi (35 + 0 + 20 + 15) ÷ 4 = 17,5;
			// Kinerja (30 + 15 + 0 + 25) ÷ 4 = 17,5
			want: []group{{"DUKCAPIL", 4, 46.5, "sangat_rendah", 11.5, 17.5, 17.5, 0, IPASNCounts{Tinggi: 1, SangatRendah: 3}, 1}},
		},
		{
			name: "technical training of 2024 does not count in 2025; a scope cannot be widened",
			q:    IPASNQuery{By: ByUnit, Year: 2025, Agency: "DINKES", Scope: Scope{Unit: "DUKCAPIL-PEL"}},
			want: nil,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svc.Config.IPASN = tc.config
			res, err := svc.IPASN(ctx, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if res.PersonalData || res.ASN != nil {
				t.Errorf("aggregate view carries personal data: %v %+v", res.PersonalData, res.ASN)
			}
			if len(res.Groups) != len(tc.want) {
				t.Fatalf("%d groups, want %d: %+v", len(res.Groups), len(tc.want), res.Groups)
			}
			for i, w := range tc.want {
				g := res.Groups[i]
				got := group{g.Code, g.Employees, g.Score, g.Category, g.Kualifikasi, g.Kompetensi, g.Kinerja, g.Disiplin, g.Counts, g.NoSKP}
				if got != w {
					t.Errorf("group %d = %+v\nwant      %+v", i, got, w)
				}
			}
		})
	}
}

func TestIPASNPerASN(t *testing.T) {
	db := warehousetest.Open(t)
	ipasnFixture(t, db)
	svc := New(db, "")
	ctx := context.Background()

	res, err := svc.IPASN(ctx, IPASNQuery{By: ByUnit, Year: 2025, Detail: true})
	if err != nil {
		t.Fatal(err)
	}
	if !res.PersonalData || len(res.ASN) != 5 {
		t.Fatalf("personal_data %v, %d ASN, want true and 5 (PNS only)", res.PersonalData, len(res.ASN))
	}
	want := map[string]struct {
		name                        string
		kual, komp, kin, dis, score Dec2
		category                    string
		items                       IPASNKompetensiDetail
	}{
		"P1": {"Andi", 20, 35, 30, 5, 90, "tinggi", IPASNKompetensiDetail{Leadership: true, Technical: true, TechnicalJP: 20, Seminar: true}},
		"P2": {"Besse", 25, 35, 30, 5, 95, "sangat_tinggi", IPASNKompetensiDetail{Functional: true, Technical: true, TechnicalJP: 20, Seminar: true}},
		"P3": {"Citra", 20, 35, 25, 5, 85, "tinggi", IPASNKompetensiDetail{Leadership: true, Technical: true, TechnicalJP: 40, Seminar: true}},
		"P4": {"Daeng", 5, 0, 15, 5, 25, "sangat_rendah", IPASNKompetensiDetail{TechnicalJP: 19.5}},
		"P5": {"Ella", 10, 20, 0, 5, 35, "sangat_rendah", IPASNKompetensiDetail{Technical: true, TechnicalJP: 20, Seminar: true}},
	}
	for _, a := range res.ASN {
		w, ok := want[a.NIP]
		if !ok {
			t.Errorf("unexpected ASN %s", a.NIP)
			continue
		}
		if a.Name != w.name || a.Kualifikasi != w.kual || a.Kompetensi != w.komp || a.Kinerja != w.kin || a.Disiplin != w.dis ||
			a.Score != w.score || a.Category != w.category || a.Items != w.items {
			t.Errorf("%s = %+v, want %+v", a.NIP, a, w)
		}
	}

	one, err := svc.IPASN(ctx, IPASNQuery{By: ByAll, Year: 2025, NIP: "P3"})
	if err != nil {
		t.Fatal(err)
	}
	if !one.PersonalData || len(one.ASN) != 1 || one.ASN[0].NIP != "P3" || one.ASN[0].Predikat != "baik" ||
		len(one.Groups) != 1 || one.Groups[0].Employees != 1 || one.Groups[0].Score != 85 {
		t.Errorf("--nip P3: %+v", one)
	}

	agg, err := svc.IPASN(ctx, IPASNQuery{By: ByUnit, Year: 2025})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(agg)
	for _, leak := range []string{"P1", "Andi", `"nip"`, `"asn"`} {
		if strings.Contains(string(b), leak) {
			t.Errorf("aggregate JSON contains %s: %s", leak, b)
		}
	}
	if !strings.Contains(string(b), `"personal_data":false`) {
		t.Errorf("aggregate JSON lacks personal_data false: %s", b)
	}
}

func TestIPASNCategoryBoundaries(t *testing.T) {
	for _, tc := range []struct {
		score float64
		want  string
	}{
		{100, "sangat_tinggi"}, {91, "sangat_tinggi"}, {90.99, "tinggi"}, {90.5, "tinggi"}, {90, "tinggi"},
		{81, "tinggi"}, {80.99, "sedang"}, {80, "sedang"}, {71, "sedang"}, {70.5, "rendah"}, {70, "rendah"},
		{61, "rendah"}, {60.99, "sangat_rendah"}, {60, "sangat_rendah"}, {0, "sangat_rendah"},
	} {
		if got, _, _ := IPASNCategory(tc.score); got != tc.want {
			t.Errorf("IPASNCategory(%v) = %s, want %s", tc.score, got, tc.want)
		}
	}
}

func TestIPASNKompetensiCap(t *testing.T) {
	ins, err := IPASNConfig{Kompetensi: IPASNKompetensi{FunctionalClasses: []string{"pengawas"}}}.instrument()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		f      ipasnFacts
		komp   Dec2
		capped bool
	}{
		{"all four items: 15 + 15 + 15 + 5 = 50 → 40", ipasnFacts{class: "pengawas", leadership: []string{"PKP Angkatan II"}, functional: 1, technicalJP: decimalOf("20"), seminars: 2}, 40, true},
		{"three items: 45 → 40", ipasnFacts{class: "pengawas", leadership: []string{"PKP"}, functional: 1, technicalJP: decimalOf("20")}, 40, true},
		{"two items and a seminar: 15 + 15 + 5 = 35, not capped", ipasnFacts{class: "pengawas", leadership: []string{"PKP"}, functional: 1, seminars: 1}, 35, false},
		{"19,5 JP is not 20", ipasnFacts{class: "pengawas", technicalJP: decimalOf("19.5")}, 0, false},
		{"20,00 JP is", ipasnFacts{class: "pengawas", technicalJP: decimalOf("20.00")}, 15, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc, _ := ins.score(tc.f)
			if sc.Kompetensi != tc.komp || sc.Items.Capped != tc.capped {
				t.Errorf("kompetensi %v capped %v, want %v %v", sc.Kompetensi, sc.Items.Capped, tc.komp, tc.capped)
			}
		})
	}
}

func TestContainsPhrase(t *testing.T) {
	for _, tc := range []struct {
		text, phrase string
		want         bool
	}{
		{"Pelatihan Kepemimpinan Nasional Tingkat II", "Kepemimpinan Nasional Tingkat II", true},
		{"Pelatihan Kepemimpinan Nasional Tingkat II", "Kepemimpinan Nasional Tingkat I", false},
		{"Diklatpim Tingkat III angkatan 5", "Diklatpim Tingkat III", true},
		{"Diklatpim Tingkat III", "Diklatpim Tingkat II", false},
		{"PKN I (2020)", "PKN I", true},
		{"pkp", "PKP", true},
		{"PKPA", "PKP", false},
		{"Pelatihan Kepemimpinan Pengawas (PKP)", "PKP", true},
		{"anything", "", false},
	} {
		if got := containsPhrase(tc.text, tc.phrase); got != tc.want {
			t.Errorf("containsPhrase(%q, %q) = %v, want %v", tc.text, tc.phrase, got, tc.want)
		}
	}
}

func TestIPASNAssumptions(t *testing.T) {
	full := IPASNConfig{
		Kualifikasi: map[string]float64{"S1": 15, "D4": 15, "D3": 10, "D2": 5, "D1": 5, "SMA": 5, "SMP": 1, "SD": 1},
		Kompetensi: IPASNKompetensi{Seminar: 5, TechnicalKinds: []string{"teknis"}, FunctionalClasses: []string{"fungsional"},
			LeadershipTitles: map[string][]string{"pengawas": {"PKP"}, "administrator": {"PKA"}, "jpt_pratama": {"PKN II"}, "jpt_madya": {"PKN I"}}},
		Kinerja:             map[string]float64{"sangat_baik": 30, "baik": 25, "butuh_perbaikan": 15, "kurang": 5, "sangat_kurang": 1},
		DisiplinWithoutData: new(float64),
	}
	for _, tc := range []struct {
		name string
		c    IPASNConfig
		keys []string
	}{
		{"defaults name every assumption", IPASNConfig{}, []string{"kualifikasi", "kompetensi.seminar", "kompetensi.technical_kinds",
			"kompetensi.leadership_titles", "kompetensi.functional_classes", "kinerja", "disiplin_without_data"}},
		{"a fully configured instrument assumes nothing", full, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ins, err := tc.c.instrument()
			if err != nil {
				t.Fatal(err)
			}
			var keys []string
			for _, a := range ins.assumptions {
				keys = append(keys, a.Key)
				if a.ID == "" || a.EN == "" || a.Value == "" {
					t.Errorf("assumption %+v lacks words", a)
				}
			}
			if strings.Join(keys, ",") != strings.Join(tc.keys, ",") {
				t.Errorf("assumptions %v, want %v", keys, tc.keys)
			}
		})
	}
	ins, _ := IPASNConfig{Kualifikasi: map[string]float64{"S1": 16}}.instrument()
	if ins.assumptions[0].Value != "D4 15, D3 10, D2 5, D1 5, SMA 5, SMP 1, SD 1" {
		t.Errorf("kualifikasi assumption %q", ins.assumptions[0].Value)
	}
	for _, bad := range []IPASNConfig{
		{Kinerja: map[string]float64{"istimewa": 30}},
		{Kualifikasi: map[string]float64{"S1": -1}},
		{Kompetensi: IPASNKompetensi{WindowYears: -1}},
	} {
		if err := bad.Validate(); err == nil {
			t.Errorf("Validate(%+v) = nil, want an error", bad)
		}
	}
}
