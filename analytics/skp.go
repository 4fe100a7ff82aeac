package analytics

import (
	"cmp"
	"context"
	"fmt"
	"sort"
	"strings"

	"kinerja/warehouse"
)

// SKP evaluation periods (skp_evaluations.period): the four quarters
// (Triwulan I–IV) and the year.
const (
	SKPAnnual = "ANNUAL"
)

// ParseSKPPeriod validates an SKP period: ANNUAL (the default for "") or
// Q1..Q4, in any case.
func ParseSKPPeriod(s string) (string, error) {
	switch p := strings.ToUpper(strings.TrimSpace(s)); p {
	case "":
		return SKPAnnual, nil
	case SKPAnnual, "Q1", "Q2", "Q3", "Q4":
		return p, nil
	}
	return "", fmt.Errorf("period %q: want ANNUAL, Q1, Q2, Q3 or Q4", s)
}

// SKPQuery asks for the SKP predikat distribution of groups in one year
// and evaluation period.
type SKPQuery struct {
	By     By
	Year   int
	Period string // ANNUAL (default) or Q1..Q4
	Agency string // filter: one OPD
	Unit   string // filter: one unit
	Scope  Scope  // from the user's role
}

func (q SKPQuery) params(by By, unit string) warehouse.Params {
	return warehouse.Params{
		"by": string(by), "year": q.Year, "period": q.Period,
		"agency": q.Agency, "unit": unit,
		"scope_agency": q.Scope.Agency, "scope_unit": q.Scope.Unit,
	}
}

// SKPGroup is the predikat distribution of one group, with the verdict of
// its organisation's pattern.
//
// Evaluated counts the ASN with one of the five predikat; a stored
// predikat outside them (which validation should have rejected) is counted
// in Unclassified and nowhere else. Shares are fractions of Evaluated.
//
// The pattern (domain.md §2, PatternRules) is a rule about an organisation
// (an OPD), so it is always judged on the whole OPD's distribution within
// the caller's scope, whatever the grouping: a unit row (by=unit) shows the
// unit's own counts next to its OPD's predikat and verdict, for
// information, and an OPD row filtered to one unit still carries the whole
// OPD's verdict. OrganisationPredikat is "" when the OPD has no rating for
// the year (and for by=all: the Pemda as a whole has none); PatternOK is
// then null. PatternOK is also null, with PatternWithheld, when the scope
// is a single unit: the verdict summarises the whole OPD, which such a
// user may not see.
type SKPGroup struct {
	Code                 string         `json:"code"`
	Name                 string         `json:"name"`
	Agency               string         `json:"agency,omitempty"` // the OPD of a unit
	Evaluated            uint64         `json:"evaluated"`
	Counts               PredikatCounts `json:"counts"`
	Shares               PredikatShares `json:"shares"`
	Unclassified         uint64         `json:"unclassified"`
	OrganisationPredikat string         `json:"organisation_predikat"`       // istimewa, baik, … or ""
	OrganisationLabel    string         `json:"organisation_label"`          // Istimewa, Baik, … or ""
	PatternOK            *bool          `json:"pattern_ok"`                  // null: nothing to judge
	PatternWithheld      bool           `json:"pattern_withheld,omitempty"`  // scope narrower than the OPD
	PatternEvaluated     uint64         `json:"pattern_evaluated,omitempty"` // ASN of the OPD the verdict counts
	Violations           []string       `json:"violations"`                  // Bahasa Indonesia
	ViolationsEN         []string       `json:"violations_en"`
}

// SKPResult is what `report skp` and /api/v1/skp return.
type SKPResult struct {
	Year   int        `json:"year"`
	Period string     `json:"period"`
	By     By         `json:"by"`
	Groups []SKPGroup `json:"groups"`
}

// SKP returns the predikat distribution per group, ordered by name (by=unit:
// by OPD name, then unit name). Only groups with evaluations appear.
func (s *Service) SKP(ctx context.Context, q SKPQuery) (SKPResult, error) {
	if q.By == "" {
		q.By = ByAll
	}
	p, err := ParseSKPPeriod(q.Period)
	if err != nil {
		return SKPResult{}, err
	}
	q.Period = p
	if q.Year < 1900 || q.Year > 9999 {
		return SKPResult{}, fmt.Errorf("year %d: want a year such as 2025", q.Year)
	}
	ctx = warehouse.WithSettings(ctx, warehouse.Settings{"log_comment": "analytics.skp"})
	res := SKPResult{Year: q.Year, Period: q.Period, By: q.By, Groups: []SKPGroup{}}
	names, err := s.names(ctx)
	if err != nil {
		return res, err
	}
	counts, unclassified, err := s.skpCounts(ctx, q.params(q.By, q.Unit))
	if err != nil {
		return res, fmt.Errorf("skp by %s: %w", q.By, err)
	}
	// The OPD-level distributions and ratings for the verdicts.
	var orgCounts map[string]PredikatCounts
	ratings := map[string]string{}
	judge := q.By != ByAll && q.Scope.Unit == ""
	if q.By != ByAll {
		if ratings, err = s.skpRatings(ctx, q); err != nil {
			return res, err
		}
	}
	if judge {
		if q.By == ByAgency && q.Unit == "" {
			orgCounts = counts
		} else if orgCounts, _, err = s.skpCounts(ctx, q.params(ByAgency, "")); err != nil {
			return res, fmt.Errorf("skp per OPD for the pattern: %w", err)
		}
	}
	for code, c := range counts {
		g := SKPGroup{Code: code, Counts: c, Evaluated: c.Total(), Shares: c.Shares(), Unclassified: unclassified[code],
			Violations: []string{}, ViolationsEN: []string{}}
		g.Name, g.Agency = s.nameOf(names, q.By, code)
		agency := code
		if q.By == ByUnit {
			agency = g.Agency
		}
		if org, ok := ratings[agency]; ok && q.By != ByAll {
			g.OrganisationPredikat, g.OrganisationLabel = org, OrganisationLabel(org)
			if judge {
				oc := orgCounts[agency]
				chk := CheckPattern(org, oc)
				g.PatternOK, g.Violations, g.ViolationsEN = chk.OK, chk.Violations, chk.ViolationsEN
				g.PatternEvaluated = oc.Total()
			} else {
				g.PatternWithheld = true
			}
		}
		res.Groups = append(res.Groups, g)
	}
	sort.Slice(res.Groups, func(i, j int) bool {
		a, b := res.Groups[i], res.Groups[j]
		return names.lessGroup(a.Agency, a.Name, a.Code, b.Agency, b.Name, b.Code)
	})
	return res, nil
}

// lessGroup orders groups by name; units (which carry their OPD) first by
// their OPD's name, then by their own.
func (n orgNames) lessGroup(agencyA, nameA, codeA, agencyB, nameB, codeB string) bool {
	if agencyA != agencyB {
		na, nb := n.agency[agencyA], n.agency[agencyB]
		return lessName(cmp.Or(na, agencyA), cmp.Or(nb, agencyB), agencyA, agencyB)
	}
	return lessName(nameA, nameB, codeA, codeB)
}

// skpCounts runs skp.sql: counts and unclassified rows per group code.
func (s *Service) skpCounts(ctx context.Context, p warehouse.Params) (map[string]PredikatCounts, map[string]uint64, error) {
	rows, err := s.DB.Query(ctx, mustSQL("skp.sql"), p)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	counts, unclassified := map[string]PredikatCounts{}, map[string]uint64{}
	for rows.Next() {
		var code string
		var c PredikatCounts
		var other uint64
		if err := rows.Scan(&code, &c.SangatBaik, &c.Baik, &c.ButuhPerbaikan, &c.Kurang, &c.SangatKurang, &other); err != nil {
			return nil, nil, err
		}
		if c.Total() == 0 && other == 0 {
			continue
		}
		counts[code] = c
		unclassified[code] = other
	}
	return counts, unclassified, rows.Err()
}

// skpRatings returns the organisation predikat of each OPD for the year.
func (s *Service) skpRatings(ctx context.Context, q SKPQuery) (map[string]string, error) {
	rows, err := s.DB.Query(ctx, mustSQL("skp_ratings.sql"), q.params(ByAgency, ""))
	if err != nil {
		return nil, fmt.Errorf("organisation ratings %d: %w", q.Year, err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var agency, predikat string
		if err := rows.Scan(&agency, &predikat); err != nil {
			return nil, fmt.Errorf("organisation ratings %d: %w", q.Year, err)
		}
		out[agency] = predikat
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("organisation ratings %d: %w", q.Year, err)
	}
	return out, nil
}
