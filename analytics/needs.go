package analytics

import (
	"context"
	"fmt"
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"
	"sync"

	"kinerja/warehouse"
)

// NeedsQuery asks for the training-needs ranking of the units in a year.
type NeedsQuery struct {
	Year   int
	Agency string // filter: the units of one OPD
	Scope  Scope  // from the user's role
}

// NeedsComponents are a unit's components, each a fraction 0–1 where more
// means more need; null when the unit has no data for it (the score then
// leaves it out). See NeedsWeights for their definitions.
type NeedsComponents struct {
	Competency *Dec4 `json:"competency"`
	JPShare    *Dec4 `json:"jp_share"`
	JPDeficit  *Dec4 `json:"jp_deficit"`
	Predikat   *Dec4 `json:"predikat"`
	Service    *Dec4 `json:"service"`
}

// NeedsReason is one reason a unit ranks where it does, in words.
type NeedsReason struct {
	Component string `json:"component"`
	ID        string `json:"id"` // Bahasa Indonesia
	EN        string `json:"en"`
}

// NeedsUnit is one unit of the ranking with the figures behind its score.
type NeedsUnit struct {
	Rank   int    `json:"rank"` // 1 = most in need; equal scores share a rank
	Code   string `json:"code"`
	Name   string `json:"name"`
	Agency string `json:"agency"`
	Kind   string `json:"kind"`
	// Score is 0–100: 100 × Σ weight × component ÷ Σ weight over the
	// components with data; 0 with NoData when there is none.
	Score      Dec2            `json:"score"`
	NoData     bool            `json:"no_data"`
	Components NeedsComponents `json:"components"`
	// The figures: latest competency assessments with a standard and those
	// below it, the mean positive gap; ASN active in the year, below 20 JP,
	// mean shortfall; ASN evaluated and with a low predikat; SKM
	// respondents and the NRR of U6 and U7 (service units only).
	Assessments      uint64 `json:"assessments"`
	AssessmentsBelow uint64 `json:"assessments_below"`
	MeanGap          Dec4   `json:"mean_gap"`
	Employees        uint64 `json:"employees"`
	Below20JP        uint64 `json:"below_20jp"`
	JPDeficitMean    Dec2   `json:"jp_deficit_mean"`
	Evaluated        uint64 `json:"evaluated"`
	LowPredikat      uint64 `json:"low_predikat"`
	Service          bool   `json:"service"`
	Respondents      uint64 `json:"respondents"`
	NRRU6            *Dec4  `json:"nrr_u6"`
	NRRU7            *Dec4  `json:"nrr_u7"`
	// Reasons are the components that weigh most in the score, heaviest
	// first, at most Config.Needs.TopReasons.
	Reasons []NeedsReason `json:"reasons"`

	score *big.Rat
}

// NeedsResult is what `report needs` and /api/v1/needs return.
type NeedsResult struct {
	Year    int          `json:"year"`
	From    string       `json:"from"`
	To      string       `json:"to"`
	Agency  string       `json:"agency,omitempty"`
	Weights NeedsWeights `json:"weights"` // the weights in force
	// ServiceMinRespondents and ServiceNRRTarget in force.
	ServiceMinRespondents int         `json:"service_min_respondents"`
	ServiceNRRTarget      Dec4        `json:"service_nrr_target"`
	Units                 []NeedsUnit `json:"units"`
}

// defaultNeedsWeights: see NeedsConfig.Weights.
var defaultNeedsWeights = NeedsWeights{Competency: 0.30, JPShare: 0.15, JPDeficit: 0.10, Predikat: 0.25, Service: 0.20}

// resolved returns the configuration in force.
func (c NeedsConfig) resolved() (NeedsConfig, error) {
	if c.Weights == (NeedsWeights{}) {
		c.Weights = defaultNeedsWeights
	}
	w := c.Weights
	for _, v := range []struct {
		k string
		v float64
	}{{"competency", w.Competency}, {"jp_share", w.JPShare}, {"jp_deficit", w.JPDeficit}, {"predikat", w.Predikat}, {"service", w.Service}} {
		if v.v < 0 || math.IsNaN(v.v) || math.IsInf(v.v, 0) {
			return c, fmt.Errorf("analytics.needs.weights.%s = %v: want a weight ≥ 0 (configuration)", v.k, v.v)
		}
	}
	if w.Competency+w.JPShare+w.JPDeficit+w.Predikat+w.Service == 0 {
		return c, fmt.Errorf("analytics.needs.weights: all zero: want at least one weight above 0 (configuration)")
	}
	if c.TopReasons == 0 {
		c.TopReasons = 3
	}
	if c.TopReasons < 0 {
		return c, fmt.Errorf("analytics.needs.top_reasons = %d: want ≥ 0 (configuration)", c.TopReasons)
	}
	if c.ServiceMinRespondents == 0 {
		c.ServiceMinRespondents = 30
	}
	if c.ServiceMinRespondents < 0 {
		return c, fmt.Errorf("analytics.needs.service_min_respondents = %d: want ≥ 1 (configuration)", c.ServiceMinRespondents)
	}
	if c.ServiceNRRTarget == 0 {
		c.ServiceNRRTarget = 3.0644
	}
	if c.ServiceNRRTarget <= 1 || c.ServiceNRRTarget > 4 {
		return c, fmt.Errorf("analytics.needs.service_nrr_target = %v: want an NRR above 1 and at most 4 (configuration)", c.ServiceNRRTarget)
	}
	return c, nil
}

// Validate checks the needs configuration.
func (c NeedsConfig) Validate() error {
	_, err := c.resolved()
	return err
}

// Needs ranks every unit in scope by its training-needs priority for the
// year: competency gaps (Competency), the JP deficit (Training), the share
// of low SKP predikat and, for service units, low U6/U7 NRR in the SKM
// (IKM), weighted by Config.Needs. Most in need first; equal scores (at two
// decimals) share a rank and are listed by code.
func (s *Service) Needs(ctx context.Context, q NeedsQuery) (NeedsResult, error) {
	p := bucket(Year, q.Year, 1)
	res := NeedsResult{Year: q.Year, From: p.From.Format("2006-01-02"), To: p.To.Format("2006-01-02"), Agency: q.Agency, Units: []NeedsUnit{}}
	cfg, err := s.Config.Needs.resolved()
	if err != nil {
		return res, err
	}
	res.Weights, res.ServiceMinRespondents, res.ServiceNRRTarget = cfg.Weights, cfg.ServiceMinRespondents, Dec4(cfg.ServiceNRRTarget)
	ctx = warehouse.WithSettings(ctx, warehouse.Settings{"log_comment": "analytics.needs"})
	scope := warehouse.Params{"agency": q.Agency, "scope_agency": q.Scope.Agency, "scope_unit": q.Scope.Unit}

	// The five inputs are independent: fetch them at once on the pool.
	var (
		units []NeedsUnit
		comp  CompetencyResult
		tr    TrainingResult
		pred  []predikatCount
		ikm   IKMResult
		errs  [5]error
		wg    sync.WaitGroup
	)
	fetch := func(i int, f func() error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = f()
		}()
	}
	fetch(0, func() (err error) { units, err = s.needsUnits(ctx, scope); return err })
	fetch(4, func() (err error) {
		ikm, err = s.IKM(ctx, IKMQuery{By: ByUnit, Period: p, Agency: q.Agency, Scope: q.Scope})
		return err
	})
	// The staff inputs read the staff rollup when it answers for the year
	// (decided once for the three, while the units and the IKM are read),
	// and need no group names: the units come with theirs.
	rolled, release := s.staffRollup(ctx, q.Year)
	defer release()
	var noNames orgNames
	fetch(1, func() (err error) {
		comp, err = s.competency(ctx, CompetencyQuery{By: ByUnit, Year: q.Year, Agency: q.Agency, Scope: q.Scope}, noNames, rolled)
		return err
	})
	fetch(2, func() (err error) {
		tr, err = s.training(ctx, TrainingQuery{By: ByUnit, Year: q.Year, Agency: q.Agency, Scope: q.Scope}, noNames, rolled)
		return err
	})
	fetch(3, func() (err error) { pred, err = s.needsPredikat(ctx, q.Year, scope, rolled); return err })
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return res, fmt.Errorf("needs: %w", err)
		}
	}

	res.Units = units
	idx := map[string]int{}
	for i, u := range res.Units {
		idx[u.Code] = i
	}
	topGap := map[string]CompetencyGap{}
	for _, g := range comp.Groups {
		i, ok := idx[g.Code]
		if !ok {
			continue
		}
		u := &res.Units[i]
		var gapSum uint64
		for _, t := range g.Types {
			u.Assessments += t.Assessments
			u.AssessmentsBelow += t.Below
			gapSum += t.GapSum
		}
		u.MeanGap = quotient4(gapSum, u.Assessments)
		for _, c := range g.Competencies {
			if c.Below == 0 {
				continue
			}
			best, ok := topGap[g.Code]
			if !ok {
				topGap[g.Code] = c
				continue
			}
			cmp := compareShares(c.Below, c.Assessed, best.Below, best.Assessed)
			if cmp > 0 || cmp == 0 && (c.Below > best.Below || c.Below == best.Below && c.Code < best.Code) {
				topGap[g.Code] = c
			}
		}
	}
	deficits := map[string]*big.Rat{}
	for _, g := range tr.Groups {
		i, ok := idx[g.Code]
		if !ok {
			continue
		}
		u := &res.Units[i]
		u.Employees, u.Below20JP, u.JPDeficitMean = g.Employees, g.Below20JP, g.JPDeficitMean
		deficits[g.Code] = g.deficit.Rat()
	}
	for _, c := range pred {
		if i, ok := idx[c.unit]; ok {
			res.Units[i].Evaluated, res.Units[i].LowPredikat = c.evaluated, c.low
		}
	}
	nrr := map[string][2]*big.Rat{}
	for _, g := range ikm.Groups {
		i, ok := idx[g.Code]
		if !ok || g.Respondents == 0 {
			continue
		}
		u := &res.Units[i]
		u.Respondents = g.Respondents
		if g.Respondents < uint64(cfg.ServiceMinRespondents) {
			continue
		}
		u.Service = true
		n := new(big.Int).SetUint64(g.Respondents)
		r6 := new(big.Rat).SetFrac(new(big.Int).SetUint64(g.Sums[5]), n)
		r7 := new(big.Rat).SetFrac(new(big.Int).SetUint64(g.Sums[6]), n)
		nrr[g.Code] = [2]*big.Rat{r6, r7}
		d6, d7 := Dec4(ratFloat(roundRat(r6, 4))), Dec4(ratFloat(roundRat(r7, 4)))
		u.NRRU6, u.NRRU7 = &d6, &d7
	}

	w := cfg.Weights
	target := decimalRat(cfg.ServiceNRRTarget)
	for i := range res.Units {
		u := &res.Units[i]
		type part struct {
			key    string
			weight float64
			value  *big.Rat
			reason NeedsReason
		}
		var parts []part
		if u.Assessments > 0 {
			v := ratOf(u.AssessmentsBelow, u.Assessments)
			r := NeedsReason{Component: "competency",
				ID: fmt.Sprintf("%s dari %s penilaian kompetensi di bawah standar", idInt(u.AssessmentsBelow), idInt(u.Assessments)),
				EN: fmt.Sprintf("%s of %s competency assessments below the standard", enInt(u.AssessmentsBelow), enInt(u.Assessments))}
			if c, ok := topGap[u.Code]; ok {
				r.ID = fmt.Sprintf("%s dari %s ASN di bawah standar %s", idInt(c.Below), idInt(c.Assessed), c.Name)
				r.EN = fmt.Sprintf("%s of %s ASN below the standard in %s", enInt(c.Below), enInt(c.Assessed), c.Name)
			}
			parts = append(parts, part{"competency", w.Competency, v, r})
		}
		if u.Employees > 0 {
			parts = append(parts, part{"jp_share", w.JPShare, ratOf(u.Below20JP, u.Employees), NeedsReason{Component: "jp_share",
				ID: fmt.Sprintf("%s dari %s ASN belum mencapai %d JP", idInt(u.Below20JP), idInt(u.Employees), TargetJP),
				EN: fmt.Sprintf("%s of %s ASN below %d JP", enInt(u.Below20JP), enInt(u.Employees), TargetJP)}})
			def := new(big.Rat).Quo(deficits[u.Code], new(big.Rat).SetInt64(int64(u.Employees)*TargetJP))
			parts = append(parts, part{"jp_deficit", w.JPDeficit, def, NeedsReason{Component: "jp_deficit",
				ID: fmt.Sprintf("rata-rata kurang %s JP per ASN", idDec(float64(u.JPDeficitMean), 2)),
				EN: fmt.Sprintf("on average %s JP short per ASN", strconv.FormatFloat(float64(u.JPDeficitMean), 'f', 2, 64))}})
		}
		if u.Evaluated > 0 {
			parts = append(parts, part{"predikat", w.Predikat, ratOf(u.LowPredikat, u.Evaluated), NeedsReason{Component: "predikat",
				ID: fmt.Sprintf("%s dari %s ASN berpredikat kinerja di bawah Baik", idInt(u.LowPredikat), idInt(u.Evaluated)),
				EN: fmt.Sprintf("%s of %s ASN rated below Baik", enInt(u.LowPredikat), enInt(u.Evaluated))}})
		}
		if r, ok := nrr[u.Code]; ok {
			one := big.NewRat(1, 1)
			span := new(big.Rat).Sub(target, one)
			v := new(big.Rat)
			var ids, ens []string
			for k, x := range r {
				short := new(big.Rat).Sub(target, x)
				if short.Sign() <= 0 {
					continue
				}
				v.Add(v, new(big.Rat).Quo(short, span))
				el := Elements[5+k]
				val := ratFloat(roundRat(x, 2))
				mutu := nrrMutu(roundRat(x, 4))
				ids = append(ids, fmt.Sprintf("NRR %s %s %s (%s)", el.Code, el.Name, idDec(val, 2), mutu))
				ens = append(ens, fmt.Sprintf("NRR %s %s %s (%s)", el.Code, el.NameEN, strconv.FormatFloat(val, 'f', 2, 64), mutu))
			}
			v.Quo(v, big.NewRat(2, 1))
			parts = append(parts, part{"service", w.Service, v, NeedsReason{Component: "service",
				ID: strings.Join(ids, "; "), EN: strings.Join(ens, "; ")}})
		}

		num, den := new(big.Rat), new(big.Rat)
		for _, pt := range parts {
			d := Dec4(ratFloat(roundRat(pt.value, 4)))
			switch pt.key {
			case "competency":
				u.Components.Competency = &d
			case "jp_share":
				u.Components.JPShare = &d
			case "jp_deficit":
				u.Components.JPDeficit = &d
			case "predikat":
				u.Components.Predikat = &d
			case "service":
				u.Components.Service = &d
			}
			wr := decimalRat(pt.weight)
			num.Add(num, new(big.Rat).Mul(wr, pt.value))
			den.Add(den, wr)
		}
		u.score = new(big.Rat)
		if den.Sign() > 0 {
			u.score = roundRat(new(big.Rat).Mul(new(big.Rat).Quo(num, den), big.NewRat(100, 1)), 2)
		}
		u.NoData = len(parts) == 0
		u.Score = Dec2(ratFloat(u.score))
		// Reasons: the heaviest weighted contributions first.
		sort.SliceStable(parts, func(a, b int) bool {
			x := new(big.Rat).Mul(decimalRat(parts[a].weight), parts[a].value)
			y := new(big.Rat).Mul(decimalRat(parts[b].weight), parts[b].value)
			return x.Cmp(y) > 0
		})
		u.Reasons = []NeedsReason{}
		for _, pt := range parts {
			if len(u.Reasons) == cfg.TopReasons {
				break
			}
			if pt.weight == 0 || pt.value.Sign() == 0 {
				continue
			}
			u.Reasons = append(u.Reasons, pt.reason)
		}
		if u.NoData {
			u.Reasons = append(u.Reasons, NeedsReason{Component: "", ID: "tidak ada data kompetensi, JP, SKP, maupun SKM tahun ini",
				EN: "no competency, JP, SKP or SKM data this year"})
		}
	}

	sort.SliceStable(res.Units, func(i, j int) bool {
		a, b := res.Units[i], res.Units[j]
		if c := a.score.Cmp(b.score); c != 0 {
			return c > 0
		}
		return a.Code < b.Code
	})
	for i := range res.Units {
		if i > 0 && res.Units[i].score.Cmp(res.Units[i-1].score) == 0 {
			res.Units[i].Rank = res.Units[i-1].Rank
		} else {
			res.Units[i].Rank = i + 1
		}
	}
	return res, nil
}

// decimalRat is the decimal a configured number is written as (0.3 is
// 3/10, not the binary fraction nearest to it).
func decimalRat(f float64) *big.Rat {
	r, ok := new(big.Rat).SetString(strconv.FormatFloat(f, 'g', -1, 64))
	if !ok {
		return new(big.Rat)
	}
	return r
}

// needsUnits lists the units in scope.
func (s *Service) needsUnits(ctx context.Context, scope warehouse.Params) ([]NeedsUnit, error) {
	rows, err := s.DB.Query(ctx, mustSQL("needs_units.sql"), scope)
	if err != nil {
		return nil, fmt.Errorf("units: %w", err)
	}
	defer rows.Close()
	units := []NeedsUnit{}
	for rows.Next() {
		var u NeedsUnit
		if err := rows.Scan(&u.Code, &u.Name, &u.Agency, &u.Kind); err != nil {
			return nil, fmt.Errorf("units: %w", err)
		}
		units = append(units, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("units: %w", err)
	}
	return units, nil
}

// predikatCount is one unit's evaluated ASN and those with a low predikat.
type predikatCount struct {
	unit           string
	evaluated, low uint64
}

// needsPredikat counts the low SKP predikat per unit in the year, read
// from the staff rollup when rolled (see staffRollup), else the raw table.
func (s *Service) needsPredikat(ctx context.Context, year int, scope warehouse.Params, rolled bool) ([]predikatCount, error) {
	p := warehouse.Params{"year": year}
	for k, v := range scope {
		p[k] = v
	}
	file := "needs_predikat.sql"
	if rolled {
		file = "needs_predikat_rollup.sql"
	}
	rows, err := s.DB.Query(ctx, mustSQL(file), p)
	if err != nil {
		return nil, fmt.Errorf("predikat: %w", err)
	}
	defer rows.Close()
	var out []predikatCount
	for rows.Next() {
		var c predikatCount
		if err := rows.Scan(&c.unit, &c.evaluated, &c.low); err != nil {
			return nil, fmt.Errorf("predikat: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("predikat: %w", err)
	}
	return out, nil
}

func ratOf(num, den uint64) *big.Rat {
	return new(big.Rat).SetFrac(new(big.Int).SetUint64(num), new(big.Int).SetUint64(den))
}

// nrrMutu classifies an element's NRR (1–4) on the IKM bands.
func nrrMutu(r4 *big.Rat) string {
	for _, b := range mutuBands {
		if r4.Cmp(b.minIndex) >= 0 {
			return b.mutu
		}
	}
	return "D"
}

// idDec writes a number the Indonesian way: 2,81.
func idDec(v float64, decimals int) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', decimals, 64), ".", ",", 1)
}

// idInt and enInt group thousands: 1.234 and 1,234.
func idInt(n uint64) string { return groupThousands(n, ".") }
func enInt(n uint64) string { return groupThousands(n, ",") }

func groupThousands(n uint64, sep string) string {
	s := strconv.FormatUint(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + sep + s[i:]
	}
	return s
}
