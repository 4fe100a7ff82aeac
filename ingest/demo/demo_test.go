package demo

import (
	"bytes"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"kinerja/analytics"
)

func day0(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02", s, wita)
	if err != nil {
		panic(err)
	}
	return t
}

// write runs Write into a fresh directory and fails the test on error.
func write(t testing.TB, opt Options) (string, Summary) {
	t.Helper()
	dir := t.TempDir()
	s, err := Write(dir, opt)
	if err != nil {
		t.Fatal(err)
	}
	return dir, s
}

// readTree returns every file under dir by relative path.
func readTree(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[rel] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func readCSV(t testing.TB, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return recs
}

func TestDeterminism(t *testing.T) {
	base := Options{Seed: 42, From: day0("2025-01-01"), To: day0("2025-04-15"), Scale: 0.5}
	dirA, sA := write(t, base)
	a := readTree(t, dirA)

	for _, tc := range []struct {
		name      string
		opt       Options
		wantSame  bool
		wantUnits bool // the organisation does not depend on the seed
	}{
		{"same seed, same bytes", base, true, true},
		{"same seed, one worker", withWorkers(base, 1), true, true},
		{"same seed, eight workers", withWorkers(base, 8), true, true},
		{"other seed, other respondents", withSeed(base, 43), false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dirB, sB := write(t, tc.opt)
			b := readTree(t, dirB)
			if len(a) != len(b) {
				t.Fatalf("%d files, want %d", len(b), len(a))
			}
			same := 0
			var sameNames []string
			for name, want := range a {
				if bytes.Equal(b[name], want) {
					same++
					sameNames = append(sameNames, name)
				}
			}
			slices.Sort(sameNames)
			if !bytes.Equal(a["units/units.csv"], b["units/units.csv"]) && tc.wantUnits {
				t.Errorf("units.csv differs")
			}
			if tc.wantSame && same != len(a) {
				t.Errorf("%d of %d files identical, want all", same, len(a))
			}
			// The organisation and its ratings are the story, not the seed's.
			seedFree := []string{"organisation_ratings/organisation_ratings.csv", "units/units.csv"}
			if !tc.wantSame && !slices.Equal(sameNames, seedFree) {
				t.Errorf("identical files %v, want only %v", sameNames, seedFree)
			}
			if tc.wantSame && sA.Rows(DatasetSurvey) != sB.Rows(DatasetSurvey) {
				t.Errorf("rows %d, want %d", sB.Rows(DatasetSurvey), sA.Rows(DatasetSurvey))
			}
		})
	}
}

func withWorkers(o Options, n int) Options { o.Workers = n; return o }
func withSeed(o Options, s uint64) Options { o.Seed = s; return o }

// A longer range leaves the files of earlier months identical, and the
// partial month of the shorter run is a prefix of the full month.
func TestRangeExtensionKeepsEarlierFiles(t *testing.T) {
	short, _ := write(t, Options{Seed: 7, From: day0("2024-01-01"), To: day0("2024-03-15")})
	long, _ := write(t, Options{Seed: 7, From: day0("2024-01-01"), To: day0("2024-05-20")})
	a, b := readTree(t, short), readTree(t, long)
	for _, name := range []string{"survey/skm-2024-01.csv", "survey/skm-2024-02.csv"} {
		if len(a[name]) == 0 || !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s changed when the range grew (%d → %d bytes)", name, len(a[name]), len(b[name]))
		}
	}
	march := "survey/skm-2024-03.csv"
	if !bytes.HasPrefix(b[march], a[march]) || len(b[march]) <= len(a[march]) {
		t.Errorf("%s of the short run is not a proper prefix of the long run's", march)
	}
	if _, ok := b["survey/skm-2024-05.csv"]; !ok {
		t.Errorf("no May file in the long run")
	}
	if _, ok := a["survey/skm-2024-04.csv"]; ok {
		t.Errorf("April file in a run that ends in March")
	}
}

func TestOrganisation(t *testing.T) {
	dir, s := write(t, Options{Datasets: []string{DatasetUnits}, To: day0("2025-01-31")})
	recs := readCSV(t, filepath.Join(dir, "units", "units.csv"))
	if got := strings.Join(recs[0], ","); got != UnitsHeader {
		t.Fatalf("header %q, want %q", got, UnitsHeader)
	}
	if s.Rows(DatasetUnits) != int64(len(recs)-1) {
		t.Errorf("summary says %d units, file has %d", s.Rows(DatasetUnits), len(recs)-1)
	}
	kinds := []string{KindDinas, KindBadan, KindKecamatan, KindPuskesmas, KindSekolah, KindKelurahan, KindUPT, KindOther}
	kecNames := map[string]bool{}
	for _, k := range Kecamatans {
		kecNames[k.Name] = true
	}
	agencyName := map[string]string{}
	unitSeen := map[string]bool{}
	perKind := map[string]int{}
	for i, r := range recs[1:] {
		line := i + 2
		if len(r) != 6 {
			t.Fatalf("line %d: %d fields, want 6", line, len(r))
		}
		code, name, agency, aname, kind, kec := r[0], r[1], r[2], r[3], r[4], r[5]
		if code == "" || name == "" || agency == "" || aname == "" {
			t.Errorf("line %d: empty code or name: %q", line, r)
		}
		if unitSeen[code] {
			t.Errorf("line %d: unit %s twice", line, code)
		}
		unitSeen[code] = true
		if !strings.HasPrefix(code, agency+"-") {
			t.Errorf("line %d: unit %s does not start with its agency %s", line, code, agency)
		}
		if prev, ok := agencyName[agency]; ok && prev != aname {
			t.Errorf("line %d: agency %s named %q and %q", line, agency, prev, aname)
		}
		agencyName[agency] = aname
		if !slices.Contains(kinds, kind) {
			t.Errorf("line %d: kind %q", line, kind)
		}
		perKind[kind]++
		if kec != "" && !kecNames[kec] {
			t.Errorf("line %d: kecamatan %q is not one of the eleven", line, kec)
		}
		if (kind == KindPuskesmas || kind == KindSekolah || kind == KindKelurahan || kind == KindKecamatan) && kec == "" {
			t.Errorf("line %d: a %s without kecamatan", line, kind)
		}
	}
	if len(agencyName) < 20 {
		t.Errorf("%d agencies, want at least 20", len(agencyName))
	}
	service := 0
	for _, u := range Mamuju().Units {
		if u.Service {
			service++
		}
	}
	if service < 60 {
		t.Errorf("%d service units, want at least 60", service)
	}
	if perKind[KindPuskesmas] < 20 || perKind[KindSekolah] < 20 {
		t.Errorf("%d puskesmas and %d schools, want 20+ each", perKind[KindPuskesmas], perKind[KindSekolah])
	}
	// The eleven kecamatan of domain.md §6, with their Kemendagri codes.
	want := map[string]string{
		"76.02.01": "Mamuju", "76.02.02": "Tapalang", "76.02.03": "Kalukku", "76.02.04": "Kalumpang",
		"76.02.07": "Papalang", "76.02.08": "Sampaga", "76.02.11": "Tommo", "76.02.12": "Simboro dan Kepulauan",
		"76.02.13": "Tapalang Barat", "76.02.15": "Bonehau", "76.02.16": "Kepulauan Bala Balakang",
	}
	for code, name := range want {
		if got := agencyName["KEC-"+code]; got != "Kecamatan "+name {
			t.Errorf("agency KEC-%s is %q, want Kecamatan %s", code, got, name)
		}
		if !unitSeen["KEC-"+code+"-KANTOR"] {
			t.Errorf("no Kantor Camat for %s", name)
		}
	}
	for _, a := range []string{"SETDA", "INSPEKTORAT", "BAPPEDA", "BKPSDM", "BPKAD", "DISDIKBUD", "DINKES", "DISDUKCAPIL", "DPMPTSP", "DPUPR", "DINSOS", "DISHUB", "SATPOLPP"} {
		if _, ok := agencyName[a]; !ok {
			t.Errorf("typical OPD %s missing", a)
		}
	}
	if !unitSeen["DINKES-RSUD"] {
		t.Errorf("no RSUD")
	}
}

var responseIDRe = regexp.MustCompile(`^(.+)-(\d{8})-(\d{4,})$`)

// Every row of every survey file follows the canonical format; the files
// round-trip through encoding/csv byte for byte (RFC 4180 quoting), and
// the calendar rules hold (no Sundays or holidays, Saturdays only where
// the unit opens, times within office hours).
func TestSurveyRowsValid(t *testing.T) {
	from, to := day0("2024-01-01"), day0("2025-12-31")
	_, s := write(t, Options{Seed: 3, From: from, To: to})
	g, err := New(Options{Seed: 3, From: from, To: to})
	if err != nil {
		t.Fatal(err)
	}
	units := map[string]*Unit{}
	for i := range g.org.Units {
		units[g.org.Units[i].Code] = &g.org.Units[i]
	}
	ids := map[string]bool{}
	var rows int64
	var comments, quoted, multiline int
	files := s.Files(DatasetSurvey)
	if len(files) != 24 {
		t.Fatalf("%d survey files, want 24 (one per month)", len(files))
	}
	for _, path := range files {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		recs := readCSV(t, path)
		// Round trip: encoding/csv writes the same bytes back.
		var back bytes.Buffer
		w := csv.NewWriter(&back)
		if err := w.WriteAll(recs); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(back.Bytes(), raw) {
			t.Errorf("%s: not in canonical CSV form (encoding/csv writes it differently)", path)
		}
		if got := strings.Join(recs[0], ","); got != SurveyHeader {
			t.Fatalf("%s: header %q", path, got)
		}
		month := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(path), "skm-"), ".csv")
		for i, r := range recs[1:] {
			where := filepath.Base(path) + ":" + strconv.Itoa(i+2)
			if err := checkSurveyRow(r, units, month); err != "" {
				t.Fatalf("%s: %s: %q", where, err, r)
			}
			if ids[r[0]] {
				t.Fatalf("%s: response_id %s twice", where, r[0])
			}
			ids[r[0]] = true
			if c := r[17]; c != "" {
				comments++
				if strings.Contains(c, `"`) || strings.Contains(c, ",") {
					quoted++
				}
				if strings.Contains(c, "\n") {
					multiline++
				}
			}
			rows++
		}
	}
	if rows != s.Rows(DatasetSurvey) {
		t.Errorf("files hold %d rows, summary says %d", rows, s.Rows(DatasetSurvey))
	}
	// Two full years: the order of 100–200k for the default range (three years).
	if rows < 80_000 || rows > 160_000 {
		t.Errorf("%d responses in two years, want 80k–160k", rows)
	}
	share := float64(comments) / float64(rows)
	if share < 0.03 || share > 0.2 || quoted == 0 || multiline == 0 {
		t.Errorf("comments: %.1f%% of rows, %d quoted, %d with line breaks", 100*share, quoted, multiline)
	}
}

var (
	educations  = Educations
	occupations = Occupations
)

func checkSurveyRow(r []string, units map[string]*Unit, month string) string {
	if len(r) != 18 {
		return strconv.Itoa(len(r)) + " fields, want 18"
	}
	u, ok := units[r[1]]
	if !ok {
		return "unknown unit_code"
	}
	if !u.Service || u.survey == nil {
		return "survey for a unit that does not serve the public"
	}
	m := responseIDRe.FindStringSubmatch(r[0])
	if m == nil || m[1] != r[1] {
		return "response_id is not UNIT-YYYYMMDD-NNNN"
	}
	if !slices.ContainsFunc(u.survey.services, func(s service) bool { return s.name == r[2] }) {
		return "service not offered by the unit"
	}
	ts, err := time.ParseInLocation("2006-01-02 15:04:05", r[3], wita)
	if err != nil {
		return "submitted_at: " + err.Error()
	}
	if ts.Format("20060102") != m[2] || ts.Format("2006-01") != month {
		return "submitted_at does not match the id or the file's month"
	}
	d := newDay(ts)
	minute := ts.Hour()*60 + ts.Minute()
	open := false
	for _, h := range officeHours(d, u.survey.saturday) {
		if minute >= h.from && minute < h.to {
			open = true
		}
	}
	if !open {
		return "submitted outside office hours (or on a day the unit is closed)"
	}
	if d.holiday || d.weekday == time.Sunday || (d.weekday == time.Saturday && u.Kind != KindPuskesmas && u.Kind != KindUPT) {
		return "submitted on a closed day"
	}
	for i := 4; i < 13; i++ {
		if len(r[i]) != 1 || r[i][0] < '1' || r[i][0] > '4' {
			return "answer u" + strconv.Itoa(i-3) + " not in 1..4"
		}
	}
	if r[13] != "L" && r[13] != "P" {
		return "gender not L or P"
	}
	if age, err := strconv.Atoi(r[14]); err != nil || age < 17 || age > 75 {
		return "age not an integer 17..75"
	}
	if !slices.Contains(educations, r[15]) {
		return "education not one of SD, SMP, SMA, D3, S1, S2"
	}
	if !slices.Contains(occupations, r[16]) {
		return "occupation not one of the eight"
	}
	if r[16] == "Ibu Rumah Tangga" && r[13] != "P" {
		return "ibu rumah tangga who is not P"
	}
	return ""
}

// The IKM of the generated respondents, computed the regulation's way
// (analytics.ComputeIKM), spreads like a real kabupaten: mostly B and A, a
// few C, some units improving and some declining between 2024 and 2025.
func TestIKMSpread(t *testing.T) {
	g, err := New(Options{Seed: 11, From: day0("2024-01-01"), To: day0("2025-12-31")})
	if err != nil {
		t.Fatal(err)
	}
	type acc struct {
		sums [9]uint64
		n    uint64
	}
	per := map[string]map[int]*acc{}
	for _, r := range g.Survey(g.opt.From, g.opt.To) {
		y := r.SubmittedAt.Year()
		if per[r.UnitCode] == nil {
			per[r.UnitCode] = map[int]*acc{}
		}
		a := per[r.UnitCode][y]
		if a == nil {
			a = &acc{}
			per[r.UnitCode][y] = a
		}
		for i, x := range r.U {
			a.sums[i] += uint64(x)
		}
		a.n++
	}
	mutu := map[string]int{}
	var improving, declining []string
	for code, ys := range per {
		both := acc{}
		for _, a := range ys {
			both.n += a.n
			for i := range both.sums {
				both.sums[i] += a.sums[i]
			}
		}
		s := analytics.ComputeIKM(both.sums, both.n, analytics.WeightExact)
		mutu[s.Mutu]++
		if both.n >= 100 && (s.IKM < 65 || s.IKM > 96) {
			t.Errorf("%s: IKM %.2f over %d respondents, want 65–96", code, s.IKM, both.n)
		}
		a, b := ys[2024], ys[2025]
		if a == nil || b == nil || a.n < 300 || b.n < 300 {
			continue
		}
		d := float64(analytics.ComputeIKM(b.sums, b.n, "").IKM - analytics.ComputeIKM(a.sums, a.n, "").IKM)
		switch {
		case d >= 2.5:
			improving = append(improving, code)
		case d <= -2.5:
			declining = append(declining, code)
		}
	}
	t.Logf("mutu over 2024–2025: %v; improving %v; declining %v", mutu, improving, declining)
	if mutu["A"] < 10 || mutu["B"] < 30 || mutu["C"] < 1 || mutu["D"] != 0 {
		t.Errorf("mutu counts %v: want A ≥ 10, B ≥ 30, C ≥ 1, no D", mutu)
	}
	if mutu["B"] < mutu["A"] {
		t.Errorf("more A than B (%v): a kabupaten is mostly B", mutu)
	}
	if !slices.Contains(improving, "DISDUKCAPIL-DAFDUK") || !slices.Contains(declining, "DINKES-RSUD") {
		t.Errorf("want Disdukcapil improving and the RSUD declining; improving %v, declining %v", improving, declining)
	}
}

// Free services score high on U4 (Biaya/Tarif), and the units written as
// weak on staff score lower on U6 and U7 than on the rest.
func TestElementProfiles(t *testing.T) {
	g, err := New(Options{Seed: 5, From: day0("2025-01-01"), To: day0("2025-12-31")})
	if err != nil {
		t.Fatal(err)
	}
	sums := map[string]*[10]float64{}
	for _, r := range g.Survey(g.opt.From, g.opt.To) {
		s := sums[r.UnitCode]
		if s == nil {
			s = &[10]float64{}
			sums[r.UnitCode] = s
		}
		for i, x := range r.U {
			s[i] += float64(x)
		}
		s[9]++
	}
	nrr := func(code string, i int) float64 { return sums[code][i] / sums[code][9] }
	for _, tc := range []struct {
		name, unit string
		check      func() bool
	}{
		{"free Disdukcapil: U4 near Gratis", "DISDUKCAPIL-CAPIL", func() bool { return nrr("DISDUKCAPIL-CAPIL", 3) > 3.7 }},
		{"paid uji KIR: U4 below free services", "DISHUB-PKB", func() bool { return nrr("DISHUB-PKB", 3) < 3.3 }},
		{"Puskesmas Kalumpang weak on U6, U7", "DINKES-PKM-KALUMPANG", func() bool {
			return nrr("DINKES-PKM-KALUMPANG", 5) < nrr("DINKES-PKM-KALUMPANG", 0)-0.2 && nrr("DINKES-PKM-KALUMPANG", 6) < nrr("DINKES-PKM-KALUMPANG", 1)-0.2
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if sums[tc.unit] == nil {
				t.Fatalf("no respondents for %s", tc.unit)
			}
			if !tc.check() {
				t.Errorf("NRR %s = %.2f %.2f %.2f %.2f %.2f %.2f %.2f %.2f %.2f", tc.unit,
					nrr(tc.unit, 0), nrr(tc.unit, 1), nrr(tc.unit, 2), nrr(tc.unit, 3), nrr(tc.unit, 4), nrr(tc.unit, 5), nrr(tc.unit, 6), nrr(tc.unit, 7), nrr(tc.unit, 8))
			}
		})
	}
}

// Volumes follow the calendar: busy units are busy, small schools small,
// Ramadan quieter than the month after the Lebaran restart, PPDB peaks at
// schools in June–July, Saturdays only at health units.
func TestVolumes(t *testing.T) {
	g, err := New(Options{Seed: 9, From: day0("2025-01-01"), To: day0("2025-12-31")})
	if err != nil {
		t.Fatal(err)
	}
	perUnit := map[string]int{}
	perMonth := map[time.Month]int{}
	schoolMonth := map[time.Month]int{}
	for _, r := range g.Survey(g.opt.From, g.opt.To) {
		perUnit[r.UnitCode]++
		perMonth[r.SubmittedAt.Month()]++
		if strings.Contains(r.UnitCode, "-SD-") || strings.Contains(r.UnitCode, "-SMP-") {
			schoolMonth[r.SubmittedAt.Month()]++
		}
	}
	dukcapil := perUnit["DISDUKCAPIL-DAFDUK"] + perUnit["DISDUKCAPIL-CAPIL"]
	if dukcapil < 3000 || dukcapil > 9000 {
		t.Errorf("Disdukcapil: %d respondents in 2025, want a few thousand", dukcapil)
	}
	smallest := 1 << 30
	for code, n := range perUnit {
		if strings.Contains(code, "-SD-") && n < smallest {
			smallest = n
		}
	}
	if smallest < 5 || smallest > 100 {
		t.Errorf("smallest SD: %d respondents in 2025, want a few dozen", smallest)
	}
	// Ramadan 1446 was 1–30 March 2025.
	if perMonth[time.March] >= perMonth[time.May] {
		t.Errorf("March (Ramadan) %d ≥ May %d", perMonth[time.March], perMonth[time.May])
	}
	if schoolMonth[time.July] < 3*schoolMonth[time.October] {
		t.Errorf("schools: July %d, October %d: want the PPDB peak", schoolMonth[time.July], schoolMonth[time.October])
	}
}

func TestScaleMultipliesVolume(t *testing.T) {
	for _, tc := range []struct {
		name  string
		scale float64
	}{
		{"double", 2},
		{"five times", 5},
		{"a tenth", 0.1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opt := Options{Seed: 1, From: day0("2025-04-01"), To: day0("2025-06-30"), Datasets: []string{DatasetSurvey}}
			base, err := New(opt)
			if err != nil {
				t.Fatal(err)
			}
			n1, err := base.WriteSurvey(io.Discard, opt.From, opt.To)
			if err != nil {
				t.Fatal(err)
			}
			opt.Scale = tc.scale
			scaled, err := New(opt)
			if err != nil {
				t.Fatal(err)
			}
			n2, err := scaled.WriteSurvey(io.Discard, opt.From, opt.To)
			if err != nil {
				t.Fatal(err)
			}
			ratio := float64(n2) / float64(n1)
			if ratio < tc.scale*0.9 || ratio > tc.scale*1.1 {
				t.Errorf("scale %g: %d rows vs %d (ratio %.3f)", tc.scale, n2, n1, ratio)
			}
		})
	}
}

func TestOptionsRejected(t *testing.T) {
	for _, tc := range []struct {
		name string
		opt  Options
	}{
		{"negative scale", Options{Scale: -1}},
		{"to before from", Options{From: day0("2025-02-01"), To: day0("2025-01-01")}},
		{"unknown dataset", Options{Datasets: []string{"surveys"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := New(tc.opt); err == nil {
				t.Errorf("no error")
			}
		})
	}
}

// The default range is 2024-01-01 to yesterday in WITA (UTC+8): at 20:00
// UTC on 10 March it is already 11 March in Mamuju.
func TestDefaultRange(t *testing.T) {
	g, err := New(Options{Now: func() time.Time { return time.Date(2026, 3, 10, 20, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	o := g.Options()
	if got := o.From.Format("2006-01-02") + " " + o.To.Format("2006-01-02"); got != "2024-01-01 2026-03-10" {
		t.Errorf("default range %s, want 2024-01-01 2026-03-10", got)
	}
}

// BenchmarkSurvey reports the generation speed in rows/s (one worker, to
// io.Discard); `kinerja demo` prints the speed of a real run with files.
func BenchmarkSurvey(b *testing.B) {
	g, err := New(Options{Seed: 1, Scale: 4, From: day0("2025-01-01"), To: day0("2025-12-31")})
	if err != nil {
		b.Fatal(err)
	}
	var rows int64
	start := time.Now()
	for b.Loop() {
		n, err := g.WriteSurvey(io.Discard, g.opt.From, g.opt.To)
		if err != nil {
			b.Fatal(err)
		}
		rows += n
	}
	b.ReportMetric(float64(rows)/time.Since(start).Seconds(), "rows/s")
}
