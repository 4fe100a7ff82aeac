package analytics

import (
	"context"
	"fmt"
	"math"
	"time"

	"kinerja/warehouse"
)

// The interval of a compliance share, and of its change, counts ASN, not
// ASN-days. The working days of one ASN are not independent trials: a
// diligent ASN reports on most days, another on few, so a group's share
// varies from period to period by far more than a binomial count of its
// ASN-days would say. Compare therefore treats each ASN as a cluster of
// days and uses the ratio estimator's linearised variance (Cochran,
// Sampling Techniques, 3rd ed., §6.4; Kish's design effect):
//
//	R = Σyᵢ ÷ Σxᵢ   (xᵢ expected, yᵢ reported working days of ASN i)
//	V = k/(k−1) · Σ(yᵢ − R·xᵢ)² ÷ (Σxᵢ)²   (k ASN with xᵢ > 0)
//
// and turns it into an effective sample size for the Wilson and Newcombe
// intervals (Korn and Graubard 1998): n_eff = R(1−R) ÷ V, never more than
// Σxᵢ (a group's days are at best independent; when V is 0, as when every
// ASN reported on all or none of their days, Σxᵢ), then multiplied by
// (z ÷ t₀,₉₇₅(k−1))² so that a group of few ASN gets Student's t instead
// of the normal quantile. A group of one ASN has no spread to measure: no
// interval. Worked example in compare_share_test.go (TestCompareCompliance).

// asnSpread is the per-ASN sums of one group behind that variance (Σx and
// Σy are the group's expected and reported ASN-days).
type asnSpread struct {
	k             uint64 // ASN with at least one expected day
	sx, sy        uint64 // Σx, Σy
	sxx, sxy, syy uint64 // Σx², Σxy, Σy²
}

// effectiveN is n_eff of the share as described above; ok is false when
// there is no interval (fewer than two ASN, or no expected day).
func (a asnSpread) effectiveN() (float64, bool) {
	if a.k < 2 || a.sx == 0 {
		return 0, false
	}
	sx := float64(a.sx)
	r := float64(a.sy) / sx
	// Σ(y − Rx)² = Σy² − 2RΣxy + R²Σx², never below 0 (rounding).
	ss := math.Max(0, float64(a.syy)-2*r*float64(a.sxy)+r*r*float64(a.sxx))
	v := float64(a.k) / float64(a.k-1) * ss / (sx * sx)
	n := sx
	if v > 0 {
		n = math.Min(r*(1-r)/v, sx)
	}
	t := StudentT975(float64(a.k - 1))
	n *= (z975 / t) * (z975 / t)
	return n, n > 0
}

// complianceASN returns per group the per-ASN sums of the whole period of
// q (its Grain is ignored), from the activity rollup while it is fresh
// and from the raw tables otherwise, by the rules of Compliance.
func (s *Service) complianceASN(ctx context.Context, q ComplianceQuery) (map[string]*asnSpread, error) {
	cal, err := s.Config.Calendar.Calendar()
	if err != nil {
		return nil, err
	}
	q.Grain = ""
	settings := warehouse.Settings{"log_comment": "analytics.compliance_asn"}
	file := "compliance_asn.sql"
	rolled, release := s.Rollups.Use(ctx, "activity")
	defer release()
	if rolled {
		file = "compliance_asn_rollup.sql"
		// Compare runs this for both periods at once: one thread each
		// measured faster here (2 cores) than both fighting over two.
		settings["max_threads"] = 1
	}
	ctx = warehouse.WithSettings(ctx, settings)
	params := q.params(cal)
	// x of an active range: its working days in the period.
	prefix, index := cal.workingDayPrefix(q.Period)
	days := q.Period.Days()
	out := map[string]*asnSpread{}
	err = s.queryEach(ctx, file, params, func(rows warehouse.Rows) error {
		var code string
		var first, last time.Time
		var k, sy, syy uint64
		if err := rows.Scan(&code, &first, &last, &k, &sy, &syy); err != nil {
			return err
		}
		fi, li := max(index(first), 0), min(index(last), days-1)
		if fi > li {
			return nil
		}
		x := uint64(prefix[li+1] - prefix[fi])
		if x == 0 {
			return nil
		}
		if sy > k*x {
			return fmt.Errorf("%d ASN of %s reported %d of %d working days", k, code, sy, k*x)
		}
		a := out[code]
		if a == nil {
			a = &asnSpread{}
			out[code] = a
		}
		// k ASN with the same x: Σx = kx, Σx² = kx², Σxy = xΣy.
		a.k += k
		a.sx, a.sy = a.sx+k*x, a.sy+sy
		a.sxx, a.sxy, a.syy = a.sxx+k*x*x, a.sxy+x*sy, a.syy+syy
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("compliance per ASN: %w", err)
	}
	return out, nil
}
