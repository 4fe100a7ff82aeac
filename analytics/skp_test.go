package analytics

import (
	"context"
	"fmt"
	"math/big"
	"strings"
	"testing"

	"kinerja/warehouse"
	"kinerja/warehouse/warehousetest"
)

// predCounts builds a distribution: sangat baik, baik, butuh perbaikan, kurang,
// sangat kurang.
func predCounts(sb, b, bp, k, sk uint64) PredikatCounts {
	return PredikatCounts{SangatBaik: sb, Baik: b, ButuhPerbaikan: bp, Kurang: k, SangatKurang: sk}
}

// Every clause of every organisation predikat, at its boundary: the last
// allowed count and the first one that breaks the pattern, computed by hand.
func TestCheckPatternBoundaries(t *testing.T) {
	for _, tc := range []struct {
		name string
		org  string
		c    PredikatCounts
		want []string // violations in Bahasa Indonesia; nil = pattern kept
	}{
		// Istimewa: at most 70 % Sangat Baik. 70 % of 10 is 7.
		{"istimewa 7 of 10 sangat baik", OrgIstimewa, predCounts(7, 3, 0, 0, 0), nil},
		{"istimewa 8 of 10 sangat baik", OrgIstimewa, predCounts(8, 2, 0, 0, 0),
			[]string{"Sangat Baik 80 % (8 dari 10 ASN) melebihi batas 70 % untuk organisasi berpredikat Istimewa"}},
		// 70 % of 7 is 4,9: four is the most allowed.
		{"istimewa 4 of 7 sangat baik", OrgIstimewa, predCounts(4, 3, 0, 0, 0), nil},
		{"istimewa 5 of 7 sangat baik", OrgIstimewa, predCounts(5, 2, 0, 0, 0),
			[]string{"Sangat Baik 71,4 % (5 dari 7 ASN) melebihi batas 70 % untuk organisasi berpredikat Istimewa"}},
		{"istimewa everyone baik", OrgIstimewa, predCounts(0, 10, 0, 0, 0), nil},

		// Baik: at most 70 % Baik, and at least one Butuh Perbaikan or Kurang.
		{"baik 7 of 10 baik, one butuh perbaikan", PredikatBaik, predCounts(2, 7, 1, 0, 0), nil},
		{"baik 7 of 10 baik, one kurang only", PredikatBaik, predCounts(2, 7, 0, 1, 0), nil},
		{"baik 8 of 10 baik", PredikatBaik, predCounts(1, 8, 1, 0, 0),
			[]string{"Baik 80 % (8 dari 10 ASN) melebihi batas 70 % untuk organisasi berpredikat Baik"}},
		{"baik without butuh perbaikan or kurang", PredikatBaik, predCounts(3, 7, 0, 0, 0),
			[]string{"Tidak ada ASN berpredikat Butuh Perbaikan atau Kurang/Misconduct (0 dari 10 ASN), padahal organisasi berpredikat Baik harus memilikinya"}},
		{"baik: sangat kurang does not count as some", PredikatBaik, predCounts(3, 6, 0, 0, 1),
			[]string{"Tidak ada ASN berpredikat Butuh Perbaikan atau Kurang/Misconduct (0 dari 10 ASN), padahal organisasi berpredikat Baik harus memilikinya"}},
		{"baik everyone baik breaks both", PredikatBaik, predCounts(0, 10, 0, 0, 0), []string{
			"Baik 100 % (10 dari 10 ASN) melebihi batas 70 % untuk organisasi berpredikat Baik",
			"Tidak ada ASN berpredikat Butuh Perbaikan atau Kurang/Misconduct (0 dari 10 ASN), padahal organisasi berpredikat Baik harus memilikinya"}},

		// Butuh Perbaikan: at least 60 % Butuh Perbaikan, at most 10 % Sangat Baik.
		{"butuh perbaikan 6 of 10", PredikatButuhPerbaikan, predCounts(1, 3, 6, 0, 0), nil},
		{"butuh perbaikan 5 of 10", PredikatButuhPerbaikan, predCounts(1, 4, 5, 0, 0),
			[]string{"Butuh Perbaikan 50 % (5 dari 10 ASN) kurang dari batas minimal 60 % untuk organisasi berpredikat Butuh Perbaikan"}},
		{"butuh perbaikan 2 of 20 sangat baik", PredikatButuhPerbaikan, predCounts(2, 6, 12, 0, 0), nil},
		{"butuh perbaikan 3 of 20 sangat baik", PredikatButuhPerbaikan, predCounts(3, 5, 12, 0, 0),
			[]string{"Sangat Baik 15 % (3 dari 20 ASN) melebihi batas 10 % untuk organisasi berpredikat Butuh Perbaikan"}},

		// Kurang: at least 60 % Kurang, at least 10 % Butuh Perbaikan, at most 10 % Sangat Baik.
		{"kurang 12 of 20, 2 butuh perbaikan, 2 sangat baik", PredikatKurang, predCounts(2, 4, 2, 12, 0), nil},
		{"kurang 11 of 20", PredikatKurang, predCounts(2, 5, 2, 11, 0),
			[]string{"Kurang/Misconduct 55 % (11 dari 20 ASN) kurang dari batas minimal 60 % untuk organisasi berpredikat Kurang"}},
		{"kurang 1 of 20 butuh perbaikan", PredikatKurang, predCounts(2, 5, 1, 12, 0),
			[]string{"Butuh Perbaikan 5 % (1 dari 20 ASN) kurang dari batas minimal 10 % untuk organisasi berpredikat Kurang"}},
		{"kurang 3 of 20 sangat baik", PredikatKurang, predCounts(3, 3, 2, 12, 0),
			[]string{"Sangat Baik 15 % (3 dari 20 ASN) melebihi batas 10 % untuk organisasi berpredikat Kurang"}},

		// Sangat Kurang: at least 60 % Sangat Kurang, at least 10 % Kurang
		// and/or Butuh Perbaikan, no Sangat Baik.
		{"sangat kurang 6 of 10, one kurang", PredikatSangatKurang, predCounts(0, 3, 0, 1, 6), nil},
		{"sangat kurang 6 of 10, one butuh perbaikan", PredikatSangatKurang, predCounts(0, 3, 1, 0, 6), nil},
		{"sangat kurang 5 of 10", PredikatSangatKurang, predCounts(0, 4, 1, 0, 5),
			[]string{"Sangat Kurang 50 % (5 dari 10 ASN) kurang dari batas minimal 60 % untuk organisasi berpredikat Sangat Kurang"}},
		{"sangat kurang without kurang or butuh perbaikan", PredikatSangatKurang, predCounts(0, 4, 0, 0, 6),
			[]string{"Kurang/Misconduct atau Butuh Perbaikan 0 % (0 dari 10 ASN) kurang dari batas minimal 10 % untuk organisasi berpredikat Sangat Kurang"}},
		{"sangat kurang one sangat baik", PredikatSangatKurang, predCounts(1, 1, 1, 1, 6),
			[]string{"Sangat Baik 10 % (1 dari 10 ASN), padahal organisasi berpredikat Sangat Kurang tidak boleh memiliki ASN berpredikat Sangat Baik"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			chk := CheckPattern(tc.org, tc.c)
			if chk.OK == nil {
				t.Fatalf("OK is null for a known predikat and %d ASN", tc.c.Total())
			}
			if *chk.OK != (tc.want == nil) {
				t.Errorf("OK = %v, want %v (violations %q)", *chk.OK, tc.want == nil, chk.Violations)
			}
			if fmt.Sprintf("%q", chk.Violations) != fmt.Sprintf("%q", append([]string{}, tc.want...)) {
				t.Errorf("violations\n got %q\nwant %q", chk.Violations, tc.want)
			}
			if len(chk.ViolationsEN) != len(chk.Violations) {
				t.Errorf("%d English violations for %d Indonesian", len(chk.ViolationsEN), len(chk.Violations))
			}
		})
	}
}

func TestCheckPatternNothingToJudge(t *testing.T) {
	for _, tc := range []struct {
		name string
		org  string
		c    PredikatCounts
	}{
		{"no evaluated ASN", PredikatBaik, predCounts(0, 0, 0, 0, 0)},
		{"unknown organisation predikat", "luar_biasa", predCounts(1, 2, 3, 0, 0)},
		{"no organisation predikat", "", predCounts(1, 2, 3, 0, 0)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			chk := CheckPattern(tc.org, tc.c)
			if chk.OK != nil || len(chk.Violations) != 0 || chk.Violations == nil {
				t.Errorf("got OK=%v violations=%#v, want null and an empty list", chk.OK, chk.Violations)
			}
		})
	}
}

func TestViolationEnglish(t *testing.T) {
	chk := CheckPattern(OrgIstimewa, predCounts(8, 2, 0, 0, 0))
	if want := "Sangat Baik 80% (8 of 10 ASN) exceeds the maximum of 70% for an organisation rated Istimewa"; len(chk.ViolationsEN) != 1 || chk.ViolationsEN[0] != want {
		t.Errorf("English = %q, want %q", chk.ViolationsEN, want)
	}
}

func TestFormatPct(t *testing.T) {
	for _, tc := range []struct {
		x, n   uint64
		limit  int64
		id, en string
	}{
		{8, 10, 70, "80 %", "80%"},
		{5, 7, 70, "71,4 %", "71.4%"},
		{1, 3, 10, "33,3 %", "33.3%"},
		// 1751/2500 = 70,04 %: one decimal would print the limit itself.
		{1751, 2500, 70, "70,04 %", "70.04%"},
		// 5999/10000 = 59,99 % just under 60: two decimals.
		{5999, 10000, 60, "59,99 %", "59.99%"},
		{0, 10, 10, "0 %", "0%"},
	} {
		id, en := formatPct(tc.x, tc.n, big.NewRat(tc.limit, 1))
		if id != tc.id || en != tc.en {
			t.Errorf("formatPct(%d, %d) = %q %q, want %q %q", tc.x, tc.n, id, en, tc.id, tc.en)
		}
	}
}

func TestParseSKPPeriod(t *testing.T) {
	for in, want := range map[string]string{"": "ANNUAL", "annual": "ANNUAL", "Q1": "Q1", "q4": "Q4"} {
		if got, err := ParseSKPPeriod(in); err != nil || got != want {
			t.Errorf("ParseSKPPeriod(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"Q5", "2025", "tahunan"} {
		if _, err := ParseSKPPeriod(in); err == nil {
			t.Errorf("ParseSKPPeriod(%q) accepted", in)
		}
	}
}

// skpRow is one evaluation for insertSKP.
type skpRow struct {
	nip, unit      string
	year           uint16
	period, predik string
}

func insertSKP(t *testing.T, db warehouse.DB, version uint64, rows []skpRow) {
	t.Helper()
	b, err := db.PrepareBatch(context.Background(), "skp_evaluations",
		[]string{"nip", "unit_code", "year", "period", "hasil_kerja", "perilaku_kerja", "predikat", "evaluator_nip", "_version"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if err := b.Append(r.nip, r.unit, r.year, r.period, "", "", r.predik, "", version); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Send(); err != nil {
		t.Fatal(err)
	}
}

// skpEvaluations gives the ASN of a unit the predikat listed, in order, with
// NIPs unit-01, unit-02, …
func skpEvaluations(unit string, year uint16, period string, predikat ...string) []skpRow {
	var out []skpRow
	for i, p := range predikat {
		out = append(out, skpRow{fmt.Sprintf("%s-%02d", unit, i+1), unit, year, period, p})
	}
	return out
}

func skpRepeat(p string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = p
	}
	return out
}

func insertRatings(t *testing.T, db warehouse.DB, version uint64, year uint16, ratings map[string]string) {
	t.Helper()
	b, err := db.PrepareBatch(context.Background(), "organisation_ratings", []string{"agency_code", "year", "predikat", "_version"})
	if err != nil {
		t.Fatal(err)
	}
	for a, p := range ratings {
		if err := b.Append(a, year, p, version); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Send(); err != nil {
		t.Fatal(err)
	}
}

// fixtureSKP: 2025, ANNUAL unless said otherwise.
//
//	DUKCAPIL (Istimewa)  DUKCAPIL-PEL  10 ASN: 8 sangat baik, 2 baik (v1);
//	                     v2 corrects DUKCAPIL-PEL-01 to baik → 7 / 3: kept.
//	DINKES (Baik)        PKM-BINANGA    6 ASN: 1 sangat baik, 5 baik
//	                     PKM-KALUKKU    4 ASN: 3 baik, 1 kurang
//	                     OPD: 1 / 8 / 0 / 1 / 0 → Baik 80 % > 70 %: broken.
//	                     Q1 2025: PKM-BINANGA 2 ASN sangat kurang.
//	BAPPEDA (no rating)  BAPPEDA-REN    2 ASN: 1 baik, 1 butuh perbaikan
//	                     DINKES is rated Istimewa for 2024 (no 2024 SKP rows).
func fixtureSKP(t *testing.T, db warehouse.DB) {
	t.Helper()
	fixtureOrg(t, db)
	ctx := context.Background()
	if err := db.Exec(ctx, "INSERT INTO agencies (agency_code, agency_name, _version) SELECT 'BAPPEDA', 'Bappeda', 1", nil); err != nil {
		t.Fatal(err)
	}
	if err := db.Exec(ctx, "INSERT INTO units (unit_code, unit_name, agency_code, kind, kecamatan, _version) SELECT 'BAPPEDA-REN', 'Bidang Perencanaan', 'BAPPEDA', 'badan', '', 1", nil); err != nil {
		t.Fatal(err)
	}
	var rows []skpRow
	rows = append(rows, skpEvaluations("DUKCAPIL-PEL", 2025, "ANNUAL", append(skpRepeat("sangat_baik", 8), skpRepeat("baik", 2)...)...)...)
	rows = append(rows, skpEvaluations("PKM-BINANGA", 2025, "ANNUAL", append([]string{"sangat_baik"}, skpRepeat("baik", 5)...)...)...)
	rows = append(rows, skpEvaluations("PKM-KALUKKU", 2025, "ANNUAL", "baik", "baik", "baik", "kurang")...)
	rows = append(rows, skpEvaluations("PKM-BINANGA", 2025, "Q1", "sangat_kurang", "sangat_kurang")...)
	rows = append(rows, skpEvaluations("BAPPEDA-REN", 2025, "ANNUAL", "baik", "butuh_perbaikan")...)
	insertSKP(t, db, 1, rows)
	insertSKP(t, db, 2, []skpRow{{"DUKCAPIL-PEL-01", "DUKCAPIL-PEL", 2025, "ANNUAL", "baik"}})
	insertRatings(t, db, 1, 2025, map[string]string{"DUKCAPIL": OrgIstimewa, "DINKES": PredikatBaik})
	insertRatings(t, db, 1, 2024, map[string]string{"DINKES": OrgIstimewa})
}

// skpSummary writes a group as code:evaluated:sb/b/bp/k/sk:org:pattern.
func skpSummary(gs []SKPGroup) string {
	var out []string
	for _, g := range gs {
		c := g.Counts
		pattern := "null"
		if g.PatternOK != nil {
			pattern = fmt.Sprint(*g.PatternOK)
		}
		if g.PatternWithheld {
			pattern = "withheld"
		}
		out = append(out, fmt.Sprintf("%s:%d:%d/%d/%d/%d/%d:%s:%s", g.Code, g.Evaluated,
			c.SangatBaik, c.Baik, c.ButuhPerbaikan, c.Kurang, c.SangatKurang, g.OrganisationPredikat, pattern))
	}
	return strings.Join(out, " ")
}

func TestSKPFromTheEngine(t *testing.T) {
	db := warehousetest.Open(t)
	fixtureSKP(t, db)
	svc := New(db, "Kabupaten Mamuju")
	ctx := context.Background()
	const dinkesBroken = "Baik 80 % (8 dari 10 ASN) melebihi batas 70 % untuk organisasi berpredikat Baik"
	for _, tc := range []struct {
		name       string
		q          SKPQuery
		want       string
		violations map[string][]string // code → violations
	}{
		{"per OPD, the correction wins", SKPQuery{By: ByAgency, Year: 2025},
			"BAPPEDA:2:0/1/1/0/0::null DUKCAPIL:10:7/3/0/0/0:istimewa:true DINKES:10:1/8/0/1/0:baik:false", // by name: Dinas Kependudukan … before Dinas Kesehatan
			map[string][]string{"DINKES": {dinkesBroken}, "DUKCAPIL": {}, "BAPPEDA": {}}},
		{"per unit carries the OPD's verdict", SKPQuery{By: ByUnit, Year: 2025, Agency: "DINKES"},
			"PKM-BINANGA:6:1/5/0/0/0:baik:false PKM-KALUKKU:4:0/3/0/1/0:baik:false",
			map[string][]string{"PKM-BINANGA": {dinkesBroken}, "PKM-KALUKKU": {dinkesBroken}}},
		{"an OPD row filtered to one unit keeps the whole OPD's verdict", SKPQuery{By: ByAgency, Year: 2025, Unit: "PKM-KALUKKU"},
			"DINKES:4:0/3/0/1/0:baik:false", map[string][]string{"DINKES": {dinkesBroken}}},
		{"whole Pemda has no organisation predikat", SKPQuery{By: ByAll, Year: 2025},
			"ALL:22:8/12/1/1/0::null", nil},
		{"quarter", SKPQuery{By: ByUnit, Year: 2025, Period: "q1"},
			"PKM-BINANGA:2:0/0/0/0/2:baik:false", nil},
		{"a year without evaluations", SKPQuery{By: ByAgency, Year: 2024}, "", nil},
		{"scope OPD, filter another OPD: nothing", SKPQuery{By: ByUnit, Year: 2025, Agency: "DUKCAPIL", Scope: Scope{Agency: "DINKES"}}, "", nil},
		{"scope OPD, by all: only that OPD", SKPQuery{By: ByAll, Year: 2025, Scope: Scope{Agency: "DINKES"}}, "ALL:10:1/8/0/1/0::null", nil},
		{"scope OPD, by agency", SKPQuery{By: ByAgency, Year: 2025, Scope: Scope{Agency: "DINKES"}}, "DINKES:10:1/8/0/1/0:baik:false", nil},
		{"scope unit: the OPD verdict is withheld", SKPQuery{By: ByUnit, Year: 2025, Scope: Scope{Unit: "PKM-KALUKKU"}},
			"PKM-KALUKKU:4:0/3/0/1/0:baik:withheld", map[string][]string{"PKM-KALUKKU": {}}},
		{"scope unit, filter another unit: nothing", SKPQuery{By: ByUnit, Year: 2025, Unit: "PKM-BINANGA", Scope: Scope{Unit: "PKM-KALUKKU"}}, "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := svc.SKP(ctx, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := skpSummary(res.Groups); got != tc.want {
				t.Errorf("groups\n got %s\nwant %s", got, tc.want)
			}
			for _, g := range res.Groups {
				if want, ok := tc.violations[g.Code]; ok && fmt.Sprintf("%q", g.Violations) != fmt.Sprintf("%q", want) {
					t.Errorf("%s violations %q, want %q", g.Code, g.Violations, want)
				}
			}
		})
	}

	t.Run("names, shares and the OPD of a unit", func(t *testing.T) {
		res, err := svc.SKP(ctx, SKPQuery{By: ByUnit, Year: 2025, Unit: "PKM-BINANGA"})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Groups) != 1 {
			t.Fatalf("groups %s", skpSummary(res.Groups))
		}
		g := res.Groups[0]
		// 1 of 6 = 0,16667 → 0,1667; 5 of 6 = 0,83333 → 0,8333.
		if g.Name != "Puskesmas Binanga" || g.Agency != "DINKES" || g.Shares.SangatBaik != 0.1667 || g.Shares.Baik != 0.8333 ||
			g.OrganisationLabel != "Baik" || g.PatternEvaluated != 10 || res.Period != "ANNUAL" || res.Year != 2025 {
			t.Errorf("got %+v", g)
		}
	})
}

func TestSKPRejectsBadInput(t *testing.T) {
	svc := New(nil, "")
	for _, q := range []SKPQuery{{Year: 2025, Period: "Q5"}, {Year: 0}, {Year: 25}} {
		if _, err := svc.SKP(context.Background(), q); err == nil {
			t.Errorf("%+v accepted", q)
		}
	}
}
