package analytics

import (
	"fmt"
	"math/big"
	"strings"
)

// Employee predikat kinerja (PermenPANRB 6/2022), as stored in
// skp_evaluations.predikat, best first.
const (
	PredikatSangatBaik     = "sangat_baik"
	PredikatBaik           = "baik"
	PredikatButuhPerbaikan = "butuh_perbaikan"
	PredikatKurang         = "kurang" // Kurang/Misconduct
	PredikatSangatKurang   = "sangat_kurang"
)

// Organisation predikat (organisation_ratings.predikat). Baik, Butuh
// Perbaikan, Kurang and Sangat Kurang share the employee codes.
const OrgIstimewa = "istimewa"

// Predikats are the five employee predikat, best first.
var Predikats = [5]string{PredikatSangatBaik, PredikatBaik, PredikatButuhPerbaikan, PredikatKurang, PredikatSangatKurang}

// predikatLabel is how the regulation writes an employee predikat.
var predikatLabel = map[string]string{
	PredikatSangatBaik:     "Sangat Baik",
	PredikatBaik:           "Baik",
	PredikatButuhPerbaikan: "Butuh Perbaikan",
	PredikatKurang:         "Kurang/Misconduct",
	PredikatSangatKurang:   "Sangat Kurang",
}

// orgLabel is how the regulation writes an organisation predikat.
var orgLabel = map[string]string{
	OrgIstimewa:            "Istimewa",
	PredikatBaik:           "Baik",
	PredikatButuhPerbaikan: "Butuh Perbaikan",
	PredikatKurang:         "Kurang",
	PredikatSangatKurang:   "Sangat Kurang",
}

// OrganisationLabel returns the label of an organisation predikat
// ("Istimewa"), or "" for a code the regulation does not know.
func OrganisationLabel(code string) string { return orgLabel[code] }

// PredikatLabel returns the label of an employee predikat ("Sangat Baik").
func PredikatLabel(code string) string { return predikatLabel[code] }

// PredikatCounts counts evaluated ASN per predikat.
type PredikatCounts struct {
	SangatBaik     uint64 `json:"sangat_baik"`
	Baik           uint64 `json:"baik"`
	ButuhPerbaikan uint64 `json:"butuh_perbaikan"`
	Kurang         uint64 `json:"kurang"`
	SangatKurang   uint64 `json:"sangat_kurang"`
}

// Total is the number of ASN counted.
func (c PredikatCounts) Total() uint64 {
	return c.SangatBaik + c.Baik + c.ButuhPerbaikan + c.Kurang + c.SangatKurang
}

// Of returns the count of one predikat code (0 for an unknown code).
func (c PredikatCounts) Of(predikat string) uint64 {
	switch predikat {
	case PredikatSangatBaik:
		return c.SangatBaik
	case PredikatBaik:
		return c.Baik
	case PredikatButuhPerbaikan:
		return c.ButuhPerbaikan
	case PredikatKurang:
		return c.Kurang
	case PredikatSangatKurang:
		return c.SangatKurang
	}
	return 0
}

// PredikatShares are the counts as fractions 0–1 of the evaluated ASN.
type PredikatShares struct {
	SangatBaik     Dec4 `json:"sangat_baik"`
	Baik           Dec4 `json:"baik"`
	ButuhPerbaikan Dec4 `json:"butuh_perbaikan"`
	Kurang         Dec4 `json:"kurang"`
	SangatKurang   Dec4 `json:"sangat_kurang"`
}

// Shares divides every count by the total (all zero without ASN).
func (c PredikatCounts) Shares() PredikatShares {
	n := c.Total()
	return PredikatShares{
		SangatBaik: share4(c.SangatBaik, n), Baik: share4(c.Baik, n), ButuhPerbaikan: share4(c.ButuhPerbaikan, n),
		Kurang: share4(c.Kurang, n), SangatKurang: share4(c.SangatKurang, n),
	}
}

// share4 is x/n rounded half up to 4 decimals, exactly; 0 when n is 0.
func share4(x, n uint64) Dec4 {
	if n == 0 {
		return 0
	}
	return Dec4(ratFloat(roundRat(new(big.Rat).SetFrac(new(big.Int).SetUint64(x), new(big.Int).SetUint64(n)), 4)))
}

// ruleKind is how a pattern rule compares.
type ruleKind int

const (
	ruleAtMost  ruleKind = iota // count ≤ pct % of the evaluated ASN
	ruleAtLeast                 // count ≥ pct % of the evaluated ASN
	ruleSome                    // count ≥ 1
	ruleNone                    // count = 0
)

// patternRule is one clause of an organisation predikat's pattern: the
// combined count of the predikat listed, compared with pct % of the
// evaluated ASN (at most / at least), or with zero (some / none).
type patternRule struct {
	kind     ruleKind
	pct      uint64 // whole percent, for ruleAtMost and ruleAtLeast
	predikat []string
}

// PatternRules are the allowed distributions of the employees' predikat
// per organisation predikat, exactly as PermenPANRB 6/2022 states them
// (domain.md §2), one clause per rule:
//
//   - Istimewa: at most 70 % Sangat Baik.
//   - Baik: at most 70 % Baik; some Butuh Perbaikan and/or Kurang/Misconduct.
//   - Butuh Perbaikan: at least 60 % Butuh Perbaikan; at most 10 % Sangat Baik.
//   - Kurang: at least 60 % Kurang/Misconduct; at least 10 % Butuh
//     Perbaikan; at most 10 % Sangat Baik.
//   - Sangat Kurang: at least 60 % Sangat Kurang; at least 10 %
//     Kurang/Misconduct and/or Butuh Perbaikan; no Sangat Baik.
//
// "Some Butuh Perbaikan and/or Kurang/Misconduct" means at least one ASN
// with either predikat (our reading: the regulation fixes no share, so one
// is enough). "And/or" adds the two counts. Comparisons are exact, in
// integers: at most p % of n holds when 100·count ≤ p·n, so 70 % of 10 is
// 7, seven of ten is allowed and eight is not; at least p % holds when
// 100·count ≥ p·n.
var patternRules = map[string][]patternRule{
	OrgIstimewa: {
		{ruleAtMost, 70, []string{PredikatSangatBaik}},
	},
	PredikatBaik: {
		{ruleAtMost, 70, []string{PredikatBaik}},
		{ruleSome, 0, []string{PredikatButuhPerbaikan, PredikatKurang}},
	},
	PredikatButuhPerbaikan: {
		{ruleAtLeast, 60, []string{PredikatButuhPerbaikan}},
		{ruleAtMost, 10, []string{PredikatSangatBaik}},
	},
	PredikatKurang: {
		{ruleAtLeast, 60, []string{PredikatKurang}},
		{ruleAtLeast, 10, []string{PredikatButuhPerbaikan}},
		{ruleAtMost, 10, []string{PredikatSangatBaik}},
	},
	PredikatSangatKurang: {
		{ruleAtLeast, 60, []string{PredikatSangatKurang}},
		{ruleAtLeast, 10, []string{PredikatKurang, PredikatButuhPerbaikan}},
		{ruleNone, 0, []string{PredikatSangatBaik}},
	},
}

// PatternCheck is the verdict on a distribution under an organisation
// predikat. OK is nil when there is nothing to judge: an unknown
// organisation predikat, or no evaluated ASN.
type PatternCheck struct {
	OK           *bool
	Violations   []string // Bahasa Indonesia
	ViolationsEN []string
}

// CheckPattern judges counts against the pattern of the organisation
// predikat org (istimewa, baik, butuh_perbaikan, kurang, sangat_kurang).
func CheckPattern(org string, c PredikatCounts) PatternCheck {
	res := PatternCheck{Violations: []string{}, ViolationsEN: []string{}}
	rules, known := patternRules[org]
	n := c.Total()
	if !known || n == 0 {
		return res
	}
	ok := true
	for _, r := range rules {
		var x uint64
		for _, p := range r.predikat {
			x += c.Of(p)
		}
		var holds bool
		switch r.kind {
		case ruleAtMost:
			holds = 100*x <= r.pct*n
		case ruleAtLeast:
			holds = 100*x >= r.pct*n
		case ruleSome:
			holds = x >= 1
		case ruleNone:
			holds = x == 0
		}
		if !holds {
			ok = false
			id, en := r.violation(org, x, n)
			res.Violations = append(res.Violations, id)
			res.ViolationsEN = append(res.ViolationsEN, en)
		}
	}
	res.OK = &ok
	return res
}

// violation words a broken rule in Bahasa Indonesia and in English, e.g.
// "Sangat Baik 80 % (8 dari 10 ASN) melebihi batas 70 % untuk organisasi
// berpredikat Istimewa".
func (r patternRule) violation(org string, x, n uint64) (id, en string) {
	var labels []string
	for _, p := range r.predikat {
		labels = append(labels, predikatLabel[p])
	}
	what := strings.Join(labels, " atau ")
	whatEN := strings.Join(labels, " or ")
	o := orgLabel[org]
	limit := new(big.Rat).SetInt64(int64(r.pct))
	pctID, pctEN := formatPct(x, n, limit)
	switch r.kind {
	case ruleAtMost:
		return fmt.Sprintf("%s %s (%d dari %d ASN) melebihi batas %d %% untuk organisasi berpredikat %s", what, pctID, x, n, r.pct, o),
			fmt.Sprintf("%s %s (%d of %d ASN) exceeds the maximum of %d%% for an organisation rated %s", whatEN, pctEN, x, n, r.pct, o)
	case ruleAtLeast:
		return fmt.Sprintf("%s %s (%d dari %d ASN) kurang dari batas minimal %d %% untuk organisasi berpredikat %s", what, pctID, x, n, r.pct, o),
			fmt.Sprintf("%s %s (%d of %d ASN) is below the minimum of %d%% for an organisation rated %s", whatEN, pctEN, x, n, r.pct, o)
	case ruleSome:
		return fmt.Sprintf("Tidak ada ASN berpredikat %s (0 dari %d ASN), padahal organisasi berpredikat %s harus memilikinya", what, n, o),
			fmt.Sprintf("No ASN rated %s (0 of %d ASN), but an organisation rated %s must have some", whatEN, n, o)
	default: // none
		return fmt.Sprintf("%s %s (%d dari %d ASN), padahal organisasi berpredikat %s tidak boleh memiliki ASN berpredikat %s", what, pctID, x, n, o, what),
			fmt.Sprintf("%s %s (%d of %d ASN), but an organisation rated %s may have none", whatEN, pctEN, x, n, o)
	}
}

// formatPct writes 100·x/n as a percentage, "78 %" / "78%", with as few
// decimals as make it honest: whole when exact, else one decimal, more
// when one decimal would print the limit itself (70,0 % for 70,04 %).
func formatPct(x, n uint64, limit *big.Rat) (id, en string) {
	pct := new(big.Rat).SetFrac(new(big.Int).SetUint64(100*x), new(big.Int).SetUint64(n))
	var r *big.Rat
	d := 0
	for ; d <= 4; d++ {
		r = roundRat(pct, d)
		if r.Cmp(pct) == 0 || (d >= 1 && r.Cmp(limit) != 0) {
			break
		}
	}
	d = min(d, 4)
	s := r.FloatString(d)
	return strings.Replace(s, ".", ",", 1) + " %", s + "%"
}
