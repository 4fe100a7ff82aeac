package analytics

import (
	"context"
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"time"

	"kinerja/warehouse"
)

// Weight is the weight of each of the nine SKM elements (PermenPANRB 14/2017).
type Weight string

const (
	// WeightExact is 1/9 per element: a perfect score is exactly 100 (default).
	WeightExact Weight = "exact"
	// Weight0111 is 0,111 per element, as many published reports print it;
	// a perfect score is then 99,90. For matching older reports.
	Weight0111 Weight = "0.111"
)

// ParseWeight accepts "exact" (or "", "1/9") and "0.111" (or "0,111").
func ParseWeight(s string) (Weight, error) {
	switch s {
	case "", "exact", "1/9":
		return WeightExact, nil
	case "0.111", "0,111":
		return Weight0111, nil
	}
	return "", fmt.Errorf("weight %q: want exact or 0.111", s)
}

// Elements are the nine SKM elements, in the order U1..U9.
var Elements = [9]struct{ Code, Name, NameEN string }{
	{"U1", "Persyaratan", "Requirements"},
	{"U2", "Sistem, Mekanisme, dan Prosedur", "Systems, mechanisms and procedures"},
	{"U3", "Waktu Penyelesaian", "Completion time"},
	{"U4", "Biaya/Tarif", "Cost/tariff"},
	{"U5", "Produk Spesifikasi Jenis Pelayanan", "Service product specification"},
	{"U6", "Kompetensi Pelaksana", "Staff competence"},
	{"U7", "Perilaku Pelaksana", "Staff behaviour"},
	{"U8", "Sarana dan Prasarana", "Facilities and infrastructure"},
	{"U9", "Penanganan Pengaduan, Saran dan Masukan", "Handling of complaints and suggestions"},
}

// Dec2 and Dec4 are numbers already rounded to 2 or 4 decimals; JSON
// writes them with exactly that many decimals.
type (
	Dec2 float64
	Dec4 float64
)

func (d Dec2) MarshalJSON() ([]byte, error) {
	return []byte(strconv.FormatFloat(float64(d), 'f', 2, 64)), nil
}
func (d Dec4) MarshalJSON() ([]byte, error) {
	return []byte(strconv.FormatFloat(float64(d), 'f', 4, 64)), nil
}

// IKMScore is the satisfaction of one group over one period.
type IKMScore struct {
	Respondents uint64    `json:"respondents"`
	NRR         [9]Dec4   `json:"nrr"`      // average answer per element U1..U9 (1–4)
	NRRMutu     [9]string `json:"nrr_mutu"` // mutu of each element on the 1–4 bands
	Index       Dec4      `json:"index"`    // IKM on the 1–4 scale
	IKM         Dec2      `json:"ikm"`      // converted IKM, 25–100
	Mutu        string    `json:"mutu"`     // A, B, C, D ("" without respondents)
	Label       string    `json:"label"`    // Sangat Baik, Baik, Kurang Baik, Tidak Baik
	LabelEN     string    `json:"label_en"`
	Sums        [9]uint64 `json:"sums"` // sum of answers per element, for audit
	// SumSq is Σ over respondents of (sum of that respondent's nine answers)²,
	// for the respondent-level variance of the index.
	SumSq float64 `json:"-"`
	// SampleAdequacy compares Respondents with the Krejcie–Morgan
	// requirement when the service-user population is configured (see
	// Config.Population); absent otherwise.
	SampleAdequacy
}

// Mutu bands of the converted IKM (PermenPANRB 14/2017), applied to the
// value rounded to two decimals: A ≥ 88,31; B ≥ 76,61; C ≥ 65,00; else D.
var mutuBands = []struct {
	min             *big.Rat // converted IKM
	minIndex        *big.Rat // the same band on 1–4 for element NRR
	mutu, label, en string
}{
	{big.NewRat(8831, 100), big.NewRat(35324, 10000), "A", "Sangat Baik", "Very good"},
	{big.NewRat(7661, 100), big.NewRat(30644, 10000), "B", "Baik", "Good"},
	{big.NewRat(6500, 100), big.NewRat(26000, 10000), "C", "Kurang Baik", "Poor"},
	{big.NewRat(0, 1), big.NewRat(0, 1), "D", "Tidak Baik", "Not good"},
}

// MutuOf classifies a converted IKM (25–100) after rounding to 2 decimals.
func MutuOf(ikm float64) (mutu, label, labelEN string) {
	r := roundRat(new(big.Rat).SetFloat64(ikm), 2)
	for _, b := range mutuBands {
		if r.Cmp(b.min) >= 0 {
			return b.mutu, b.label, b.en
		}
	}
	return "D", "Tidak Baik", "Not good"
}

// ComputeIKM computes the score from per-element sums of n valid
// questionnaires, in exact rational arithmetic so that the published
// rounding (half up, two decimals) is reproduced: 29 respondents with sums
// 105, 101, 100, 116, 102, 105, 106, 105, 115 give 91,48 (A), or 91,38 with
// weight 0,111.
func ComputeIKM(sums [9]uint64, n uint64, w Weight) IKMScore {
	s := IKMScore{Respondents: n, Sums: sums}
	if n == 0 {
		return s
	}
	var total uint64
	nr := new(big.Rat).SetUint64(n)
	for i, x := range sums {
		total += x
		nrr := new(big.Rat).Quo(new(big.Rat).SetUint64(x), nr)
		r4 := roundRat(nrr, 4)
		s.NRR[i] = Dec4(ratFloat(r4))
		for _, b := range mutuBands {
			if r4.Cmp(b.minIndex) >= 0 {
				s.NRRMutu[i] = b.mutu
				break
			}
		}
	}
	// index = Σ NRR_i × weight
	var weight *big.Rat
	if w == Weight0111 {
		weight = big.NewRat(111, 1000)
	} else {
		weight = big.NewRat(1, 9)
	}
	index := new(big.Rat).Quo(new(big.Rat).SetUint64(total), nr)
	index.Mul(index, weight)
	ikm := new(big.Rat).Mul(index, big.NewRat(25, 1))
	ikm2 := roundRat(ikm, 2)
	s.Index = Dec4(ratFloat(roundRat(index, 4)))
	s.IKM = Dec2(ratFloat(ikm2))
	for _, b := range mutuBands {
		if ikm2.Cmp(b.min) >= 0 {
			s.Mutu, s.Label, s.LabelEN = b.mutu, b.label, b.en
			break
		}
	}
	return s
}

// roundRat rounds half away from zero (values here are positive) to d decimals.
func roundRat(x *big.Rat, d int) *big.Rat {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d)), nil)
	y := new(big.Rat).Mul(x, new(big.Rat).SetInt(scale))
	y.Add(y, big.NewRat(1, 2))
	q := new(big.Int).Quo(y.Num(), y.Denom()) // floor for positive values
	return new(big.Rat).SetFrac(q, scale)
}

func ratFloat(r *big.Rat) float64 {
	f, _ := r.Float64()
	return f
}

// IKMQuery asks for the IKM of groups over a period.
type IKMQuery struct {
	By     By
	Period Period
	Agency string // filter: one OPD
	Unit   string // filter: one unit
	Weight Weight
	Scope  Scope // from the user's role
}

func (q IKMQuery) params() warehouse.Params {
	p := q.Period.params()
	p["by"] = string(q.By)
	p["agency"] = q.Agency
	p["unit"] = q.Unit
	p["scope_agency"] = q.Scope.Agency
	p["scope_unit"] = q.Scope.Unit
	return p
}

// IKMGroup is the score of one group.
type IKMGroup struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Agency string `json:"agency,omitempty"` // the OPD of a unit
	IKMScore
}

// IKMResult is what `report ikm` and /api/v1/ikm return.
type IKMResult struct {
	From   string     `json:"from"`
	To     string     `json:"to"`
	Weight Weight     `json:"weight"`
	By     By         `json:"by"`
	Groups []IKMGroup `json:"groups"`
}

// IKM returns the score per group, best first (ties by code). by=all gives
// one group with code ALL, present even without respondents.
func (s *Service) IKM(ctx context.Context, q IKMQuery) (IKMResult, error) {
	q = q.normalise()
	ctx = warehouse.WithSettings(ctx, warehouse.Settings{"log_comment": "analytics.ikm"})
	res := IKMResult{From: q.Period.From.Format("2006-01-02"), To: q.Period.To.Format("2006-01-02"), Weight: q.Weight, By: q.By}
	names, err := s.names(ctx)
	if err != nil {
		return res, err
	}
	file := "ikm.sql"
	if ok, release := s.Rollups.Use(ctx, "survey"); ok {
		defer release()
		file = "ikm_rollup.sql"
	}
	rows, err := s.DB.Query(ctx, mustSQL(file), q.params())
	if err != nil {
		return res, fmt.Errorf("ikm by %s: %w", q.By, err)
	}
	defer rows.Close()
	for rows.Next() {
		var code string
		var n uint64
		var sums [9]uint64
		var sumSq float64
		var units []string
		if err := rows.Scan(&code, &n, &sums[0], &sums[1], &sums[2], &sums[3], &sums[4], &sums[5], &sums[6], &sums[7], &sums[8], &sumSq, &units); err != nil {
			return res, fmt.Errorf("ikm by %s: %w", q.By, err)
		}
		g := IKMGroup{Code: code, IKMScore: ComputeIKM(sums, n, q.Weight)}
		g.SumSq = sumSq
		g.SampleAdequacy = s.Config.sampleAdequacy(units, q.Period, n)
		g.Name, g.Agency = s.nameOf(names, q.By, code)
		res.Groups = append(res.Groups, g)
	}
	if err := rows.Err(); err != nil {
		return res, fmt.Errorf("ikm by %s: %w", q.By, err)
	}
	if q.By == ByAll && len(res.Groups) == 0 {
		res.Groups = append(res.Groups, IKMGroup{Code: "ALL", Name: s.PemdaName, IKMScore: ComputeIKM([9]uint64{}, 0, q.Weight)})
	}
	sort.SliceStable(res.Groups, func(i, j int) bool {
		a, b := res.Groups[i], res.Groups[j]
		if a.IKM != b.IKM {
			return a.IKM > b.IKM
		}
		return a.Code < b.Code
	})
	return res, nil
}

func (q IKMQuery) normalise() IKMQuery {
	if q.By == "" {
		q.By = ByAll
	}
	if q.Weight == "" {
		q.Weight = WeightExact
	}
	return q
}

// IKMPoint is the score of one period bucket.
type IKMPoint struct {
	Period string `json:"period"` // 2025-03, 2025-Q1, 2025-S1, 2025
	Start  string `json:"start"`  // first day, YYYY-MM-DD
	IKMScore
}

// IKMSeries is the trend of one group.
type IKMSeries struct {
	Code   string     `json:"code"`
	Name   string     `json:"name"`
	Agency string     `json:"agency,omitempty"`
	Points []IKMPoint `json:"points"`
}

// IKMTrend is the trend of every group over the period.
type IKMTrend struct {
	From   string      `json:"from"`
	To     string      `json:"to"`
	Weight Weight      `json:"weight"`
	By     By          `json:"by"`
	Grain  Grain       `json:"grain"`
	Series []IKMSeries `json:"series"`
}

// PeriodLabel names the bucket that starts on day: 2025-03, 2025-Q2,
// 2025-S1 or 2025.
func PeriodLabel(g Grain, start time.Time) string {
	switch g {
	case Quarter:
		return fmt.Sprintf("%d-Q%d", start.Year(), (int(start.Month())-1)/3+1)
	case Semester:
		return fmt.Sprintf("%d-S%d", start.Year(), (int(start.Month())-1)/6+1)
	case Year:
		return strconv.Itoa(start.Year())
	default:
		return start.Format("2006-01")
	}
}

// IKMTrend returns per group the score of every bucket that has respondents.
func (s *Service) IKMTrend(ctx context.Context, q IKMQuery, g Grain) (IKMTrend, error) {
	q = q.normalise()
	if g == "" {
		g = Month
	}
	ctx = warehouse.WithSettings(ctx, warehouse.Settings{"log_comment": "analytics.ikm_trend"})
	res := IKMTrend{From: q.Period.From.Format("2006-01-02"), To: q.Period.To.Format("2006-01-02"), Weight: q.Weight, By: q.By, Grain: g}
	names, err := s.names(ctx)
	if err != nil {
		return res, err
	}
	p := q.params()
	p["grain"] = string(g)
	file := "ikm_trend.sql"
	if ok, release := s.Rollups.Use(ctx, "survey"); ok {
		defer release()
		file = "ikm_trend_rollup.sql"
	}
	rows, err := s.DB.Query(ctx, mustSQL(file), p)
	if err != nil {
		return res, fmt.Errorf("ikm trend by %s per %s: %w", q.By, g, err)
	}
	defer rows.Close()
	idx := map[string]int{}
	for rows.Next() {
		var code string
		var bucket time.Time
		var n uint64
		var sums [9]uint64
		var sumSq float64
		var units []string
		if err := rows.Scan(&code, &bucket, &n, &sums[0], &sums[1], &sums[2], &sums[3], &sums[4], &sums[5], &sums[6], &sums[7], &sums[8], &sumSq, &units); err != nil {
			return res, fmt.Errorf("ikm trend: %w", err)
		}
		i, ok := idx[code]
		if !ok {
			name, agency := s.nameOf(names, q.By, code)
			res.Series = append(res.Series, IKMSeries{Code: code, Name: name, Agency: agency})
			i = len(res.Series) - 1
			idx[code] = i
		}
		// bucket is a Date: its calendar day is the WITA day.
		day := time.Date(bucket.Year(), bucket.Month(), bucket.Day(), 0, 0, 0, 0, WITA)
		pt := IKMPoint{Period: PeriodLabel(g, day), Start: day.Format("2006-01-02"), IKMScore: ComputeIKM(sums, n, q.Weight)}
		pt.SumSq = sumSq
		pt.SampleAdequacy = s.Config.sampleAdequacy(units, bucketPeriod(g, day).intersect(q.Period), n)
		res.Series[i].Points = append(res.Series[i].Points, pt)
	}
	if err := rows.Err(); err != nil {
		return res, fmt.Errorf("ikm trend: %w", err)
	}
	return res, nil
}

// orgNames maps codes to display names and units to their OPD.
type orgNames struct {
	agency map[string]string
	unit   map[string][2]string // name, agency
}

func (s *Service) names(ctx context.Context) (orgNames, error) {
	n := orgNames{agency: map[string]string{}, unit: map[string][2]string{}}
	rows, err := s.DB.Query(ctx, mustSQL("names.sql"), nil)
	if err != nil {
		return n, fmt.Errorf("organisation names: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind, code, name, agency string
		if err := rows.Scan(&kind, &code, &name, &agency); err != nil {
			return n, err
		}
		if kind == "agency" {
			n.agency[code] = name
		} else {
			n.unit[code] = [2]string{name, agency}
		}
	}
	return n, rows.Err()
}

func (s *Service) nameOf(n orgNames, by By, code string) (name, agency string) {
	switch by {
	case ByAgency:
		if v, ok := n.agency[code]; ok {
			return v, ""
		}
	case ByUnit:
		if v, ok := n.unit[code]; ok {
			return v[0], v[1]
		}
	default:
		return s.PemdaName, ""
	}
	return code, ""
}
