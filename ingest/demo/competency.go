package demo

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"time"
)

// Competency assessments (PermenPANRB 38/2017): the eight manajerial
// competencies, one sosial kultural, and the teknis competencies of the
// employee's sector, levels 1–5.

// CompetencyHeader is the canonical header.
const CompetencyHeader = "nip,competency_code,competency_name,competency_type,required_level,assessed_level,assessed_at,method"

// Competency types and assessment methods.
const (
	CompetencyManajerial     = "manajerial"
	CompetencyTeknis         = "teknis"
	CompetencySosialKultural = "sosial_kultural"

	MethodAssessmentCenter = "assessment_center" // for heads, by the BKPSDM's assessor panel
	MethodCAT              = "cat"               // computer assisted test, for everyone else
	MethodUjiKompetensi    = "uji_kompetensi"    // sector test for teknis competencies
)

// Competency is one competency of the dictionary.
type Competency struct {
	Code, Name, Type string
	shift            float64 // how well this competency usually scores
	service          bool    // what the public feels: weaker where the unit is weak
}

// Manajerial are the eight manajerial competencies, in the regulation's order.
var Manajerial = []Competency{
	{"integritas", "Integritas", CompetencyManajerial, 0.3, false},
	{"kerja_sama", "Kerja Sama", CompetencyManajerial, 0.1, false},
	{"komunikasi", "Komunikasi", CompetencyManajerial, -0.1, true},
	{"orientasi_hasil", "Orientasi pada Hasil", CompetencyManajerial, 0, false},
	{"pelayanan_publik", "Pelayanan Publik", CompetencyManajerial, 0, true},
	{"pengembangan_diri", "Pengembangan Diri dan Orang Lain", CompetencyManajerial, -0.2, false},
	{"mengelola_perubahan", "Mengelola Perubahan", CompetencyManajerial, -0.35, false},
	{"pengambilan_keputusan", "Pengambilan Keputusan", CompetencyManajerial, -0.2, false},
}

var perekatBangsa = Competency{"perekat_bangsa", "Perekat Bangsa", CompetencySosialKultural, 0.2, false}

var pelayananPrima = Competency{"tk_pelayanan_prima", "Pelayanan Prima", CompetencyTeknis, -0.1, true}

// teknisOf returns the sector's teknis competencies for a unit.
func teknisOf(u *Unit) []Competency {
	t := func(code, name string) Competency { return Competency{code, name, CompetencyTeknis, -0.1, false} }
	var out []Competency
	switch u.family {
	case "guru_sd", "guru_smp":
		out = []Competency{t("tk_pedagogik", "Kompetensi Pedagogik"), t("tk_profesional", "Kompetensi Profesional Bidang Studi")}
	case "nakes", "nakes_rs":
		out = []Competency{t("tk_pelayanan_klinis", "Pelayanan Klinis Sesuai Standar"), t("tk_ppi", "Pencegahan dan Pengendalian Infeksi")}
	case "dukcapil":
		out = []Competency{t("tk_siak", "Pengelolaan Administrasi Kependudukan (SIAK)")}
	case "auditor":
		out = []Competency{t("tk_audit", "Audit Intern Pemerintah")}
	case "planner":
		out = []Competency{t("tk_perencanaan", "Perencanaan Pembangunan Daerah")}
	case "hr":
		out = []Competency{t("tk_manajemen_asn", "Manajemen ASN")}
	case "finance":
		out = []Competency{t("tk_keuangan_daerah", "Pengelolaan Keuangan Daerah")}
	case "perizinan":
		out = []Competency{t("tk_perizinan", "Pelayanan Perizinan Berusaha Berbasis Risiko")}
	case "teknik":
		switch u.AgencyCode {
		case "DISHUB":
			out = []Competency{t("tk_pengujian_kendaraan", "Pengujian Kendaraan Bermotor")}
		case "DLH":
			out = []Competency{t("tk_lingkungan", "Pengendalian Dampak Lingkungan")}
		default:
			out = []Competency{t("tk_konstruksi", "Perencanaan dan Pengawasan Konstruksi")}
		}
	case "satpol":
		out = []Competency{t("tk_trantibum", "Penegakan Peraturan Daerah dan Ketertiban Umum")}
	case "pustaka":
		out = []Competency{t("tk_perpustakaan", "Pengelolaan Perpustakaan")}
	case "it":
		out = []Competency{t("tk_spbe", "Sistem Pemerintahan Berbasis Elektronik")}
	default:
		out = []Competency{t("tk_administrasi", "Administrasi Perkantoran dan Tata Naskah Dinas")}
	}
	if u.Service {
		out = append(out, pelayananPrima)
	}
	return out
}

// teknisRequired is the teknis level a position requires (the sector
// standards vary; this default is a decision of ours): 2 for pelaksana and
// the first grades, 3 for Ahli Muda, Pengawas and Administrator, 4 for
// Ahli Madya and JPT.
func teknisRequired(e *employee, t time.Time) int {
	switch e.class {
	case ClassJPTPratama, ClassJPTMadya:
		return 4
	case ClassAdministrator, ClassPengawas:
		return 3
	case ClassFungsional:
		if e.expert() {
			return 2 + e.grade(t)
		}
		return 2
	}
	return 2
}

// assessmentEvent is one day the BKPSDM assesses an OPD's staff.
type assessmentEvent struct {
	date   time.Time
	method string
	heads  bool // the assessment centre for heads
}

// assessmentEvents: each OPD once a year (twice when it has more than 60
// staff at scale 1) on a working day, and the heads of every OPD together
// at an assessment centre in September. Dates come from the agency code
// and the year, not the seed.
func assessmentEvents(a Agency, staff, year int) []assessmentEvent {
	y := strconv.Itoa(year)
	at := func(month int, salt string) time.Time {
		d := time.Date(year, time.Month(month), 1+int((jitter(a.Code, "assess", y, salt)+1)*13), 0, 0, 0, 0, wita)
		for !newDay(d).working() {
			d = d.AddDate(0, 0, 1)
		}
		return d
	}
	ev := []assessmentEvent{{at(3+int((jitter(a.Code, "m1", y)+1)*1.9), "1"), MethodCAT, false}}
	if staff > 60 {
		ev = append(ev, assessmentEvent{at(8+int((jitter(a.Code, "m2", y)+1)*1.4), "2"), MethodCAT, false})
	}
	ac := time.Date(year, time.September, 9, 0, 0, 0, 0, wita)
	for !newDay(ac).working() {
		ac = ac.AddDate(0, 0, 1)
	}
	return append(ev, assessmentEvent{ac, MethodAssessmentCenter, true})
}

// competencyRow is one assessed competency.
type competencyRow struct {
	emp      int32
	c        *Competency
	required int
	assessed int
	at       time.Time
	method   string
}

// competencyYear assesses, per unit, about 40 % of the staff at one of
// their OPD's events of the year (heads: half of them at the assessment
// centre), drawn from (seed, "competency", unit, year). Levels: the
// required level moved by the person's ability, the competency's usual
// score and the unit's gap (weak units, and there the competencies the
// public feels, score lower).
func (g *Generator) competencyYear(year int, from, to time.Time) []competencyRow {
	ro := g.roster()
	staff := map[string]int{}
	for _, u := range g.org.Units {
		staff[u.AgencyCode] += u.Staff
	}
	events := map[string][]assessmentEvent{}
	for _, a := range g.org.Agencies {
		events[a.Code] = assessmentEvents(a, staff[a.Code], year)
	}
	var out []competencyRow
	for ui := range g.org.Units {
		u := &g.org.Units[ui]
		wp := g.work[ui]
		ev := events[u.AgencyCode]
		teknis := teknisOf(u)
		r := stream(key(g.opt.Seed, "competency", u.Code, strconv.Itoa(year)), 0)
		for _, ei := range ro.byUnit[ui] {
			e := &ro.emps[ei]
			var x assessmentEvent
			if e.head {
				x = ev[len(ev)-1]
				if !chance(r, 0.5) {
					continue
				}
			} else {
				x = ev[r.IntN(len(ev)-1)]
				if !chance(r, 0.4) {
					continue
				}
			}
			if !e.active(x.date) || x.date.Before(from) || x.date.After(to) {
				// Draw the same numbers anyway so the next person's do not move.
				skipDraws(r, 9+len(teknis))
				continue
			}
			req := e.requiredLevel(x.date)
			for i := range Manajerial {
				c := &Manajerial[i]
				out = append(out, competencyRow{ei, c, req, assessedLevel(r, req, e.perf, c, wp.gap), x.date, x.method})
			}
			out = append(out, competencyRow{ei, &perekatBangsa, req, assessedLevel(r, req, e.perf, &perekatBangsa, wp.gap), x.date, x.method})
			treq := teknisRequired(e, x.date)
			for i := range teknis {
				c := &teknis[i]
				out = append(out, competencyRow{ei, c, treq, assessedLevel(r, treq, e.perf, c, wp.gap), x.date, MethodUjiKompetensi})
			}
		}
	}
	return out
}

func skipDraws(r *rand.Rand, n int) {
	for range n {
		r.NormFloat64()
	}
}

// assessedLevel draws a level 1–5 around the required one.
func assessedLevel(r *rand.Rand, required int, perf float64, c *Competency, gap float64) int {
	x := 0.05 + 0.35*perf + c.shift - 1.1*gap + r.NormFloat64()*0.6
	if c.service {
		x -= 0.5 * gap
	}
	d := int(math.Round(x))
	d = max(-3, min(2, d))
	return max(1, min(5, required+d))
}

// WriteCompetency writes the assessments held in one year within the range.
func (g *Generator) WriteCompetency(w io.Writer, year int) (int64, error) {
	ro := g.roster()
	bw := bufio.NewWriterSize(w, 256<<10)
	bw.WriteString(CompetencyHeader + "\n")
	rows := g.competencyYear(year, g.opt.From, g.opt.To)
	var b []byte
	for _, row := range rows {
		b = append(b[:0], ro.emps[row.emp].nip...)
		b = append(b, ',')
		b = append(b, row.c.Code...)
		b = append(b, ',')
		b = appendField(b, row.c.Name)
		b = append(b, ',')
		b = append(b, row.c.Type...)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(row.required), 10)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(row.assessed), 10)
		b = append(b, ',')
		b = row.at.AppendFormat(b, "2006-01-02")
		b = append(b, ',')
		b = append(b, row.method...)
		b = append(b, '\n')
		bw.Write(b)
	}
	if err := bw.Flush(); err != nil {
		return 0, fmt.Errorf("write competency %d: %w", year, err)
	}
	return int64(len(rows)), nil
}

// competencyNames lists the codes and names for tests and the feed.
func competencyNames() map[string]string {
	m := map[string]string{perekatBangsa.Code: perekatBangsa.Name, pelayananPrima.Code: pelayananPrima.Name}
	for _, c := range Manajerial {
		m[c.Code] = c.Name
	}
	for _, u := range Mamuju().Units {
		for _, c := range teknisOf(&u) {
			m[c.Code] = c.Name
		}
	}
	return m
}
