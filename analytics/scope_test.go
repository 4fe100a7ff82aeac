package analytics

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"kinerja/warehouse"
	"kinerja/warehouse/warehousetest"
)

// The scope (from the user's role) limits every metric; request filters
// can only narrow it. scopeFixture gives every dataset data in both OPD of
// fixtureOrg, so that a leak shows up as a foreign code or a different
// number:
//
//	DUKCAPIL  DUKCAPIL-PEL   ASN D1, D2
//	DINKES    PKM-BINANGA    ASN B1, B2
//	          PKM-KALUKKU    ASN K1, K2
//
// Per unit: SKM questionnaires in 2024 and 2025, activity reports in March
// 2025, SKP 2025 (annual), competency assessments and trainings in 2025,
// organisation ratings 2025 for both OPD.
func scopeFixture(t *testing.T, db warehouse.DB) {
	t.Helper()
	fixtureOrg(t, db)
	units := map[string][2]string{"D": {"DUKCAPIL-PEL", "DUKCAPIL"}, "B": {"PKM-BINANGA", "DINKES"}, "K": {"PKM-KALUKKU", "DINKES"}}
	var emps []fxEmployee
	var reports []activityReport
	var skp []fxSKP
	var comps []fxAssessment
	var trainings []fxTraining
	var answers []answer
	level := map[string]uint8{"D": 3, "B": 4, "K": 2}
	predikat := map[string][2]string{"D": {"sangat_baik", "baik"}, "B": {"baik", "butuh_perbaikan"}, "K": {"kurang", "baik"}}
	for _, p := range []string{"D", "B", "K"} {
		unit := units[p][0]
		for i := 1; i <= 2; i++ {
			nip := fmt.Sprintf("%s%d", p, i)
			class := "pelaksana"
			if i == 1 {
				class = "pengawas"
			}
			emps = append(emps, fxEmployee{nip: nip, name: "ASN " + nip, class: class, position: "Staf", education: "S1", unit: unit, from: "2015-01-01"})
			for d := 3; d <= 3+i*2; d++ { // D1 3 days, D2 5 days …
				day := fmt.Sprintf("2025-03-%02d", d+7) // from Monday 10 March
				reports = append(reports, activityReport{fmt.Sprintf("%s-%d", nip, d), nip, unit, day, day + " 15:00", "approved", day + " 17:00"})
			}
			skp = append(skp, fxSKP{nip, unit, 2025, "ANNUAL", predikat[p][i-1]})
			comps = append(comps, fxAssessment{nip, "PP", "Pelayanan Publik", "manajerial", 3, uint8(1 + i), "2025-05-01"})
			trainings = append(trainings, fxTraining{"TR-" + nip, nip, "Pelayanan Prima", "teknis", fmt.Sprint(10 * i), "2025-06-01", "2025-06-03"})
		}
		a := level[p]
		for i := 0; i < 6; i++ {
			v := a
			if i%3 == 0 && a > 1 {
				v = a - 1
			}
			answers = append(answers, answer{unit, wita(2025, 4, 1+i, 9, 0), [9]uint8{v, v, v, v, v, v, a, a, a}})
			answers = append(answers, answer{unit, wita(2024, 4, 1+i, 9, 0), [9]uint8{a, a, a, a, a, a, a, a, a}})
		}
	}
	insertFxEmployees(t, db, emps)
	insertActivityReports(t, db, 1, reports)
	insertFxSKP(t, db, 1, skp)
	insertFxAssessments(t, db, 1, comps)
	insertFxTrainings(t, db, 1, trainings)
	insertAnswers(t, db, 1, answers)
	insertRatings(t, db, 1, 2025, map[string]string{"DUKCAPIL": OrgIstimewa, "DINKES": PredikatBaik})
}

// scopedRun is one metric asked with a grouping, filters and a scope. It
// returns the codes of the groups (units, OPD or ALL), the units of any
// per-unit or per-ASN rows, and the result as JSON for comparing whole
// answers.
type scopedRun func(ctx context.Context, s *Service, by By, agency, unit string, scope Scope) (codes, units []string, doc string, err error)

// errNotAParameter: the metric has no such filter, there is nothing to test.
var errNotAParameter = errors.New("not a parameter of this metric")

func asJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

var scopedMetrics = map[string]scopedRun{
	"ikm": func(ctx context.Context, s *Service, by By, agency, unit string, scope Scope) ([]string, []string, string, error) {
		res, err := s.IKM(ctx, IKMQuery{By: by, Period: bucket(Year, 2025, 1), Agency: agency, Unit: unit, Scope: scope})
		var codes []string
		for _, g := range res.Groups {
			if g.Respondents > 0 {
				codes = append(codes, g.Code)
			}
		}
		return codes, nil, asJSON(res.Groups), err
	},
	"trend": func(ctx context.Context, s *Service, by By, agency, unit string, scope Scope) ([]string, []string, string, error) {
		res, err := s.IKMTrend(ctx, IKMQuery{By: by, Period: Period{bucket(Year, 2024, 1).From, bucket(Year, 2025, 1).To}, Agency: agency, Unit: unit, Scope: scope}, Quarter)
		var codes []string
		for _, g := range res.Series {
			codes = append(codes, g.Code)
		}
		return codes, nil, asJSON(res.Series), err
	},
	"skp": func(ctx context.Context, s *Service, by By, agency, unit string, scope Scope) ([]string, []string, string, error) {
		res, err := s.SKP(ctx, SKPQuery{By: by, Year: 2025, Agency: agency, Unit: unit, Scope: scope})
		var codes []string
		for i, g := range res.Groups {
			codes = append(codes, g.Code)
			// The organisation pattern is a verdict on the whole OPD: a user
			// scoped to one unit must not get it (it counts ASN outside the
			// scope), while an unscoped query filtered to the unit does.
			if scope.Unit != "" && (g.PatternOK != nil || g.PatternEvaluated != 0 || len(g.Violations) != 0) {
				return nil, nil, "", fmt.Errorf("scope %+v: %s carries the OPD's verdict over %d ASN", scope, g.Code, g.PatternEvaluated)
			}
			res.Groups[i].PatternOK, res.Groups[i].PatternEvaluated, res.Groups[i].PatternWithheld = nil, 0, false
			res.Groups[i].Violations, res.Groups[i].ViolationsEN = nil, nil
		}
		return codes, nil, asJSON(res.Groups), err
	},
	"compliance": func(ctx context.Context, s *Service, by By, agency, unit string, scope Scope) ([]string, []string, string, error) {
		res, err := s.Compliance(ctx, ComplianceQuery{By: by, Period: bucket(Month, 2025, 3), Agency: agency, Unit: unit, Scope: scope})
		var codes []string
		for _, g := range res.Groups {
			codes = append(codes, g.Code)
		}
		return codes, nil, asJSON(res.Groups), err
	},
	"competency": func(ctx context.Context, s *Service, by By, agency, unit string, scope Scope) ([]string, []string, string, error) {
		res, err := s.Competency(ctx, CompetencyQuery{By: by, Year: 2025, Agency: agency, Unit: unit, Scope: scope})
		var codes []string
		for _, g := range res.Groups {
			codes = append(codes, g.Code)
		}
		return codes, nil, asJSON(res.Groups), err
	},
	"training": func(ctx context.Context, s *Service, by By, agency, unit string, scope Scope) ([]string, []string, string, error) {
		res, err := s.Training(ctx, TrainingQuery{By: by, Year: 2025, Agency: agency, Unit: unit, Scope: scope})
		var codes []string
		for _, g := range res.Groups {
			if g.Employees > 0 {
				codes = append(codes, g.Code)
			}
		}
		return codes, nil, asJSON(res.Groups), err
	},
	"ip-asn": func(ctx context.Context, s *Service, by By, agency, unit string, scope Scope) ([]string, []string, string, error) {
		res, err := s.IPASN(ctx, IPASNQuery{By: by, Year: 2025, Agency: agency, Unit: unit, Detail: true, Scope: scope})
		var codes, units []string
		for _, g := range res.Groups {
			if g.Employees > 0 {
				codes = append(codes, g.Code)
			}
		}
		for _, a := range res.ASN {
			units = append(units, a.Unit)
		}
		return codes, units, asJSON(res.Groups) + asJSON(res.ASN), err
	},
	"needs": func(ctx context.Context, s *Service, by By, agency, unit string, scope Scope) ([]string, []string, string, error) {
		// Needs ranks units and has no unit filter: the reference (no
		// scope) narrows to the unit as a unit scope would; with a scope,
		// a unit filter is not a parameter there is to abuse.
		if unit != "" {
			if scope != (Scope{}) {
				return nil, nil, "", errNotAParameter
			}
			scope.Unit = unit
		}
		res, err := s.Needs(ctx, NeedsQuery{Year: 2025, Agency: agency, Scope: scope})
		var units []string
		var rows []string
		for _, u := range res.Units {
			units = append(units, u.Code)
			rows = append(rows, u.Code+asJSON(u.Components)+asJSON(u.Score))
		}
		slices.Sort(rows)
		return nil, units, strings.Join(rows, "\n"), err
	},
	"compare": func(ctx context.Context, s *Service, by By, agency, unit string, scope Scope) ([]string, []string, string, error) {
		res, err := s.Compare(ctx, CompareQuery{Metric: "ikm", By: by, Period: bucket(Year, 2025, 1), Agency: agency, Unit: unit, Scope: scope})
		var codes []string
		for _, g := range res.Groups {
			codes = append(codes, g.Code)
		}
		return codes, nil, asJSON(res.Groups), err
	},
	"compare-share": func(ctx context.Context, s *Service, by By, agency, unit string, scope Scope) ([]string, []string, string, error) {
		res, err := s.Compare(ctx, CompareQuery{Metric: "skp_low", By: by, Period: bucket(Year, 2025, 1), Agency: agency, Unit: unit, Scope: scope})
		var codes []string
		for _, g := range res.Groups {
			codes = append(codes, g.Code)
		}
		return codes, nil, asJSON(res.Groups), err
	},
}

// TestScopeCannotBeWidened runs every metric with a scope and with filters
// that try to leave it: another OPD, a unit of another OPD, a sibling unit,
// a coarser grouping. Nothing outside the scope may come back, and what
// comes back must be exactly what an unscoped query filtered to the scope
// returns (so no number counts rows outside the scope).
func TestScopeCannotBeWidened(t *testing.T) {
	db := warehousetest.Open(t)
	scopeFixture(t, db)
	svc := New(db, "Kabupaten Mamuju")
	ctx := context.Background()
	unitsOf := map[string][]string{"DINKES": {"PKM-BINANGA", "PKM-KALUKKU"}, "DUKCAPIL": {"DUKCAPIL-PEL"}}
	for _, sc := range []struct {
		name          string
		scope         Scope
		agency, unit  string // the same scope as plain filters
		allowedUnits  []string
		allowedAgency string
	}{
		{"one OPD", Scope{Agency: "DINKES"}, "DINKES", "", unitsOf["DINKES"], "DINKES"},
		{"one unit", Scope{Unit: "PKM-KALUKKU"}, "", "PKM-KALUKKU", []string{"PKM-KALUKKU"}, "DINKES"},
		{"one unit of its OPD", Scope{Agency: "DINKES", Unit: "PKM-KALUKKU"}, "DINKES", "PKM-KALUKKU", []string{"PKM-KALUKKU"}, "DINKES"},
	} {
		for name, run := range scopedMetrics {
			t.Run(sc.name+"/"+name, func(t *testing.T) {
				allowed := func(by By, codes, units []string) {
					t.Helper()
					for _, c := range codes {
						ok := (by == ByAll && c == "ALL") || (by == ByAgency && c == sc.allowedAgency) || (by == ByUnit && slices.Contains(sc.allowedUnits, c))
						if !ok {
							t.Errorf("by %s: group %s is outside the scope %+v", by, c, sc.scope)
						}
					}
					for _, u := range units {
						if !slices.Contains(sc.allowedUnits, u) {
							t.Errorf("by %s: a row of unit %s is outside the scope %+v", by, u, sc.scope)
						}
					}
				}
				for _, by := range []By{ByAll, ByAgency, ByUnit} {
					// The reference: no scope, the scope's own filters.
					refCodes, refUnits, ref, err := run(ctx, svc, by, sc.agency, sc.unit, Scope{})
					if err != nil {
						t.Fatal(err)
					}
					if len(refCodes)+len(refUnits) == 0 {
						t.Fatalf("by %s: the fixture gives the scope no data: the test would prove nothing", by)
					}
					allowed(by, refCodes, refUnits)
					for _, f := range []struct {
						what         string
						agency, unit string
						empty        bool // the filter leaves the scope: nothing may come back
					}{
						{"no filter", "", "", false},
						{"the scope's own filters", sc.agency, sc.unit, false},
						{"another OPD", "DUKCAPIL", "", true},
						{"a unit of another OPD", "", "DUKCAPIL-PEL", true},
						{"another OPD and its unit", "DUKCAPIL", "DUKCAPIL-PEL", true},
					} {
						codes, units, doc, err := run(ctx, svc, by, f.agency, f.unit, sc.scope)
						if errors.Is(err, errNotAParameter) {
							continue
						}
						if err != nil {
							t.Fatalf("by %s, %s: %v", by, f.what, err)
						}
						allowed(by, codes, units)
						if f.empty {
							if len(codes)+len(units) != 0 {
								t.Errorf("by %s, %s: got %v %v, want nothing", by, f.what, codes, units)
							}
							continue
						}
						if doc != ref {
							t.Errorf("by %s, %s: the scoped answer differs from the scope's own:\n%s\nwant\n%s", by, f.what, doc, ref)
						}
					}
					// A sibling unit inside the OPD scope narrows; outside a
					// unit scope it must give nothing.
					codes, units, _, err := run(ctx, svc, by, "", "PKM-BINANGA", sc.scope)
					if errors.Is(err, errNotAParameter) {
						continue
					}
					if err != nil {
						t.Fatal(err)
					}
					allowed(by, codes, units)
					if sc.scope.Unit != "" && len(codes)+len(units) != 0 {
						t.Errorf("by %s, sibling unit: got %v %v, want nothing", by, codes, units)
					}
				}
			})
		}
	}
}
