package analytics

import (
	"context"
	"fmt"
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"kinerja/warehouse"
)

// IP ASN categories (PermenPANRB 38/2018; domain.md §4), read from the lower
// bound: a score of 91 or more is Sangat Tinggi, 81 or more Tinggi, 71 or
// more Sedang, 61 or more Rendah, else Sangat Rendah. Scores with decimals
// (from configured half points) between two published bands (90,5) take
// the lower band, the one whose lower bound they reached.
var ipasnCategories = []struct {
	min            int64 // hundredths
	key, label, en string
}{
	{9100, "sangat_tinggi", "Sangat Tinggi", "Very high"},
	{8100, "tinggi", "Tinggi", "High"},
	{7100, "sedang", "Sedang", "Medium"},
	{6100, "rendah", "Rendah", "Low"},
	{math.MinInt64, "sangat_rendah", "Sangat Rendah", "Very low"},
}

// IPASNCategory classifies a score (0–100).
func IPASNCategory(score float64) (key, label, labelEN string) {
	return ipasnCategory(int64(math.Round(score * 100)))
}

func ipasnCategory(hundredths int64) (key, label, labelEN string) {
	for _, c := range ipasnCategories {
		if hundredths >= c.min {
			return c.key, c.label, c.en
		}
	}
	return "", "", ""
}

// IPASNQuery asks for the IP ASN of groups in a year, and the per-ASN
// scores when Detail is set or NIP names one ASN.
type IPASNQuery struct {
	By     By
	Year   int
	Agency string // filter: one OPD
	Unit   string // filter: one unit
	// NIP limits everything to one ASN and implies Detail.
	NIP string
	// Detail lists every ASN's score with NIP and name: personal data
	// (UU 27/2022), for the roles that need it only.
	Detail bool
	Scope  Scope // from the user's role
}

// IPASNKompetensiDetail says which Kompetensi items an ASN earned.
type IPASNKompetensiDetail struct {
	Leadership  bool `json:"leadership"`
	Functional  bool `json:"functional"`
	Technical   bool `json:"technical"`
	TechnicalJP Dec2 `json:"technical_jp"`
	Seminar     bool `json:"seminar"`
	Capped      bool `json:"capped"` // the items summed above the cap
}

// IPASNScore is one ASN's index: personal data.
type IPASNScore struct {
	NIP           string                `json:"nip"`
	Name          string                `json:"name"`
	EmployeeType  string                `json:"employee_type"`
	PositionClass string                `json:"position_class"`
	PositionName  string                `json:"position_name"`
	Education     string                `json:"education"`
	Unit          string                `json:"unit"`
	Agency        string                `json:"agency"`
	Kualifikasi   Dec2                  `json:"kualifikasi"`
	Kompetensi    Dec2                  `json:"kompetensi"`
	Items         IPASNKompetensiDetail `json:"kompetensi_items"`
	Predikat      string                `json:"predikat"` // "" without an SKP evaluation in the year
	Kinerja       Dec2                  `json:"kinerja"`
	Disiplin      Dec2                  `json:"disiplin"`
	Score         Dec2                  `json:"score"`
	Category      string                `json:"category"`
	Label         string                `json:"label"`
	LabelEN       string                `json:"label_en"`
}

// IPASNCounts counts ASN per category.
type IPASNCounts struct {
	SangatTinggi uint64 `json:"sangat_tinggi"`
	Tinggi       uint64 `json:"tinggi"`
	Sedang       uint64 `json:"sedang"`
	Rendah       uint64 `json:"rendah"`
	SangatRendah uint64 `json:"sangat_rendah"`
}

func (c *IPASNCounts) add(key string) { c.addN(key, 1) }

func (c *IPASNCounts) addN(key string, n uint64) {
	switch key {
	case "sangat_tinggi":
		c.SangatTinggi += n
	case "tinggi":
		c.Tinggi += n
	case "sedang":
		c.Sedang += n
	case "rendah":
		c.Rendah += n
	default:
		c.SangatRendah += n
	}
}

// IPASNGroup is the index of one group: the mean of its ASN's scores (and
// of each dimension), the category of that mean, and the count of ASN per
// category.
type IPASNGroup struct {
	Code        string      `json:"code"`
	Name        string      `json:"name"`
	Agency      string      `json:"agency,omitempty"`
	Employees   uint64      `json:"employees"`
	Score       Dec2        `json:"score"`
	Category    string      `json:"category"`
	Label       string      `json:"label"`
	LabelEN     string      `json:"label_en"`
	Kualifikasi Dec2        `json:"kualifikasi"`
	Kompetensi  Dec2        `json:"kompetensi"`
	Kinerja     Dec2        `json:"kinerja"`
	Disiplin    Dec2        `json:"disiplin"`
	Counts      IPASNCounts `json:"counts"`
	// NoSKP counts ASN without an SKP evaluation in the year (Kinerja 0);
	// UnknownEducation those whose education the instrument has no points
	// for (Kualifikasi 0).
	NoSKP            uint64 `json:"no_skp"`
	UnknownEducation uint64 `json:"unknown_education"`

	sums [5]int64 // hundredths: score, kualifikasi, kompetensi, kinerja, disiplin
}

// IPASNAssumption is an instrument value the configuration did not set and
// domain.md does not fix: the default used, said out loud.
type IPASNAssumption struct {
	Key   string `json:"key"`   // configuration key under analytics.ip_asn
	Value string `json:"value"` // the value used
	ID    string `json:"id"`    // what it means, in Indonesian
	EN    string `json:"en"`
}

// IPASNResult is what `report ip-asn` and /api/v1/ip-asn return.
type IPASNResult struct {
	Year  int      `json:"year"`
	From  string   `json:"from"`
	To    string   `json:"to"`
	By    By       `json:"by"`
	Types []string `json:"types"` // employee types measured
	// PersonalData is true when ASN lists NIPs and names.
	PersonalData bool              `json:"personal_data"`
	Assumptions  []IPASNAssumption `json:"assumptions"`
	Groups       []IPASNGroup      `json:"groups"`
	ASN          []IPASNScore      `json:"asn,omitempty"`
}

// IPASN returns the ASN professionalism index per group (and per ASN when
// asked): Kualifikasi + Kompetensi (capped) + Kinerja + Disiplin, each
// from the configured instrument (Config.IPASN), for the ASN of the
// measured types active in the year. Groups are sorted best first (mean
// score), then by code; by=all gives one group ALL even without ASN.
// Scores are summed exactly in hundredths. Without the per-ASN view, the
// groups are scored in SQL on the staff rollup while it answers for the
// year (ipasn_rollup.sql: the same points in the same hundredths, the
// leadership titles matched in Go); otherwise each ASN is scored in Go
// from the raw tables.
func (s *Service) IPASN(ctx context.Context, q IPASNQuery) (IPASNResult, error) {
	if q.By == "" {
		q.By = ByAll
	}
	if q.NIP != "" {
		q.Detail = true
	}
	p := bucket(Year, q.Year, 1)
	res := IPASNResult{Year: q.Year, From: p.From.Format("2006-01-02"), To: p.To.Format("2006-01-02"), By: q.By,
		PersonalData: q.Detail, Groups: []IPASNGroup{}}
	ins, err := s.Config.IPASN.instrument()
	if err != nil {
		return res, err
	}
	res.Types, res.Assumptions = ins.types, ins.assumptions
	if res.Assumptions == nil {
		res.Assumptions = []IPASNAssumption{}
	}
	ctx = warehouse.WithSettings(ctx, warehouse.Settings{"log_comment": "analytics.ip_asn"})
	// Groups alone come from the staff rollup when it answers for the year,
	// scored in SQL; the per-ASN view (personal data) from the raw tables.
	rolled, release := false, func() {}
	names, err := s.namesWhile(ctx, func() {
		if !q.Detail {
			rolled, release = s.staffRollup(ctx, q.Year)
		}
	})
	defer release()
	if err != nil {
		return res, err
	}
	if rolled {
		err = s.ipasnGroupsFromRollup(ctx, q, ins, names, &res)
	} else {
		err = s.ipasnFromRaw(ctx, q, p, ins, names, &res)
	}
	if err != nil {
		return res, err
	}
	if q.By == ByAll && len(res.Groups) == 0 {
		res.Groups = append(res.Groups, IPASNGroup{Code: "ALL", Name: s.PemdaName})
	}
	for i := range res.Groups {
		g := &res.Groups[i]
		means := [5]Dec2{}
		var mean0 int64
		if g.Employees > 0 {
			for k := range g.sums {
				r := roundRat(big.NewRat(g.sums[k], int64(g.Employees)*100), 2)
				means[k] = Dec2(ratFloat(r))
				if k == 0 {
					mean0 = new(big.Int).Quo(new(big.Int).Mul(r.Num(), big.NewInt(100)), r.Denom()).Int64()
				}
			}
			g.Category, g.Label, g.LabelEN = ipasnCategory(mean0)
		}
		g.Score, g.Kualifikasi, g.Kompetensi, g.Kinerja, g.Disiplin = means[0], means[1], means[2], means[3], means[4]
	}
	sort.SliceStable(res.Groups, func(i, j int) bool {
		a, b := res.Groups[i], res.Groups[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		return a.Code < b.Code
	})
	return res, nil
}

// ipasnFromRaw scores every ASN from the raw tables (ipasn.sql) in Go and
// adds them up per group; the per-ASN scores too when q.Detail.
func (s *Service) ipasnFromRaw(ctx context.Context, q IPASNQuery, p Period, ins ipasnInstrument, names orgNames, res *IPASNResult) error {
	params := p.params()
	params["year"] = q.Year
	params["window_from"] = warehouse.DateOf(bucket(Year, q.Year-ins.windowYears+1, 1).From)
	params["types"] = ins.types
	params["technical_kinds"] = ins.technicalKinds
	params["seminar_kinds"] = ins.seminarKinds
	params["nip"] = q.NIP
	params["detail"] = q.Detail
	params["agency"] = q.Agency
	params["unit"] = q.Unit
	params["scope_agency"] = q.Scope.Agency
	params["scope_unit"] = q.Scope.Unit
	rows, err := s.DB.Query(ctx, mustSQL("ipasn.sql"), params)
	if err != nil {
		return fmt.Errorf("ip asn by %s: %w", q.By, err)
	}
	defer rows.Close()
	idx := map[string]int{}
	for rows.Next() {
		var f ipasnFacts
		if err := rows.Scan(&f.nip, &f.name, &f.employeeType, &f.class, &f.position, &f.education, &f.unit, &f.agency,
			&f.leadership, &f.functional, &f.technicalJP, &f.seminars, &f.predikat); err != nil {
			return fmt.Errorf("ip asn by %s: %w", q.By, err)
		}
		sc, h := ins.score(f)
		code := "ALL"
		switch q.By {
		case ByAgency:
			code = f.agency
		case ByUnit:
			code = f.unit
		}
		i, ok := idx[code]
		if !ok {
			g := IPASNGroup{Code: code}
			g.Name, g.Agency = s.nameOf(names, q.By, code)
			res.Groups = append(res.Groups, g)
			i = len(res.Groups) - 1
			idx[code] = i
		}
		g := &res.Groups[i]
		g.Employees++
		for k := range h {
			g.sums[k] += h[k]
		}
		g.Counts.add(sc.Category)
		if f.predikat == "" {
			g.NoSKP++
		}
		if _, ok := ins.kualifikasi[f.education]; !ok {
			g.UnknownEducation++
		}
		if q.Detail {
			res.ASN = append(res.ASN, sc)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("ip asn by %s: %w", q.By, err)
	}
	return nil
}

// ipasnFacts is one row of ipasn.sql.
type ipasnFacts struct {
	nip, name, employeeType, class, position, education, unit, agency string
	leadership                                                        []string
	functional                                                        uint64
	technicalJP                                                       decimal.Decimal
	seminars                                                          uint64
	predikat                                                          string
}

// ipasnInstrument is the resolved IPASNConfig, points in hundredths.
type ipasnInstrument struct {
	types                                      []string
	kualifikasi                                map[string]int64
	leadership, functional, technical, seminar int64
	cap                                        int64
	technicalMinJP                             decimal.Decimal
	technicalKinds, seminarKinds               []string
	windowYears                                int
	leadershipTitles                           map[string][]string
	functionalClasses                          map[string]bool
	kinerja                                    map[string]int64
	disiplin                                   int64
	assumptions                                []IPASNAssumption
}

// score computes one ASN's index; h holds the hundredths of the score and
// of the four dimensions, for exact sums.
func (ins ipasnInstrument) score(f ipasnFacts) (IPASNScore, [5]int64) {
	sc := IPASNScore{NIP: f.nip, Name: f.name, EmployeeType: f.employeeType, PositionClass: f.class, PositionName: f.position,
		Education: f.education, Unit: f.unit, Agency: f.agency, Predikat: f.predikat}
	kual := ins.kualifikasi[f.education]
	var komp int64
	for _, phrase := range ins.leadershipTitles[f.class] {
		for _, title := range f.leadership {
			if containsPhrase(title, phrase) {
				sc.Items.Leadership = true
			}
		}
	}
	if sc.Items.Leadership {
		komp += ins.leadership
	}
	if ins.functionalClasses[f.class] && f.functional > 0 {
		sc.Items.Functional = true
		komp += ins.functional
	}
	sc.Items.TechnicalJP = Dec2(ratFloat(roundRat(f.technicalJP.Rat(), 2)))
	if f.technicalJP.GreaterThanOrEqual(ins.technicalMinJP) {
		sc.Items.Technical = true
		komp += ins.technical
	}
	if f.seminars > 0 {
		sc.Items.Seminar = true
		komp += ins.seminar
	}
	if komp > ins.cap {
		komp, sc.Items.Capped = ins.cap, true
	}
	kin := ins.kinerja[f.predikat]
	total := kual + komp + kin + ins.disiplin
	sc.Kualifikasi, sc.Kompetensi, sc.Kinerja, sc.Disiplin, sc.Score = hundredths(kual), hundredths(komp), hundredths(kin), hundredths(ins.disiplin), hundredths(total)
	sc.Category, sc.Label, sc.LabelEN = ipasnCategory(total)
	return sc, [5]int64{total, kual, komp, kin, ins.disiplin}
}

func hundredths(v int64) Dec2 { return Dec2(float64(v) / 100) }

// containsPhrase reports whether phrase occurs in text as whole words,
// ignoring case: "PKN I" is in "PKN I Angkatan 3" but not in "PKN II".
func containsPhrase(text, phrase string) bool {
	t, p := strings.ToLower(text), strings.ToLower(strings.TrimSpace(phrase))
	if p == "" {
		return false
	}
	word := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	for from := 0; from <= len(t); {
		j := strings.Index(t[from:], p)
		if j < 0 {
			return false
		}
		start, end := from+j, from+j+len(p)
		before, _ := utf8.DecodeLastRuneInString(t[:start])
		after, _ := utf8.DecodeRuneInString(t[end:])
		if (start == 0 || !word(before)) && (end == len(t) || !word(after)) {
			return true
		}
		from = start + 1
	}
	return false
}

// Defaults of the IP ASN instrument; see IPASNConfig for which come from
// domain.md and which are assumptions.
var (
	ipasnDefaultKualifikasi = map[string]float64{
		"S3": 25, "S2": 20, // domain.md
		"S1": 15, "D4": 15, "D3": 10, "D2": 5, "D1": 5, "SMA": 5, "SMP": 1, "SD": 1, // assumption
	}
	ipasnKualifikasiFromDomain = map[string]bool{"S3": true, "S2": true}
	ipasnDefaultKinerja        = map[string]float64{
		"sangat_baik": 30, "baik": 25, "butuh_perbaikan": 15, "kurang": 5, "sangat_kurang": 1,
	}
	ipasnDefaultLeadershipTitles = map[string][]string{
		"pengawas":      {"Kepemimpinan Pengawas", "PKP", "Diklatpim IV", "Diklatpim Tingkat IV", "PIM IV"},
		"administrator": {"Kepemimpinan Administrator", "PKA", "Diklatpim III", "Diklatpim Tingkat III", "PIM III"},
		"jpt_pratama":   {"Kepemimpinan Nasional Tingkat II", "PKN II", "PKN Tingkat II", "Diklatpim II", "Diklatpim Tingkat II", "PIM II"},
		"jpt_madya":     {"Kepemimpinan Nasional Tingkat I", "PKN I", "PKN Tingkat I", "Diklatpim I", "Diklatpim Tingkat I", "PIM I"},
	}
	// ipasnPredikat lists the SKP predikat best first (PermenPANRB 6/2022).
	ipasnPredikat = []string{"sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang"}
)

// Validate checks the IP ASN configuration: no negative points, known
// predikat, a window of at least one year.
func (c IPASNConfig) Validate() error {
	_, err := c.instrument()
	return err
}

// instrument resolves the configuration against the defaults and lists the
// assumptions still in use.
func (c IPASNConfig) instrument() (ipasnInstrument, error) {
	bad := func(key string, v any, want string) error {
		return fmt.Errorf("analytics.ip_asn.%s = %v: want %s (configuration)", key, v, want)
	}
	pts := func(key string, v float64) (int64, error) {
		if v < 0 || v > 100 || math.IsNaN(v) {
			return 0, bad(key, v, "points 0–100")
		}
		return int64(math.Round(v * 100)), nil
	}
	fmtPts := func(v float64) string { return strings.Replace(strconv.FormatFloat(v, 'f', -1, 64), ".", ",", 1) }
	ins := ipasnInstrument{kualifikasi: map[string]int64{}, kinerja: map[string]int64{}, leadershipTitles: map[string][]string{},
		functionalClasses: map[string]bool{}}
	assume := func(key, value, id, en string) {
		ins.assumptions = append(ins.assumptions, IPASNAssumption{Key: key, Value: value, ID: id, EN: en})
	}

	ins.types = c.Types
	if len(ins.types) == 0 {
		ins.types = []string{"PNS"}
	}

	// Kualifikasi: configured levels replace the default of their level.
	var assumed []string
	levels := map[string]float64{}
	for k, v := range ipasnDefaultKualifikasi {
		levels[k] = v
	}
	for k, v := range c.Kualifikasi {
		levels[k] = v
	}
	for k, v := range levels {
		p, err := pts("kualifikasi."+k, v)
		if err != nil {
			return ins, err
		}
		ins.kualifikasi[k] = p
		if _, set := c.Kualifikasi[k]; !set && !ipasnKualifikasiFromDomain[k] {
			assumed = append(assumed, k)
		}
	}
	if len(assumed) > 0 {
		order := map[string]int{"S1": 0, "D4": 1, "D3": 2, "D2": 3, "D1": 4, "SMA": 5, "SMP": 6, "SD": 7}
		sort.Slice(assumed, func(i, j int) bool { return order[assumed[i]] < order[assumed[j]] })
		var parts []string
		for _, k := range assumed {
			parts = append(parts, k+" "+fmtPts(levels[k]))
		}
		assume("kualifikasi", strings.Join(parts, ", "),
			"Nilai kualifikasi di bawah S-2 belum diatur; dipakai asumsi menurut pengelompokan formulir IP ASN BKN (S-1/D-IV; D-III; D-II/D-I/SLTA; SLTP ke bawah).",
			"Points for education below S-2 are not configured; assumed, grouped as BKN's IP ASN form groups the levels.")
	}

	k := c.Kompetensi
	def := func(v, d float64) float64 {
		if v == 0 {
			return d
		}
		return v
	}
	var err error
	if ins.leadership, err = pts("kompetensi.leadership", def(k.Leadership, 15)); err != nil {
		return ins, err
	}
	if ins.functional, err = pts("kompetensi.functional", def(k.Functional, 15)); err != nil {
		return ins, err
	}
	if ins.technical, err = pts("kompetensi.technical", def(k.Technical, 15)); err != nil {
		return ins, err
	}
	if ins.seminar, err = pts("kompetensi.seminar", def(k.Seminar, 5)); err != nil {
		return ins, err
	}
	if k.Seminar == 0 {
		assume("kompetensi.seminar", "5", "Nilai seminar/workshop/kursus belum diatur; diasumsikan 5.",
			"Points for seminars/workshops/courses are not configured; 5 assumed.")
	}
	if ins.cap, err = pts("kompetensi.cap", def(k.Cap, 40)); err != nil {
		return ins, err
	}
	minJP := def(k.TechnicalMinJP, TargetJP)
	if minJP < 0 {
		return ins, bad("kompetensi.technical_min_jp", minJP, "JP ≥ 0")
	}
	ins.technicalMinJP = decimal.NewFromFloat(minJP)
	ins.technicalKinds = k.TechnicalKinds
	if len(ins.technicalKinds) == 0 {
		ins.technicalKinds = []string{"teknis", "elearning"}
		assume("kompetensi.technical_kinds", "teknis, elearning",
			"Pelatihan teknis = jenis teknis dan e-learning (asumsi: e-learning LAN dan platform sektor adalah pelatihan teknis nonklasikal).",
			"Technical training = kinds teknis and elearning (assumption: e-learning courses are non-classical technical training).")
	}
	ins.seminarKinds = k.SeminarKinds
	if len(ins.seminarKinds) == 0 {
		ins.seminarKinds = []string{"seminar", "workshop", "kursus"}
	}
	ins.windowYears = k.WindowYears
	if ins.windowYears == 0 {
		ins.windowYears = 1
	}
	if ins.windowYears < 0 || ins.windowYears > 10 {
		return ins, bad("kompetensi.window_years", k.WindowYears, "1–10 years")
	}
	var assumedClasses []string
	for cl, titles := range ipasnDefaultLeadershipTitles {
		ins.leadershipTitles[cl] = titles
	}
	for cl, titles := range k.LeadershipTitles {
		ins.leadershipTitles[cl] = titles
	}
	for cl := range ipasnDefaultLeadershipTitles {
		if _, set := k.LeadershipTitles[cl]; !set {
			assumedClasses = append(assumedClasses, cl)
		}
	}
	if len(assumedClasses) > 0 {
		sort.Strings(assumedClasses)
		assume("kompetensi.leadership_titles", strings.Join(assumedClasses, ", "),
			"Diklat kepemimpinan dianggap sesuai jabatan bila judulnya memuat nama pelatihan kepemimpinan jenjang itu (PKP/Diklatpim IV untuk pengawas, PKA/Diklatpim III untuk administrator, PKN II untuk JPT pratama, PKN I untuk JPT madya).",
			"A leadership training matches the position when its title names that level's leadership training (PKP for pengawas, PKA for administrator, PKN II for JPT pratama, PKN I for JPT madya).")
	}
	fc := k.FunctionalClasses
	if len(fc) == 0 {
		fc = []string{"fungsional"}
		assume("kompetensi.functional_classes", "fungsional",
			"Setiap diklat fungsional seorang pejabat fungsional dianggap sesuai jabatannya (data tidak mencatat JF pelatihan).",
			"Any functional training of a fungsional ASN is taken to match the position (the data does not say which JF a training is for).")
	}
	for _, cl := range fc {
		ins.functionalClasses[cl] = true
	}

	known := map[string]bool{}
	for _, p := range ipasnPredikat {
		known[p] = true
	}
	var assumedPredikat []string
	for _, p := range ipasnPredikat {
		v, set := c.Kinerja[p]
		if !set {
			v = ipasnDefaultKinerja[p]
			assumedPredikat = append(assumedPredikat, p+" "+fmtPts(v))
		}
		if ins.kinerja[p], err = pts("kinerja."+p, v); err != nil {
			return ins, err
		}
	}
	for p := range c.Kinerja {
		if !known[p] {
			return ins, bad("kinerja."+p, c.Kinerja[p], "a predikat: sangat_baik, baik, butuh_perbaikan, kurang or sangat_kurang")
		}
	}
	if len(assumedPredikat) > 0 {
		assume("kinerja", strings.Join(assumedPredikat, ", "),
			"Nilai kinerja per predikat SKP (PermenPANRB 6/2022) belum diatur; diasumsikan dari pita Sangat Baik/Baik/Cukup/Kurang/Buruk instrumen BKN.",
			"Kinerja points per SKP predikat are not configured; assumed from the instrument's Sangat Baik/Baik/Cukup/Kurang/Buruk bands.")
	}
	if c.DisiplinWithoutData == nil {
		ins.disiplin = 500
		assume("disiplin_without_data", "5",
			"Belum ada data hukuman disiplin; setiap ASN dianggap tidak pernah dijatuhi hukuman disiplin (nilai 5).",
			"No discipline data yet; every ASN is taken as never punished (5 points).")
	} else if ins.disiplin, err = pts("disiplin_without_data", *c.DisiplinWithoutData); err != nil {
		return ins, err
	}
	return ins, nil
}
