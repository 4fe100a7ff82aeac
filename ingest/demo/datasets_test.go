package demo

import (
	"bytes"
	"encoding/csv"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// phase2 writes every dataset for 2024-01-01..2025-12-31 once per test
// binary (the files are only read) and parses them.
type phase2Files struct {
	dir  string
	sum  Summary
	gen  *Generator
	emps map[string][]string // nip → employees row
	// unit code → agency code
	unitAgency map[string]string
}

var phase2Opt = Options{Seed: 2, From: day0("2024-01-01"), To: day0("2025-12-31"), ActivityFrom: day0("2025-10-01")}

func loadPhase2(t *testing.T) *phase2Files {
	t.Helper()
	dir := t.TempDir()
	s, err := Write(dir, phase2Opt)
	if err != nil {
		t.Fatal(err)
	}
	g, err := New(phase2Opt)
	if err != nil {
		t.Fatal(err)
	}
	p := &phase2Files{dir: dir, sum: s, gen: g, emps: map[string][]string{}, unitAgency: map[string]string{}}
	for _, u := range g.org.Units {
		p.unitAgency[u.Code] = u.AgencyCode
	}
	for _, r := range readCanonical(t, filepath.Join(dir, "employees", "employees.csv"), EmployeesHeader) {
		p.emps[r[0]] = r
	}
	return p
}

// readCanonical parses a file, checks its header and that encoding/csv
// writes it back byte for byte, and returns the data rows.
func readCanonical(t *testing.T, path, header string) [][]string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	recs := readCSV(t, path)
	var back bytes.Buffer
	w := csv.NewWriter(&back)
	w.WriteAll(recs)
	if !bytes.Equal(back.Bytes(), raw) {
		t.Errorf("%s: not in canonical CSV form", filepath.Base(path))
	}
	if got := strings.Join(recs[0], ","); got != header {
		t.Fatalf("%s: header %q, want %q", filepath.Base(path), got, header)
	}
	n := strings.Count(header, ",") + 1
	for i, r := range recs[1:] {
		if len(r) != n {
			t.Fatalf("%s:%d: %d fields, want %d", filepath.Base(path), i+2, len(r), n)
		}
	}
	return recs[1:]
}

func (p *phase2Files) files(dataset string) []string { return p.sum.Files(dataset) }

func date(t *testing.T, where, s string) time.Time {
	t.Helper()
	d, err := time.ParseInLocation("2006-01-02", s, wita)
	if err != nil {
		t.Fatalf("%s: date %q: %v", where, s, err)
	}
	return d
}

// activeOn reports whether the employees row is active on day d.
func activeOn(t *testing.T, row []string, d time.Time) bool {
	from := date(t, row[0], row[10])
	if d.Before(from) {
		return false
	}
	return row[11] == "" || !d.After(date(t, row[0], row[11]))
}

var digits18 = regexp.MustCompile(`^\d{18}$`)

// checkNIP validates a NIP (PNS) or NI PPPK against the row it belongs to
// (domain.md §5); "" when valid.
func checkNIP(nip, typ, gender, birth, activeFrom string) string {
	if !digits18.MatchString(nip) {
		return "not 18 digits"
	}
	b, err := time.Parse("20060102", nip[:8])
	if err != nil {
		return "impossible birth date " + nip[:8]
	}
	if b.Format("2006-01-02") != birth {
		return "birth date part " + nip[:8] + " ≠ birth_date " + birth
	}
	var g byte
	switch typ {
	case TypePNS:
		tmt, err := time.Parse("200601", nip[8:14])
		if err != nil {
			return "impossible CPNS year-month " + nip[8:14]
		}
		if tmt.Before(b.AddDate(18, 0, 0)) {
			return "appointed before 18"
		}
		if tmt.Format("2006-01") != activeFrom[:7] {
			return "CPNS month " + nip[8:14] + " ≠ active_from " + activeFrom
		}
		g = nip[14]
	case TypePPPK:
		y, _ := strconv.Atoi(nip[8:12])
		if strconv.Itoa(y) != activeFrom[:4] || y < b.Year()+18 {
			return "appointment year " + nip[8:12] + " does not fit active_from " + activeFrom
		}
		if nip[12:14] != "21" {
			return "PPPK code " + nip[12:14]
		}
		g = nip[14]
	default:
		return "employee_type " + typ
	}
	if (g == '1' && gender != "L") || (g == '2' && gender != "P") || (g != '1' && g != '2') {
		return "gender digit " + string(g) + " ≠ gender " + gender
	}
	if nip[15:] == "000" {
		return "sequence 000"
	}
	return ""
}

func TestCheckNIP(t *testing.T) {
	for _, tc := range []struct {
		name, nip, typ, gender, birth, from string
		ok                                  bool
	}{
		{"PNS", "198503142010012003", TypePNS, "P", "1985-03-14", "2010-01-01", true},
		{"PPPK", "199001012022212001", TypePPPK, "P", "1990-01-01", "2022-03-01", true},
		{"February 30", "198502302010011001", TypePNS, "L", "1985-02-30", "2010-01-01", false},
		{"month 13", "198503142010131003", TypePNS, "L", "1985-03-14", "2010-01-01", false},
		{"gender digit 2 for L", "198503142010012003", TypePNS, "L", "1985-03-14", "2010-01-01", false},
		{"17 digits", "19850314201001200", TypePNS, "P", "1985-03-14", "2010-01-01", false},
		{"birth date differs", "198503142010012003", TypePNS, "P", "1985-03-15", "2010-01-01", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := checkNIP(tc.nip, tc.typ, tc.gender, tc.birth, tc.from); (got == "") != tc.ok {
				t.Errorf("checkNIP = %q, want ok=%v", got, tc.ok)
			}
		})
	}
}

func TestPhase2Datasets(t *testing.T) {
	p := loadPhase2(t)
	t.Run("employees", func(t *testing.T) { checkEmployees(t, p) })
	t.Run("activity_reports", func(t *testing.T) { checkActivity(t, p) })
	t.Run("skp_evaluations", func(t *testing.T) { checkSKP(t, p) })
	t.Run("competency_assessments", func(t *testing.T) { checkCompetency(t, p) })
	t.Run("trainings", func(t *testing.T) { checkTrainings(t, p) })
}

func checkEmployees(t *testing.T, p *phase2Files) {
	rows := readCanonical(t, p.files(DatasetEmployees)[0], EmployeesHeader)
	if n := len(rows); n < 5000 || n > 6500 {
		t.Errorf("%d ASN, want roughly 5–6 thousand", n)
	}
	classes := []string{ClassJPTMadya, ClassJPTPratama, ClassAdministrator, ClassPengawas, ClassPelaksana, ClassFungsional}
	perClass := map[string]int{}
	teachersAndHealth, left, withComma := 0, 0, 0
	for _, r := range rows {
		where := "employee " + r[0]
		nip, name, typ, class, pos, gol, edu, unit, gender, birth, from, to := r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11]
		if msg := checkNIP(nip, typ, gender, birth, from); msg != "" {
			t.Fatalf("%s: NIP %s", where, msg)
		}
		if name == "" || pos == "" {
			t.Fatalf("%s: empty name or position", where)
		}
		if strings.Contains(name, ",") {
			withComma++
		}
		if !slices.Contains(classes, class) {
			t.Fatalf("%s: position_class %q", where, class)
		}
		perClass[class]++
		switch typ {
		case TypePNS:
			if !slices.Contains(Golongan, gol) {
				t.Fatalf("%s: golongan %q", where, gol)
			}
		case TypePPPK:
			if gol != "" {
				t.Fatalf("%s: PPPK with golongan %q", where, gol)
			}
		}
		if !slices.Contains(EmployeeEducations, edu) {
			t.Fatalf("%s: education %q", where, edu)
		}
		if _, ok := p.unitAgency[unit]; !ok {
			t.Fatalf("%s: unknown unit %s", where, unit)
		}
		if gender != "L" && gender != "P" {
			t.Fatalf("%s: gender %q", where, gender)
		}
		b, f := date(t, where, birth), date(t, where, from)
		if to != "" {
			left++
			e := date(t, where, to)
			if e.Before(f) || e.After(phase2Opt.To) || e.Before(phase2Opt.From) {
				t.Fatalf("%s: active_to %s outside active_from..end of range", where, to)
			}
		} else if age := yearsBetween(b, phase2Opt.To); age >= 60.1 || age < 18 {
			t.Fatalf("%s: still active at %.1f years", where, age)
		}
		if f.After(phase2Opt.To) {
			t.Fatalf("%s: starts after the range", where)
		}
		if strings.HasPrefix(pos, "Guru") || strings.HasPrefix(pos, "Kepala Sekolah") || strings.HasPrefix(pos, "Perawat") || strings.HasPrefix(pos, "Bidan") || strings.HasPrefix(pos, "Dokter") {
			teachersAndHealth++
		}
	}
	if perClass[ClassJPTMadya] != 0 || perClass[ClassJPTPratama] < 15 || perClass[ClassAdministrator] < 30 || perClass[ClassPengawas] < 100 {
		t.Errorf("position classes %v: want no JPT Madya in a kabupaten, ~20 JPT Pratama, dozens of administrators, 100+ pengawas", perClass)
	}
	if teachersAndHealth*2 < len(rows) {
		t.Errorf("teachers and health workers %d of %d: want the bulk", teachersAndHealth, len(rows))
	}
	if left < 20 || left > len(rows)/10 {
		t.Errorf("%d retirements and transfers in two years, want a few percent", left)
	}
	if withComma < len(rows)/2 {
		t.Errorf("only %d names carry titles after a comma", withComma)
	}
}

func checkActivity(t *testing.T, p *phase2Files) {
	statuses := map[string]int{}
	ids := map[string]bool{}
	cutoff := phase2Opt.To.AddDate(0, 0, 1)
	reported := map[string]map[string]bool{} // unit → nip|day
	var late, total int
	for _, path := range p.files(DatasetActivityReports) {
		for i, r := range readCanonical(t, path, ActivityHeader) {
			where := filepath.Base(path) + ":" + strconv.Itoa(i+2)
			id, nip, unit, ad, sub, act, out, qty, status, rev, reviewer := r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10]
			if ids[id] {
				t.Fatalf("%s: report_id %s twice", where, id)
			}
			ids[id] = true
			emp, ok := p.emps[nip]
			if !ok || emp[7] != unit {
				t.Fatalf("%s: nip %s is not an employee of %s", where, nip, unit)
			}
			d := date(t, where, ad)
			if !activeOn(t, emp, d) || !newDay(d).working() {
				t.Fatalf("%s: report on %s by someone inactive or on a non-working day", where, ad)
			}
			if !strings.HasPrefix(filepath.Base(path), "lh-"+ad[:7]) {
				t.Fatalf("%s: activity_date %s in the wrong month's file", where, ad)
			}
			s, err := time.ParseInLocation("2006-01-02 15:04:05", sub, wita)
			if err != nil || s.Before(d) || !s.Before(cutoff) {
				t.Fatalf("%s: submitted_at %q before the activity or after the cutoff", where, sub)
			}
			if s.Sub(d) >= 2*24*time.Hour {
				late++
			}
			total++
			if act == "" || out == "" {
				t.Fatalf("%s: empty activity or output", where)
			}
			if q, err := strconv.ParseFloat(qty, 64); err != nil || q <= 0 {
				t.Fatalf("%s: quantity %q", where, qty)
			}
			statuses[status]++
			switch status {
			case StatusApproved, StatusReturned:
				rv, err := time.ParseInLocation("2006-01-02 15:04:05", rev, wita)
				if err != nil || !rv.After(s) || !rv.Before(cutoff) {
					t.Fatalf("%s: reviewed_at %q not after submitted_at or after the cutoff", where, rev)
				}
				sup, ok := p.emps[reviewer]
				if !ok || reviewer == nip || !activeOn(t, sup, d) {
					t.Fatalf("%s: reviewer %q is not an active colleague", where, reviewer)
				}
				if sup[7] != unit && p.unitAgency[sup[7]] != p.unitAgency[unit] && p.unitAgency[sup[7]] != "SETDA" {
					t.Fatalf("%s: reviewer from %s for a report of %s", where, sup[7], unit)
				}
			case StatusSubmitted:
				if rev != "" || reviewer != "" {
					t.Fatalf("%s: submitted report with a review", where)
				}
			default:
				t.Fatalf("%s: status %q", where, status)
			}
			if reported[unit] == nil {
				reported[unit] = map[string]bool{}
			}
			reported[unit][nip+ad] = true
		}
	}
	if statuses[StatusApproved] < total*8/10 || statuses[StatusReturned] == 0 || statuses[StatusSubmitted] == 0 {
		t.Errorf("statuses %v: want mostly approved, a few returned and pending", statuses)
	}
	if share := float64(late) / float64(total); share < 0.05 || share > 0.4 {
		t.Errorf("%.0f%% of reports two or more days late, want some, not most", 100*share)
	}
	// Compliance: reported staff-days over active staff-days, per unit.
	from, to := phase2Opt.ActivityFrom, phase2Opt.To
	var low, high int
	for _, u := range p.gen.org.Units {
		possible := 0
		for _, e := range p.emps {
			if e[7] != u.Code {
				continue
			}
			for _, d := range days(from, to) {
				if d.working() && activeOn(t, e, d.t) {
					possible++
				}
			}
		}
		if possible < 200 {
			continue
		}
		c := float64(len(reported[u.Code])) / float64(possible)
		switch {
		case c < 0.6:
			low++
		case c > 0.8:
			high++
		}
	}
	if low == 0 || high == 0 {
		t.Errorf("compliance: %d units under 60%%, %d over 80%%: want both", low, high)
	}
}

// patternBroken says which rule of domain.md §2 an organisation's
// distribution breaks ("" if none).
func patternBroken(org string, c map[string]int) string {
	n := 0
	for _, v := range c {
		n += v
	}
	share := func(p string) float64 { return float64(c[p]) / float64(n) }
	switch org {
	case OrgIstimewa:
		if share(PredikatSangatBaik) > 0.7 {
			return "more than 70 % sangat baik"
		}
	case PredikatBaik:
		if share(PredikatBaik) > 0.7 {
			return "more than 70 % baik"
		}
		if c[PredikatButuhPerbaikan]+c[PredikatKurang] == 0 {
			return "no butuh perbaikan or kurang"
		}
	case PredikatButuhPerbaikan:
		if share(PredikatButuhPerbaikan) < 0.6 || share(PredikatSangatBaik) > 0.1 {
			return "under 60 % butuh perbaikan or over 10 % sangat baik"
		}
	case PredikatKurang:
		if share(PredikatKurang) < 0.6 || share(PredikatButuhPerbaikan) < 0.1 || share(PredikatSangatBaik) > 0.1 {
			return "kurang pattern"
		}
	case PredikatSangatKurang:
		if share(PredikatSangatKurang) < 0.6 || share(PredikatKurang)+share(PredikatButuhPerbaikan) < 0.1 || c[PredikatSangatBaik] > 0 {
			return "sangat kurang pattern"
		}
	default:
		return "unknown organisation predikat " + org
	}
	return ""
}

func TestPredikatMatrix(t *testing.T) {
	// domain.md §2, rows hasil kerja, columns perilaku kerja.
	for _, tc := range []struct{ hasil, perilaku, want string }{
		{"diatas", "dibawah", "kurang"}, {"diatas", "sesuai", "baik"}, {"diatas", "diatas", "sangat_baik"},
		{"sesuai", "dibawah", "kurang"}, {"sesuai", "sesuai", "baik"}, {"sesuai", "diatas", "baik"},
		{"dibawah", "dibawah", "sangat_kurang"}, {"dibawah", "sesuai", "butuh_perbaikan"}, {"dibawah", "diatas", "butuh_perbaikan"},
		{"luar biasa", "sesuai", ""}, {"sesuai", "", ""},
	} {
		t.Run(tc.hasil+"/"+tc.perilaku, func(t *testing.T) {
			if got := Predikat(tc.hasil, tc.perilaku); got != tc.want {
				t.Errorf("Predikat = %q, want %q", got, tc.want)
			}
		})
	}
}

// The quotas keep an organisation's pattern when they should and break it
// when they should, for every agency size from 10 to 300.
func TestQuotasPattern(t *testing.T) {
	for _, o := range []orgRating{
		{OrgIstimewa, false}, {OrgIstimewa, true}, {PredikatBaik, false}, {PredikatBaik, true},
		{PredikatButuhPerbaikan, false}, {PredikatButuhPerbaikan, true}, {PredikatKurang, false}, {PredikatSangatKurang, false},
	} {
		t.Run(o.predikat+map[bool]string{true: " breaking", false: ""}[o.breaks], func(t *testing.T) {
			for n := 10; n <= 300; n++ {
				for _, wobble := range []float64{-0.08, 0, 0.08} {
					q := quotas(o, n, wobble)
					c := map[string]int{}
					sum := 0
					for k, v := range q {
						if v < 0 {
							t.Fatalf("n=%d: negative count %v", n, q)
						}
						c[predikatOrder[k]] = v
						sum += v
					}
					if sum != n {
						t.Fatalf("n=%d: counts %v sum to %d", n, q, sum)
					}
					if broken := patternBroken(o.predikat, c); (broken != "") != o.breaks {
						t.Fatalf("n=%d wobble %.2f: counts %v, broken %q, want breaks=%v", n, wobble, q, broken, o.breaks)
					}
				}
			}
		})
	}
}

func checkSKP(t *testing.T, p *phase2Files) {
	orgs := map[string]string{} // agency|year → predikat
	for _, r := range readCanonical(t, p.files(DatasetOrganisationRatings)[0], OrganisationRatingsHeader) {
		if !slices.Contains([]string{OrgIstimewa, PredikatBaik, PredikatButuhPerbaikan, PredikatKurang, PredikatSangatKurang}, r[2]) {
			t.Fatalf("organisation predikat %q", r[2])
		}
		orgs[r[0]+"|"+r[1]] = r[2]
	}
	if len(orgs) != 2*len(p.gen.org.Agencies) {
		t.Errorf("%d organisation ratings, want one per agency for 2024 and 2025", len(orgs))
	}
	annual := map[string]map[string]int{} // agency|year → predikat counts
	seen := map[string]bool{}
	for _, path := range p.files(DatasetSKPEvaluations) {
		year := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(path), "skp-"), ".csv")
		for i, r := range readCanonical(t, path, SKPHeader) {
			where := filepath.Base(path) + ":" + strconv.Itoa(i+2)
			nip, unit, y, period, hasil, perilaku, pred, evaluator := r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]
			emp, ok := p.emps[nip]
			if !ok || emp[7] != unit || y != year {
				t.Fatalf("%s: %s not an employee of %s, or year %s in file %s", where, nip, unit, y, year)
			}
			if !slices.Contains(SKPPeriods, period) {
				t.Fatalf("%s: period %q", where, period)
			}
			yi, _ := strconv.Atoi(y)
			if !activeOn(t, emp, periodEnd(yi, period)) {
				t.Fatalf("%s: evaluated for %s %s but not active at its end", where, y, period)
			}
			if k := nip + y + period; seen[k] {
				t.Fatalf("%s: %s evaluated twice for %s %s", where, nip, y, period)
			} else {
				seen[k] = true
			}
			if want := Predikat(hasil, perilaku); want == "" || pred != want {
				t.Fatalf("%s: %s/%s gives %q, row says %q", where, hasil, perilaku, want, pred)
			}
			if _, ok := p.emps[evaluator]; !ok || evaluator == nip {
				t.Fatalf("%s: evaluator %q", where, evaluator)
			}
			if period == "ANNUAL" {
				k := p.unitAgency[unit] + "|" + y
				if annual[k] == nil {
					annual[k] = map[string]int{}
				}
				annual[k][pred]++
			}
		}
	}
	var broken []string
	for k, c := range annual {
		if patternBroken(orgs[k], c) != "" {
			broken = append(broken, k)
		}
	}
	slices.Sort(broken)
	want := []string{"DINKES|2024", "DISDIKBUD|2025", "DPMPTSP|2025", "KEC-76.02.04|2025"}
	if !slices.Equal(broken, want) {
		t.Errorf("agencies breaking their pattern: %v, want %v", broken, want)
	}
}

func checkCompetency(t *testing.T, p *phase2Files) {
	names := competencyNames()
	type key struct{ nip, at string }
	perAssessment := map[key]int{}
	gapSum := map[bool]float64{}
	gapN := map[bool]int{}
	for _, path := range p.files(DatasetCompetency) {
		for i, r := range readCanonical(t, path, CompetencyHeader) {
			where := filepath.Base(path) + ":" + strconv.Itoa(i+2)
			nip, code, name, typ, req, got, at, method := r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]
			emp, ok := p.emps[nip]
			if !ok {
				t.Fatalf("%s: unknown nip %s", where, nip)
			}
			if names[code] != name {
				t.Fatalf("%s: competency %s named %q", where, code, name)
			}
			rl, err1 := strconv.Atoi(req)
			al, err2 := strconv.Atoi(got)
			if err1 != nil || err2 != nil || rl < 1 || rl > 5 || al < 1 || al > 5 {
				t.Fatalf("%s: levels %q %q not in 1..5", where, req, got)
			}
			d := date(t, where, at)
			if !activeOn(t, emp, d) || !newDay(d).working() || d.Before(phase2Opt.From) || d.After(phase2Opt.To) {
				t.Fatalf("%s: assessed on %s (inactive, closed day or outside the range)", where, at)
			}
			switch typ {
			case CompetencyManajerial:
				want := map[string]int{ClassJPTMadya: 5, ClassJPTPratama: 4, ClassAdministrator: 3, ClassPengawas: 2, ClassPelaksana: 1}
				if w, ok := want[emp[3]]; ok && rl != w {
					t.Fatalf("%s: %s requires level %d, row says %d", where, emp[3], w, rl)
				}
				if method != MethodCAT && method != MethodAssessmentCenter {
					t.Fatalf("%s: method %q", where, method)
				}
				perAssessment[key{nip, at}]++
			case CompetencySosialKultural, CompetencyTeknis:
				if (typ == CompetencyTeknis) != (method == MethodUjiKompetensi) {
					t.Fatalf("%s: %s assessed by %q", where, typ, method)
				}
			default:
				t.Fatalf("%s: type %q", where, typ)
			}
			weak := p.gen.work[slices.IndexFunc(p.gen.org.Units, func(u Unit) bool { return u.Code == emp[7] })].gap > 0.8
			gapSum[weak] += float64(al - rl)
			gapN[weak]++
		}
	}
	for k, n := range perAssessment {
		if n != 8 {
			t.Fatalf("%v: %d manajerial competencies, want the eight", k, n)
		}
	}
	if len(perAssessment) < 1000 {
		t.Errorf("%d assessments in two years, want thousands", len(perAssessment))
	}
	weakGap, otherGap := gapSum[true]/float64(gapN[true]), gapSum[false]/float64(gapN[false])
	if weakGap > otherGap-0.4 {
		t.Errorf("mean gap %.2f in weak units vs %.2f elsewhere: want gaps concentrated", weakGap, otherGap)
	}
}

func checkTrainings(t *testing.T, p *phase2Files) {
	type key struct{ id, nip string }
	seen := map[key]bool{}
	jp := map[string]float64{} // nip|year → JP
	for _, path := range p.files(DatasetTrainings) {
		for i, r := range readCanonical(t, path, TrainingsHeader) {
			where := filepath.Base(path) + ":" + strconv.Itoa(i+2)
			id, nip, title, kind, jps, start, end, provider := r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]
			if seen[key{id, nip}] {
				t.Fatalf("%s: (%s, %s) twice", where, id, nip)
			}
			seen[key{id, nip}] = true
			emp, ok := p.emps[nip]
			if !ok {
				t.Fatalf("%s: unknown nip %s", where, nip)
			}
			if title == "" || provider == "" || !slices.Contains(TrainingKinds, kind) {
				t.Fatalf("%s: title %q, kind %q, provider %q", where, title, kind, provider)
			}
			j, err := strconv.ParseFloat(jps, 64)
			if err != nil || j <= 0 || math.IsInf(j, 0) {
				t.Fatalf("%s: jp %q", where, jps)
			}
			s, e := date(t, where, start), date(t, where, end)
			if e.Before(s) || s.Before(phase2Opt.From) || e.After(phase2Opt.To) || !activeOn(t, emp, s) || !activeOn(t, emp, e) {
				t.Fatalf("%s: %s..%s outside the range or the employment", where, start, end)
			}
			jp[nip+"|"+start[:4]] += j
		}
	}
	// 20 JP a year: reached by most in some units, by few in others.
	reach := map[string][2]int{}
	for nip, e := range p.emps {
		if e[2] != TypePNS || !activeOn(t, e, day0("2025-01-01")) || !activeOn(t, e, day0("2025-12-31")) {
			continue
		}
		c := reach[e[7]]
		c[1]++
		if jp[nip+"|2025"] >= 20 {
			c[0]++
		}
		reach[e[7]] = c
	}
	var easy, rare int
	for _, c := range reach {
		if c[1] < 8 {
			continue
		}
		switch s := float64(c[0]) / float64(c[1]); {
		case s >= 0.7:
			easy++
		case s <= 0.2:
			rare++
		}
	}
	if easy < 5 || rare < 5 {
		t.Errorf("units where ≥ 70%% of PNS reach 20 JP: %d; where ≤ 20%% do: %d; want both", easy, rare)
	}
}

// A longer range keeps the files of earlier years and months, for every
// dataset but the master snapshot (employees) and the current period.
func TestPhase2RangeExtension(t *testing.T) {
	base := Options{Seed: 4, Scale: 0.3, From: day0("2024-01-01"), ActivityFrom: day0("2024-10-01")}
	short, long := base, base
	short.To, long.To = day0("2025-02-10"), day0("2026-01-20")
	a := readTree(t, func() string { d, _ := write(t, short); return d }())
	b := readTree(t, func() string { d, _ := write(t, long); return d }())
	for _, name := range []string{
		"skp_evaluations/skp-2024.csv", "competency_assessments/kompetensi-2024.csv", "trainings/pelatihan-2024.csv",
		"activity_reports/lh-2024-10.csv", "activity_reports/lh-2024-11.csv", "activity_reports/lh-2024-12.csv",
		"survey/skm-2024-12.csv", "survey/skm-2025-01.csv",
	} {
		if len(a[name]) < 100 || !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s changed when the range grew (%d → %d bytes)", name, len(a[name]), len(b[name]))
		}
	}
	if bytes.Equal(a["skp_evaluations/skp-2025.csv"], b["skp_evaluations/skp-2025.csv"]) {
		t.Errorf("skp-2025.csv identical although 2025 was not over in the short run")
	}
}

func TestScaleMultipliesStaff(t *testing.T) {
	count := func(scale float64) int {
		g, err := New(Options{Seed: 1, Scale: scale, To: day0("2025-06-30")})
		if err != nil {
			t.Fatal(err)
		}
		return len(g.roster().emps)
	}
	one, three := count(1), count(3)
	if r := float64(three) / float64(one); r < 2.8 || r > 3.2 {
		t.Errorf("scale 3: %d employees vs %d (ratio %.2f)", three, one, r)
	}
	// NIPs stay unique however many people are born on the same day.
	g, _ := New(Options{Seed: 1, Scale: 8, To: day0("2025-06-30")})
	seen := map[string]bool{}
	for _, e := range g.roster().emps {
		if seen[e.nip] {
			t.Fatalf("NIP %s twice at scale 8", e.nip)
		}
		seen[e.nip] = true
	}
}

// BenchmarkActivity reports the generation speed of activity reports in
// rows/s (one month at scale 4, one worker, to io.Discard).
func BenchmarkActivity(b *testing.B) {
	g, err := New(Options{Seed: 1, Scale: 4, From: day0("2025-01-01"), To: day0("2025-03-31")})
	if err != nil {
		b.Fatal(err)
	}
	g.roster()
	var rows int64
	start := time.Now()
	for b.Loop() {
		n, err := g.WriteActivity(io.Discard, day0("2025-02-01"), day0("2025-02-28"))
		if err != nil {
			b.Fatal(err)
		}
		rows += n
	}
	b.ReportMetric(float64(rows)/time.Since(start).Seconds(), "rows/s")
}
