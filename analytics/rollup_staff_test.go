package analytics

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"kinerja/warehouse/warehousetest"
)

// The staff rollup (rollup_staff.go) must answer exactly what the raw
// tables answer, for every query that reads it, under any configuration.

// staffConfigs are configurations the rollup queries apply at read time;
// the rollup itself never depends on them.
func staffConfigs() map[string]Config {
	three, half := 3.0, 2.5
	return map[string]Config{
		"default": {},
		"configured": {
			Competency: CompetencyConfig{
				ManajerialByClass: map[string]int{"pengawas": 3, "pelaksana": 2},
				FungsionalByGrade: map[string]int{"Ahli Muda": 4, "terampil": 3},
				FungsionalDefault: 2,
			},
			IPASN: IPASNConfig{
				Types:       []string{"PNS", "PPPK"},
				Kualifikasi: map[string]float64{"S1": 12.5, "SMA": 0},
				Kompetensi: IPASNKompetensi{
					Seminar: half, Cap: 35, TechnicalMinJP: 19.5, TechnicalKinds: []string{"teknis"},
					SeminarKinds: []string{"seminar"}, WindowYears: 2,
					LeadershipTitles:  map[string][]string{"pengawas": {"Diklatpim IV", "PKP"}, "fungsional": {"PKN II"}},
					FunctionalClasses: []string{"fungsional", "administrator"},
				},
				Kinerja:             map[string]float64{"baik": 20.5},
				DisiplinWithoutData: &three,
			},
		},
	}
}

// staffRollupCases asks every staff query for the given years, grouped
// every way, with and without a scope and filters, under every given
// configuration.
func staffRollupCases(configs map[string]Config, bys []By, years ...int) []rollupCase {
	var cs []rollupCase
	with := func(s *Service, c Config) *Service {
		s2 := *s
		s2.Config = c
		return &s2
	}
	for name, cfg := range configs {
		for _, y := range years {
			for _, by := range bys {
				tag := fmt.Sprintf("%s/%d/%s", name, y, by)
				cs = append(cs,
					rollupCase{"competency/" + tag, func(ctx context.Context, s *Service) (any, error) {
						return with(s, cfg).Competency(ctx, CompetencyQuery{By: by, Year: y})
					}},
					rollupCase{"competency/manajerial/" + tag, func(ctx context.Context, s *Service) (any, error) {
						return with(s, cfg).Competency(ctx, CompetencyQuery{By: by, Year: y, Type: CompetencyManajerial})
					}},
					rollupCase{"training/" + tag, func(ctx context.Context, s *Service) (any, error) {
						return with(s, cfg).Training(ctx, TrainingQuery{By: by, Year: y})
					}},
					rollupCase{"ip-asn/" + tag, func(ctx context.Context, s *Service) (any, error) {
						return with(s, cfg).IPASN(ctx, IPASNQuery{By: by, Year: y})
					}},
					rollupCase{"competency/scoped/" + tag, func(ctx context.Context, s *Service) (any, error) {
						return with(s, cfg).Competency(ctx, CompetencyQuery{By: by, Year: y, Unit: "PKM-BINANGA", Scope: Scope{Agency: "DINKES"}})
					}},
					rollupCase{"training/scoped/" + tag, func(ctx context.Context, s *Service) (any, error) {
						return with(s, cfg).Training(ctx, TrainingQuery{By: by, Year: y, Scope: Scope{Unit: "DUKCAPIL-PEL"}})
					}},
					rollupCase{"ip-asn/scoped/" + tag, func(ctx context.Context, s *Service) (any, error) {
						return with(s, cfg).IPASN(ctx, IPASNQuery{By: by, Year: y, Agency: "DINKES", Scope: Scope{Agency: "DINKES"}})
					}},
				)
			}
			tag := fmt.Sprintf("%s/%d", name, y)
			cs = append(cs,
				rollupCase{"needs/" + tag, func(ctx context.Context, s *Service) (any, error) {
					return with(s, cfg).Needs(ctx, NeedsQuery{Year: y})
				}},
				rollupCase{"needs/scoped/" + tag, func(ctx context.Context, s *Service) (any, error) {
					return with(s, cfg).Needs(ctx, NeedsQuery{Year: y, Agency: "DINKES", Scope: Scope{Agency: "DINKES"}})
				}},
				rollupCase{"compare/share_20jp/" + tag, func(ctx context.Context, s *Service) (any, error) {
					return with(s, cfg).Compare(ctx, CompareQuery{Metric: "share_20jp", By: ByUnit, Period: bucket(Year, y, 1)})
				}},
				rollupCase{"compare/competency_below_manajerial/" + tag, func(ctx context.Context, s *Service) (any, error) {
					return with(s, cfg).Compare(ctx, CompareQuery{Metric: "competency_below_manajerial", By: ByAgency, Period: bucket(Year, y, 1)})
				}},
			)
		}
	}
	return cs
}

var everyBy = []By{ByAll, ByAgency, ByUnit}

// kept are the years the staff rollup keeps when the data spans first to
// last: up to the later of last and next year (WITA), from five years
// before that or first.
func kept(first, last int) []int {
	if next := time.Now().In(WITA).Year() + 1; next > last {
		last = next
	}
	first = max(first, last-5)
	var ys []int
	for y := first; y <= last; y++ {
		ys = append(ys, y)
	}
	return ys
}

// TestStaffRollupEqualsRaw: the hand-computed fixtures of the competency,
// IP ASN, training and needs tests, all in one database, answered through
// the staff rollup and from the raw tables alike.
func TestStaffRollupEqualsRaw(t *testing.T) {
	db := warehousetest.Open(t)
	competencyFixture(t, db)
	ipasnFixture(t, db)
	trainingFixture(t, db)
	needsFixture(t, db)
	st := refresh(t, db, "staff")
	// The data spans 2012 (a fungsional training) to 2026 (an assessment).
	if want := kept(2012, 2026); !slices.Equal(st.Rebuilt, toMonths(want)) {
		t.Fatalf("years built %v, want %v", st.Rebuilt, want)
	}
	cases := staffRollupCases(staffConfigs(), everyBy, 2024, 2025)
	// A technical minimum finer than the data's hundredths of a JP, and the
	// longest window.
	finer := Config{IPASN: IPASNConfig{Kompetensi: IPASNKompetensi{TechnicalMinJP: 19.999, WindowYears: 10}}}
	for _, by := range everyBy {
		cases = append(cases, rollupCase{"ip-asn/finer minimum/" + string(by), func(ctx context.Context, s *Service) (any, error) {
			s2 := *s
			s2.Config = finer
			return s2.IPASN(ctx, IPASNQuery{By: by, Year: 2025})
		}})
	}
	sameAnswers(t, db, "staff", cases)

	// The rollup really answers: a year it keeps reads it, a year before
	// them reads the raw tables.
	svc := New(db, "")
	ctx := context.Background()
	if ok, release := svc.staffRollup(ctx, 2025); !ok {
		t.Error("2025: the staff rollup does not answer")
	} else {
		release()
	}
	if ok, release := svc.staffRollup(ctx, 2015); ok {
		release()
		t.Error("2015: the staff rollup answers a year it does not keep")
	}
}

func toMonths(years []int) []uint32 {
	out := make([]uint32, len(years))
	for i, y := range years {
		out[i] = uint32(y)
	}
	return out
}

// TestStaffRollupRefresh: what each kind of change rebuilds, and that the
// answers stay the raw tables' after each refresh (and while stale).
func TestStaffRollupRefresh(t *testing.T) {
	db := warehousetest.Open(t)
	ctx := context.Background()
	competencyFixture(t, db) // facts 2024–2026
	trainingFixture(t, db)
	st := refresh(t, db, "staff")
	all := kept(2024, 2026)
	if !slices.Equal(st.Rebuilt, toMonths(all)) {
		t.Fatalf("first refresh built %v, want %v", st.Rebuilt, all)
	}
	if st := refresh(t, db, "staff"); st.Checked || len(st.Rebuilt) > 0 {
		t.Fatalf("nothing changed, yet the refresh %+v", st)
	}
	from := func(y int) []int {
		var out []int
		for _, k := range all {
			if k >= y {
				out = append(out, k)
			}
		}
		return out
	}
	svc := New(db, "")
	for _, step := range []struct {
		name    string
		change  func()
		rebuilt []int
	}{
		{"a corrected 2025 training rebuilds 2025 and the later years", func() {
			insertFxTrainings(t, db, 3, []fxTraining{{"A", "T1", "Literasi Digital", "elearning", "14", "2025-02-01", "2025-02-03"}})
		}, from(2025)},
		{"a 2024 SKP evaluation rebuilds 2024 only", func() {
			insertFxSKP(t, db, 1, []fxSKP{{"T1", "DUKCAPIL-PEL", 2024, "ANNUAL", "kurang"}})
		}, []int{2024}},
		{"an assessment of 2026 rebuilds 2026 and later", func() {
			insertFxAssessments(t, db, 1, []fxAssessment{{"C1", "integritas", "Integritas", "manajerial", 0, 1, "2026-03-01"}})
		}, from(2026)},
		{"an ASN moving unit rebuilds the years they are active in", func() {
			insertFxEmployees(t, db, []fxEmployee{{nip: "T6", class: "pelaksana", unit: "DUKCAPIL-PEL", to: "2024-03-31"}})
		}, []int{2024}},
		{"a unit moving OPD rebuilds every year", func() {
			b, err := db.PrepareBatch(ctx, "units", []string{"unit_code", "unit_name", "agency_code", "kind", "kecamatan", "_version"})
			if err != nil {
				t.Fatal(err)
			}
			if err := b.Append("PKM-BINANGA", "Puskesmas Binanga", "DUKCAPIL", "puskesmas", "", uint64(2)); err != nil {
				t.Fatal(err)
			}
			if err := b.Send(); err != nil {
				t.Fatal(err)
			}
		}, all},
		{"a correction that changes nothing the rollup reads rebuilds nothing", func() {
			if err := db.Exec(ctx, `INSERT INTO trainings (training_id, nip, title, kind, jp, start_date, end_date, provider, _version)
SELECT training_id, nip, title, kind, jp, start_date, end_date, 'another provider', _version + 1 FROM trainings FINAL WHERE training_id = 'D'`, nil); err != nil {
				t.Fatal(err)
			}
		}, nil},
	} {
		t.Run(step.name, func(t *testing.T) {
			step.change()
			if ok, release := svc.staffRollup(ctx, 2025); ok {
				release()
				t.Fatal("the rollup answers while its tables changed since the refresh")
			}
			st := refresh(t, db, "staff")
			if !st.Checked || !slices.Equal(st.Rebuilt, toMonths(step.rebuilt)) {
				t.Fatalf("rebuilt %v (checked %v), want %v", st.Rebuilt, st.Checked, step.rebuilt)
			}
			sameAnswers(t, db, "staff", staffRollupCases(map[string]Config{"default": {}}, []By{ByUnit}, 2024, 2025, 2026))
		})
	}
}

// TestStaffRollupAtRandom: random ASN, assessments (with corrections and
// reassessments), trainings and SKP over five years; every staff query
// of every year, grouped every way, through the rollup and from the raw
// tables.
func TestStaffRollupAtRandom(t *testing.T) {
	db := warehousetest.Open(t)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(4, 2026))
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	last := time.Now().In(WITA).Year()
	first := last - 4 // and the rollup keeps next year, empty of data

	units := []struct{ code, agency string }{
		{"A-1", "A"}, {"A-2", "A"}, {"B-1", "B"}, {"B-2", "B"}, {"B-3", "B"}, {"C-1", "C"},
		{"DUKCAPIL-PEL", "DUKCAPIL"}, {"PKM-BINANGA", "DINKES"},
	}
	b, err := db.PrepareBatch(ctx, "units", []string{"unit_code", "unit_name", "agency_code", "kind", "kecamatan", "_version"})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		if err := b.Append(u.code, "Unit "+u.code, u.agency, "dinas", "", uint64(1)); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Send(); err != nil {
		t.Fatal(err)
	}

	var emps []fxEmployee
	var comps []fxAssessment
	var corrections []fxAssessment
	var trainings []fxTraining
	var skp []fxSKP
	competencies := []struct{ code, name, typ string }{
		{"integritas", "Integritas", "manajerial"}, {"pelayanan_publik", "Pelayanan Publik", "manajerial"},
		{"kerja_sama", "Kerja Sama", "manajerial"}, {"perekat_bangsa", "Perekat Bangsa", "sosial_kultural"},
		{"tk_a", "Teknis A", "teknis"}, {"tk_b", "Teknis B", "teknis"},
	}
	titles := []string{"PKP Angkatan 3", "Diklatpim Tingkat IV", "PKA", "Pelatihan Kepemimpinan Nasional Tingkat II", "PKN II", "PKN III", "Diklat Kepemimpinan"}
	for i := 0; i < 90; i++ {
		nip := fmt.Sprintf("R%03d", i)
		class := pick("pelaksana", "pengawas", "administrator", "jpt_pratama", "fungsional", "fungsional")
		position := "Staf"
		if class == "fungsional" {
			position = pick("Perawat Ahli Muda", "Bidan Terampil", "Analis Ahli Pertama", "Pranata Komputer Penyelia", "Guru")
		}
		e := fxEmployee{nip: nip, typ: pick("PNS", "PNS", "PPPK"), class: class, position: position,
			education: pick("S3", "S2", "S1", "D4", "D3", "SMA", "SMP", "Paket C"), unit: units[rng.IntN(len(units))].code}
		if rng.IntN(4) == 0 {
			e.from = fmt.Sprintf("%d-%02d-01", first+rng.IntN(5), 1+rng.IntN(12))
		}
		if rng.IntN(4) == 0 {
			e.to = fmt.Sprintf("%d-%02d-28", first+rng.IntN(5), 1+rng.IntN(12))
		}
		emps = append(emps, e)
		for _, c := range competencies {
			for k := rng.IntN(3); k > 0; k-- {
				req := uint8(0)
				if rng.IntN(3) > 0 {
					req = uint8(1 + rng.IntN(5))
				}
				a := fxAssessment{nip, c.code, c.name, c.typ, req, uint8(1 + rng.IntN(5)),
					fmt.Sprintf("%d-%02d-%02d", first-1+rng.IntN(6), 1+rng.IntN(12), 1+rng.IntN(28))}
				comps = append(comps, a)
				if rng.IntN(5) == 0 { // a corrected assessment: a newer version of the same key
					a.assessed, a.required = uint8(1+rng.IntN(5)), uint8(rng.IntN(6))
					corrections = append(corrections, a)
				}
			}
		}
		for k := rng.IntN(6); k > 0; k-- {
			kind := pick("teknis", "elearning", "fungsional", "kepemimpinan", "seminar", "workshop", "kursus")
			title := "Pelatihan " + kind
			if kind == "kepemimpinan" {
				title = pick(titles...)
			}
			end := fmt.Sprintf("%d-%02d-%02d", first-3+rng.IntN(8), 1+rng.IntN(12), 1+rng.IntN(28))
			trainings = append(trainings, fxTraining{fmt.Sprintf("TR%d", rng.IntN(400)), nip, title, kind,
				fmt.Sprintf("%d.%02d", rng.IntN(25), []int{0, 25, 50, 75, 99}[rng.IntN(5)]), "", end})
		}
		for y := first; y <= last; y++ {
			for _, period := range []string{"Q1", "Q2", "Q3", "Q4", "ANNUAL"} {
				if rng.IntN(3) == 0 {
					skp = append(skp, fxSKP{nip, units[rng.IntN(len(units))].code, uint16(y), period,
						pick("sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang")})
				}
			}
		}
	}
	insertFxEmployees(t, db, emps)
	insertFxAssessments(t, db, 1, comps)
	insertFxAssessments(t, db, 2, corrections)
	insertFxTrainings(t, db, 1, trainings)
	insertFxSKP(t, db, 1, skp)

	// Trainings from first−3, the rest from first−1 to last: the rollup
	// keeps first to next year.
	years := kept(first-3, last)
	if st := refresh(t, db, "staff"); !slices.Equal(st.Rebuilt, toMonths(years)) || years[0] != first || years[len(years)-1] != last+1 {
		t.Fatalf("years built %v, want %v, from %d to %d", st.Rebuilt, years, first, last+1)
	}
	sameAnswers(t, db, "staff", staffRollupCases(staffConfigs(), everyBy, years...))
}

// TestShareArithmetic: the integer quotient and comparison of shares give
// what exact rationals give, at random and at the edges.
func TestShareArithmetic(t *testing.T) {
	ratQuotient := func(num, den uint64) Dec4 {
		if den == 0 {
			return 0
		}
		return Dec4(ratFloat(roundRat(new(big.Rat).SetFrac(new(big.Int).SetUint64(num), new(big.Int).SetUint64(den)), 4)))
	}
	ratCompare := func(a, b, c, d uint64) int {
		x, y := new(big.Rat), new(big.Rat)
		if b > 0 {
			x.SetFrac(new(big.Int).SetUint64(a), new(big.Int).SetUint64(b))
		}
		if d > 0 {
			y.SetFrac(new(big.Int).SetUint64(c), new(big.Int).SetUint64(d))
		}
		return x.Cmp(y)
	}
	cases := [][2]uint64{
		{0, 0}, {0, 1}, {1, 3}, {2, 3}, {1, 8}, {1, 20000}, {1, 19999}, {3, 20000}, {5, 40000}, {12345, 99999},
		{1 << 39, 3}, {1<<40 - 1, 7}, {1 << 40, 7}, {math.MaxUint64, 3}, {math.MaxUint64 - 1, math.MaxUint64},
		{7, 1 << 62}, {1, math.MaxUint64}, {1<<53 - 1, 10000},
	}
	rng := rand.New(rand.NewPCG(20, 26))
	for i := 0; i < 20000; i++ {
		den := rng.Uint64N(1 << (1 + rng.IntN(63)))
		cases = append(cases, [2]uint64{rng.Uint64N(den + 1), den}, [2]uint64{rng.Uint64(), den})
	}
	for i, c := range cases {
		if got, want := quotient4(c[0], c[1]), ratQuotient(c[0], c[1]); got != want {
			t.Fatalf("quotient4(%d, %d) = %v, want %v", c[0], c[1], got, want)
		}
		d := cases[(i*7+3)%len(cases)]
		if got, want := compareShares(c[0], c[1], d[0], d[1]), ratCompare(c[0], c[1], d[0], d[1]); got != want {
			t.Fatalf("compareShares(%d/%d, %d/%d) = %d, want %d", c[0], c[1], d[0], d[1], got, want)
		}
		if got, want := compareShares(c[0], c[1], c[0], c[1]), 0; got != want {
			t.Fatalf("compareShares(%d/%d with itself) = %d", c[0], c[1], got)
		}
	}
}

// TestStaffRollupScope: under every scope and every filter that tries to
// leave it (scope_test.go's), the staff queries answer through the rollup
// exactly what they answer from the raw tables, whose scoping
// TestScopeCannotBeWidened proves.
func TestStaffRollupScope(t *testing.T) {
	db := warehousetest.Open(t)
	scopeFixture(t, db)
	refresh(t, db, "staff")
	groups := func(ctx context.Context, s *Service, by By, agency, unit string, scope Scope) ([]string, []string, string, error) {
		res, err := s.IPASN(ctx, IPASNQuery{By: by, Year: 2025, Agency: agency, Unit: unit, Scope: scope})
		return nil, nil, asJSON(res), err
	}
	runs := map[string]scopedRun{"competency": scopedMetrics["competency"], "training": scopedMetrics["training"],
		"needs": scopedMetrics["needs"], "ip-asn groups": groups}
	var cases []rollupCase
	for name, run := range runs {
		for _, scope := range []Scope{{}, {Agency: "DINKES"}, {Unit: "PKM-KALUKKU"}, {Agency: "DINKES", Unit: "PKM-KALUKKU"}, {Agency: "DUKCAPIL", Unit: "PKM-KALUKKU"}} {
			for _, f := range [][2]string{{"", ""}, {"DINKES", ""}, {"", "PKM-BINANGA"}, {"DUKCAPIL", "DUKCAPIL-PEL"}, {"DUKCAPIL", "PKM-KALUKKU"}} {
				bys := everyBy
				if name == "needs" { // ranks units whatever the grouping
					bys = []By{ByUnit}
				}
				for _, by := range bys {
					cases = append(cases, rollupCase{fmt.Sprintf("%s/%+v/%v/%s", name, scope, f, by), func(ctx context.Context, s *Service) (any, error) {
						codes, units, doc, err := run(ctx, s, by, f[0], f[1], scope)
						if errors.Is(err, errNotAParameter) {
							return "not a parameter", nil
						}
						return []any{codes, units, doc}, err
					}})
				}
			}
		}
	}
	sameAnswers(t, db, "staff", cases)
}
