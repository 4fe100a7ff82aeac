package analytics

import (
	"cmp"
	"context"
	"fmt"
	"math/big"
	"math/bits"
	"sort"
	"strings"

	"kinerja/warehouse"
)

// Competency types (PermenPANRB 38/2017).
const (
	CompetencyTeknis         = "teknis"
	CompetencyManajerial     = "manajerial"
	CompetencySosialKultural = "sosial_kultural"
)

// competencyTypeOrder is the order types are listed in.
var competencyTypeOrder = map[string]int{CompetencyManajerial: 0, CompetencySosialKultural: 1, CompetencyTeknis: 2}

// ParseCompetencyType validates a competency type ("" means every type).
func ParseCompetencyType(s string) (string, error) {
	switch s {
	case "", CompetencyTeknis, CompetencyManajerial, CompetencySosialKultural:
		return s, nil
	}
	return "", fmt.Errorf("type %q: want teknis, manajerial or sosial_kultural", s)
}

// CompetencyQuery asks for the competency gaps of groups in a year.
type CompetencyQuery struct {
	By     By
	Year   int    // the period is the calendar year (WITA)
	Type   string // "" = every type
	Agency string // filter: one OPD
	Unit   string // filter: one unit
	Scope  Scope  // from the user's role
}

// CompetencyGap is one competency in one group.
type CompetencyGap struct {
	Code string `json:"code"`
	Name string `json:"name"`
	Type string `json:"type"`
	// Assessed counts the group's ASN whose latest assessment of the
	// competency has a required level; Below those assessed under it.
	Assessed   uint64 `json:"assessed"`
	Below      uint64 `json:"below"`
	ShareBelow Dec4   `json:"share_below"` // Below ÷ Assessed
	// MeanGap is the mean over Assessed of max(required − assessed, 0).
	MeanGap Dec4   `json:"mean_gap"`
	GapSum  uint64 `json:"gap_sum"` // Σ of the positive gaps, for audit
	// NoStandard counts latest assessments left out: no required level in
	// the data and none from the position.
	NoStandard uint64 `json:"no_standard"`
}

// CompetencyTypeGap sums one competency type in one group.
type CompetencyTypeGap struct {
	Type string `json:"type"`
	// ASN assessed in at least one competency of the type, and those below
	// the standard in at least one.
	ASN        uint64 `json:"asn"`
	ASNBelow   uint64 `json:"asn_below"`
	ShareBelow Dec4   `json:"share_below"` // ASNBelow ÷ ASN
	// Assessments (ASN × competency) with a standard, those below it, and
	// the mean positive gap over them.
	Assessments uint64 `json:"assessments"`
	Below       uint64 `json:"below"`
	MeanGap     Dec4   `json:"mean_gap"`
	GapSum      uint64 `json:"gap_sum"`
	NoStandard  uint64 `json:"no_standard"`
}

// CompetencyGroup is one group's gaps: per type, then per competency
// (types in the order manajerial, sosial_kultural, teknis; competencies by
// share below, highest first, then code).
type CompetencyGroup struct {
	Code         string              `json:"code"`
	Name         string              `json:"name"`
	Agency       string              `json:"agency,omitempty"`
	Types        []CompetencyTypeGap `json:"types"`
	Competencies []CompetencyGap     `json:"competencies"`
}

// CompetencyResult is what `report competency` and /api/v1/competency
// return.
type CompetencyResult struct {
	Year   int               `json:"year"`
	From   string            `json:"from"`
	To     string            `json:"to"`
	By     By                `json:"by"`
	Type   string            `json:"type,omitempty"`
	Groups []CompetencyGroup `json:"groups"`
}

// Competency returns per group, competency type and competency the share
// of assessed ASN below the required level and the mean positive gap
// (required − assessed, 0 when met). The assessment that counts is the
// latest of each (ASN, competency) up to the end of the year, for every
// ASN active in the year; the required level is the assessment's own or,
// for a manajerial competency without one, the position's
// (Config.Competency). Groups are sorted by code; by=all gives one group
// ALL when anything was assessed. Read from the staff rollup while it
// answers for the year (rollup_staff.go), else from the raw tables.
func (s *Service) Competency(ctx context.Context, q CompetencyQuery) (CompetencyResult, error) {
	ctx = warehouse.WithSettings(ctx, warehouse.Settings{"log_comment": "analytics.competency"})
	var rolled bool
	release := func() {}
	names, err := s.namesWhile(ctx, func() { rolled, release = s.staffRollup(ctx, q.Year) })
	defer release()
	if err != nil {
		return CompetencyResult{}, err
	}
	return s.competency(ctx, q, names, rolled)
}

// competency is Competency with the group names given and the source
// decided: the staff rollup when rolled (see staffRollup), else the raw
// tables.
func (s *Service) competency(ctx context.Context, q CompetencyQuery, names orgNames, rolled bool) (CompetencyResult, error) {
	if q.By == "" {
		q.By = ByAll
	}
	p := bucket(Year, q.Year, 1)
	res := CompetencyResult{Year: q.Year, From: p.From.Format("2006-01-02"), To: p.To.Format("2006-01-02"), By: q.By, Type: q.Type, Groups: []CompetencyGroup{}}
	if _, err := ParseCompetencyType(q.Type); err != nil {
		return res, err
	}
	if err := s.Config.Competency.Validate(); err != nil {
		return res, err
	}
	params := p.params()
	params["year"] = q.Year
	params["by"] = string(q.By)
	params["type"] = q.Type
	params["agency"] = q.Agency
	params["unit"] = q.Unit
	params["scope_agency"] = q.Scope.Agency
	params["scope_unit"] = q.Scope.Unit
	for k, v := range s.Config.Competency.params() {
		params[k] = v
	}
	file := "competency.sql"
	if rolled {
		file = "competency_rollup.sql"
	}
	rows, err := s.DB.Query(ctx, mustSQL(file), params)
	if err != nil {
		return res, fmt.Errorf("competency by %s: %w", q.By, err)
	}
	defer rows.Close()
	idx := map[string]int{}
	for rows.Next() {
		var code, typ, comp, name string
		var isTotal, asn, asnBelow, assessments, below, noStandard uint64
		var gapSum int64
		if err := rows.Scan(&code, &typ, &comp, &isTotal, &name, &asn, &asnBelow, &assessments, &below, &gapSum, &noStandard); err != nil {
			return res, fmt.Errorf("competency by %s: %w", q.By, err)
		}
		i, ok := idx[code]
		if !ok {
			g := CompetencyGroup{Code: code, Types: []CompetencyTypeGap{}, Competencies: []CompetencyGap{}}
			g.Name, g.Agency = s.nameOf(names, q.By, code)
			res.Groups = append(res.Groups, g)
			i = len(res.Groups) - 1
			idx[code] = i
		}
		g := &res.Groups[i]
		if isTotal != 0 {
			// The ASN counts; the sums over the type's competencies are
			// added up below.
			g.Types = append(g.Types, CompetencyTypeGap{Type: typ, ASN: asn, ASNBelow: asnBelow, ShareBelow: quotient4(asnBelow, asn)})
			continue
		}
		g.Competencies = append(g.Competencies, CompetencyGap{
			Code: comp, Name: name, Type: typ, Assessed: assessments, Below: below,
			ShareBelow: quotient4(below, assessments), MeanGap: quotient4(uint64(gapSum), assessments),
			GapSum: uint64(gapSum), NoStandard: noStandard,
		})
	}
	if err := rows.Err(); err != nil {
		return res, fmt.Errorf("competency by %s: %w", q.By, err)
	}
	for i := range res.Groups {
		g := &res.Groups[i]
		for k := range g.Types {
			t := &g.Types[k]
			for _, c := range g.Competencies {
				if c.Type == t.Type {
					t.Assessments += c.Assessed
					t.Below += c.Below
					t.GapSum += c.GapSum
					t.NoStandard += c.NoStandard
				}
			}
			t.MeanGap = quotient4(t.GapSum, t.Assessments)
		}
		sort.Slice(g.Types, func(a, b int) bool { return typeLess(g.Types[a].Type, g.Types[b].Type) })
		sort.Slice(g.Competencies, func(a, b int) bool {
			x, y := g.Competencies[a], g.Competencies[b]
			if x.Type != y.Type {
				return typeLess(x.Type, y.Type)
			}
			if c := compareShares(x.Below, x.Assessed, y.Below, y.Assessed); c != 0 {
				return c > 0
			}
			return x.Code < y.Code
		})
	}
	sort.Slice(res.Groups, func(a, b int) bool { return res.Groups[a].Code < res.Groups[b].Code })
	return res, nil
}

func typeLess(a, b string) bool {
	oa, ok := competencyTypeOrder[a]
	if !ok {
		oa = len(competencyTypeOrder)
	}
	ob, ok := competencyTypeOrder[b]
	if !ok {
		ob = len(competencyTypeOrder)
	}
	if oa != ob {
		return oa < ob
	}
	return a < b
}

// compareShares compares a/b with c/d exactly (an empty share is 0), by
// comparing a·d with c·b in 128 bits.
func compareShares(a, b, c, d uint64) int {
	if b == 0 {
		a, b = 0, 1
	}
	if d == 0 {
		c, d = 0, 1
	}
	xh, xl := bits.Mul64(a, d)
	yh, yl := bits.Mul64(c, b)
	switch {
	case xh != yh:
		return cmp.Compare(xh, yh)
	default:
		return cmp.Compare(xl, yl)
	}
}

// quotient4 is num ÷ den rounded half up to 4 decimals (0 when den is 0):
// q = ⌊(20 000·num + den) ÷ (2·den)⌋ ten-thousandths, in integers while
// they fit (q below 2⁵³, so that q ÷ 10 000 is the float64 nearest the
// exact value, as the rational path gives), rationally beyond.
func quotient4(num, den uint64) Dec4 {
	if den == 0 {
		return 0
	}
	if num < 1<<40 && den < 1<<62 {
		if q := (20000*num + den) / (2 * den); q < 1<<53 {
			return Dec4(float64(q) / 10000)
		}
	}
	return Dec4(ratFloat(roundRat(new(big.Rat).SetFrac(new(big.Int).SetUint64(num), new(big.Int).SetUint64(den)), 4)))
}

// defaultManajerialByClass is PermenPANRB 38/2017's required manajerial
// level per position class (domain.md §3).
var defaultManajerialByClass = map[string]int{"jpt_madya": 5, "jpt_pratama": 4, "administrator": 3, "pengawas": 2, "pelaksana": 1}

// defaultFungsionalByGrade: see CompetencyConfig.FungsionalByGrade.
var defaultFungsionalByGrade = map[string]int{
	"Ahli Utama": 4, "Ahli Madya": 3, "Ahli Muda": 2, "Ahli Pertama": 1,
	"Penyelia": 2, "Mahir": 1, "Terampil": 1, "Pemula": 1,
}

// Validate checks that every configured level is 1–5.
func (c CompetencyConfig) Validate() error {
	check := func(what string, m map[string]int) error {
		for k, v := range m {
			if v < 1 || v > 5 {
				return fmt.Errorf("analytics.competency.%s.%s = %d: want a level 1–5 (configuration)", what, k, v)
			}
		}
		return nil
	}
	if err := check("manajerial_by_class", c.ManajerialByClass); err != nil {
		return err
	}
	if err := check("fungsional_by_grade", c.FungsionalByGrade); err != nil {
		return err
	}
	if c.FungsionalDefault < 0 || c.FungsionalDefault > 5 {
		return fmt.Errorf("analytics.competency.fungsional_default = %d: want a level 1–5 (configuration)", c.FungsionalDefault)
	}
	return nil
}

// params returns the position standards as query parameters: class_names
// and class_levels; grade_names (lower case, longest first so that the
// most specific grade wins), grade_levels and grade_default.
func (c CompetencyConfig) params() warehouse.Params {
	classes := map[string]int{}
	for k, v := range defaultManajerialByClass {
		classes[k] = v
	}
	for k, v := range c.ManajerialByClass {
		classes[k] = v
	}
	grades := map[string]int{}
	for k, v := range defaultFungsionalByGrade {
		grades[strings.ToLower(strings.TrimSpace(k))] = v
	}
	for k, v := range c.FungsionalByGrade {
		grades[strings.ToLower(strings.TrimSpace(k))] = v
	}
	var classNames, gradeNames []string
	for k := range classes {
		classNames = append(classNames, k)
	}
	sort.Strings(classNames)
	for k := range grades {
		gradeNames = append(gradeNames, k)
	}
	sort.Slice(gradeNames, func(i, j int) bool {
		if len(gradeNames[i]) != len(gradeNames[j]) {
			return len(gradeNames[i]) > len(gradeNames[j])
		}
		return gradeNames[i] < gradeNames[j]
	})
	classLevels := make([]int, len(classNames))
	for i, k := range classNames {
		classLevels[i] = classes[k]
	}
	gradeLevels := make([]int, len(gradeNames))
	for i, k := range gradeNames {
		gradeLevels[i] = grades[k]
	}
	def := c.FungsionalDefault
	if def == 0 {
		def = 1
	}
	return warehouse.Params{
		"class_names": classNames, "class_levels": classLevels,
		"grade_names": gradeNames, "grade_levels": gradeLevels, "grade_default": def,
	}
}
