package demo

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Trainings in JP (jam pelajaran): classes the BKPSDM, the province and
// the ministries run for groups (one training_id per class, many
// participants), and e-learning courses people take on their own (one
// training_id per course and year). Every PNS needs 20 JP a year (PP
// 11/2017 art. 203): health workers and teachers reach it easily on their
// sector platforms, kecamatan offices and Satpol PP rarely.

// TrainingsHeader is the canonical header.
const TrainingsHeader = "training_id,nip,title,kind,jp,start_date,end_date,provider"

// Training kinds.
var TrainingKinds = []string{"teknis", "fungsional", "kepemimpinan", "seminar", "workshop", "kursus", "elearning"}

// course is a training offered in a year.
type course struct {
	code     string // e-learning: part of the training_id
	title    string
	kind     string
	jp       float64
	provider string
	runs     int // classes a year
	size     int // participants per class at scale 1
	who      func(e *employee, u *Unit) bool
}

func isFamily(fams ...string) func(e *employee, u *Unit) bool {
	return func(e *employee, u *Unit) bool { return slices.Contains(fams, u.family) && !e.head }
}

var classes = []course{
	{"", "Pelatihan Kepemimpinan Pengawas (PKP)", "kepemimpinan", 180, "BPSDM Provinsi Sulawesi Barat", 1, 30,
		func(e *employee, u *Unit) bool { return e.class == ClassPengawas }},
	{"", "Pelatihan Kepemimpinan Administrator (PKA)", "kepemimpinan", 220, "BPSDM Provinsi Sulawesi Barat", 1, 10,
		func(e *employee, u *Unit) bool { return e.class == ClassAdministrator }},
	{"", "Pelatihan Kepemimpinan Nasional Tingkat II", "kepemimpinan", 260, "Lembaga Administrasi Negara", 1, 2,
		func(e *employee, u *Unit) bool { return e.class == ClassJPTPratama }},
	{"", "Pelatihan Manajemen Terpadu Balita Sakit (MTBS)", "teknis", 40, "Bapelkes Provinsi Sulawesi Barat", 2, 25, isFamily("nakes")},
	{"", "Pelatihan Pelayanan Kontrasepsi bagi Bidan", "teknis", 40, "Bapelkes Provinsi Sulawesi Barat", 1, 25, isFamily("nakes", "nakes_rs")},
	{"", "Pelatihan Basic Trauma Cardiac Life Support (BTCLS)", "teknis", 50, "RSUD Kabupaten Mamuju", 2, 30, isFamily("nakes", "nakes_rs")},
	{"", "Pelatihan Tata Laksana Gizi Buruk", "teknis", 32, "Dinas Kesehatan Kabupaten Mamuju", 1, 25, isFamily("nakes")},
	{"", "Bimbingan Teknis Implementasi Kurikulum Merdeka", "workshop", 32, "Balai Guru Penggerak Provinsi Sulawesi Barat", 3, 40, isFamily("guru_sd", "guru_smp")},
	{"", "Workshop Penyusunan Modul Ajar", "workshop", 16, "Dinas Pendidikan dan Kebudayaan Kabupaten Mamuju", 4, 40, isFamily("guru_sd", "guru_smp")},
	{"", "Bimbingan Teknis SIAK Terpusat", "teknis", 24, "Ditjen Dukcapil Kemendagri", 1, 20,
		func(e *employee, u *Unit) bool { return u.family == "dukcapil" || u.Kind == KindKecamatan }},
	{"", "Bimbingan Teknis Penatausahaan Keuangan pada SIPD-RI", "teknis", 24, "BPKAD Kabupaten Mamuju", 2, 40,
		func(e *employee, u *Unit) bool {
			return u.family == "finance" || strings.Contains(e.position, "Keuangan")
		}},
	{"", "Diklat Penjenjangan Auditor", "fungsional", 80, "Pusdiklatwas BPKP", 1, 8, isFamily("auditor")},
	{"", "Pelatihan Fungsional Perencana", "fungsional", 72, "Pusbindiklatren Bappenas", 1, 5, isFamily("planner")},
	{"", "Pelatihan Dasar Polisi Pamong Praja", "teknis", 80, "Satpol PP Provinsi Sulawesi Barat", 1, 12, isFamily("satpol")},
	{"", "Bimbingan Teknis Keamanan Informasi", "teknis", 24, "Badan Siber dan Sandi Negara", 1, 10, isFamily("it")},
	{"", "Seminar Nasional Reformasi Birokrasi dan Pelayanan Publik", "seminar", 6, "BKPSDM Kabupaten Mamuju", 1, 150,
		func(e *employee, u *Unit) bool { return true }},
	{"", "Workshop Penyusunan SKP dan Manajemen Kinerja", "workshop", 8, "BKPSDM Kabupaten Mamuju", 2, 60,
		func(e *employee, u *Unit) bool { return e.head || e.class == ClassPengawas }},
	{"", "Workshop Pengelolaan Pengaduan SP4N-LAPOR!", "workshop", 8, "Dinas Komunikasi, Informatika, Statistik dan Persandian", 1, 40,
		func(e *employee, u *Unit) bool { return u.Service && e.class != ClassFungsional }},
	{"", "Pelatihan Pelayanan Prima", "teknis", 24, "BKPSDM Kabupaten Mamuju", 2, 35,
		func(e *employee, u *Unit) bool { return u.Service && !e.head }},
	{"", "Kursus Bahasa Inggris untuk ASN", "kursus", 40, "Lembaga Bahasa Universitas Tomakaka", 1, 25,
		func(e *employee, u *Unit) bool { return !e.head }},
}

// E-learning courses per platform.
var (
	lanCourses = []course{
		{"LAN-LITDIG", "Literasi Digital bagi ASN", "elearning", 10, "ASN Unggul (LAN)", 0, 0, nil},
		{"LAN-AKHLAK", "Core Values ASN BerAKHLAK", "elearning", 6, "ASN Unggul (LAN)", 0, 0, nil},
		{"LAN-RISIKO", "Manajemen Risiko Sektor Publik", "elearning", 8.5, "ASN Unggul (LAN)", 0, 0, nil},
		{"LAN-YANDIG", "Pelayanan Publik Berbasis Digital", "elearning", 12, "ASN Unggul (LAN)", 0, 0, nil},
		{"LAN-NASKAH", "Penulisan Naskah Dinas", "elearning", 4.5, "ASN Unggul (LAN)", 0, 0, nil},
		{"LAN-LKJ", "Penyusunan Laporan Kinerja", "elearning", 7.5, "ASN Unggul (LAN)", 0, 0, nil},
		{"LAN-MEDSOS", "Etika Berkomunikasi di Media Sosial", "elearning", 2.5, "ASN Unggul (LAN)", 0, 0, nil},
		{"LAN-DATA", "Analisis Data dengan Spreadsheet", "elearning", 16, "ASN Unggul (LAN)", 0, 0, nil},
		{"LAN-ANTIKOR", "Antikorupsi untuk ASN", "elearning", 5.25, "ASN Unggul (LAN)", 0, 0, nil},
	}
	kemenkesCourses = []course{
		{"KMK-PPI", "Pencegahan dan Pengendalian Infeksi", "elearning", 30, "Plataran Sehat Kemenkes", 0, 0, nil},
		{"KMK-STUNTING", "Penanganan Stunting bagi Tenaga Kesehatan", "elearning", 24, "Plataran Sehat Kemenkes", 0, 0, nil},
		{"KMK-TBC", "Tata Laksana Tuberkulosis", "elearning", 18, "Plataran Sehat Kemenkes", 0, 0, nil},
		{"KMK-KOMEF", "Komunikasi Efektif Tenaga Kesehatan", "elearning", 12.5, "Plataran Sehat Kemenkes", 0, 0, nil},
		{"KMK-KIA", "Pelayanan Kesehatan Ibu dan Anak", "elearning", 20, "Plataran Sehat Kemenkes", 0, 0, nil},
	}
	pmmCourses = []course{
		{"PMM-DIFF", "Pembelajaran Berdiferensiasi", "elearning", 32, "Platform Merdeka Mengajar", 0, 0, nil},
		{"PMM-ASFOR", "Asesmen Formatif", "elearning", 20, "Platform Merdeka Mengajar", 0, 0, nil},
		{"PMM-DISPOS", "Disiplin Positif", "elearning", 16, "Platform Merdeka Mengajar", 0, 0, nil},
		{"PMM-P5", "Projek Penguatan Profil Pelajar Pancasila", "elearning", 24, "Platform Merdeka Mengajar", 0, 0, nil},
		{"PMM-LITNUM", "Literasi dan Numerasi", "elearning", 12, "Platform Merdeka Mengajar", 0, 0, nil},
	}
)

func elearningFor(family string) []course {
	switch family {
	case "nakes", "nakes_rs":
		return append(slices.Clone(kemenkesCourses), lanCourses[:3]...)
	case "guru_sd", "guru_smp":
		return append(slices.Clone(pmmCourses), lanCourses[:3]...)
	}
	return lanCourses
}

// trainingRow is one participation.
type trainingRow struct {
	id       string
	emp      int32
	c        *course
	from, to time.Time
}

// trainingYear returns the trainings of a year completed within from..to:
// the classes (dates and participants from (seed, "training", year,
// class)), then the e-learning (from (seed, "elearning", unit, year)).
func (g *Generator) trainingYear(year int, from, to time.Time) []trainingRow {
	ro := g.roster()
	var out []trainingRow
	y := strconv.Itoa(year)
	jan1, dec31 := time.Date(year, 1, 1, 0, 0, 0, 0, wita), time.Date(year, 12, 31, 0, 0, 0, 0, wita)
	seq := 0
	for ci := range classes {
		c := &classes[ci]
		for run := range c.runs {
			seq++
			id := fmt.Sprintf("PLT-%d-%03d", year, seq)
			r := stream(key(g.opt.Seed, "training", y, strconv.Itoa(ci), strconv.Itoa(run)), 0)
			start := jan1.AddDate(0, 1+r.IntN(9), r.IntN(28))
			for !newDay(start).working() {
				start = start.AddDate(0, 0, 1)
			}
			end := start.AddDate(0, 0, int(math.Ceil(c.jp/8))-1)
			if c.kind == "kepemimpinan" {
				end = start.AddDate(0, 0, 60+r.IntN(60)) // classes, project at the office, seminar
			}
			if end.After(dec31) {
				end = dec31
			}
			// Weighted sampling without replacement (Efraimidis–Spirakis):
			// the units with a training culture send more people.
			type pick struct {
				emp int32
				key float64
			}
			var picks []pick
			for ui := range g.org.Units {
				u := &g.org.Units[ui]
				w := math.Max(0.05, math.Min(1.5, g.work[ui].training/1.5))
				for _, ei := range ro.byUnit[ui] {
					e := &ro.emps[ei]
					if !c.who(e, u) || !e.active(start) || !e.active(end) {
						continue
					}
					picks = append(picks, pick{ei, math.Pow(r.Float64(), 1/w)})
				}
			}
			size := max(1, int(math.Round(float64(c.size)*g.opt.Scale)))
			slices.SortStableFunc(picks, func(a, b pick) int { return cmp.Compare(b.key, a.key) })
			picks = picks[:min(size, len(picks))]
			slices.SortFunc(picks, func(a, b pick) int { return cmp.Compare(a.emp, b.emp) })
			if start.Before(from) || end.After(to) {
				continue
			}
			for _, p := range picks {
				out = append(out, trainingRow{id, p.emp, c, start, end})
			}
		}
	}
	for ui := range g.org.Units {
		u := &g.org.Units[ui]
		courses := elearningFor(u.family)
		r := stream(key(g.opt.Seed, "elearning", u.Code, y), 0)
		for _, ei := range ro.byUnit[ui] {
			e := &ro.emps[ei]
			lo, hi := jan1, dec31
			if e.from.After(lo) {
				lo = e.from
			}
			if !e.to.IsZero() && e.to.Before(hi) {
				hi = e.to
			}
			if hi.Before(lo) {
				continue
			}
			n := min(len(courses), poisson(r, g.work[ui].training))
			order := r.Perm(len(courses))[:n]
			slices.Sort(order)
			span := int(hi.Sub(lo).Hours() / 24)
			for _, k := range order {
				c := &courses[k]
				start := lo.AddDate(0, 0, r.IntN(span+1))
				end := start.AddDate(0, 0, r.IntN(int(c.jp/3)+1))
				if end.After(hi) {
					end = hi
				}
				if start.Before(from) || end.After(to) {
					continue
				}
				out = append(out, trainingRow{"ELN-" + y + "-" + c.code, ei, c, start, end})
			}
		}
	}
	return out
}

// WriteTrainings writes the trainings of one year completed within the range.
func (g *Generator) WriteTrainings(w io.Writer, year int) (int64, error) {
	ro := g.roster()
	bw := bufio.NewWriterSize(w, 256<<10)
	bw.WriteString(TrainingsHeader + "\n")
	rows := g.trainingYear(year, g.opt.From, g.opt.To)
	var b []byte
	for _, row := range rows {
		b = append(b[:0], row.id...)
		b = append(b, ',')
		b = append(b, ro.emps[row.emp].nip...)
		b = append(b, ',')
		b = appendField(b, row.c.title)
		b = append(b, ',')
		b = append(b, row.c.kind...)
		b = append(b, ',')
		b = strconv.AppendFloat(b, row.c.jp, 'f', -1, 64)
		b = append(b, ',')
		b = row.from.AppendFormat(b, "2006-01-02")
		b = append(b, ',')
		b = row.to.AppendFormat(b, "2006-01-02")
		b = append(b, ',')
		b = appendField(b, row.c.provider)
		b = append(b, '\n')
		bw.Write(b)
	}
	if err := bw.Flush(); err != nil {
		return 0, fmt.Errorf("write trainings %d: %w", year, err)
	}
	return int64(len(rows)), nil
}
