package analytics

import (
	"math/big"
)

// RequiredSample is the number of SKM respondents needed for a population of
// n service users (PermenPANRB 14/2017, after Krejcie & Morgan 1970: 95 %
// confidence, 5 % margin):
//
//	s = χ²·N·P(1−P) / (d²·(N−1) + χ²·P(1−P)),  χ² = 3,841, P = 0,5, d = 0,05
//
// computed exactly and rounded half up, which reproduces every row of the
// published table (N 100 → 80, 500 → 217, 1 000 → 278, 5 000 → 357,
// 10 000 → 370, …) except one: the table prints 384 for N = 100 000 where
// the formula gives 382,63. Since the regulation reproduces the table, the
// printed value stands, and from 100 000 users on the requirement is 384
// (the formula's own limit for a very large population is 384,16), so the
// requirement never decreases as the population grows. A population of 0
// needs no respondents.
func RequiredSample(n uint64) uint64 {
	if n == 0 {
		return 0
	}
	if n >= 100_000 {
		return 384
	}
	chi2P := big.NewRat(3841*25, 1000*100) // χ²·P(1−P) = 3,841 × 0,25
	d2 := big.NewRat(25, 10000)            // d² = 0,05²
	N := new(big.Rat).SetUint64(n)
	num := new(big.Rat).Mul(chi2P, N)
	den := new(big.Rat).Mul(d2, new(big.Rat).SetUint64(n-1))
	den.Add(den, chi2P)
	s := roundRat(new(big.Rat).Quo(num, den), 0)
	return s.Num().Uint64()
}

// SampleAdequacy compares respondents with the requirement for a known
// population; nil fields mean the population is unknown.
type SampleAdequacy struct {
	// Population is the number of service users in the period (see
	// Config.Population), Required the respondents it needs.
	Population *uint64 `json:"population,omitempty"`
	Required   *uint64 `json:"required_sample,omitempty"`
	// Adequate is false when there are fewer respondents than required:
	// the result is still shown, but flagged.
	Adequate *bool `json:"sample_adequate,omitempty"`
}

func adequacy(population uint64, respondents uint64) SampleAdequacy {
	req := RequiredSample(population)
	ok := respondents >= req
	return SampleAdequacy{Population: &population, Required: &req, Adequate: &ok}
}

// sampleAdequacy judges n respondents of the given units over p. The
// population of a group is the sum of the yearly service users of the units
// that have respondents in it (Config.Population), times the part of a year
// p covers (a quarter is ¼ of the yearly users; see Period.yearFraction),
// rounded up. It is unknown, and nothing is judged, when any of those units
// has no population configured.
func (c Config) sampleAdequacy(units []string, p Period, n uint64) SampleAdequacy {
	if len(units) == 0 || len(c.Population) == 0 {
		return SampleAdequacy{}
	}
	var yearly uint64
	for _, u := range units {
		v, ok := c.Population[u]
		if !ok {
			return SampleAdequacy{}
		}
		yearly += v
	}
	pop := new(big.Rat).Mul(new(big.Rat).SetUint64(yearly), p.yearFraction())
	ceil := new(big.Int).Add(pop.Num(), new(big.Int).Sub(pop.Denom(), big.NewInt(1)))
	ceil.Quo(ceil, pop.Denom())
	return adequacy(ceil.Uint64(), n)
}
