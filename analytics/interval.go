package analytics

import (
	"math"
)

// Confidence intervals for comparisons (95 %, two-sided).
//
// Means (IKM): the difference of two independent means with Welch's
// unequal-variance t interval: se² = s₁²/n₁ + s₂²/n₂, degrees of freedom by
// Welch–Satterthwaite, half-width t(0,975; df)·se. With the sample sizes
// of SKM surveys (tens to thousands) the t quantile is close to the normal
// 1,96, but a unit with 8 respondents gets the wider interval it deserves.
//
// Proportions (shares): the Wilson score interval per proportion
// (Newcombe 1998, Stat Med 17:857, method 3) and Newcombe's hybrid score
// interval for the difference of two independent proportions (Newcombe
// 1998, Stat Med 17:873, method 10), which behaves at 0 % and 100 % where
// the textbook Wald interval collapses.

// z975 is the 97,5 % quantile of the standard normal distribution.
const z975 = 1.959963984540054

// Interval is a confidence interval.
type Interval struct {
	Low  float64 `json:"low"`
	High float64 `json:"high"`
}

// Excludes reports whether v lies outside the interval.
func (i Interval) Excludes(v float64) bool { return v < i.Low || v > i.High }

// Wilson is the 95 % Wilson score interval of x successes out of n; ok is
// false when n is 0.
func Wilson(x, n uint64) (ci Interval, ok bool) {
	if n == 0 || x > n {
		return Interval{}, false
	}
	return WilsonP(float64(x)/float64(n), float64(n))
}

// WilsonP is the 95 % Wilson score interval of a proportion p observed
// with an effective sample size n, which need not be whole (a clustered
// sample's: see compliance_asn.go); ok is false unless n > 0 and p is in
// [0, 1].
func WilsonP(p, n float64) (ci Interval, ok bool) {
	if !(n > 0) || p < 0 || p > 1 {
		return Interval{}, false
	}
	z2 := z975 * z975
	d := 1 + z2/n
	centre := (p + z2/(2*n)) / d
	half := z975 / d * math.Sqrt(p*(1-p)/n+z2/(4*n*n))
	ci = Interval{Low: centre - half, High: centre + half}
	// Exact at the edges (the formula gives them up to rounding).
	if p == 0 {
		ci.Low = 0
	}
	if p == 1 {
		ci.High = 1
	}
	return ci, true
}

// NewcombeDiff is the 95 % hybrid score interval of p₁ − p₂ for x₁/n₁ and
// x₂/n₂ from independent samples; ok is false when either n is 0.
func NewcombeDiff(x1, n1, x2, n2 uint64) (ci Interval, ok bool) {
	if n1 == 0 || n2 == 0 || x1 > n1 || x2 > n2 {
		return Interval{}, false
	}
	return NewcombeDiffP(float64(x1)/float64(n1), float64(n1), float64(x2)/float64(n2), float64(n2))
}

// NewcombeDiffP is NewcombeDiff of the proportions p₁ and p₂ with
// effective sample sizes n₁ and n₂ (see WilsonP).
func NewcombeDiffP(p1, n1, p2, n2 float64) (ci Interval, ok bool) {
	w1, ok1 := WilsonP(p1, n1)
	w2, ok2 := WilsonP(p2, n2)
	if !ok1 || !ok2 {
		return Interval{}, false
	}
	d := p1 - p2
	return Interval{
		Low:  d - math.Sqrt((p1-w1.Low)*(p1-w1.Low)+(w2.High-p2)*(w2.High-p2)),
		High: d + math.Sqrt((w1.High-p1)*(w1.High-p1)+(p2-w2.Low)*(p2-w2.Low)),
	}, true
}

// Sample is the mean and the (n−1) sample variance of n observations.
type Sample struct {
	N        uint64
	Mean     float64
	Variance float64
}

// MeanCI is the 95 % t interval of the mean of s; ok is false below two
// observations.
func MeanCI(s Sample) (ci Interval, ok bool) {
	if s.N < 2 {
		return Interval{}, false
	}
	se := math.Sqrt(s.Variance / float64(s.N))
	h := StudentT975(float64(s.N-1)) * se
	return Interval{Low: s.Mean - h, High: s.Mean + h}, true
}

// WelchDiff is the 95 % Welch interval of a.Mean − b.Mean; ok is false
// when either sample has fewer than two observations. When both variances
// are 0 the interval is the difference itself.
func WelchDiff(a, b Sample) (ci Interval, df float64, ok bool) {
	if a.N < 2 || b.N < 2 {
		return Interval{}, 0, false
	}
	d := a.Mean - b.Mean
	va, vb := a.Variance/float64(a.N), b.Variance/float64(b.N)
	se2 := va + vb
	if se2 <= 0 {
		return Interval{Low: d, High: d}, math.Inf(1), true
	}
	df = se2 * se2 / (va*va/float64(a.N-1) + vb*vb/float64(b.N-1))
	h := StudentT975(df) * math.Sqrt(se2)
	return Interval{Low: d - h, High: d + h}, df, true
}

// StudentT975 is the 97,5 % quantile of Student's t distribution with df
// degrees of freedom (df may be fractional, as Welch's is; +Inf gives the
// normal quantile).
func StudentT975(df float64) float64 {
	if math.IsInf(df, 1) || df > 1e7 {
		return z975
	}
	// Solve P(T ≤ t) = 0,975 by bisection: the tail P(T > t) is
	// ½·I_{df/(df+t²)}(df/2, ½), decreasing in t.
	tail := func(t float64) float64 { return 0.5 * regIncBeta(df/2, 0.5, df/(df+t*t)) }
	lo, hi := z975, 1.0
	for tail(hi) > 0.025 {
		hi *= 2
	}
	for i := 0; i < 200 && hi-lo > 1e-12*hi; i++ {
		mid := (lo + hi) / 2
		if tail(mid) > 0.025 {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// regIncBeta is the regularized incomplete beta function I_x(a, b), by its
// continued fraction (modified Lentz), accurate to about 1e-14.
func regIncBeta(a, b, x float64) float64 {
	switch {
	case x <= 0:
		return 0
	case x >= 1:
		return 1
	}
	la, _ := math.Lgamma(a + b)
	lb, _ := math.Lgamma(a)
	lc, _ := math.Lgamma(b)
	front := math.Exp(la - lb - lc + a*math.Log(x) + b*math.Log1p(-x))
	if x > (a+1)/(a+b+2) {
		return 1 - front*betaCF(b, a, 1-x)/b
	}
	return front * betaCF(a, b, x) / a
}

func betaCF(a, b, x float64) float64 {
	const tiny = 1e-300
	c, d := 1.0, 1-(a+b)*x/(a+1)
	if math.Abs(d) < tiny {
		d = tiny
	}
	d = 1 / d
	h := d
	for m := 1; m <= 10000; m++ {
		mf := float64(m)
		num := mf * (b - mf) * x / ((a + 2*mf - 1) * (a + 2*mf))
		for k := 0; k < 2; k++ {
			d = 1 + num*d
			if math.Abs(d) < tiny {
				d = tiny
			}
			c = 1 + num/c
			if math.Abs(c) < tiny {
				c = tiny
			}
			d = 1 / d
			h *= d * c
			if k == 0 {
				num = -(a + mf) * (a + b + mf) * x / ((a + 2*mf) * (a + 2*mf + 1))
			}
		}
		if math.Abs(d*c-1) < 1e-15 {
			break
		}
	}
	return h
}
