package demo

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// EmployeesHeader is the canonical header of the ASN master file.
const EmployeesHeader = "nip,name,employee_type,position_class,position_name,golongan,education,unit_code,gender,birth_date,active_from,active_to"

// Position classes, employee types and the golongan ladder (domain.md §5).
const (
	ClassJPTMadya      = "jpt_madya" // none in a kabupaten: its Sekda is JPT Pratama
	ClassJPTPratama    = "jpt_pratama"
	ClassAdministrator = "administrator"
	ClassPengawas      = "pengawas"
	ClassPelaksana     = "pelaksana"
	ClassFungsional    = "fungsional"

	TypePNS  = "PNS"
	TypePPPK = "PPPK"
)

// Golongan lists the PNS ranks from I/a (Juru Muda) to IV/e (Pembina Utama).
var Golongan = []string{"I/a", "I/b", "I/c", "I/d", "II/a", "II/b", "II/c", "II/d", "III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b", "IV/c", "IV/d", "IV/e"}

// EmployeeEducations are the education levels of the employees file.
var EmployeeEducations = []string{"SD", "SMP", "SMA", "D1", "D2", "D3", "D4", "S1", "S2", "S3"}

// ladder is how a fungsional position names its grade.
type ladder int

const (
	noLadder     ladder = iota
	keahlian            // Ahli Pertama, Ahli Muda, Ahli Madya
	keterampilan        // Terampil, Mahir, Penyelia
	byEducation         // keahlian with D4 or more, else keterampilan
)

// jobDef is one kind of position in a job family.
type jobDef struct {
	name   string // position name; a fungsional gets its grade appended
	class  string
	ladder ladder
	weight float64
	edu    string // "S1:88 S2:5": education weights
	female float64
	title  string // title kind for titled()
	pppk   float64
}

var adminJobs = []jobDef{
	{"Kepala Subbagian", ClassPengawas, noLadder, 10, "S1:75 S2:25", 0.4, "", 0},
	{"Kepala Seksi", ClassPengawas, noLadder, 6, "S1:75 S2:25", 0.35, "", 0},
	{"Analis Kebijakan", ClassFungsional, keahlian, 4, "S1:80 S2:20", 0.45, "", 0},
	{"Arsiparis", ClassFungsional, byEducation, 3, "D3:40 S1:60", 0.6, "", 0.1},
	{"Pranata Komputer", ClassFungsional, byEducation, 3, "D3:40 S1:60", 0.35, "", 0.2},
	{"Penata Layanan Operasional", ClassPelaksana, noLadder, 22, "D3:20 D4:5 S1:75", 0.5, "", 0.1},
	{"Pengelola Layanan Operasional", ClassPelaksana, noLadder, 20, "SMA:45 D1:3 D2:2 D3:30 S1:20", 0.5, "", 0.1},
	{"Operator Layanan Operasional", ClassPelaksana, noLadder, 14, "SMP:8 SMA:82 D1:5 D3:5", 0.45, "", 0.15},
	{"Pengadministrasi Perkantoran", ClassPelaksana, noLadder, 10, "SMA:70 D3:15 S1:15", 0.55, "", 0},
	{"Pengemudi", ClassPelaksana, noLadder, 3, "SD:5 SMP:35 SMA:60", 0, "", 0},
	{"Pramu Bakti", ClassPelaksana, noLadder, 2, "SD:40 SMP:40 SMA:20", 0.3, "", 0},
}

// jobFamilies: the positions of each family (unit.family).
var jobFamilies = map[string][]jobDef{
	"guru_sd": {
		{"Guru Kelas", ClassFungsional, keahlian, 70, "D2:3 D4:4 S1:88 S2:5", 0.72, "guru", 0.38},
		{"Guru Pendidikan Agama Islam", ClassFungsional, keahlian, 10, "S1:95 S2:5", 0.5, "guru", 0.35},
		{"Guru Pendidikan Jasmani, Olahraga dan Kesehatan", ClassFungsional, keahlian, 9, "S1:100", 0.25, "guru", 0.4},
		{"Pengelola Layanan Operasional", ClassPelaksana, noLadder, 8, "SMA:55 D3:15 S1:30", 0.5, "", 0.3},
		{"Pramu Bakti", ClassPelaksana, noLadder, 3, "SD:30 SMP:40 SMA:30", 0.3, "", 0},
	},
	"guru_smp": {
		{"Guru Matematika", ClassFungsional, keahlian, 10, "S1:93 S2:7", 0.6, "guru", 0.35},
		{"Guru Bahasa Indonesia", ClassFungsional, keahlian, 10, "S1:93 S2:7", 0.75, "guru", 0.35},
		{"Guru Bahasa Inggris", ClassFungsional, keahlian, 8, "S1:93 S2:7", 0.7, "guru", 0.35},
		{"Guru Ilmu Pengetahuan Alam", ClassFungsional, keahlian, 9, "S1:93 S2:7", 0.6, "guru", 0.35},
		{"Guru Ilmu Pengetahuan Sosial", ClassFungsional, keahlian, 8, "S1:93 S2:7", 0.6, "guru", 0.35},
		{"Guru Pendidikan Pancasila", ClassFungsional, keahlian, 6, "S1:95 S2:5", 0.6, "guru", 0.35},
		{"Guru Pendidikan Agama Islam", ClassFungsional, keahlian, 6, "S1:95 S2:5", 0.5, "guru", 0.35},
		{"Guru Pendidikan Jasmani, Olahraga dan Kesehatan", ClassFungsional, keahlian, 5, "S1:100", 0.25, "guru", 0.4},
		{"Guru Seni Budaya", ClassFungsional, keahlian, 4, "S1:100", 0.6, "guru", 0.4},
		{"Guru Bimbingan dan Konseling", ClassFungsional, keahlian, 4, "S1:95 S2:5", 0.75, "guru", 0.4},
		{"Penata Layanan Operasional", ClassPelaksana, noLadder, 6, "D3:20 S1:80", 0.55, "", 0.2},
		{"Pengelola Layanan Operasional", ClassPelaksana, noLadder, 8, "SMA:60 D3:20 S1:20", 0.5, "", 0.3},
		{"Pustakawan", ClassFungsional, byEducation, 2, "D3:50 S1:50", 0.7, "", 0.3},
	},
	"nakes": {
		{"Dokter", ClassFungsional, keahlian, 5, "S1:90 S2:10", 0.6, "dokter", 0.15},
		{"Dokter Gigi", ClassFungsional, keahlian, 2, "S1:95 S2:5", 0.7, "drg", 0.15},
		{"Perawat", ClassFungsional, byEducation, 28, "D3:50 S1:45 S2:5", 0.7, "perawat", 0.3},
		{"Bidan", ClassFungsional, byEducation, 24, "D3:55 D4:25 S1:15 S2:5", 1, "bidan", 0.3},
		{"Apoteker", ClassFungsional, keahlian, 2, "S1:100", 0.75, "apoteker", 0.2},
		{"Asisten Apoteker", ClassFungsional, keterampilan, 2, "D3:100", 0.8, "kesmas", 0.3},
		{"Sanitarian", ClassFungsional, byEducation, 3, "D3:60 S1:40", 0.5, "kesmas", 0.3},
		{"Nutrisionis", ClassFungsional, byEducation, 3, "D3:55 S1:45", 0.85, "kesmas", 0.3},
		{"Pranata Laboratorium Kesehatan", ClassFungsional, byEducation, 3, "D3:70 D4:30", 0.7, "kesmas", 0.3},
		{"Penyuluh Kesehatan Masyarakat", ClassFungsional, keahlian, 3, "S1:90 S2:10", 0.6, "kesmas", 0.2},
		{"Epidemiolog Kesehatan", ClassFungsional, keahlian, 2, "S1:85 S2:15", 0.55, "kesmas", 0.2},
		{"Perekam Medis", ClassFungsional, keterampilan, 2, "D3:100", 0.6, "kesmas", 0.3},
		{"Pengadministrasi Perkantoran", ClassPelaksana, noLadder, 8, "SMA:50 D3:20 S1:30", 0.6, "", 0.2},
		{"Pengemudi Ambulans", ClassPelaksana, noLadder, 2, "SMP:20 SMA:80", 0, "", 0.2},
	},
	"nakes_rs": {
		{"Dokter", ClassFungsional, keahlian, 10, "S1:75 S2:25", 0.55, "dokter", 0.1},
		{"Dokter Gigi", ClassFungsional, keahlian, 1, "S1:90 S2:10", 0.7, "drg", 0.1},
		{"Perawat", ClassFungsional, byEducation, 40, "D3:45 S1:50 S2:5", 0.72, "perawat", 0.3},
		{"Bidan", ClassFungsional, byEducation, 10, "D3:50 D4:30 S1:15 S2:5", 1, "bidan", 0.3},
		{"Apoteker", ClassFungsional, keahlian, 3, "S1:100", 0.75, "apoteker", 0.2},
		{"Asisten Apoteker", ClassFungsional, keterampilan, 4, "D3:100", 0.8, "kesmas", 0.3},
		{"Radiografer", ClassFungsional, byEducation, 3, "D3:70 D4:30", 0.4, "kesmas", 0.3},
		{"Fisioterapis", ClassFungsional, byEducation, 2, "D3:60 D4:40", 0.55, "kesmas", 0.3},
		{"Pranata Laboratorium Kesehatan", ClassFungsional, byEducation, 4, "D3:60 D4:40", 0.7, "kesmas", 0.3},
		{"Nutrisionis", ClassFungsional, byEducation, 2, "D3:50 S1:50", 0.85, "kesmas", 0.3},
		{"Perekam Medis", ClassFungsional, keterampilan, 4, "D3:100", 0.6, "kesmas", 0.3},
		{"Kepala Instalasi", ClassPengawas, noLadder, 3, "S1:70 S2:30", 0.5, "kesmas", 0},
		{"Pengadministrasi Perkantoran", ClassPelaksana, noLadder, 10, "SMA:50 D3:20 S1:30", 0.55, "", 0.2},
		{"Pengemudi Ambulans", ClassPelaksana, noLadder, 2, "SMP:20 SMA:80", 0, "", 0.2},
	},
	"dukcapil": {
		{"Administrator Database Kependudukan", ClassFungsional, keahlian, 12, "S1:90 S2:10", 0.45, "", 0},
		{"Pengelola Data dan Informasi Kependudukan", ClassPelaksana, noLadder, 14, "SMA:40 D3:20 S1:40", 0.55, "", 0.2},
	},
	"auditor": {
		{"Auditor", ClassFungsional, keahlian, 45, "S1:75 S2:25", 0.45, "", 0},
		{"Pengawas Penyelenggaraan Urusan Pemerintahan Daerah", ClassFungsional, keahlian, 25, "S1:75 S2:25", 0.4, "", 0},
	},
	"planner":   {{"Perencana", ClassFungsional, keahlian, 40, "S1:70 S2:30", 0.45, "", 0}},
	"hr":        {{"Analis Sumber Daya Manusia Aparatur", ClassFungsional, keahlian, 30, "S1:85 S2:15", 0.55, "", 0}, {"Pranata Sumber Daya Manusia Aparatur", ClassFungsional, keterampilan, 15, "D3:100", 0.6, "", 0.1}},
	"finance":   {{"Analis Keuangan Pusat dan Daerah", ClassFungsional, keahlian, 15, "S1:85 S2:15", 0.55, "", 0}, {"Pengelola Keuangan", ClassPelaksana, noLadder, 20, "D3:30 S1:70", 0.6, "", 0.1}, {"Pemeriksa Pajak Daerah", ClassFungsional, keahlian, 6, "S1:90 S2:10", 0.45, "", 0}},
	"perizinan": {{"Penata Perizinan", ClassFungsional, keahlian, 30, "S1:85 S2:15", 0.5, "", 0}},
	"teknik":    {{"Teknik Jalan dan Jembatan", ClassFungsional, byEducation, 15, "D3:35 S1:60 S2:5", 0.15, "", 0.1}, {"Penata Ruang", ClassFungsional, keahlian, 6, "S1:85 S2:15", 0.35, "", 0}, {"Penguji Kendaraan Bermotor", ClassFungsional, keterampilan, 12, "SMA:20 D3:80", 0.1, "", 0.1}, {"Pengendali Dampak Lingkungan", ClassFungsional, keahlian, 8, "S1:85 S2:15", 0.45, "", 0}},
	"satpol":    {{"Polisi Pamong Praja", ClassFungsional, keterampilan, 60, "SMA:60 D3:15 S1:25", 0.15, "", 0.2}, {"Pemadam Kebakaran", ClassFungsional, keterampilan, 20, "SMA:85 D3:10 S1:5", 0.02, "", 0.3}, {"Analis Kebakaran", ClassFungsional, keahlian, 4, "S1:100", 0.2, "", 0}},
	"pustaka":   {{"Pustakawan", ClassFungsional, byEducation, 40, "D3:40 S1:55 S2:5", 0.7, "", 0.1}},
	"it":        {{"Pranata Komputer", ClassFungsional, byEducation, 30, "D3:30 S1:65 S2:5", 0.3, "", 0.2}, {"Statistisi", ClassFungsional, keahlian, 8, "S1:90 S2:10", 0.5, "", 0}, {"Sandiman", ClassFungsional, keahlian, 5, "S1:100", 0.3, "", 0}, {"Pranata Hubungan Masyarakat", ClassFungsional, keahlian, 6, "S1:100", 0.6, "", 0}},
}

// jobsOf returns the positions of a family: its own and, outside schools
// and health, the administrative core every office has.
func jobsOf(family string) []jobDef {
	own := jobFamilies[family]
	switch family {
	case "guru_sd", "guru_smp", "nakes", "nakes_rs":
		return own
	}
	return append(append([]jobDef{}, own...), adminJobs...)
}

var eduWeightsCache = map[string][]float64{}

func init() {
	parse := func(s string) {
		if _, ok := eduWeightsCache[s]; ok {
			return
		}
		w := make([]float64, len(EmployeeEducations))
		for _, f := range strings.Fields(s) {
			name, val, _ := strings.Cut(f, ":")
			i := indexOf(EmployeeEducations, name)
			if i < 0 {
				panic("demo: education " + name)
			}
			w[i], _ = strconv.ParseFloat(val, 64)
		}
		eduWeightsCache[s] = w
	}
	for _, js := range jobFamilies {
		for _, j := range js {
			parse(j.edu)
		}
	}
	for _, j := range adminJobs {
		parse(j.edu)
	}
	for _, s := range []string{headEduJPT, headEduAdmin, headEduPengawas, headEduKepsek} {
		parse(s)
	}
}

const (
	headEduJPT      = "S1:10 S2:85 S3:5"
	headEduAdmin    = "S1:40 S2:60"
	headEduPengawas = "D4:5 S1:75 S2:20"
	headEduKepsek   = "S1:85 S2:15"
)

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// employee is one ASN of the roster.
type employee struct {
	nip       string
	name      string
	pppk      bool
	class     string
	position  string // without the grade
	ladder    ladder // for fungsional
	fixedRank int    // grade fixed by the position (heads): -1 none
	edu       string
	unit      int32
	female    bool
	birth     time.Time
	from      time.Time // TMT: CPNS appointment (PNS) or contract start (PPPK)
	to        time.Time // last active day (retirement or transfer out); zero: beyond 2100
	golStart  int
	golFloor  int
	golCap    int
	golSlow   int
	sup       int32   // supervisor (index in roster), -1 none (the Sekda answers to the Bupati)
	diligence float64 // personal factor on reporting, 0.5–1.1
	perf      float64 // latent performance, standard normal
	head      bool
	family    string
}

// active reports whether the employee works on day t.
func (e *employee) active(t time.Time) bool {
	return !t.Before(e.from) && (e.to.IsZero() || !t.After(e.to))
}

// grade is the fungsional grade at t: 0 Pertama/Terampil, 1 Muda/Mahir,
// 2 Madya/Penyelia, from years of service.
func (e *employee) grade(t time.Time) int {
	if e.fixedRank >= 0 {
		return e.fixedRank
	}
	y := yearsBetween(e.from, t)
	switch {
	case e.pppk && y < 10:
		return 0
	case y < 8:
		return 0
	case y < 18:
		return 1
	}
	return 2
}

func (e *employee) expert() bool {
	switch e.ladder {
	case keahlian:
		return true
	case byEducation:
		switch e.edu {
		case "D4", "S1", "S2", "S3":
			return true
		}
	}
	return false
}

// positionName is the position as the file shows it at t.
func (e *employee) positionName(t time.Time) string {
	if e.head || e.class != ClassFungsional || e.ladder == noLadder {
		return e.position
	}
	g := e.grade(t)
	if e.expert() {
		return e.position + " Ahli " + [...]string{"Pertama", "Muda", "Madya"}[g]
	}
	return e.position + " " + [...]string{"Terampil", "Mahir", "Penyelia"}[g]
}

// golongan is the rank at t ("" for PPPK): the entry rank of the
// education, one step every four years (some a step behind), within the
// caps of education and position and the floor of the position.
func (e *employee) golongan(t time.Time) string {
	if e.pppk {
		return ""
	}
	g := e.golStart + max(0, int(yearsBetween(e.from, t)/4)-e.golSlow)
	g = min(g, e.golCap)
	g = max(g, e.golFloor)
	return Golongan[g]
}

// requiredLevel is the manajerial level the position requires
// (PermenPANRB 38/2017: JPT Madya 5, JPT Pratama 4, Administrator 3,
// Pengawas 2, Pelaksana 1). For fungsional, a decision of ours: Ahli
// Madya 3, Ahli Muda 2, Ahli Pertama and the keterampilan grades 1,
// Penyelia 2.
func (e *employee) requiredLevel(t time.Time) int {
	switch e.class {
	case ClassJPTMadya:
		return 5
	case ClassJPTPratama:
		return 4
	case ClassAdministrator:
		return 3
	case ClassPengawas:
		return 2
	case ClassPelaksana:
		return 1
	}
	g := e.grade(t)
	if e.expert() {
		return 1 + g
	}
	if g == 2 {
		return 2
	}
	return 1
}

func yearsBetween(a, b time.Time) float64 {
	return float64(b.Sub(a).Hours()) / 24 / 365.25
}

// bup is the retirement age: 60 for JPT, teachers and fungsional ahli,
// 58 for the rest (UU ASN 20/2023 and its rules, simplified).
func bup(class, family string, expert bool) int {
	if class == ClassJPTPratama || class == ClassJPTMadya || strings.HasPrefix(family, "guru") || (class == ClassFungsional && expert) {
		return 60
	}
	return 58
}

// roster is every ASN the demo ever employs up to the end of the range.
type roster struct {
	emps       []employee
	byUnit     [][]int32 // employees of each unit, roster order
	unitHead   []int32   // per unit
	agencyHead map[string]int32
}

var (
	rosterRef = time.Date(2024, 1, 1, 0, 0, 0, 0, wita) // base staff ages are drawn at this day
)

// intakeRate is the yearly intake (CPNS and PPPK) per staff member.
func intakeRate(family string) float64 {
	switch family {
	case "guru_sd", "guru_smp", "nakes", "nakes_rs":
		return 0.035
	}
	return 0.02
}

// buildRoster draws the base staff of every unit (employed on 1 Jan 2024)
// from (seed, "employee", unit, index), then one intake cohort per year
// from 2024 to the last year of the range from (seed, "intake", unit,
// year). Cohorts only add people: a longer range never changes anyone
// drawn before. NIPs are unique: a collision bumps the sequence number.
func (g *Generator) buildRoster() *roster {
	org := g.org
	ro := &roster{byUnit: make([][]int32, len(org.Units)), unitHead: make([]int32, len(org.Units)), agencyHead: map[string]int32{}}
	used := map[string]bool{}
	add := func(e employee, r *rand.Rand) int32 {
		e.nip = uniqueNIP(&e, r, used)
		ro.emps = append(ro.emps, e)
		i := int32(len(ro.emps) - 1)
		ro.byUnit[e.unit] = append(ro.byUnit[e.unit], i)
		return i
	}
	firstOfAgency := map[string]bool{}
	for ui := range org.Units {
		u := &org.Units[ui]
		n := max(1, int(math.Round(float64(u.Staff)*g.opt.Scale)))
		k := key(g.opt.Seed, "employee", u.Code)
		ro.unitHead[ui] = -1
		idx, extra := 0, 0 // the head of the OPD comes on top of the first unit's staff
		if !firstOfAgency[u.AgencyCode] {
			firstOfAgency[u.AgencyCode] = true
			if u.Kind != KindKecamatan { // the Camat heads both the office and the kecamatan
				r := stream(k, uint64(idx))
				ro.agencyHead[u.AgencyCode] = add(g.drawHead(r, ui, u, true), r)
				idx, extra = 1, 1
			}
		}
		r := stream(k, uint64(idx))
		h := add(g.drawHead(r, ui, u, false), r)
		ro.unitHead[ui] = h
		if u.Kind == KindKecamatan {
			ro.agencyHead[u.AgencyCode] = h
		}
		idx++
		jobs := jobsOf(u.family)
		weights := make([]float64, len(jobs))
		for i, j := range jobs {
			weights[i] = j.weight
		}
		for ; idx < n+extra; idx++ {
			r := stream(k, uint64(idx))
			add(g.drawStaff(r, ui, u, jobs[pick(r, weights)], rosterRef, 0), r)
		}
	}
	lastYear := g.opt.To.Year()
	for y := 2024; y <= lastYear; y++ {
		for ui := range org.Units {
			u := &org.Units[ui]
			k := key(g.opt.Seed, "intake", u.Code, strconv.Itoa(y))
			r := stream(k, 0)
			n := poisson(r, float64(u.Staff)*g.opt.Scale*intakeRate(u.family))
			jobs := jobsOf(u.family)
			weights := make([]float64, len(jobs))
			for i, j := range jobs {
				weights[i] = j.weight
				if j.class == ClassPengawas {
					weights[i] = 0 // nobody starts as a section head
				}
			}
			for range n {
				add(g.drawStaff(r, ui, u, jobs[pick(r, weights)], time.Time{}, y), r)
			}
		}
	}
	// Supervisors: staff answer to their unit head, unit heads to the head
	// of their OPD, OPD heads to the Sekretaris Daerah, who answers to the
	// Bupati (not an ASN: no NIP).
	sekda := ro.agencyHead["SETDA"]
	for i := range ro.emps {
		e := &ro.emps[i]
		u := &org.Units[e.unit]
		head, agencyHead := ro.unitHead[e.unit], ro.agencyHead[u.AgencyCode]
		switch int32(i) {
		case sekda:
			e.sup = -1
		case agencyHead:
			e.sup = sekda
		case head:
			e.sup = agencyHead
		default:
			e.sup = head
		}
	}
	return ro
}

// drawHead draws the head of a unit (or, with agency, of its OPD). Heads
// are PNS in mid-career who stay through the decade: the demo has no
// vacancies or acting heads (Plt).
func (g *Generator) drawHead(r *rand.Rand, ui int, u *Unit, agency bool) employee {
	e := employee{unit: int32(ui), head: true, family: u.family, fixedRank: -1, ladder: noLadder}
	title := ""
	var edu string
	switch {
	case agency:
		e.class, edu = ClassJPTPratama, headEduJPT
		switch u.AgencyCode {
		case "SETDA":
			e.position = "Sekretaris Daerah"
		case "INSPEKTORAT":
			e.position = "Inspektur Daerah"
		default:
			e.position = "Kepala " + u.AgencyName
		}
		e.golFloor = 14
	case u.head == "Kepala Sekolah":
		// A teacher with the additional duty of head (Guru Ahli Madya).
		e.class, edu, title = ClassFungsional, headEduKepsek, "guru"
		e.position, e.ladder, e.fixedRank = "Kepala Sekolah (Guru Ahli Madya)", keahlian, 2
		e.golFloor = 10
	case u.head == "Lurah" || u.head == "Kepala Puskesmas" || strings.HasPrefix(u.head, "Kepala UPTD"):
		e.class, edu = ClassPengawas, headEduPengawas
		e.position = u.head
		if u.head == "Kepala Puskesmas" {
			e.position += " " + strings.TrimPrefix(u.Name, "Puskesmas ")
			title = "kesmas"
			if chance(r, 0.4) {
				title, edu = "dokter", "S1:60 S2:40"
			}
		}
		e.golFloor = 10
	default:
		e.class, edu = ClassAdministrator, headEduAdmin
		e.position = u.head
		switch {
		case u.head == "Camat":
			e.position = "Camat " + u.Kecamatan
		case u.head == "Direktur RSUD":
			title = "dokter"
		}
		e.golFloor = 11
	}
	if _, ok := eduWeightsCache[edu]; !ok {
		edu = headEduAdmin
	}
	e.edu = EmployeeEducations[pick(r, eduWeightsCache[edu])]
	femaleP := 0.3
	if u.head == "Kepala Sekolah" || u.head == "Kepala Puskesmas" {
		femaleP = 0.55
	}
	e.female = chance(r, femaleP)
	age := between(r, 42, 51)
	e.birth = rosterRef.AddDate(-age, 0, -r.IntN(365))
	e.from = tmt(r, e.birth, e.edu, time.Date(2012, 12, 1, 0, 0, 0, 0, wita))
	e.to = retirement(e.birth, bup(e.class, e.family, true))
	e.golStart, e.golCap, e.golSlow = golStartOf(e.edu), 15, 0
	if e.class == ClassFungsional {
		e.golCap = 14
	}
	e.diligence = 0.9 + 0.15*r.Float64()
	e.perf = r.NormFloat64()*0.8 + 0.3
	e.name = titled(r, personName(r, e.female), title, u.family, e.edu)
	return e
}

// drawStaff draws one staff member: base staff (ref set: employed on ref,
// age drawn at ref) or a member of the intake cohort of year y.
func (g *Generator) drawStaff(r *rand.Rand, ui int, u *Unit, j jobDef, ref time.Time, y int) employee {
	e := employee{unit: int32(ui), class: j.class, position: j.name, ladder: j.ladder, fixedRank: -1, family: u.family}
	e.pppk = chance(r, j.pppk)
	if y > 0 {
		e.pppk = chance(r, pppkShare(y))
		if e.class == ClassPengawas {
			e.class, e.position = ClassPelaksana, "Penata Layanan Operasional"
		}
	}
	if j.class == ClassPengawas {
		e.position = j.name + " " + sectionName(r, u)
	}
	e.edu = EmployeeEducations[pick(r, eduWeightsCache[j.edu])]
	e.female = chance(r, j.female)
	expert := e.class == ClassFungsional && e.expert()
	retire := bup(e.class, e.family, expert)
	if y > 0 {
		age := between(r, 23, 35)
		if e.pppk {
			age = between(r, 25, 45) // PPPK were often long-serving honorer
		}
		month := []int{3, 4, 6}[r.IntN(3)]
		if e.pppk {
			month = []int{2, 3, 10}[r.IntN(3)]
		}
		e.from = time.Date(y, time.Month(month), 1, 0, 0, 0, 0, wita)
		e.birth = e.from.AddDate(-age, 0, -r.IntN(365))
	} else {
		// Age on ref: a bulge in the middle years, never past retirement.
		age := 23 + int(float64(retire-23)*(r.Float64()+r.Float64()+r.Float64())/3)
		age = min(age, retire-1)
		e.birth = ref.AddDate(-age, 0, -r.IntN(365))
		if e.pppk {
			e.from = time.Date(between(r, 2021, 2023), time.Month([]int{3, 10, 12}[r.IntN(3)]), 1, 0, 0, 0, 0, wita)
		} else {
			e.from = tmt(r, e.birth, e.edu, ref.AddDate(0, -1, 0))
		}
	}
	e.to = retirement(e.birth, retire)
	// A few leave early: transfer to another Pemda or the province, about
	// 1 % a year.
	if leave := e.from.AddDate(0, 0, int(r.ExpFloat64()/0.01*365)); leave.Before(e.to) && leave.After(rosterRef) {
		e.to = leave
	}
	e.golStart = golStartOf(e.edu)
	e.golSlow = r.IntN(3) / 2
	e.golCap = golCapOf(e.edu, e.class, expert)
	e.diligence = math.Max(0.4, math.Min(1.1, 0.92+0.14*r.NormFloat64()))
	e.perf = r.NormFloat64()
	e.name = titled(r, personName(r, e.female), j.title, u.family, e.edu)
	return e
}

// pppkShare is the PPPK share of a year's intake: most of 2024–2025's
// was PPPK (the settlement of the honorer).
func pppkShare(year int) float64 {
	switch year {
	case 2024:
		return 0.7
	case 2025:
		return 0.8
	}
	return 0.55
}

// sectionName names what a Kepala Subbagian or Kepala Seksi heads.
func sectionName(r *rand.Rand, u *Unit) string {
	switch u.Kind {
	case KindKecamatan:
		return []string{"Pemerintahan", "Ketenteraman dan Ketertiban Umum", "Pemberdayaan Masyarakat", "Pelayanan Umum"}[r.IntN(4)]
	case KindKelurahan:
		return []string{"Pemerintahan", "Pelayanan Umum"}[r.IntN(2)]
	}
	return []string{"Umum dan Kepegawaian", "Keuangan", "Perencanaan dan Pelaporan", "Pelayanan", "Data dan Informasi"}[r.IntN(5)]
}

// tmt draws the CPNS appointment: after education (about 19–24 for SMA
// and diplomas, 23–30 for a degree), on the first of a month, not after latest.
func tmt(r *rand.Rand, birth time.Time, edu string, latest time.Time) time.Time {
	lo, hi := 23, 30
	switch edu {
	case "SD", "SMP", "SMA", "D1", "D2":
		lo, hi = 19, 26
	case "D3":
		lo, hi = 21, 27
	case "S2", "S3":
		lo, hi = 24, 32
	}
	t := birth.AddDate(between(r, lo, hi), r.IntN(12), 0)
	if t.After(latest) {
		t = latest.AddDate(0, -r.IntN(48), 0)
	}
	if adult := birth.AddDate(18, 1, 0); t.Before(adult) {
		t = adult
	}
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, wita)
}

func golStartOf(edu string) int {
	switch edu {
	case "SD":
		return 0
	case "SMP":
		return 2
	case "SMA", "D1":
		return 4
	case "D2":
		return 5
	case "D3":
		return 6
	case "S2":
		return 9
	case "S3":
		return 10
	}
	return 8 // D4, S1: III/a
}

func golCapOf(edu, class string, expert bool) int {
	c := 11 // III/d
	switch class {
	case ClassPengawas:
		c = 12
	case ClassAdministrator:
		c = 13
	case ClassJPTPratama, ClassJPTMadya:
		c = 15
	case ClassFungsional:
		if expert {
			c = 14
		}
	}
	switch edu {
	case "SD":
		c = min(c, 7)
	case "SMP":
		c = min(c, 8)
	case "SMA", "D1", "D2":
		c = min(c, 9)
	case "D3":
		c = min(c, 10)
	}
	return c
}

// retirement is the last day of the month in which the employee reaches
// the retirement age (the pension starts on the first of the next month).
func retirement(birth time.Time, age int) time.Time {
	t := birth.AddDate(age, 0, 0)
	return time.Date(t.Year(), t.Month()+1, 0, 0, 0, 0, 0, wita)
}

// uniqueNIP builds the 18-digit NIP (PNS: birth date, CPNS year and month,
// gender 1/2, sequence) or NI PPPK (birth date, year of appointment, code
// 21, gender, sequence), bumping the sequence until it is unused.
func uniqueNIP(e *employee, r *rand.Rand, used map[string]bool) string {
	b := make([]byte, 0, 18)
	b = append(b, e.birth.Format("20060102")...)
	if e.pppk {
		b = append(b, e.from.Format("2006")...)
		b = append(b, "21"...)
	} else {
		b = append(b, e.from.Format("200601")...)
	}
	if e.female {
		b = append(b, '2')
	} else {
		b = append(b, '1')
	}
	prefix := string(b)
	for seq := 1 + r.IntN(4); seq < 1000; seq++ {
		nip := prefix + fmt.Sprintf("%03d", seq)
		if !used[nip] {
			used[nip] = true
			return nip
		}
	}
	panic("demo: NIP sequence exhausted for " + prefix) // 999 people born the same day, appointed the same month
}

// inRange reports whether the employee works at some day of from..to.
func (e *employee) inRange(from, to time.Time) bool {
	return !e.from.After(to) && (e.to.IsZero() || !e.to.Before(from))
}

// WriteEmployees writes the ASN master file as of the end of the range:
// everyone employed at some day of the range, active_to set for those who
// left by then (retirement or transfer), empty for the others.
func (g *Generator) WriteEmployees(w io.Writer) (int64, error) {
	ro := g.roster()
	bw := bufio.NewWriterSize(w, 256<<10)
	bw.WriteString(EmployeesHeader + "\n")
	var n int64
	var b []byte
	for i := range ro.emps {
		e := &ro.emps[i]
		if !e.inRange(g.opt.From, g.opt.To) {
			continue
		}
		at := g.opt.To
		to := ""
		if !e.to.IsZero() && !e.to.After(g.opt.To) {
			at, to = e.to, e.to.Format("2006-01-02")
		}
		typ, gender := TypePNS, "L"
		if e.pppk {
			typ = TypePPPK
		}
		if e.female {
			gender = "P"
		}
		b = b[:0]
		for k, f := range []string{e.nip, e.name, typ, e.class, e.positionName(at), e.golongan(at), e.edu,
			g.org.Units[e.unit].Code, gender, e.birth.Format("2006-01-02"), e.from.Format("2006-01-02"), to} {
			if k > 0 {
				b = append(b, ',')
			}
			b = appendField(b, f)
		}
		b = append(b, '\n')
		bw.Write(b)
		n++
	}
	if err := bw.Flush(); err != nil {
		return n, fmt.Errorf("write employees: %w", err)
	}
	return n, nil
}
