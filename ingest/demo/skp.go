package demo

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"time"
)

// SKP evaluations and organisation ratings (PermenPANRB 6/2022).

// SKPHeader and OrganisationRatingsHeader are the canonical headers.
const (
	SKPHeader                 = "nip,unit_code,year,period,hasil_kerja,perilaku_kerja,predikat,evaluator_nip"
	OrganisationRatingsHeader = "agency_code,year,predikat"
)

// Ratings of hasil kerja and perilaku kerja.
const (
	RatingDiatas  = "diatas"
	RatingSesuai  = "sesuai"
	RatingDibawah = "dibawah"
)

// Employee predikat and organisation predikat.
const (
	PredikatSangatBaik     = "sangat_baik"
	PredikatBaik           = "baik"
	PredikatButuhPerbaikan = "butuh_perbaikan"
	PredikatKurang         = "kurang" // Kurang/Misconduct
	PredikatSangatKurang   = "sangat_kurang"
	OrgIstimewa            = "istimewa"
)

// SKPPeriods are the evaluation periods of a year, in file order.
var SKPPeriods = []string{"Q1", "Q2", "Q3", "Q4", "ANNUAL"}

// Predikat is the predikat kinerja of an employee from the two ratings, as
// the matrix of PermenPANRB 6/2022 (domain.md §2) gives it:
//
//	hasil \ perilaku   dibawah         sesuai            diatas
//	diatas             kurang          baik              sangat_baik
//	sesuai             kurang          baik              baik
//	dibawah            sangat_kurang   butuh_perbaikan   butuh_perbaikan
//
// It returns "" for a rating it does not know.
func Predikat(hasil, perilaku string) string {
	row := map[string][3]string{
		RatingDiatas:  {PredikatKurang, PredikatBaik, PredikatSangatBaik},
		RatingSesuai:  {PredikatKurang, PredikatBaik, PredikatBaik},
		RatingDibawah: {PredikatSangatKurang, PredikatButuhPerbaikan, PredikatButuhPerbaikan},
	}[hasil]
	switch perilaku {
	case RatingDibawah:
		return row[0]
	case RatingSesuai:
		return row[1]
	case RatingDiatas:
		return row[2]
	}
	return ""
}

// employee predikat in quota order, best first.
var predikatOrder = []string{PredikatSangatBaik, PredikatBaik, PredikatButuhPerbaikan, PredikatKurang, PredikatSangatKurang}

// orgRating is an agency's predikat for a year and whether its employees'
// distribution breaks the pattern that predikat allows.
type orgRating struct {
	predikat string
	breaks   bool
}

// orgStory is the organisation ratings the demo tells for 2024 and 2025;
// every other agency-year is baik, keeping its pattern. Later years are
// drawn from the agency code (about one in ten istimewa, one in twenty
// butuh perbaikan, one in ten breaking its pattern).
var orgStory = map[int]map[string]orgRating{
	2024: {
		"BKPSDM":      {OrgIstimewa, false},
		"INSPEKTORAT": {OrgIstimewa, false},
		"DISHUB":      {PredikatButuhPerbaikan, false},
		"DINKES":      {PredikatBaik, true}, // everyone "baik": no butuh perbaikan, no kurang
	},
	2025: {
		"INSPEKTORAT":  {OrgIstimewa, false},
		"DISDUKCAPIL":  {OrgIstimewa, false},
		"DPMPTSP":      {OrgIstimewa, true}, // 80 % sangat baik
		"DISDIKBUD":    {PredikatBaik, true},
		"KEC-76.02.04": {PredikatButuhPerbaikan, true}, // too few butuh perbaikan for its rating
	},
}

func (g *Generator) orgRating(agency string, year int) orgRating {
	if story, ok := orgStory[year]; ok {
		if r, ok := story[agency]; ok {
			return r
		}
		return orgRating{PredikatBaik, false}
	}
	y := strconv.Itoa(year)
	x := jitter(agency, "org", y)
	r := orgRating{PredikatBaik, jitter(agency, "org-breaks", y) > 0.8}
	switch {
	case x > 0.8:
		r.predikat = OrgIstimewa
	case x < -0.9:
		r.predikat = PredikatButuhPerbaikan
	}
	return r
}

// quotas returns how many of n employees get each predikat (predikatOrder)
// under the organisation's rating. When it keeps the pattern, the counts
// satisfy it (rounding toward the pattern); when it breaks it, they do not.
func quotas(o orgRating, n int, wobble float64) [5]int {
	var c [5]int
	f := func(share float64) float64 { return share * float64(n) }
	floor := func(s float64) int { return int(math.Floor(f(s))) }
	ceil := func(s float64) int { return int(math.Ceil(f(s))) }
	round := func(s float64) int { return int(math.Round(f(s))) }
	switch {
	case o.predikat == OrgIstimewa && o.breaks:
		c[0], c[2] = ceil(0.8+wobble/2), round(0.03)
	case o.predikat == OrgIstimewa: // at most 70 % sangat baik
		c[0], c[2], c[3] = floor(0.45+wobble), round(0.06), round(0.02)
	case o.predikat == PredikatBaik && o.breaks: // everyone baik or better
		c[0] = round(0.1 + wobble/2)
	case o.predikat == PredikatBaik: // at most 70 % baik, some butuh perbaikan or kurang
		c[0], c[2], c[3], c[4] = round(0.15+wobble), ceil(0.12), ceil(0.04), round(0.01)
	case o.predikat == PredikatButuhPerbaikan && o.breaks:
		c[0], c[2], c[3] = round(0.06), floor(0.35), round(0.05)
	case o.predikat == PredikatButuhPerbaikan: // ≥ 60 % butuh perbaikan, ≤ 10 % sangat baik
		c[0], c[2], c[3], c[4] = floor(0.05), ceil(0.65), round(0.05), round(0.02)
	case o.predikat == PredikatKurang: // ≥ 60 % kurang, ≥ 10 % butuh perbaikan, ≤ 10 % sangat baik
		c[0], c[2], c[3], c[4] = floor(0.03), ceil(0.15), ceil(0.62), round(0.03)
	case o.predikat == PredikatSangatKurang: // ≥ 60 % sangat kurang, ≥ 10 % kurang/butuh perbaikan, no sangat baik
		c[2], c[3], c[4] = ceil(0.06), ceil(0.08), ceil(0.62)
	}
	c[1] = n - c[0] - c[2] - c[3] - c[4]
	if o.predikat == PredikatBaik && !o.breaks {
		// Keep baik ≤ 70 %: move the excess up to sangat baik.
		if over := c[1] - int(math.Floor(0.7*float64(n))); over > 0 {
			c[1] -= over
			c[0] += over
		}
	}
	for c[1] < 0 { // tiny agencies: take from the largest other share
		i := 0
		for k := range c {
			if k != 1 && c[k] > c[i] {
				i = k
			}
		}
		c[i]--
		c[1]++
	}
	return c
}

// ratingsFor returns a (hasil, perilaku) pair that gives the predikat.
func ratingsFor(predikat string, x float64) (hasil, perilaku string) {
	switch predikat {
	case PredikatSangatBaik:
		return RatingDiatas, RatingDiatas
	case PredikatBaik:
		switch {
		case x < 0.25:
			return RatingDiatas, RatingSesuai
		case x < 0.9:
			return RatingSesuai, RatingSesuai
		}
		return RatingSesuai, RatingDiatas
	case PredikatButuhPerbaikan:
		if x < 0.8 {
			return RatingDibawah, RatingSesuai
		}
		return RatingDibawah, RatingDiatas
	case PredikatKurang:
		if x < 0.8 {
			return RatingSesuai, RatingDibawah
		}
		return RatingDiatas, RatingDibawah
	}
	return RatingDibawah, RatingDibawah
}

// periodEnd is the last day of an SKP period.
func periodEnd(year int, period string) time.Time {
	q := map[string]int{"Q1": 3, "Q2": 6, "Q3": 9, "Q4": 12, "ANNUAL": 12}[period]
	return time.Date(year, time.Month(q+1), 0, 0, 0, 0, 0, wita)
}

// skpRow is one evaluation before formatting.
type skpRow struct {
	emp             int32
	period          string
	hasil, perilaku string
	predikat        string
}

// skpYear evaluates every period of the year that ends within from..to.
// An employee is evaluated for a period when active on its last day and
// employed for at least a month of it; the Sekda, evaluated by the Bupati,
// is outside the data. Each agency's predikat are handed out by its
// rating's quotas, ranked by a latent performance (person, unit, period
// noise) drawn from (seed, "skp", agency, year, period).
func (g *Generator) skpYear(year int, from, to time.Time) []skpRow {
	ro := g.roster()
	var out []skpRow
	for _, period := range SKPPeriods {
		end := periodEnd(year, period)
		if end.Before(from) || end.After(to) {
			continue
		}
		for _, a := range g.org.Agencies {
			r := stream(key(g.opt.Seed, "skp", a.Code, strconv.Itoa(year), period), 0)
			type cand struct {
				emp   int32
				score float64
			}
			var cands []cand
			for ui := range g.org.Units {
				if g.org.Units[ui].AgencyCode != a.Code {
					continue
				}
				for _, ei := range ro.byUnit[ui] {
					e := &ro.emps[ei]
					if e.sup < 0 || !e.active(end) || e.from.After(end.AddDate(0, -1, 0)) {
						continue
					}
					cands = append(cands, cand{ei, e.perf + g.work[ui].perf + 0.5*r.NormFloat64()})
				}
			}
			if len(cands) == 0 {
				continue
			}
			rank := slices.Clone(cands)
			slices.SortStableFunc(rank, func(x, y cand) int { return cmp.Compare(y.score, x.score) })
			q := quotas(g.orgRating(a.Code, year), len(cands), 0.08*jitter(a.Code, "wobble", strconv.Itoa(year)))
			pred := map[int32]string{}
			i := 0
			for k, n := range q {
				for range n {
					pred[rank[i].emp] = predikatOrder[k]
					i++
				}
			}
			for _, c := range cands {
				p := pred[c.emp]
				h, b := ratingsFor(p, r.Float64())
				out = append(out, skpRow{emp: c.emp, period: period, hasil: h, perilaku: b, predikat: Predikat(h, b)})
			}
		}
	}
	return out
}

// WriteSKP writes the SKP evaluations of one year: the periods that ended
// within the generator's range.
func (g *Generator) WriteSKP(w io.Writer, year int) (int64, error) {
	ro := g.roster()
	bw := bufio.NewWriterSize(w, 256<<10)
	bw.WriteString(SKPHeader + "\n")
	var b []byte
	rows := g.skpYear(year, g.opt.From, g.opt.To)
	for _, row := range rows {
		e := &ro.emps[row.emp]
		b = append(b[:0], e.nip...)
		b = append(b, ',')
		b = appendField(b, g.org.Units[e.unit].Code)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(year), 10)
		b = append(b, ',')
		b = append(b, row.period...)
		b = append(b, ',')
		b = append(b, row.hasil...)
		b = append(b, ',')
		b = append(b, row.perilaku...)
		b = append(b, ',')
		b = append(b, row.predikat...)
		b = append(b, ',')
		b = append(b, ro.emps[e.sup].nip...)
		b = append(b, '\n')
		bw.Write(b)
	}
	if err := bw.Flush(); err != nil {
		return 0, fmt.Errorf("write skp %d: %w", year, err)
	}
	return int64(len(rows)), nil
}

// ratedYears are the years whose end lies within the range: an
// organisation's predikat (and the annual SKP) is given after the year.
func (g *Generator) ratedYears() []int {
	var ys []int
	for y := g.opt.From.Year(); y <= g.opt.To.Year(); y++ {
		if end := periodEnd(y, "ANNUAL"); !end.Before(g.opt.From) && !end.After(g.opt.To) {
			ys = append(ys, y)
		}
	}
	return ys
}

// WriteOrganisationRatings writes every agency's predikat for every year
// that ended within the range.
func (g *Generator) WriteOrganisationRatings(w io.Writer) (int64, error) {
	bw := bufio.NewWriter(w)
	bw.WriteString(OrganisationRatingsHeader + "\n")
	var n int64
	for _, y := range g.ratedYears() {
		for _, a := range g.org.Agencies {
			fmt.Fprintf(bw, "%s,%d,%s\n", a.Code, y, g.orgRating(a.Code, y).predikat)
			n++
		}
	}
	if err := bw.Flush(); err != nil {
		return n, fmt.Errorf("write organisation ratings: %w", err)
	}
	return n, nil
}
