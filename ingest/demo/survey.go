package demo

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"sync"
	"time"
)

// SurveyHeader is the canonical SKM file header (PermenPANRB 14/2017
// elements U1..U9 on 1..4; submitted_at in WITA).
const SurveyHeader = "response_id,unit_code,service,submitted_at,u1,u2,u3,u4,u5,u6,u7,u8,u9,gender,age,education,occupation,comment"

// SurveyResponse is one SKM questionnaire as the demo writes it.
type SurveyResponse struct {
	ResponseID  string
	UnitCode    string
	Service     string
	SubmittedAt time.Time // WITA
	U           [9]uint8  // U1..U9, 1..4
	Gender      string    // L|P
	Age         int       // 17..75
	Education   string    // SD|SMP|SMA|D3|S1|S2
	Occupation  string
	Comment     string // mostly empty; may hold commas, quotes and line breaks
}

// Educations and Occupations are the respondent profile values the survey
// files use.
var (
	Educations  = []string{"SD", "SMP", "SMA", "D3", "S1", "S2"}
	Occupations = []string{"PNS", "TNI/Polri", "Swasta", "Wirausaha", "Petani/Nelayan", "Pelajar/Mahasiswa", "Ibu Rumah Tangga", "Lainnya"}
)

const (
	occPNS = iota
	occTNI
	occSwasta
	occWirausaha
	occPetani
	occPelajar
	occIRT
	occLainnya
)

// cost says what users pay, which drives U4 (Biaya/Tarif: 4 = Gratis).
type cost int

const (
	free       cost = iota // U4 almost always "Gratis"
	mostlyFree             // BPJS patients pay nothing, others do
	paid                   // retribusi or tariffs
)

// seasonKind selects how a unit's volume moves over the year.
type seasonKind int

const (
	seasonDefault  seasonKind = iota
	seasonSchool              // PPDB peak in June–July, quiet in holidays
	seasonHealth              // rainy season and school immunisation months
	seasonDukcapil            // elections (KTP-el), school enrolment (KK, akta)
	seasonSocial              // DTKS updates and bansos rounds in January and July
)

// service is one service a unit offers, with its share of the respondents
// and the respondents it draws.
type service struct {
	name     string
	weight   float64
	audience audience
}

type audience int

const (
	audGeneral audience = iota
	audPatients
	audMothers
	audParents
	audStudents
	audASN
	audBusiness
	audPoor
	audYouth
)

func aud(name string) audience {
	switch name {
	case "patients":
		return audPatients
	case "parents":
		return audParents
	case "asn":
		return audASN
	case "business":
		return audBusiness
	case "poor":
		return audPoor
	case "youth":
		return audYouth
	}
	return audGeneral
}

// surveyProfile is the character of a service unit: how many respond, how
// satisfied they are, how that moves over time.
type surveyProfile struct {
	perYear  float64    // respondents a year at scale 1
	quality  float64    // converted IKM (25–100) the unit aims at on 1 Jan 2024
	trend    float64    // IKM points a year (improving > 0, declining < 0)
	offsets  [9]float64 // per element, in answer units, relative to the others
	cost     cost
	saturday bool // open on Saturday mornings
	season   seasonKind
	services []service
}

// svc builds a profile; pairs are service name, relative weight. Services
// of mothers (KIA, imunisasi, KB) and of young people (legalisir, pindah
// sekolah) get their own audience whatever the unit's.
func svc(perYear, quality, trend float64, c cost, a audience, pairs ...any) *surveyProfile {
	p := &surveyProfile{perYear: perYear, quality: quality, trend: trend, cost: c}
	// Complaint handling (U9) is the weakest element in most published SKM
	// reports; procedures (U1, U2) usually score well.
	p.offsets = [9]float64{0.06, 0.04, -0.04, 0, 0.02, 0, 0.02, -0.02, -0.14}
	if c == paid {
		p.offsets[3] = -0.12
	}
	for i := 0; i < len(pairs); i += 2 {
		name := pairs[i].(string)
		s := service{name: name, weight: float64(pairs[i+1].(int)), audience: a}
		switch name {
		case "Kesehatan Ibu dan Anak (KIA)", "Imunisasi", "Keluarga Berencana":
			s.audience = audMothers
		case "Legalisir Ijazah", "Surat Keterangan Pindah Sekolah", "Surat Keterangan Lulus":
			s.audience = audStudents
		}
		p.services = append(p.services, s)
	}
	return p
}

// Expected answer of clamp(round(m + N(0, σ)), 1, 4), tabulated on a grid
// of m, so that a target mean answer can be turned into the latent m.
const (
	answerSigma = 0.57 // respondent mood (0.35) and element noise (0.45) combined
	moodSigma   = 0.35
	noiseSigma  = 0.45
	gridLo      = -1.0
	gridStep    = 0.005
	gridN       = 1600
)

var expectedOnce = sync.OnceValue(func() []float64 {
	t := make([]float64, gridN)
	for i := range t {
		m := gridLo + float64(i)*gridStep
		phi := func(x float64) float64 { return 0.5 * (1 + math.Erf((x-m)/(answerSigma*math.Sqrt2))) }
		p1, p2, p3 := phi(1.5), phi(2.5), phi(3.5)
		t[i] = 1*p1 + 2*(p2-p1) + 3*(p3-p2) + 4*(1-p3)
	}
	return t
})

// latentFor returns m such that the expected answer is target (1 < target < 4).
func latentFor(target float64) float64 {
	t := expectedOnce()
	i, _ := slices.BinarySearch(t, target)
	if i <= 0 {
		return gridLo
	}
	if i >= len(t) {
		return gridLo + float64(len(t)-1)*gridStep
	}
	f := (target - t[i-1]) / (t[i] - t[i-1])
	return gridLo + (float64(i-1)+f)*gridStep
}

var epoch2024 = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// targets returns the mean answer per element aimed at for a unit on a
// day: the unit's quality moved by its trend, spread over the elements by
// their offsets; U4 is fixed by the cost. Clamped to what real reports show.
func (p *surveyProfile) targets(code string, d day) [9]float64 {
	years := float64(dayNumber(d.t)-dayNumber(epoch2024)) / 365.25
	q := math.Max(62, math.Min(96, p.quality+p.trend*years)) / 25
	var t [9]float64
	u4 := -1.0
	switch p.cost {
	case free:
		u4 = 3.86
	case mostlyFree:
		u4 = 3.55
	}
	sum, n := 0.0, 0
	for i := range t {
		t[i] = q + p.offsets[i] + 0.07*jitter(code, "u", strconv.Itoa(i))
		if i == 3 && u4 > 0 {
			t[i] = u4
			continue
		}
		sum += t[i]
		n++
	}
	// Keep the mean over the nine elements at q.
	shift := (9*q - sum - (9-float64(n))*u4) / float64(n)
	if u4 < 0 {
		shift = (9*q - sum) / 9
	}
	for i := range t {
		if i == 3 && u4 > 0 {
			continue
		}
		t[i] = math.Max(1.6, math.Min(3.97, t[i]+shift))
	}
	return t
}

// volume is the expected number of respondents of a unit on a day, before
// the scale: the yearly volume over about 245 working days, moved by the
// weekday, Ramadan and Lebaran, the end of the year and the unit's season.
func (p *surveyProfile) volume(d day) float64 {
	hours := officeHours(d, p.saturday)
	if len(hours) == 0 {
		return 0
	}
	m := 1.0
	switch d.weekday {
	case time.Saturday:
		m = 0.35
	case time.Monday:
		m = 1.15
	case time.Friday:
		m = 0.85
	}
	if d.ramadan {
		m *= 0.8
		if d.preFitri && p.season != seasonDukcapil {
			m *= 0.7
		}
	}
	if d.postIdul {
		m *= 0.8
	}
	month, dom := d.t.Month(), d.t.Day()
	switch {
	case month == time.December && dom >= 16:
		m *= 0.7
	case month == time.January && dom <= 10:
		m *= 0.85
	}
	switch p.season {
	case seasonSchool:
		switch {
		case (month == time.June && dom >= 10) || (month == time.July && dom <= 25):
			m *= 4
		case (month == time.December && dom >= 16) || (month == time.January && dom <= 5):
			m *= 0.25
		default:
			m *= 0.55
		}
	case seasonHealth:
		if month == time.December || month <= time.February || month == time.August {
			m *= 1.12
		}
	case seasonDukcapil:
		switch {
		case d.t.Year() == 2024 && month <= time.February && d.t.Before(time.Date(2024, 2, 14, 0, 0, 0, 0, wita)):
			m *= 1.4 // KTP-el before Pemilu 14 Feb 2024
		case d.t.Year() == 2024 && month >= time.September && month <= time.November && d.t.Before(time.Date(2024, 11, 27, 0, 0, 0, 0, wita)):
			m *= 1.2 // before Pilkada 27 Nov 2024
		case month == time.June || month == time.July:
			m *= 1.2 // KK and akta for school enrolment
		}
	case seasonSocial:
		if month == time.January || month == time.July {
			m *= 1.3
		}
	}
	return p.perYear / 245 * m
}

// surveyRow is a response before formatting: small, no strings but the comment.
type surveyRow struct {
	sec        int32 // seconds after midnight WITA
	unit       int32 // index in Organisation.Units
	seq        int32 // per unit and day, in time order
	service    uint8
	u          [9]uint8
	gender     uint8 // 0 L, 1 P
	age        uint8
	edu, occ   uint8
	commentIdx int16 // -1 none
}

// surveyDay appends the responses of every service unit on day d, ordered
// by submission time (as a survey app exports them).
func (g *Generator) surveyDay(d day, buf []surveyRow) []surveyRow {
	start := len(buf)
	for ui := range g.org.Units {
		u := &g.org.Units[ui]
		if u.survey == nil {
			continue
		}
		buf = g.surveyUnitDay(ui, u, d, buf)
	}
	slices.SortFunc(buf[start:], func(a, b surveyRow) int {
		if c := cmp.Compare(a.sec, b.sec); c != 0 {
			return c
		}
		if c := cmp.Compare(a.unit, b.unit); c != 0 {
			return c
		}
		return cmp.Compare(a.seq, b.seq)
	})
	return buf
}

// surveyUnitDay draws one unit's respondents of one day from the stream
// keyed by (seed, "survey", unit, day).
func (g *Generator) surveyUnitDay(ui int, u *Unit, d day, buf []surveyRow) []surveyRow {
	p := u.survey
	lambda := p.volume(d) * g.opt.Scale
	if lambda <= 0 {
		return buf
	}
	r := stream(g.unitKey("survey", ui), d.num)
	n := poisson(r, lambda)
	if n == 0 {
		return buf
	}
	hours := officeHours(d, p.saturday)
	t := p.targets(u.Code, d)
	var latent [9]float64
	for i := range t {
		latent[i] = latentFor(t[i])
	}
	weights := g.serviceWeights[ui]
	start := len(buf)
	for range n {
		var row surveyRow
		row.unit = int32(ui)
		row.sec = int32(visitSecond(r, hours, u.Kind))
		row.service = uint8(pick(r, weights))
		mood := r.NormFloat64() * moodSigma
		total := 0
		for i := range row.u {
			x := math.Round(latent[i] + mood + r.NormFloat64()*noiseSigma)
			row.u[i] = uint8(max(1, min(4, x)))
			total += int(row.u[i])
		}
		respondent(r, p.services[row.service].audience, &row)
		row.commentIdx = pickComment(r, float64(total)/9, p.services[row.service].name)
		buf = append(buf, row)
	}
	rows := buf[start:]
	slices.SortFunc(rows, func(a, b surveyRow) int { return cmp.Compare(a.sec, b.sec) })
	for i := range rows {
		rows[i].seq = int32(i + 1)
	}
	return buf
}

// visitSecond draws a time of day within the opening hours: visitors come
// mostly mid-morning, few at lunch and at closing; puskesmas and hospital
// users mostly before noon.
func visitSecond(r *rand.Rand, hours []interval, kind string) int {
	total := 0
	for _, h := range hours {
		total += h.to - h.from
	}
	for {
		x := r.IntN(total)
		minute := 0
		for _, h := range hours {
			if x < h.to-h.from {
				minute = h.from + x
				break
			}
			x -= h.to - h.from
		}
		w := hourWeight(minute / 60)
		if (kind == KindPuskesmas || kind == KindUPT) && minute >= 12*60 {
			w *= 0.35
		}
		if r.Float64()*1.4 < w {
			return minute*60 + r.IntN(60)
		}
	}
}

func hourWeight(h int) float64 {
	switch h {
	case 7:
		return 0.3
	case 8:
		return 0.8
	case 9:
		return 1.3
	case 10:
		return 1.4
	case 11:
		return 1.1
	case 12:
		return 0.4
	case 13:
		return 0.8
	case 14:
		return 0.7
	default:
		return 0.4
	}
}

// respondent draws the profile (gender, age, education, occupation) for
// the audience of the service.
func respondent(r *rand.Rand, a audience, row *surveyRow) {
	var pFemale float64
	var ageLo, ageHi int
	var occ []float64 // weights in the order of Occupations
	switch a {
	case audPatients:
		pFemale, ageLo, ageHi = 0.6, 17, 75
		occ = []float64{8, 2, 10, 12, 22, 8, 28, 10}
	case audMothers:
		pFemale, ageLo, ageHi = 0.94, 18, 42
		occ = []float64{6, 1, 8, 10, 8, 3, 60, 4}
	case audParents:
		pFemale, ageLo, ageHi = 0.6, 27, 55
		occ = []float64{14, 4, 16, 18, 22, 0, 22, 4}
	case audStudents:
		pFemale, ageLo, ageHi = 0.55, 17, 24
		occ = []float64{0, 0, 10, 3, 2, 70, 5, 10}
	case audASN:
		pFemale, ageLo, ageHi = 0.5, 24, 58
		occ = []float64{96, 0, 0, 0, 0, 0, 0, 4}
	case audBusiness:
		pFemale, ageLo, ageHi = 0.35, 22, 65
		occ = []float64{5, 1, 30, 45, 6, 1, 4, 8}
	case audPoor:
		pFemale, ageLo, ageHi = 0.58, 20, 75
		occ = []float64{0, 0, 5, 10, 35, 2, 30, 18}
	case audYouth:
		pFemale, ageLo, ageHi = 0.5, 17, 32
		occ = []float64{3, 1, 15, 10, 5, 45, 5, 16}
	default:
		pFemale, ageLo, ageHi = 0.48, 17, 70
		occ = []float64{10, 3, 17, 18, 20, 8, 17, 7}
	}
	female := chance(r, pFemale)
	row.gender = 0
	if female {
		row.gender = 1
	}
	o := pick(r, occ)
	if o == occIRT && !female {
		o = occLainnya
	}
	if o == occTNI && female && chance(r, 0.7) {
		o = occSwasta
	}
	// A triangular age between the bounds, narrowed by occupation.
	lo, hi := ageLo, ageHi
	switch o {
	case occPelajar:
		lo, hi = 17, 24
	case occPNS, occTNI:
		lo, hi = max(lo, 22), min(hi, 58)
	}
	age := lo + int(float64(hi-lo+1)*(r.Float64()+r.Float64())/2)
	row.age = uint8(max(17, min(75, age)))
	var edu []float64 // SD SMP SMA D3 S1 S2
	switch o {
	case occPNS:
		edu = []float64{0, 0, 12, 15, 60, 13}
	case occTNI:
		edu = []float64{0, 0, 60, 10, 25, 5}
	case occSwasta:
		edu = []float64{2, 8, 50, 12, 26, 2}
	case occWirausaha:
		edu = []float64{10, 20, 45, 5, 18, 2}
	case occPetani:
		edu = []float64{45, 30, 22, 0, 3, 0}
	case occPelajar:
		edu = []float64{0, 8, 77, 5, 10, 0}
	case occIRT:
		edu = []float64{25, 30, 35, 3, 7, 0}
	default:
		edu = []float64{15, 20, 45, 5, 14, 1}
	}
	row.occ = uint8(o)
	row.edu = uint8(pick(r, edu))
}

// WriteSurvey writes the canonical SKM CSV (header and rows) of every day
// from..to (WITA, inclusive) to w and returns the number of rows. It is the
// same code that writes the demo files, for a feed that pages by date.
func (g *Generator) WriteSurvey(w io.Writer, from, to time.Time) (int64, error) {
	bw := bufio.NewWriterSize(w, 256<<10)
	line := make([]byte, 0, 512)
	line = append(append(line, SurveyHeader...), '\n')
	if _, err := bw.Write(line); err != nil {
		return 0, fmt.Errorf("write survey: %w", err)
	}
	var rows int64
	var buf []surveyRow
	for _, d := range days(from, to) {
		buf = g.surveyDay(d, buf[:0])
		for i := range buf {
			line = g.appendSurveyRow(line[:0], d, &buf[i])
			if _, err := bw.Write(line); err != nil {
				return rows, fmt.Errorf("write survey: %w", err)
			}
		}
		rows += int64(len(buf))
	}
	if err := bw.Flush(); err != nil {
		return rows, fmt.Errorf("write survey: %w", err)
	}
	return rows, nil
}

// Survey returns the responses of every day from..to, in file order.
func (g *Generator) Survey(from, to time.Time) []SurveyResponse {
	var out []SurveyResponse
	var buf []surveyRow
	for _, d := range days(from, to) {
		buf = g.surveyDay(d, buf[:0])
		for i := range buf {
			out = append(out, g.response(d, &buf[i]))
		}
	}
	return out
}

func (g *Generator) response(d day, row *surveyRow) SurveyResponse {
	u := &g.org.Units[row.unit]
	s := SurveyResponse{
		ResponseID:  string(g.appendResponseID(nil, d, row)),
		UnitCode:    u.Code,
		Service:     u.survey.services[row.service].name,
		SubmittedAt: d.t.Add(time.Duration(row.sec) * time.Second),
		U:           row.u,
		Gender:      "L",
		Age:         int(row.age),
		Education:   Educations[row.edu],
		Occupation:  Occupations[row.occ],
	}
	if row.gender == 1 {
		s.Gender = "P"
	}
	if row.commentIdx >= 0 {
		s.Comment = comments[row.commentIdx].text
	}
	return s
}

// appendResponseID writes UNIT-YYYYMMDD-NNNN: stable across runs, unique,
// and the same response keeps its id when the range grows.
func (g *Generator) appendResponseID(b []byte, d day, row *surveyRow) []byte {
	b = append(b, g.org.Units[row.unit].Code...)
	b = append(b, '-')
	b = append(b, d.key[0:4]...)
	b = append(b, d.key[5:7]...)
	b = append(b, d.key[8:10]...)
	b = append(b, '-')
	return appendPadded(b, int(row.seq), 4)
}

func (g *Generator) appendSurveyRow(b []byte, d day, row *surveyRow) []byte {
	u := &g.org.Units[row.unit]
	b = g.appendResponseID(b, d, row)
	b = append(b, ',')
	b = appendField(b, u.Code)
	b = append(b, ',')
	b = appendField(b, u.survey.services[row.service].name)
	b = append(b, ',')
	b = append(b, d.key...)
	b = append(b, ' ')
	b = appendClock(b, int(row.sec))
	for _, x := range row.u {
		b = append(b, ',', '0'+x)
	}
	if row.gender == 1 {
		b = append(b, ",P,"...)
	} else {
		b = append(b, ",L,"...)
	}
	b = strconv.AppendInt(b, int64(row.age), 10)
	b = append(b, ',')
	b = append(b, Educations[row.edu]...)
	b = append(b, ',')
	b = appendField(b, Occupations[row.occ])
	b = append(b, ',')
	if row.commentIdx >= 0 {
		b = appendField(b, comments[row.commentIdx].text)
	}
	return append(b, '\n')
}
