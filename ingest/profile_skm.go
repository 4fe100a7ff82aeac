package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"kinerja/warehouse"
)

// Reading exports of the SKM questionnaire (PermenPANRB 14/2017), the
// profile option `questionnaire: skm` (built-in profile skm-kuesioner):
//
//   - Named columns (submitted_at, unit_code, service, gender, age,
//     education, occupation, comment, and response_id when the export has
//     one) are found by the header names the profile lists under columns:,
//     compared case- and space-insensitively. The time column must be named
//     exactly (Timestamp, Cap waktu, Waktu, …). For the others, when no
//     header is named exactly so, a header that contains the name as whole
//     words and does not read as a questionnaire element is taken ("Jenis
//     kelamin Anda"); two such headers are ambiguous and neither is taken.
//   - The nine elements are found by meaning: each remaining header is
//     scored against keywords of the element names and of the model
//     questions ("persyaratan", "prosedur", "kecepatan waktu", "biaya/tarif",
//     "produk", "kompetensi", "perilaku … kesopanan", "sarana dan
//     prasarana", "pengaduan", …). A header goes to the element it scores
//     highest for; an element takes its highest-scoring header. A header
//     scoring equally for two elements, two headers scoring equally for one
//     element, or an element with no header at all makes the file
//     unimportable, and the error lists what was found. The column order
//     does not matter (forms that put U9 before U8 read the same). A header
//     that is only a code ("U3", "Unsur 3") is taken by its code; the
//     profile may also map an element explicitly (columns: u8: "Pertanyaan 9").
//   - Answers are the labels of domain.md §1 for each element (case,
//     spacing, a trailing full stop and "a. "/"b) "/"1. " prefixes do not
//     matter; "&" reads as "dan"; "Ada tapi tidak berfungsi" too), the
//     generic Tidak baik/Kurang baik/Baik/Sangat baik, or the numbers 1–4. An
//     answer none of these reads is passed on as it is, and the survey
//     dataset rejects it naming the element and the value.
//   - The time is read with the profile's dates: formats first, then
//     DD/MM/YYYY H:mm:ss (Indonesian-locale exports; "." between the time
//     parts too), ISO (YYYY-MM-DD HH:mm:ss, with T and a zone too),
//     YYYY/MM/DD h:mm:ss AM GMT+8 (Google Forms' CSV), a date alone
//     (midnight), and Excel serial numbers. Without a zone it is WITA.
//   - age: a number (also "35 tahun"); an age band ("26-35", "> 60") is not
//     an age and is left empty. gender maps through the profile's values
//     (Laki-laki → L, Perempuan → P, …).
//   - The unit is --unit when given (a unit column is then ignored), else
//     the unit column, holding unit codes or unit names (as imported in
//     units; a name shared by two units is not resolved and the row is
//     rejected as an unknown unit). Neither is a file-level error.
//   - response_id, when the export has none, is derived from what the row
//     says once read — unit, time, the nine answers, service, gender, age,
//     education, occupation, comment — as "skm-" and 16 hex digits of its
//     SHA-256. So the same export imported twice (or re-downloaded with
//     more rows, or with its columns reordered or a question reworded)
//     gives the same responses, never new ones. Two identical rows in one
//     export are two respondents (a paper form typed in twice the same day
//     is common): the second gets "-2", the third "-3", in file order. A
//     file imported under another unit gives other responses.
//   - Other columns (name, e-mail, extra questions) are passed on and
//     reported as ignored.

// skmElement is one element of the model questionnaire.
type skmElement struct {
	code   string // u1
	name   string // Persyaratan
	strong []string
	weak   []string
	labels [4]string // answers 1 → 4
	extra  map[string]uint8
}

var skmElements = [9]skmElement{
	{code: "u1", name: "Persyaratan", strong: []string{"persyaratan", "syarat"},
		labels: [4]string{"tidak sesuai", "kurang sesuai", "sesuai", "sangat sesuai"}},
	{code: "u2", name: "Sistem, Mekanisme, dan Prosedur", strong: []string{"prosedur", "mekanisme"},
		weak:   []string{"sistem", "alur", "kemudahan"},
		labels: [4]string{"tidak mudah", "kurang mudah", "mudah", "sangat mudah"}},
	{code: "u3", name: "Waktu Penyelesaian", strong: []string{"waktu", "kecepatan"},
		weak:   []string{"penyelesaian", "cepat"},
		labels: [4]string{"tidak cepat", "kurang cepat", "cepat", "sangat cepat"}},
	{code: "u4", name: "Biaya/Tarif", strong: []string{"biaya", "tarif"},
		weak:   []string{"kewajaran", "harga", "pungutan"},
		labels: [4]string{"sangat mahal", "cukup mahal", "murah", "gratis"}},
	{code: "u5", name: "Produk Spesifikasi Jenis Pelayanan", strong: []string{"produk", "spesifikasi"},
		weak:   []string{"hasil pelayanan", "standar pelayanan"},
		labels: [4]string{"tidak sesuai", "kurang sesuai", "sesuai", "sangat sesuai"}},
	{code: "u6", name: "Kompetensi Pelaksana", strong: []string{"kompetensi", "kemampuan", "keahlian"},
		weak:   []string{"pengetahuan", "keterampilan"},
		labels: [4]string{"tidak kompeten", "kurang kompeten", "kompeten", "sangat kompeten"}},
	{code: "u7", name: "Perilaku Pelaksana", strong: []string{"perilaku", "sopan", "ramah"},
		weak:   []string{"sikap"},
		labels: [4]string{"tidak sopan dan ramah", "kurang sopan dan ramah", "sopan dan ramah", "sangat sopan dan ramah"}},
	{code: "u8", name: "Sarana dan Prasarana", strong: []string{"sarana", "prasarana", "fasilitas"},
		labels: [4]string{"buruk", "cukup", "baik", "sangat baik"}},
	{code: "u9", name: "Penanganan Pengaduan, Saran dan Masukan", strong: []string{"pengaduan", "keluhan", "komplain"},
		weak:   []string{"saran dan masukan", "penanganan"},
		labels: [4]string{"tidak ada", "ada tetapi tidak berfungsi", "berfungsi kurang maksimal", "dikelola dengan baik"},
		extra:  map[string]uint8{"ada tapi tidak berfungsi": 2, "berfungsi kurang optimal": 3}},
}

// skmGeneric are answers read the same for every element.
var skmGeneric = map[string]uint8{"tidak baik": 1, "kurang baik": 2, "baik": 3, "sangat baik": 4}

// skmNamed are the named columns in output order (after response_id).
var skmNamed = []string{"unit_code", "submitted_at", "service", "gender", "age", "education", "occupation", "comment"}

// defaultSKMTimeFormats are tried after the profile's own formats.
var defaultSKMTimeFormats = func() []dateLayout {
	var out []dateLayout
	for _, s := range []string{
		"DD/MM/YYYY HH:mm:ss", "DD/MM/YYYY HH.mm.ss", "DD/MM/YYYY HH:mm", "DD/MM/YYYY HH.mm",
		"YYYY-MM-DD HH:mm:ss", "YYYY-MM-DD HH:mm", "YYYY-MM-DDTHH:mm:ssZ", "YYYY-MM-DDTHH:mm:ss",
		"YYYY-MM-DD HH:mm:ss Z", "YYYY-MM-DD HH:mm:ssZ",
		"YYYY/MM/DD hh:mm:ss A Z", "YYYY/MM/DD hh:mm:ss A", "YYYY/MM/DD HH:mm:ss Z", "YYYY/MM/DD HH:mm:ss",
		"DD/MM/YYYY", "YYYY-MM-DD", "DD-MM-YYYY HH:mm:ss", "DD-MM-YYYY", "serial",
	} {
		l, err := parseDateLayout(s)
		if err != nil {
			panic(fmt.Sprintf("ingest: SKM time format %q: %v", s, err))
		}
		out = append(out, l)
	}
	return out
}()

var (
	nonWord        = regexp.MustCompile(`[^\p{L}\p{N}]+`)
	elementCode    = regexp.MustCompile(`^(?:u|unsur)\s*([1-9])$`)
	answerPrefix   = regexp.MustCompile(`^(?:\(?[a-d1-4][.)]|\([a-d1-4]\))\s*`)
	answerNumber   = regexp.MustCompile(`^([1-4])(?:[.,]0*)?$`)
	ageNumber      = regexp.MustCompile(`^(\d{1,3})\s*(?:tahun|thn|th)?\.?$`)
	ageBand        = regexp.MustCompile(`^(?:\d{1,3}\s*(?:-|–|s/?d|sampai|hingga)\s*\d{1,3}|(?:[<>≤≥]=?|di ?atas|di ?bawah|lebih dari|kurang dari)\s*\d{1,3})\s*(?:tahun|thn|th)?\.?$`)
	unitsForSKMSQL = mustSQL("profile_units.sql")
)

// keywordForm is a header as keywords are looked for in it: lower case,
// anything but letters and digits as single spaces, padded with spaces.
func keywordForm(s string) string {
	return " " + strings.TrimSpace(nonWord.ReplaceAllString(strings.ToLower(s), " ")) + " "
}

// scoreElements scores a header against every element: 2 per strong
// keyword, 1 per weak one found in it.
func scoreElements(h string) [9]int {
	var sc [9]int
	kf := keywordForm(h)
	for i, e := range skmElements {
		for _, k := range e.strong {
			if strings.Contains(kf, k) {
				sc[i] += 2
			}
		}
		for _, k := range e.weak {
			if strings.Contains(kf, k) {
				sc[i]++
			}
		}
	}
	return sc
}

// skmAnswer reads the answer of element e: a label or a number 1–4.
func skmAnswer(e int, v string) (uint8, bool) {
	s := strings.ToLower(strings.TrimSpace(v))
	if m := answerNumber.FindStringSubmatch(s); m != nil {
		return m[1][0] - '0', true
	}
	s = answerPrefix.ReplaceAllString(s, "")
	s = strings.ReplaceAll(s, "&", " dan ")
	s = strings.TrimRight(strings.Join(strings.Fields(s), " "), ".!")
	for i, l := range skmElements[e].labels {
		if s == l {
			return uint8(i + 1), true
		}
	}
	if n, ok := skmElements[e].extra[s]; ok {
		return n, true
	}
	if n, ok := skmGeneric[s]; ok {
		return n, true
	}
	return 0, false
}

// unitIndex resolves unit codes and names.
type unitIndex struct {
	byCode  map[string]string   // code → name
	byLower map[string]string   // lower-case code → code
	byName  map[string][]string // normalised name → codes
}

func loadUnitIndex(ctx context.Context, db warehouse.DB) (*unitIndex, error) {
	rows, err := db.Query(ingestCtx(ctx, "profile_units"), unitsForSKMSQL, nil)
	if err != nil {
		return nil, fmt.Errorf("load units: %w", err)
	}
	defer rows.Close()
	u := &unitIndex{byCode: map[string]string{}, byLower: map[string]string{}, byName: map[string][]string{}}
	for rows.Next() {
		var code, name string
		if err := rows.Scan(&code, &name); err != nil {
			return nil, fmt.Errorf("load units: %w", err)
		}
		u.byCode[code] = name
		u.byLower[strings.ToLower(code)] = code
		n := normalizeLabel(name)
		u.byName[n] = append(u.byName[n], code)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load units: %w", err)
	}
	return u, nil
}

// resolve returns the unit code a cell names (by code, any case, or by
// its unit name), or the cell unchanged.
func (u *unitIndex) resolve(v string) string {
	s := strings.TrimSpace(v)
	if _, ok := u.byCode[s]; ok {
		return s
	}
	if c, ok := u.byLower[strings.ToLower(s)]; ok {
		return c
	}
	if codes := u.byName[normalizeLabel(s)]; len(codes) == 1 {
		return codes[0]
	}
	return v
}

// skmAge reads an age, leaving age bands empty.
func skmAge(v string) string {
	s := strings.ToLower(strings.TrimSpace(v))
	if m := ageNumber.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[1])
		return strconv.Itoa(n)
	}
	if ageBand.MatchString(s) {
		return ""
	}
	return v
}

// short quotes a header for a message, cut to 60 characters.
func short(h string) string { return quote(h) }

// planSKM builds the plan of a questionnaire profile over t's header.
func (p *Profile) planSKM(t Table, opts ProfileOptions, units *unitIndex) (*profilePlan, error) {
	file, header := t.Name(), t.Header()
	plan := &profilePlan{width: len(header)}
	fail := func(reason, reasonEN string) error {
		found := strings.Join(header, " | ")
		return &FileError{File: file, Line: 1,
			Reason:   fmt.Sprintf("profil %s: %s; judul kolom yang ditemukan: %s", p.Name, reason, found),
			ReasonEN: fmt.Sprintf("profile %s: %s; the header found is: %s", p.Name, reasonEN, found)}
	}
	if len(header) == 0 {
		return nil, fail("berkas tanpa baris judul kolom", "the file has no header row")
	}
	norm := make([]string, len(header))
	for i, h := range header {
		norm[i] = normalizeLabel(h)
	}
	taken := map[int]string{} // header index → what it became
	named := map[string]int{}
	exact := func(c string) {
		for _, alt := range p.Columns[c] {
			a := normalizeLabel(alt)
			for i := range header {
				if _, used := taken[i]; !used && norm[i] == a {
					taken[i], named[c] = c, i
					return
				}
			}
		}
	}
	exact("response_id")
	for _, c := range skmNamed {
		exact(c)
	}
	// Elements mapped explicitly by the profile.
	var elem [9]int
	for k := range elem {
		elem[k] = -1
		code := skmElements[k].code
		if _, ok := p.Columns[code]; ok {
			exact(code)
			if i, ok := named[code]; ok {
				elem[k] = i
				delete(named, code)
			}
		}
	}
	// The others by meaning.
	type cand struct{ header, score int }
	var cands [9][]cand
	var scores = make([][9]int, len(header))
	var tied []string
	for i, h := range header {
		scores[i] = scoreElements(h)
		if _, used := taken[i]; used {
			continue
		}
		best, second, bestK := 0, 0, -1
		for k, s := range scores[i] {
			switch {
			case s > best:
				best, second, bestK = s, best, k
			case s > second:
				second = s
			}
		}
		if best == 0 {
			if m := elementCode.FindStringSubmatch(strings.TrimSpace(keywordForm(h))); m != nil {
				k := int(m[1][0] - '1')
				cands[k] = append(cands[k], cand{i, 1})
			}
			continue
		}
		if best == second {
			var ks []string
			for k, s := range scores[i] {
				if s == best {
					ks = append(ks, strings.ToUpper(skmElements[k].code))
				}
			}
			tied = append(tied, fmt.Sprintf("%s (%s)", short(h), strings.Join(ks, "/")))
			continue
		}
		cands[bestK] = append(cands[bestK], cand{i, best})
	}
	var missing, ambiguous []string
	for k := range elem {
		if elem[k] >= 0 {
			continue
		}
		cs := cands[k]
		sort.SliceStable(cs, func(a, b int) bool { return cs[a].score > cs[b].score })
		e := skmElements[k]
		switch {
		case len(cs) == 0:
			missing = append(missing, fmt.Sprintf("%s (%s)", strings.ToUpper(e.code), e.name))
		case len(cs) > 1 && cs[0].score == cs[1].score:
			ambiguous = append(ambiguous, fmt.Sprintf("%s (%s): %s / %s", strings.ToUpper(e.code), e.name,
				short(header[cs[0].header]), short(header[cs[1].header])))
		default:
			elem[k] = cs[0].header
			taken[cs[0].header] = e.code
		}
	}
	if len(missing) > 0 || len(ambiguous) > 0 {
		var id, en []string
		if len(missing) > 0 {
			id = append(id, "unsur tanpa kolom: "+strings.Join(missing, ", "))
			en = append(en, "elements without a column: "+strings.Join(missing, ", "))
		}
		if len(ambiguous) > 0 {
			id = append(id, "unsur dengan lebih dari satu kolom yang cocok: "+strings.Join(ambiguous, "; "))
			en = append(en, "elements matched by more than one column: "+strings.Join(ambiguous, "; "))
		}
		if len(tied) > 0 {
			id = append(id, "kolom yang cocok untuk dua unsur: "+strings.Join(tied, "; "))
			en = append(en, "columns that read as two elements: "+strings.Join(tied, "; "))
		}
		var got []string
		for k, i := range elem {
			if i >= 0 {
				got = append(got, fmt.Sprintf("%s ← %s", strings.ToUpper(skmElements[k].code), short(header[i])))
			}
		}
		if len(got) > 0 {
			id = append(id, "unsur yang dikenali: "+strings.Join(got, ", "))
			en = append(en, "elements recognised: "+strings.Join(got, ", "))
		}
		return nil, fail(strings.Join(id, "; "), strings.Join(en, "; "))
	}
	// Named columns by containment, among headers that are no element.
	for _, c := range skmNamed {
		if _, ok := named[c]; ok || c == "submitted_at" {
			continue
		}
		var hits []int
		for _, alt := range p.Columns[c] {
			a := keywordForm(alt)
			if len(strings.TrimSpace(a)) < 4 {
				continue
			}
			hits = hits[:0]
			for i := range header {
				if _, used := taken[i]; used || scores[i] != [9]int{} {
					continue
				}
				if strings.Contains(keywordForm(header[i]), a) {
					hits = append(hits, i)
				}
			}
			if len(hits) > 0 {
				break
			}
		}
		switch len(hits) {
		case 0:
		case 1:
			taken[hits[0]], named[c] = c, hits[0]
		default:
			var hs []string
			for _, i := range hits {
				hs = append(hs, short(header[i]))
			}
			plan.notes = append(plan.notes, fmt.Sprintf("profil %s: %s tidak diambil, beberapa kolom cocok: %s (ambiguous, not imported)",
				p.Name, c, strings.Join(hs, ", ")))
		}
	}
	if _, ok := named["submitted_at"]; !ok {
		return nil, fail(fmt.Sprintf("kolom waktu pengisian tidak ditemukan (%s)", strings.Join(p.Columns["submitted_at"], ", ")),
			fmt.Sprintf("no column with the time of the response (%s)", strings.Join(p.Columns["submitted_at"], ", ")))
	}
	unitCol, hasUnitCol := named["unit_code"]
	if opts.Unit == "" && !hasUnitCol {
		return nil, fail("kolom unit tidak ada; sebutkan unitnya dengan --unit KODE",
			"there is no unit column; name the unit with --unit CODE")
	}

	// Output: response_id, unit_code, submitted_at, u1..u9, the other named
	// columns, then the rest as they are.
	idCol, hasID := named["response_id"]
	if hasID {
		plan.add("response_id", colPlan{src: idCol}, p)
	} else {
		plan.add("response_id", colPlan{src: -1}, p)
	}
	if opts.Unit != "" {
		plan.add("unit_code", colPlan{src: -1, constant: opts.Unit}, p)
		if hasUnitCol {
			plan.notes = append(plan.notes, fmt.Sprintf("profil %s: kolom %s diabaikan, semua baris untuk unit %s (--unit)",
				p.Name, short(header[unitCol]), opts.Unit))
		}
	} else {
		plan.add("unit_code", colPlan{src: unitCol, conv: units.resolve}, p)
	}
	tc := colPlan{src: named["submitted_at"], clock: true}
	plan.add("submitted_at", tc, p)
	last := len(plan.cols) - 1
	plan.cols[last].dates = append(append([]dateLayout(nil), p.layouts["submitted_at"]...), defaultSKMTimeFormats...)
	plan.cols[last].clock = true
	var mapping []string
	for k, i := range elem {
		k := k
		plan.add(skmElements[k].code, colPlan{src: i, conv: func(v string) string {
			if n, ok := skmAnswer(k, v); ok {
				return string(rune('0' + n))
			}
			return v
		}}, p)
		mapping = append(mapping, fmt.Sprintf("%s ← %s", strings.ToUpper(skmElements[k].code), short(header[i])))
	}
	for _, c := range skmNamed[2:] {
		i, ok := named[c]
		if !ok {
			continue
		}
		cp := colPlan{src: i}
		if c == "age" {
			cp.conv = skmAge
		}
		plan.add(c, cp, p)
	}
	own := len(plan.header) // the columns the profile fills; pass-through ones follow
	produced := map[string]bool{}
	for _, h := range plan.header {
		produced[h] = true
	}
	for i, h := range header {
		if _, used := taken[i]; used {
			continue
		}
		if produced[normalizeHeader(h)] {
			plan.notes = append(plan.notes, fmt.Sprintf("profil %s: kolom %s diabaikan (column dropped)", p.Name, short(h)))
			continue
		}
		plan.add(h, colPlan{src: i}, p)
	}
	plan.notes = append(plan.notes, fmt.Sprintf("profil %s: %s", p.Name, strings.Join(mapping, ", ")))

	if !hasID {
		// Cells hashed for the derived id: every column the profile fills.
		hashed := make([]int, 0, own)
		for j := 1; j < own; j++ {
			hashed = append(hashed, j)
		}
		seen := map[string]int{}
		h := sha256.New()
		var sum [sha256.Size]byte
		plan.row = func(_, out []string) {
			h.Reset()
			for _, j := range hashed {
				h.Write([]byte(plan.header[j]))
				h.Write([]byte{'='})
				h.Write([]byte(strings.TrimSpace(out[j])))
				h.Write([]byte{0x1f})
			}
			id := "skm-" + hex.EncodeToString(h.Sum(sum[:0])[:8])
			seen[id]++
			if n := seen[id]; n > 1 {
				id += "-" + strconv.Itoa(n)
			}
			out[0] = id
		}
	}
	return plan, nil
}
