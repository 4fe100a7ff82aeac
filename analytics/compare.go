package analytics

import (
	"context"
	"fmt"
	"math"
	"math/big"
	"sort"
	"strings"
	"sync"
)

// Comparisons put one metric of every group side by side for a period and
// its baseline (the previous period or the same period last year), with a
// 95 % confidence interval of the change, so that nobody is called in for a
// dip that is only noise (see interval.go for the methods):
//
//   - IKM: each respondent's own score, the sum of their nine answers × 25/9
//     (× 25 × 0,111 with weight 0,111), so that the mean of the scores is the
//     IKM; Welch's interval of the difference of the two means.
//   - Shares: Wilson per proportion, Newcombe's hybrid score interval for
//     the difference.
//
// "delta" is current − baseline of the values as shown (each rounded to the
// metric's decimals), so that a row adds up; the interval is computed from
// the unrounded estimates. A change is "significant" when its interval
// excludes 0; it is null when either side has too little data (no data,
// or fewer than two respondents for a mean).
//
// Ranks are competition ranks (1, 2, 2, 4) of the values as shown, best
// first (the highest IKM, the lowest share of low predikat): equal numbers
// on the screen share a rank. "most_improved" and "most_declined" name only
// significant changes, the largest first.

// Metric kinds.
const (
	KindMean  = "mean"
	KindShare = "share"
)

// comparable describes one metric that can be compared.
type comparable struct {
	name            string
	label, labelEN  string
	kind            string
	decimals        int
	higherIsBetter  bool
	lo, hi          float64 // the range of the value: intervals are cut to it
	grains          []Grain // the only period shapes the metric has, if restricted
	measure         func(ctx context.Context, s *Service, q CompareQuery, p Period) ([]measured, error)
	unitOfAnalysis  string // what n counts, in English
	unitOfAnalysisI string // the same in Bahasa Indonesia
	// note, noteEN: how to read the intervals of this metric, when its
	// method needs saying.
	note, noteEN string
}

// measured is one group's estimate in one period.
type measured struct {
	code, name, agency string
	value              float64 // as shown (rounded)
	n                  uint64
	x                  uint64 // shares: numerator
	// clustered shares (compliance) take their intervals from the
	// effective sample size nEff instead of n; 0: no interval.
	clustered      bool
	nEff           float64
	mean, variance float64
	sample         SampleAdequacy
}

// comparables are the metrics `compare` knows, by name.
var comparables = []comparable{
	{
		name: "ikm", label: "Indeks Kepuasan Masyarakat (IKM)", labelEN: "Public satisfaction index (IKM)",
		kind: KindMean, decimals: 2, higherIsBetter: true, lo: 25, hi: 100, measure: measureIKM,
		unitOfAnalysis: "respondents", unitOfAnalysisI: "responden",
	},
}

func lookupComparable(name string) (comparable, bool) {
	for _, c := range comparables {
		if c.name == name {
			return c, true
		}
	}
	return comparable{}, false
}

// CompareMetrics lists the metric names compare accepts.
func CompareMetrics() []string {
	out := make([]string, len(comparables))
	for i, c := range comparables {
		out[i] = c.name
	}
	return out
}

// ParseCompareMetric validates a metric name.
func ParseCompareMetric(s string) (string, error) {
	if _, ok := lookupComparable(s); ok {
		return s, nil
	}
	return "", fmt.Errorf("metric %q: want one of %s", s, strings.Join(CompareMetrics(), ", "))
}

// CompareQuery asks for one metric of every group in a period against its
// baseline.
type CompareQuery struct {
	Metric string
	By     By
	Period Period
	Vs     Baseline
	Agency string // filter: one OPD
	Unit   string // filter: one unit
	Weight Weight // ikm only
	Scope  Scope  // from the user's role
}

// Validate checks what the caller asked for: a known metric, and a period
// the metric is defined for (SKP per year or quarter, 20 JP and competency
// per year). The error is the caller's.
func (q CompareQuery) Validate() error {
	c, ok := lookupComparable(q.Metric)
	if !ok {
		return fmt.Errorf("unknown metric %q (want one of %s)", q.Metric, strings.Join(CompareMetrics(), ", "))
	}
	if len(c.grains) == 0 {
		return nil
	}
	g, ok := q.Period.Grain()
	var gs []string
	for _, a := range c.grains {
		if ok && g == a {
			return nil
		}
		gs = append(gs, string(a))
	}
	return fmt.Errorf("period %s: %s is only defined per %s (such as 2025 or 2025-Q1)", q.Period.Label(), c.name, strings.Join(gs, " or "))
}

// PeriodRef names a period in a result.
type PeriodRef struct {
	Label string `json:"label"`
	From  string `json:"from"`
	To    string `json:"to"`
}

func periodRef(p Period) PeriodRef {
	return PeriodRef{Label: p.Label(), From: p.From.Format("2006-01-02"), To: p.To.Format("2006-01-02")}
}

// Estimate is a metric's value for one group in one period.
type Estimate struct {
	Value float64 `json:"value"` // IKM 25–100, or a share 0–1
	// N is what the value is computed over: respondents (IKM) or the
	// denominator of a share; Successes the numerator of a share.
	N         uint64   `json:"n"`
	Successes *uint64  `json:"successes,omitempty"`
	CI        Interval `json:"ci"` // 95 %, of the value
	// CIKnown is false when n is too small for an interval (one respondent).
	CIKnown bool `json:"ci_known"`
	// NEffective is the effective sample size the interval of a share of
	// clustered observations comes from (compliance: ASN-days clustered by
	// ASN, see compliance_asn.go), to one decimal.
	NEffective *float64 `json:"n_effective,omitempty"`
	SampleAdequacy
}

// CompareGroup is one group's comparison.
type CompareGroup struct {
	Code     string    `json:"code"`
	Name     string    `json:"name"`
	Agency   string    `json:"agency,omitempty"`
	Current  *Estimate `json:"current"`  // null: no data in the period
	Baseline *Estimate `json:"baseline"` // null: no data in the baseline
	Delta    *float64  `json:"delta"`
	DeltaCI  *Interval `json:"delta_ci"`
	// Significant is null when the change cannot be judged (see above).
	Significant  *bool   `json:"significant"`
	Rank         *int    `json:"rank"`          // among groups with a current value
	RankBaseline *int    `json:"rank_baseline"` // among groups with a baseline value
	rawDelta     float64 // unrounded, orders the changes
}

// Change names one significant change.
type Change struct {
	Code    string   `json:"code"`
	Name    string   `json:"name"`
	Agency  string   `json:"agency,omitempty"`
	Delta   float64  `json:"delta"`
	DeltaCI Interval `json:"delta_ci"`
}

// CompareResult is what `report compare` and /api/v1/compare return.
type CompareResult struct {
	Metric         string    `json:"metric"`
	Label          string    `json:"label"`
	LabelEN        string    `json:"label_en"`
	Kind           string    `json:"kind"` // mean or share
	Decimals       int       `json:"decimals"`
	HigherIsBetter bool      `json:"higher_is_better"`
	N              string    `json:"n_counts"`    // what n counts (English)
	NID            string    `json:"n_counts_id"` // the same in Bahasa Indonesia
	By             By        `json:"by"`
	Vs             Baseline  `json:"vs"`
	Weight         Weight    `json:"weight,omitempty"`
	Period         PeriodRef `json:"period"`
	Baseline       PeriodRef `json:"baseline"`
	Confidence     float64   `json:"confidence"`
	Method         string    `json:"method"`
	// Note (Bahasa Indonesia) and NoteEN: how to read the intervals of
	// this metric, when its method needs saying.
	Note         string         `json:"note,omitempty"`
	NoteEN       string         `json:"note_en,omitempty"`
	Groups       []CompareGroup `json:"groups"`
	MostImproved []Change       `json:"most_improved"`
	MostDeclined []Change       `json:"most_declined"`
}

// Compare compares a metric between q.Period and its baseline per group.
// Groups are listed by current rank, then those with a baseline only.
func (s *Service) Compare(ctx context.Context, q CompareQuery) (CompareResult, error) {
	c, ok := lookupComparable(q.Metric)
	if !ok {
		return CompareResult{}, fmt.Errorf("compare: unknown metric %q (want one of %s)", q.Metric, strings.Join(CompareMetrics(), ", "))
	}
	if q.By == "" {
		q.By = ByAll
	}
	if q.Vs == "" {
		q.Vs = VsPrevious
	}
	if q.Weight == "" && q.Metric == "ikm" {
		q.Weight = WeightExact
	}
	base := q.Vs.Of(q.Period)
	res := CompareResult{
		Metric: c.name, Label: c.label, LabelEN: c.labelEN, Kind: c.kind, Decimals: c.decimals,
		HigherIsBetter: c.higherIsBetter, N: c.unitOfAnalysis, NID: c.unitOfAnalysisI, Note: c.note, NoteEN: c.noteEN,
		By: q.By, Vs: q.Vs, Period: periodRef(q.Period), Baseline: periodRef(base), Confidence: 0.95,
		Groups: []CompareGroup{}, MostImproved: []Change{}, MostDeclined: []Change{},
	}
	if q.Metric == "ikm" {
		res.Weight = q.Weight
	}
	res.Method = "welch-t"
	if c.kind == KindShare {
		res.Method = "newcombe-hybrid-score"
	}
	if err := q.Validate(); err != nil {
		return res, fmt.Errorf("compare: %w", err)
	}
	// Both periods at once (the pool has a connection for each).
	var cur, prev []measured
	var curErr, prevErr error
	var wg sync.WaitGroup
	wg.Go(func() { cur, curErr = c.measure(ctx, s, q, q.Period) })
	wg.Go(func() { prev, prevErr = c.measure(ctx, s, q, base) })
	wg.Wait()
	if curErr != nil {
		return res, fmt.Errorf("compare %s %s: %w", c.name, q.Period.Label(), curErr)
	}
	if prevErr != nil {
		return res, fmt.Errorf("compare %s %s: %w", c.name, base.Label(), prevErr)
	}
	res.Groups = compareGroups(c, cur, prev)
	res.MostImproved, res.MostDeclined = changes(c, res.Groups)
	return res, nil
}

// compareGroups pairs the estimates of the two periods, ranks and orders.
func compareGroups(c comparable, cur, prev []measured) []CompareGroup {
	byCode := map[string]int{}
	var gs []CompareGroup
	group := func(m measured) *CompareGroup {
		i, ok := byCode[m.code]
		if !ok {
			gs = append(gs, CompareGroup{Code: m.code, Name: m.name, Agency: m.agency})
			i = len(gs) - 1
			byCode[m.code] = i
		}
		return &gs[i]
	}
	curM, prevM := map[string]measured{}, map[string]measured{}
	for _, m := range cur {
		if m.n == 0 {
			continue
		}
		g := group(m)
		g.Current = c.estimate(m)
		curM[m.code] = m
	}
	for _, m := range prev {
		if m.n == 0 {
			continue
		}
		g := group(m)
		g.Baseline = c.estimate(m)
		prevM[m.code] = m
	}
	for i := range gs {
		g := &gs[i]
		if g.Current == nil || g.Baseline == nil {
			continue
		}
		d := roundTo(g.Current.Value-g.Baseline.Value, c.decimals)
		g.Delta = &d
		a, b := curM[g.Code], prevM[g.Code]
		var ci Interval
		var ok bool
		if c.kind == KindShare {
			if a.clustered || b.clustered {
				ci, ok = NewcombeDiffP(float64(a.x)/float64(a.n), a.nEff, float64(b.x)/float64(b.n), b.nEff)
			} else {
				ci, ok = NewcombeDiff(a.x, a.n, b.x, b.n)
			}
		} else {
			ci, _, ok = WelchDiff(Sample{a.n, a.mean, a.variance}, Sample{b.n, b.mean, b.variance})
		}
		if ok {
			sig := ci.Excludes(0)
			g.Significant = &sig
			span := c.hi - c.lo
			r := Interval{Low: roundTo(math.Max(ci.Low, -span), c.decimals), High: roundTo(math.Min(ci.High, span), c.decimals)}
			g.DeltaCI = &r
			g.rawDelta = (a.mean - b.mean)
			if c.kind == KindShare {
				g.rawDelta = float64(a.x)/float64(a.n) - float64(b.x)/float64(b.n)
			}
		}
	}
	rank(c, gs, func(g *CompareGroup) *Estimate { return g.Current }, func(g *CompareGroup, r int) { g.Rank = &r })
	rank(c, gs, func(g *CompareGroup) *Estimate { return g.Baseline }, func(g *CompareGroup, r int) { g.RankBaseline = &r })
	sort.SliceStable(gs, func(i, j int) bool {
		a, b := gs[i], gs[j]
		switch {
		case a.Rank != nil && b.Rank != nil:
			if *a.Rank != *b.Rank {
				return *a.Rank < *b.Rank
			}
		case a.Rank != nil:
			return true
		case b.Rank != nil:
			return false
		default:
			if (a.RankBaseline == nil) != (b.RankBaseline == nil) {
				return a.RankBaseline != nil
			}
			if a.RankBaseline != nil && *a.RankBaseline != *b.RankBaseline {
				return *a.RankBaseline < *b.RankBaseline
			}
		}
		return a.Code < b.Code
	})
	return gs
}

// rank gives competition ranks (1, 2, 2, 4), best first, to the groups
// that have the estimate.
func rank(c comparable, gs []CompareGroup, est func(*CompareGroup) *Estimate, set func(*CompareGroup, int)) {
	var idx []int
	for i := range gs {
		if est(&gs[i]) != nil {
			idx = append(idx, i)
		}
	}
	better := func(a, b float64) bool {
		if c.higherIsBetter {
			return a > b
		}
		return a < b
	}
	sort.SliceStable(idx, func(i, j int) bool {
		a, b := est(&gs[idx[i]]).Value, est(&gs[idx[j]]).Value
		if a != b {
			return better(a, b)
		}
		return gs[idx[i]].Code < gs[idx[j]].Code
	})
	r := 0
	for k, i := range idx {
		if k == 0 || est(&gs[i]).Value != est(&gs[idx[k-1]]).Value {
			r = k + 1
		}
		set(&gs[i], r)
	}
}

// changes lists the significant improvements and declines, largest first.
func changes(c comparable, gs []CompareGroup) (improved, declined []Change) {
	improved, declined = []Change{}, []Change{}
	type ch struct {
		Change
		size float64
	}
	var up, down []ch
	for _, g := range gs {
		if g.Significant == nil || !*g.Significant {
			continue
		}
		x := ch{Change{Code: g.Code, Name: g.Name, Agency: g.Agency, Delta: *g.Delta, DeltaCI: *g.DeltaCI}, g.rawDelta}
		if (g.rawDelta > 0) == c.higherIsBetter {
			up = append(up, x)
		} else {
			down = append(down, x)
		}
	}
	for _, l := range [][]ch{up, down} {
		sort.SliceStable(l, func(i, j int) bool {
			a, b := math.Abs(l[i].size), math.Abs(l[j].size)
			if a != b {
				return a > b
			}
			return l[i].Code < l[j].Code
		})
	}
	for _, x := range up {
		improved = append(improved, x.Change)
	}
	for _, x := range down {
		declined = append(declined, x.Change)
	}
	return improved, declined
}

// estimate turns a measurement into its shown value and interval.
func (c comparable) estimate(m measured) *Estimate {
	e := &Estimate{Value: m.value, N: m.n, SampleAdequacy: m.sample}
	var ci Interval
	var ok bool
	if c.kind == KindShare {
		x := m.x
		e.Successes = &x
		if m.clustered {
			ci, ok = WilsonP(float64(m.x)/float64(m.n), m.nEff)
			if ok {
				ne := math.Round(m.nEff*10) / 10
				e.NEffective = &ne
			}
		} else {
			ci, ok = Wilson(m.x, m.n)
		}
	} else {
		ci, ok = MeanCI(Sample{m.n, m.mean, m.variance})
	}
	if ok {
		e.CI = Interval{Low: roundTo(math.Max(ci.Low, c.lo), c.decimals), High: roundTo(math.Min(ci.High, c.hi), c.decimals)}
		e.CIKnown = true
	}
	return e
}

func roundTo(v float64, d int) float64 {
	p := math.Pow(10, float64(d))
	r := math.Round(v*p) / p
	if r == 0 {
		return 0 // no -0 in JSON
	}
	return r
}

// measureIKM is the IKM of every group with its respondent-level mean and
// variance.
func measureIKM(ctx context.Context, s *Service, q CompareQuery, p Period) ([]measured, error) {
	res, err := s.IKM(ctx, IKMQuery{By: q.By, Period: p, Agency: q.Agency, Unit: q.Unit, Weight: q.Weight, Scope: q.Scope})
	if err != nil {
		return nil, err
	}
	out := make([]measured, 0, len(res.Groups))
	for _, g := range res.Groups {
		mean, variance := respondentMoments(g.IKMScore, q.Weight)
		out = append(out, measured{code: g.Code, name: g.Name, agency: g.Agency, value: float64(g.IKM),
			n: g.Respondents, mean: mean, variance: variance, sample: g.SampleAdequacy})
	}
	return out, nil
}

// respondentMoments are the mean and the sample variance of the
// respondents' own scores (sum of their nine answers × the weight × 25):
// the mean equals the IKM before rounding. Computed from Σ sums and Σ sums²
// exactly, then converted.
func respondentMoments(s IKMScore, w Weight) (mean, variance float64) {
	if s.Respondents == 0 {
		return 0, 0
	}
	factor := big.NewRat(25, 9)
	if w == Weight0111 {
		factor = big.NewRat(25*111, 1000)
	}
	var total uint64
	for _, x := range s.Sums {
		total += x
	}
	n := new(big.Int).SetUint64(s.Respondents)
	sumSq, _ := new(big.Float).SetFloat64(s.SumSq).Int(nil)
	m := new(big.Rat).SetFrac(new(big.Int).SetUint64(total), n)
	m.Mul(m, factor)
	mean, _ = m.Float64()
	if s.Respondents < 2 {
		return mean, 0
	}
	// (n·Σx² − (Σx)²) / (n(n−1)) × factor²
	t := new(big.Int).SetUint64(total)
	num := new(big.Int).Mul(n, sumSq)
	num.Sub(num, new(big.Int).Mul(t, t))
	den := new(big.Int).Mul(n, new(big.Int).Sub(n, big.NewInt(1)))
	v := new(big.Rat).SetFrac(num, den)
	v.Mul(v, factor)
	v.Mul(v, factor)
	variance, _ = v.Float64()
	return mean, variance
}
