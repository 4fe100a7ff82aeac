package analytics

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// The metrics compare knows besides IKM, each read through the metric's own
// function so that a comparison shows exactly the numbers of its report.
// Shares of a whole population (every evaluated ASN, every active ASN) are
// treated as the outcome of a process that could have turned out otherwise,
// so their intervals say how much of a change one period's chance
// variation could explain, not how precisely the share was counted.
func init() {
	comparables = append(comparables,
		comparable{
			name: "compliance", label: "Kepatuhan laporan kegiatan harian", labelEN: "Activity-report compliance",
			kind: KindShare, decimals: 4, higherIsBetter: true, lo: 0, hi: 1,
			unitOfAnalysis: "ASN working days expected", unitOfAnalysisI: "hari kerja ASN yang diharapkan",
			measure: measureCompliance,
			note: "Hari-hari kerja seorang ASN saling berkaitan, maka selang kepercayaan dihitung dari keragaman kepatuhan antar-ASN (ukuran sampel efektif n_effective, " +
				"tidak lebih dari jumlah hari kerja ASN); kelompok dengan satu ASN tidak mempunyai selang.",
			noteEN: "The working days of one ASN are related, so the interval comes from the spread of compliance between ASN (effective sample size n_effective, " +
				"at most the ASN working days); a group of one ASN has no interval.",
		},
		comparable{
			name: "share_20jp", label: "Bagian ASN dengan ≥ 20 JP pengembangan kompetensi", labelEN: "Share of ASN with at least 20 JP of development",
			kind: KindShare, decimals: 4, higherIsBetter: true, lo: 0, hi: 1, grains: []Grain{Year},
			unitOfAnalysis: "ASN active in the year", unitOfAnalysisI: "ASN aktif pada tahun itu",
			measure: measureShare20JP,
		},
		comparable{
			name: "skp_sangat_baik", label: "Bagian ASN berpredikat Sangat Baik", labelEN: "Share of ASN rated Sangat Baik",
			kind: KindShare, decimals: 4, higherIsBetter: true, lo: 0, hi: 1, grains: []Grain{Year, Quarter},
			unitOfAnalysis: "ASN evaluated", unitOfAnalysisI: "ASN yang dinilai",
			measure: measureSKP(func(c PredikatCounts) uint64 { return c.SangatBaik }),
		},
		comparable{
			name: "skp_low", label: "Bagian ASN berpredikat Butuh Perbaikan, Kurang atau Sangat Kurang", labelEN: "Share of ASN rated below Baik",
			kind: KindShare, decimals: 4, higherIsBetter: false, lo: 0, hi: 1, grains: []Grain{Year, Quarter},
			unitOfAnalysis: "ASN evaluated", unitOfAnalysisI: "ASN yang dinilai",
			measure: measureSKP(func(c PredikatCounts) uint64 { return c.ButuhPerbaikan + c.Kurang + c.SangatKurang }),
		},
	)
	for _, t := range []struct{ typ, label, labelEN string }{
		{"manajerial", "manajerial", "managerial"},
		{"sosial_kultural", "sosial kultural", "socio-cultural"},
		{"teknis", "teknis", "technical"},
	} {
		comparables = append(comparables, comparable{
			name:  "competency_below_" + t.typ,
			label: "Bagian ASN di bawah standar kompetensi " + t.label, labelEN: "Share of ASN below the " + t.labelEN + " competency standard",
			kind: KindShare, decimals: 4, higherIsBetter: false, lo: 0, hi: 1, grains: []Grain{Year},
			unitOfAnalysis: "ASN assessed in the type", unitOfAnalysisI: "ASN yang dinilai pada jenis itu",
			measure: measureCompetencyBelow(t.typ),
		})
	}
}

// measureShare20JP: Training's Reached20JP of Employees, per calendar year.
func measureShare20JP(ctx context.Context, s *Service, q CompareQuery, p Period) ([]measured, error) {
	res, err := s.Training(ctx, TrainingQuery{By: q.By, Year: p.From.Year(), Agency: q.Agency, Unit: q.Unit, Scope: q.Scope})
	if err != nil {
		return nil, err
	}
	out := make([]measured, 0, len(res.Groups))
	for _, g := range res.Groups {
		out = append(out, measured{code: g.Code, name: g.Name, agency: g.Agency, value: float64(g.Share20JP), n: g.Employees, x: g.Reached20JP})
	}
	return out, nil
}

// measureSKP: a share of the evaluated ASN, from the annual evaluation for
// a year and the quarter's for a quarter.
func measureSKP(count func(PredikatCounts) uint64) func(context.Context, *Service, CompareQuery, Period) ([]measured, error) {
	return func(ctx context.Context, s *Service, q CompareQuery, p Period) ([]measured, error) {
		period := SKPAnnual
		if g, _ := p.Grain(); g == Quarter {
			period = strings.TrimPrefix(PeriodLabel(Quarter, p.From), p.From.Format("2006-"))
		}
		res, err := s.SKP(ctx, SKPQuery{By: q.By, Year: p.From.Year(), Period: period, Agency: q.Agency, Unit: q.Unit, Scope: q.Scope})
		if err != nil {
			return nil, err
		}
		out := make([]measured, 0, len(res.Groups))
		for _, g := range res.Groups {
			x := count(g.Counts)
			out = append(out, measured{code: g.Code, name: g.Name, agency: g.Agency, value: float64(quotient4(x, g.Evaluated)), n: g.Evaluated, x: x})
		}
		return out, nil
	}
}

// measureCompetencyBelow: the ASN below the standard in at least one
// competency of the type, of the ASN assessed in it (Competency's
// ASNBelow ÷ ASN of the type).
func measureCompetencyBelow(typ string) func(context.Context, *Service, CompareQuery, Period) ([]measured, error) {
	return func(ctx context.Context, s *Service, q CompareQuery, p Period) ([]measured, error) {
		res, err := s.Competency(ctx, CompetencyQuery{By: q.By, Year: p.From.Year(), Type: typ, Agency: q.Agency, Unit: q.Unit, Scope: q.Scope})
		if err != nil {
			return nil, err
		}
		var out []measured
		for _, g := range res.Groups {
			for _, t := range g.Types {
				if t.Type == typ {
					out = append(out, measured{code: g.Code, name: g.Name, agency: g.Agency, value: float64(t.ShareBelow), n: t.ASN, x: t.ASNBelow})
				}
			}
		}
		return out, nil
	}
}

// measureCompliance: Compliance's reported of expected ASN-days over the
// whole period, with the interval of ASN as clusters of days
// (compliance_asn.go). The per-ASN sums are Compliance's own numbers, by
// the same rules (tested: rollup_activity_test.go), so they give the share
// too and Compliance itself is not asked.
func measureCompliance(ctx context.Context, s *Service, q CompareQuery, p Period) ([]measured, error) {
	cq := ComplianceQuery{By: q.By, Period: p, Agency: q.Agency, Unit: q.Unit, Scope: q.Scope, ASNDaysOnly: true}
	if err := cq.checkPeriod(); err != nil {
		return nil, err
	}
	var (
		names   orgNames
		spreads map[string]*asnSpread
		errs    [2]error
		wg      sync.WaitGroup
	)
	wg.Go(func() { names, errs[0] = s.names(ctx) })
	wg.Go(func() { spreads, errs[1] = s.complianceASN(ctx, cq) })
	wg.Wait()
	if err := errors.Join(errs[:]...); err != nil {
		return nil, fmt.Errorf("compliance: %w", err)
	}
	out := make([]measured, 0, len(spreads))
	for code, a := range spreads {
		share := ratioDec4(a.sy, a.sx)
		if share == nil {
			continue
		}
		m := measured{code: code, value: float64(*share), n: a.sx, x: a.sy, clustered: true}
		m.name, m.agency = s.nameOf(names, q.By, code)
		m.nEff, _ = a.effectiveN()
		out = append(out, m)
	}
	// Compliance's order of groups.
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		return names.lessGroup(a.agency, a.name, a.code, b.agency, b.name, b.code)
	})
	return out, nil
}
