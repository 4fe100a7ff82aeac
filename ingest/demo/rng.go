package demo

import (
	"math"
	"math/rand/v2"
	"time"
)

// Every random choice comes from a PCG stream keyed by (seed, dataset,
// subject, day): the rows of one unit on one day depend on nothing else, so
// a longer range, another scale of an unrelated unit, or a different number
// of workers never changes rows already written.

// key hashes the parts of a stream key with FNV-1a, then mixes with
// splitmix64 so that neighbouring keys give unrelated streams.
func key(seed uint64, parts ...string) uint64 {
	h := uint64(14695981039346656037)
	for _, p := range parts {
		for i := 0; i < len(p); i++ {
			h ^= uint64(p[i])
			h *= 1099511628211
		}
		h ^= 0xff // separator: ("ab","c") ≠ ("a","bc")
		h *= 1099511628211
	}
	return mix(h ^ mix(seed))
}

func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// dayNumber is the WITA calendar day as a count of days since 1970-01-01.
func dayNumber(d time.Time) uint64 {
	y, m, dd := d.Date()
	return uint64(time.Date(y, m, dd, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// stream returns the generator for one key and one day (day 0 for
// subjects that have no day, such as the roster).
func stream(k uint64, day uint64) *rand.Rand {
	return rand.New(rand.NewPCG(k, mix(day^0x5851f42d4c957f2d)))
}

// poisson draws a Poisson count: Knuth's method for small means, a rounded
// normal above 30 (the volumes here only need the right mean and spread).
func poisson(r *rand.Rand, lambda float64) int {
	switch {
	case lambda <= 0:
		return 0
	case lambda < 30:
		l := math.Exp(-lambda)
		k, p := 0, r.Float64()
		for p > l {
			k++
			p *= r.Float64()
		}
		return k
	default:
		n := int(math.Round(lambda + math.Sqrt(lambda)*r.NormFloat64()))
		if n < 0 {
			return 0
		}
		return n
	}
}

// pick returns an index with probability proportional to weights[i].
func pick(r *rand.Rand, weights []float64) int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	x := r.Float64() * total
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// between returns an integer in [lo, hi].
func between(r *rand.Rand, lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + r.IntN(hi-lo+1)
}

// chance is true with probability p.
func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// jitter is a fixed value in [-1, 1) derived from a name, independent of
// the seed: the "character" of a unit (its quality, its size) is part of
// the demo's story and stays the same whatever seed draws its respondents.
func jitter(parts ...string) float64 {
	return float64(key(0, parts...)>>11)/float64(1<<53)*2 - 1
}
