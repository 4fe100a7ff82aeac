package analytics

import (
	"context"
	"fmt"
	"math/big"
	"sort"

	"github.com/shopspring/decimal"

	"kinerja/warehouse"
)

// TargetJP is the yearly minimum of competency development per PNS, in JP
// (PP 11/2017 art. 203(4), unchanged by PP 17/2020; domain.md §3).
const TargetJP = 20

// TrainingQuery asks for the training hours of groups in a year.
type TrainingQuery struct {
	By     By
	Year   int
	Agency string // filter: one OPD
	Unit   string // filter: one unit
	Scope  Scope  // from the user's role
}

// TrainingStats are the JP figures of a set of ASN in one year.
type TrainingStats struct {
	// Employees counts the ASN active in the year, those without any
	// training included.
	Employees uint64 `json:"employees"`
	JPTotal   Dec2   `json:"jp_total"`
	JPMean    Dec2   `json:"jp_mean"` // JPTotal ÷ Employees
	// Reached20JP counts the ASN with at least 20 JP in the year;
	// Share20JP is that ÷ Employees (0–1).
	Reached20JP uint64 `json:"reached_20jp"`
	Share20JP   Dec4   `json:"share_20jp"`
	Below20JP   uint64 `json:"below_20jp"`
	// JPDeficitMean is the mean shortfall to 20 JP per ASN (0 for those who
	// reached it).
	JPDeficitMean Dec2 `json:"jp_deficit_mean"`

	jpTotal, deficit decimal.Decimal // exact sums
}

// add returns the counts and exact sums of two sets of ASN (the derived
// fields: see computed).
func (a TrainingStats) add(b TrainingStats) TrainingStats {
	return TrainingStats{
		Employees:   a.Employees + b.Employees,
		Reached20JP: a.Reached20JP + b.Reached20JP,
		jpTotal:     a.jpTotal.Add(b.jpTotal),
		deficit:     a.deficit.Add(b.deficit),
	}
}

// computed fills the derived fields from the counts and exact sums, rounded
// half up (JP to 2 decimals, the share to 4).
func (a TrainingStats) computed() TrainingStats {
	a.Below20JP = a.Employees - a.Reached20JP
	a.JPTotal = Dec2(ratFloat(roundRat(a.jpTotal.Rat(), 2)))
	a.Share20JP = quotient4(a.Reached20JP, a.Employees)
	a.JPMean, a.JPDeficitMean = 0, 0
	if a.Employees > 0 {
		n := new(big.Rat).SetUint64(a.Employees)
		a.JPMean = Dec2(ratFloat(roundRat(new(big.Rat).Quo(a.jpTotal.Rat(), n), 2)))
		a.JPDeficitMean = Dec2(ratFloat(roundRat(new(big.Rat).Quo(a.deficit.Rat(), n), 2)))
	}
	return a
}

// TrainingGroup is one group's JP: all ASN (PNS and PPPK), then per
// employee type in ByType. PP 11/2017 art. 203(4) binds PNS: the legal
// figure is ByType["PNS"]. PPPK are counted in the total because the
// Pemda's development plan covers every ASN, and shown apart so that
// either reading is at hand.
type TrainingGroup struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Agency string `json:"agency,omitempty"`
	TrainingStats
	ByType map[string]TrainingStats `json:"by_type"`
}

// TrainingResult is what `report training` and /api/v1/training return.
type TrainingResult struct {
	Year     int             `json:"year"`
	From     string          `json:"from"`
	To       string          `json:"to"`
	By       By              `json:"by"`
	TargetJP int             `json:"target_jp"`
	Groups   []TrainingGroup `json:"groups"`
}

// Training returns per group the JP of the year: ASN active in the year,
// total and mean JP, how many reached 20 JP and the share. A training
// counts in the year it ends. Groups are sorted best first (share, exact),
// then by code; by=all gives one group ALL even without ASN. Read from the
// staff rollup while it answers for the year (rollup_staff.go), else from
// the raw tables.
func (s *Service) Training(ctx context.Context, q TrainingQuery) (TrainingResult, error) {
	ctx = warehouse.WithSettings(ctx, warehouse.Settings{"log_comment": "analytics.training"})
	var rolled bool
	release := func() {}
	names, err := s.namesWhile(ctx, func() { rolled, release = s.staffRollup(ctx, q.Year) })
	defer release()
	if err != nil {
		return TrainingResult{}, err
	}
	return s.training(ctx, q, names, rolled)
}

// training is Training with the group names given and the source decided:
// the staff rollup when rolled (see staffRollup), else the raw tables.
func (s *Service) training(ctx context.Context, q TrainingQuery, names orgNames, rolled bool) (TrainingResult, error) {
	if q.By == "" {
		q.By = ByAll
	}
	p := bucket(Year, q.Year, 1)
	res := TrainingResult{Year: q.Year, From: p.From.Format("2006-01-02"), To: p.To.Format("2006-01-02"), By: q.By, TargetJP: TargetJP, Groups: []TrainingGroup{}}
	params := p.params()
	params["year"] = q.Year
	params["by"] = string(q.By)
	params["agency"] = q.Agency
	params["unit"] = q.Unit
	params["scope_agency"] = q.Scope.Agency
	params["scope_unit"] = q.Scope.Unit
	file := "training.sql"
	if rolled {
		file = "training_rollup.sql"
	}
	rows, err := s.DB.Query(ctx, mustSQL(file), params)
	if err != nil {
		return res, fmt.Errorf("training by %s: %w", q.By, err)
	}
	defer rows.Close()
	idx := map[string]int{}
	for rows.Next() {
		var code, typ string
		var st TrainingStats
		if err := rows.Scan(&code, &typ, &st.Employees, &st.jpTotal, &st.Reached20JP, &st.deficit); err != nil {
			return res, fmt.Errorf("training by %s: %w", q.By, err)
		}
		i, ok := idx[code]
		if !ok {
			g := TrainingGroup{Code: code, ByType: map[string]TrainingStats{}}
			g.Name, g.Agency = s.nameOf(names, q.By, code)
			res.Groups = append(res.Groups, g)
			i = len(res.Groups) - 1
			idx[code] = i
		}
		g := &res.Groups[i]
		g.ByType[typ] = g.ByType[typ].add(st)
		g.TrainingStats = g.TrainingStats.add(st)
	}
	if err := rows.Err(); err != nil {
		return res, fmt.Errorf("training by %s: %w", q.By, err)
	}
	for i := range res.Groups {
		g := &res.Groups[i]
		g.TrainingStats = g.TrainingStats.computed()
		for typ, st := range g.ByType {
			g.ByType[typ] = st.computed()
		}
	}
	if q.By == ByAll && len(res.Groups) == 0 {
		res.Groups = append(res.Groups, TrainingGroup{Code: "ALL", Name: s.PemdaName, ByType: map[string]TrainingStats{}})
	}
	sort.SliceStable(res.Groups, func(i, j int) bool {
		a, b := res.Groups[i], res.Groups[j]
		if c := compareShares(a.Reached20JP, a.Employees, b.Reached20JP, b.Employees); c != 0 {
			return c > 0
		}
		return a.Code < b.Code
	})
	return res, nil
}
