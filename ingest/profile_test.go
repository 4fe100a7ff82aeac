package ingest

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"kinerja/analytics"
	"kinerja/warehouse"
	"kinerja/warehouse/warehousetest"
)

func TestDateLayouts(t *testing.T) {
	for _, tc := range []struct {
		name, layout, value string
		want                string // canonical output; "" = not read
	}{
		{"day first", "DD/MM/YYYY", "14/03/2025", "2025-03-14"},
		{"one-digit parts", "DD/MM/YYYY", "1/3/2025", "2025-03-01"},
		{"31 April does not exist", "DD/MM/YYYY", "31/04/2025", ""},
		{"29 Feb in a leap year", "DD/MM/YYYY", "29/02/2024", "2024-02-29"},
		{"29 Feb otherwise", "DD/MM/YYYY", "29/02/2025", ""},
		{"trailing text", "DD/MM/YYYY", "14/03/2025 x", ""},
		{"two-digit year", "DD-MM-YY", "14-03-25", "2025-03-14"},
		{"Indonesian month name", "D MMMM YYYY", "14 Maret 2025", "2025-03-14"},
		{"English month name", "D MMMM YYYY", "14 March 2025", "2025-03-14"},
		{"Indonesian abbreviation", "DD-MMM-YYYY", "17-Agu-2025", "2025-08-17"},
		{"abbreviation with a dot", "DD MMM YYYY", "17 Agt. 2025", "2025-08-17"},
		{"Indonesian time separator", "DD/MM/YYYY HH.mm.ss", "14/03/2025 9.05.33", "2025-03-14 09:05:33"},
		{"spaces are flexible", "DD/MM/YYYY HH:mm", "14/03/2025   09:05", "2025-03-14 09:05:00"},
		{"12-hour clock PM", "YYYY/MM/DD hh:mm:ss A", "2025/03/14 1:05:33 PM", "2025-03-14 13:05:33"},
		{"12 AM is midnight", "YYYY/MM/DD hh:mm:ss A", "2025/03/14 12:00:00 AM", "2025-03-14 00:00:00"},
		{"12 PM is noon", "YYYY/MM/DD hh:mm:ss A", "2025/03/14 12:00:00 pm", "2025-03-14 12:00:00"},
		{"a.m.", "YYYY/MM/DD hh:mm A", "2025/03/14 9:05 a.m.", "2025-03-14 09:05:00"},
		{"13 PM", "YYYY/MM/DD hh:mm:ss A", "2025/03/14 13:05:33 PM", ""},
		{"Google Forms GMT+8", "YYYY/MM/DD hh:mm:ss A Z", "2025/03/14 9:05:33 AM GMT+8", "2025-03-14 09:05:33"},
		{"Google Forms GMT+7 is WIB", "YYYY/MM/DD hh:mm:ss A Z", "2025/03/14 9:05:33 AM GMT+7", "2025-03-14 10:05:33"},
		{"UTC zone letter", "YYYY-MM-DDTHH:mm:ssZ", "2025-03-14T01:05:33Z", "2025-03-14 09:05:33"},
		{"offset with colon", "YYYY-MM-DDTHH:mm:ssZ", "2025-03-14T09:05:33+08:00", "2025-03-14 09:05:33"},
		{"fraction of a second dropped", "YYYY-MM-DDTHH:mm:ssZ", "2025-03-14T09:05:33.987+08:00", "2025-03-14 09:05:33"},
		{"WIB", "DD/MM/YYYY HH:mm Z", "14/03/2025 08:00 WIB", "2025-03-14 09:00:00"},
		{"Excel serial", "serial", "45730.5", "2025-03-14 12:00:00"},
		{"Excel serial date only", "serial", "45730", "2025-03-14"},
		{"Excel serial before March 1900", "serial", "59", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, err := parseDateLayout(tc.layout)
			if err != nil {
				t.Fatal(err)
			}
			got, ok := l.parse(tc.value, false)
			if tc.want == "" {
				if ok {
					t.Fatalf("%q read as %v, want not read", tc.value, got)
				}
				return
			}
			if !ok {
				t.Fatalf("%q not read with %q", tc.value, tc.layout)
			}
			clock := l.clock || l.serial && !onlyDate(got)
			if s := canonicalTime(got, clock); s != tc.want {
				t.Errorf("%q → %s, want %s", tc.value, s, tc.want)
			}
		})
	}
	for _, bad := range []string{"", "YYYY", "MM/YYYY", "DD/MM/YYYY hh:mm", "DD/MM/YYYY mm", "DD/DD/YYYY"} {
		if _, err := parseDateLayout(bad); err == nil {
			t.Errorf("layout %q accepted", bad)
		}
	}
}

func TestSKMAnswers(t *testing.T) {
	for _, tc := range []struct {
		element int // 0-based
		value   string
		want    uint8 // 0: not read
	}{
		{0, "Sangat sesuai", 4},
		{0, "  sangat   SESUAI ", 4},
		{0, "d. Sangat Sesuai", 4},
		{0, "a. Tidak sesuai", 1},
		{0, "b) Kurang sesuai", 2},
		{0, "(c) Sesuai", 3},
		{0, "Sesuai.", 3},
		{0, "3", 3},
		{0, "4.0", 4},
		{0, "5", 0},
		{0, "0", 0},
		{0, "Sangat mudah", 0}, // U2's label, not U1's
		{1, "Sangat mudah", 4},
		{2, "Kurang cepat", 2},
		{3, "Gratis", 4},
		{3, "Sangat mahal", 1},
		{3, "Cukup mahal", 2},
		{4, "Kurang sesuai", 2},
		{5, "Kompeten", 3},
		{6, "Sangat sopan & ramah", 4},
		{6, "Tidak sopan dan ramah", 1},
		{7, "Buruk", 1},
		{7, "Cukup", 2},
		{7, "Sangat Baik", 4},
		{8, "Dikelola dengan baik", 4},
		{8, "Ada tetapi tidak berfungsi", 2},
		{8, "Ada tapi tidak berfungsi", 2},
		{8, "Berfungsi kurang maksimal", 3},
		{8, "Tidak ada", 1},
		{5, "Kurang baik", 2}, // the generic scale
		{0, "Lumayan", 0},
		{0, "", 0},
	} {
		got, ok := skmAnswer(tc.element, tc.value)
		if tc.want == 0 && ok || tc.want != 0 && (!ok || got != tc.want) {
			t.Errorf("U%d %q = %d %v, want %d", tc.element+1, tc.value, got, ok, tc.want)
		}
	}
}

func TestSKMAge(t *testing.T) {
	for in, want := range map[string]string{"35": "35", "35 tahun": "35", "35 Th": "35", "26-35": "", "26 - 35 tahun": "",
		"> 60": "", "di atas 60 tahun": "", "tiga puluh": "tiga puluh", "": ""} {
		if got := skmAge(in); got != want {
			t.Errorf("age %q → %q, want %q", in, got, want)
		}
	}
}

// The model questions of PermenPANRB 14/2017, as forms print them.
var modelQuestions = [9]string{
	"1. Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
	"2. Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
	"3. Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
	"4. Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
	"5. Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar pelayanan dengan hasil yang diberikan?",
	"6. Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
	"7. Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
	"8. Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
	"9. Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
}

// The element names, as other forms head their columns.
var elementNames = [9]string{"Persyaratan", "Sistem, Mekanisme, dan Prosedur", "Waktu Penyelesaian", "Biaya/Tarif",
	"Produk Spesifikasi Jenis Pelayanan", "Kompetensi Pelaksana", "Perilaku Pelaksana", "Sarana dan Prasarana",
	"Penanganan Pengaduan, Saran dan Masukan"}

func TestSKMElementsByMeaning(t *testing.T) {
	ps := BuiltinProfiles()
	p, err := ps.Get("skm-kuesioner")
	if err != nil {
		t.Fatal(err)
	}
	units := &unitIndex{byCode: map[string]string{"PKM-MAMUJU": "Puskesmas Mamuju"}, byLower: map[string]string{"pkm-mamuju": "PKM-MAMUJU"},
		byName: map[string][]string{"puskesmas mamuju": {"PKM-MAMUJU"}}}
	order := func(headers []string, perm ...int) []string {
		out := []string{"Cap waktu", "Unit Layanan"}
		for _, k := range perm {
			out = append(out, headers[k])
		}
		return out
	}
	for _, tc := range []struct {
		name   string
		header []string
		want   string // "" = every element found in the given order; else a fragment of the error
	}{
		{"model questions", order(modelQuestions[:], 0, 1, 2, 3, 4, 5, 6, 7, 8), ""},
		{"U9 before U8", order(modelQuestions[:], 0, 1, 2, 3, 4, 5, 6, 8, 7), ""},
		{"reversed", order(modelQuestions[:], 8, 7, 6, 5, 4, 3, 2, 1, 0), ""},
		{"element names", order(elementNames[:], 3, 1, 0, 2, 4, 8, 6, 7, 5), ""},
		{"codes only", []string{"Timestamp", "Unit", "U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9"}, ""},
		{"U8 missing", order(modelQuestions[:], 0, 1, 2, 3, 4, 5, 6, 8), "U8 (Sarana dan Prasarana)"},
		{"two headers for U3", append(order(modelQuestions[:], 0, 1, 2, 3, 4, 5, 6, 7, 8), "Bagaimana kecepatan waktu dalam memberikan pelayanan?"),
			"U3 (Waktu Penyelesaian)"},
		{"no time column", []string{"Unit", "U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9"}, "time of the response"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tbl := &memTable{name: "x.csv", header: tc.header}
			plan, err := p.planSKM(tbl, ProfileOptions{}, units)
			if tc.want != "" {
				var fe *FileError
				if !errors.As(err, &fe) || !strings.Contains(fe.ReasonEN, tc.want) || fe.Retry {
					t.Fatalf("err %v, want a file error naming %q", err, tc.want)
				}
				if !strings.Contains(fe.ReasonEN, "the header found is") {
					t.Errorf("error does not list the header: %s", fe.ReasonEN)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			// Output header: response_id, unit_code, submitted_at, u1..u9.
			for k := 0; k < 9; k++ {
				if got := plan.header[3+k]; got != fmt.Sprintf("u%d", k+1) {
					t.Fatalf("output column %d is %s", 3+k, got)
				}
				src := tc.header[plan.cols[3+k].src]
				sc := scoreElements(src)
				if tc.name != "codes only" && sc[k] == 0 {
					t.Errorf("U%d read from %q", k+1, src)
				}
				if tc.name == "codes only" && src != fmt.Sprintf("U%d", k+1) {
					t.Errorf("U%d read from %q", k+1, src)
				}
			}
		})
	}
}

// memTable is a Table over records in memory.
type memTable struct {
	name   string
	header []string
	rows   [][]string
	i      int
}

func (m *memTable) Name() string     { return m.name }
func (m *memTable) Header() []string { return m.header }
func (m *memTable) Next() (Record, error) {
	if m.i >= len(m.rows) {
		return Record{}, io.EOF
	}
	m.i++
	return Record{Line: m.i + 1, Cells: m.rows[m.i-1]}, nil
}

// respondent is one filled questionnaire of the equivalence test.
type respondent struct {
	at      time.Time
	answers [9]uint8
	gender  string // L, P
	age     int
	comment string
}

func respondents(n int) []respondent {
	rng := rand.New(rand.NewPCG(7, 14))
	out := make([]respondent, n)
	for i := range out {
		r := &out[i]
		r.at = time.Date(2025, 3, 3+i%25, 8+rng.IntN(8), rng.IntN(60), rng.IntN(60), 0, wita)
		for k := range r.answers {
			r.answers[k] = uint8(1 + rng.IntN(4))
		}
		r.gender = []string{"L", "P"}[rng.IntN(2)]
		r.age = 18 + rng.IntN(50)
		if i%5 == 0 {
			r.comment = "Pelayanan, \"cukup\" baik;\nperlu antrean yang jelas"
		}
	}
	// Two identical questionnaires (a paper form typed twice) are two respondents.
	out[n-1] = out[n-2]
	return out
}

func writeCSV(t *testing.T, path string, header []string, rows [][]string) string {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	w.Write(header)
	w.WriteAll(rows)
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestSKMQuestionnaireSameIKM: one set of answers exported by forms in
// several shapes (column orders incl. U9 before U8, labels with prefixes,
// Google Forms time formats, unit by name or --unit, XLSX with numbers and
// serial dates) gives exactly the IKM of the same answers in canonical form.
func TestSKMQuestionnaireSameIKM(t *testing.T) {
	resp := respondents(41)
	dir := t.TempDir()
	labels := func(k int, a uint8) string { return skmElements[k].labels[a-1] }
	genderLabel := map[string]string{"L": "Laki-laki", "P": "Perempuan"}

	// Canonical.
	var canon [][]string
	for i, r := range resp {
		row := []string{fmt.Sprintf("C%03d", i), "PKM-MAMUJU", r.at.Format("2006-01-02 15:04:05")}
		for _, a := range r.answers {
			row = append(row, fmt.Sprint(a))
		}
		row = append(row, r.gender, fmt.Sprint(r.age), r.comment)
		canon = append(canon, row)
	}
	canonPath := writeCSV(t, filepath.Join(dir, "canonical.csv"), append(append([]string{"response_id", "unit_code", "submitted_at"},
		"u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9"), "gender", "age", "comment"), canon)

	// A: Indonesian-locale Google Forms export, model questions in order, unit by name.
	var a [][]string
	for _, r := range resp {
		row := []string{r.at.Format("2/1/2006 15:04:05"), "Puskesmas Mamuju"}
		for k, ans := range r.answers {
			row = append(row, labels(k, ans))
		}
		row = append(row, genderLabel[r.gender], fmt.Sprintf("%d tahun", r.age), r.comment, "pengisi@example.org")
		a = append(a, row)
	}
	aPath := writeCSV(t, filepath.Join(dir, "form-a.csv"),
		append(append([]string{"Cap waktu", "Unit Layanan"}, modelQuestions[:]...), "Jenis Kelamin", "Umur", "Saran dan Masukan", "Alamat email"), a)

	// B: English-locale Google Forms CSV, U9 before U8 and other shuffles,
	// "a. " prefixes in capitals, the unit given with --unit.
	perm := []int{2, 0, 1, 4, 3, 6, 5, 8, 7}
	var b [][]string
	for _, r := range resp {
		row := []string{genderLabel[r.gender]}
		for _, k := range perm {
			row = append(row, strings.ToUpper(fmt.Sprintf("%c. %s", 'a'+r.answers[k]-1, labels(k, r.answers[k]))))
		}
		row = append(row, r.at.Format("2006/01/02 3:04:05 PM")+" GMT+8", fmt.Sprint(r.age), r.comment)
		b = append(b, row)
	}
	bHeader := []string{"Jenis kelamin"}
	for _, k := range perm {
		bHeader = append(bHeader, modelQuestions[k][3:])
	}
	bHeader = append(bHeader, "Timestamp", "Usia", "Kritik dan Saran")
	bPath := writeCSV(t, filepath.Join(dir, "form-b.csv"), bHeader, b)

	// C: a workbook headed by element names, reversed, numeric answers and
	// real date-time cells, unit codes.
	cPath := filepath.Join(dir, "form-c.xlsx")
	{
		f := excelize.NewFile()
		sh := f.GetSheetName(0)
		header := []any{"Waktu", "Kode Unit"}
		for k := 8; k >= 0; k-- {
			header = append(header, elementNames[k])
		}
		header = append(header, "JK", "Umur", "Saran")
		if err := f.SetSheetRow(sh, "A1", &header); err != nil {
			t.Fatal(err)
		}
		style, _ := f.NewStyle(&excelize.Style{NumFmt: 22})
		for i, r := range resp {
			row := []any{time.Date(r.at.Year(), r.at.Month(), r.at.Day(), r.at.Hour(), r.at.Minute(), r.at.Second(), 0, time.UTC), "pkm-mamuju"}
			for k := 8; k >= 0; k-- {
				row = append(row, int(r.answers[k]))
			}
			row = append(row, r.gender, r.age, r.comment)
			cell := fmt.Sprintf("A%d", i+2)
			if err := f.SetSheetRow(sh, cell, &row); err != nil {
				t.Fatal(err)
			}
			f.SetCellStyle(sh, cell, cell, style)
		}
		if err := f.SaveAs(cPath); err != nil {
			t.Fatal(err)
		}
	}

	ikmOf := func(t *testing.T, path string, p *Profile, unit string) (analytics.IKMScore, RunSummary) {
		db := warehousetest.Open(t)
		r := newTestRunner(t, db)
		importUnits(t, r)
		req := Request{Source: "form", Dataset: Survey, Files: []Input{{Path: path, Name: filepath.Base(path)}}}
		if err := ApplyProfile(context.Background(), db, &req, p, ProfileOptions{Unit: unit}); err != nil {
			t.Fatal(err)
		}
		sum, err := r.Import(context.Background(), req)
		if err != nil || sum.Status != StatusOK {
			t.Fatalf("import %s: %v %+v", path, err, sum)
		}
		// The same export again: the same responses, nothing new.
		req2 := Request{Source: "form", Dataset: Survey, Files: []Input{{Path: path, Name: filepath.Base(path)}}}
		if err := ApplyProfile(context.Background(), db, &req2, p, ProfileOptions{Unit: unit}); err != nil {
			t.Fatal(err)
		}
		again, err := r.Import(context.Background(), req2)
		if err != nil || again.Written() != 0 || again.Unchanged != len(resp) {
			t.Fatalf("re-import %s wrote %d, %d unchanged, want 0 and %d: %v", path, again.Written(), again.Unchanged, len(resp), err)
		}
		period, _ := analytics.ParsePeriod("2025-03-01", "2025-03-31")
		res, err := analytics.New(db, "Uji").IKM(context.Background(), analytics.IKMQuery{By: analytics.ByUnit, Period: period})
		if err != nil || len(res.Groups) != 1 {
			t.Fatalf("ikm: %v %+v", err, res)
		}
		if n := count(t, db, "SELECT count() FROM survey_responses FINAL WHERE gender = 'P' AND age IS NOT NULL", nil); n == 0 {
			t.Errorf("%s: respondent profile not imported", path)
		}
		return res.Groups[0].IKMScore, sum
	}

	ps := BuiltinProfiles()
	skm, _ := ps.Get("skm-kuesioner")
	want, _ := ikmOf(t, canonPath, nil, "")
	if want.Respondents != uint64(len(resp)) {
		t.Fatalf("canonical: %d respondents, want %d", want.Respondents, len(resp))
	}
	for _, tc := range []struct {
		name, path, unit string
	}{
		{"Indonesian form, unit by name", aPath, ""},
		{"English form, U9 before U8, --unit", bPath, "PKM-MAMUJU"},
		{"workbook, element names reversed, unit code in lower case", cPath, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, sum := ikmOf(t, tc.path, skm, tc.unit)
			if got.Respondents != want.Respondents || got.Sums != want.Sums || got.IKM != want.IKM || got.Index != want.Index {
				t.Errorf("IKM %v (n=%d, sums %v), want %v (n=%d, sums %v)", got.IKM, got.Respondents, got.Sums, want.IKM, want.Respondents, want.Sums)
			}
			var mapped bool
			for _, n := range sum.Notes {
				mapped = mapped || strings.Contains(n, "U8 ← ")
			}
			if !mapped {
				t.Errorf("no mapping note in %q", sum.Notes)
			}
		})
	}
}

func TestSKMResponseIDs(t *testing.T) {
	db := warehousetest.Open(t)
	r := newTestRunner(t, db)
	importUnits(t, r)
	ctx := context.Background()
	skm, _ := BuiltinProfiles().Get("skm-kuesioner")
	dir := t.TempDir()
	header := append([]string{"Timestamp", "Unit"}, elementNames[:]...)
	row := func(at string, unit string, ans ...string) []string { return append([]string{at, unit}, ans...) }
	all4 := []string{"4", "4", "4", "4", "4", "4", "4", "4", "4"}
	rows := [][]string{
		row("14/03/2025 09:00:00", "PKM-MAMUJU", all4...),
		row("14/03/2025 09:00:00", "PKM-MAMUJU", all4...), // the same again: a second respondent
		row("14/03/2025 09:00:00", "DUKCAPIL", all4...),   // another unit: another respondent
		row("14/03/2025", "PKM-MAMUJU", "Sesuai", "Mudah", "Cepat", "Gratis", "Sesuai", "Kompeten", "Sopan dan ramah", "Baik", "Lumayan"),
	}
	imp := func(name string, rows [][]string, hdr []string) (RunSummary, []string) {
		t.Helper()
		p := writeCSV(t, filepath.Join(dir, name), hdr, rows)
		req := Request{Source: "form", Dataset: Survey, Files: []Input{{Path: p, Name: name}}}
		if err := ApplyProfile(ctx, db, &req, skm, ProfileOptions{}); err != nil {
			t.Fatal(err)
		}
		sum, err := r.Import(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		rs, err := db.Query(ctx, "SELECT response_id FROM survey_responses FINAL WHERE source = 'form' ORDER BY response_id", nil)
		if err != nil {
			t.Fatal(err)
		}
		defer rs.Close()
		for rs.Next() {
			var id string
			rs.Scan(&id)
			ids = append(ids, id)
		}
		return sum, ids
	}
	sum, ids := imp("a.csv", rows, header)
	if sum.Accepted != 3 || sum.Rejected != 1 || len(ids) != 3 {
		t.Fatalf("accepted %d rejected %d ids %v", sum.Accepted, sum.Rejected, ids)
	}
	rj := sum.Files[0].Rejects
	if len(rj) != 1 || rj[0].Column != "u9" || rj[0].Value != "Lumayan" || rj[0].Line != 5 {
		t.Errorf("rejects %+v", rj)
	}
	var dup int
	for _, id := range ids {
		if !strings.HasPrefix(id, "skm-") {
			t.Errorf("id %q", id)
		}
		if strings.HasSuffix(id, "-2") {
			dup++
		}
	}
	if dup != 1 {
		t.Errorf("ids %v: want one second occurrence", ids)
	}
	// The export re-downloaded later: columns reordered, one more row at the end.
	reordered := []string{"Unit", "Timestamp"}
	for k := 8; k >= 0; k-- {
		reordered = append(reordered, elementNames[k])
	}
	var rows2 [][]string
	for _, r := range append(rows[:3:3], row("15/03/2025 10:00:00", "PKM-MAMUJU", all4...)) {
		out := []string{r[1], r[0]}
		for k := 8; k >= 0; k-- {
			out = append(out, r[2+k])
		}
		rows2 = append(rows2, out)
	}
	sum2, ids2 := imp("b.csv", rows2, reordered)
	if sum2.Written() != 1 || sum2.Unchanged != 3 || len(ids2) != 4 {
		t.Fatalf("re-download: written %d unchanged %d ids %v", sum2.Written(), sum2.Unchanged, ids2)
	}
}

func TestSKMUnitAndErrors(t *testing.T) {
	db := warehousetest.Open(t)
	r := newTestRunner(t, db)
	importUnits(t, r)
	ctx := context.Background()
	skm, _ := BuiltinProfiles().Get("skm-kuesioner")
	dir := t.TempDir()
	noUnit := writeCSV(t, filepath.Join(dir, "nounit.csv"), append([]string{"Timestamp"}, elementNames[:]...),
		[][]string{append([]string{"14/03/2025 09:00:00"}, "4", "4", "4", "4", "4", "4", "4", "4", "4")})

	req := Request{Source: "form", Dataset: Survey, Files: []Input{{Path: noUnit, Name: "nounit.csv"}}}
	if err := ApplyProfile(ctx, db, &req, skm, ProfileOptions{}); err != nil {
		t.Fatal(err)
	}
	sum, err := r.Import(ctx, req)
	if err == nil || sum.Status != StatusFailed || sum.Files[0].Err == nil || !strings.Contains(sum.Files[0].Err.ReasonEN, "--unit") {
		t.Errorf("no unit: %v %+v", err, sum.Files)
	}
	for _, tc := range []struct {
		name string
		req  Request
		opts ProfileOptions
		want string
	}{
		{"unknown unit", Request{Dataset: Survey}, ProfileOptions{Unit: "NOPE"}, "not a known unit"},
		{"other dataset", Request{Dataset: Units}, ProfileOptions{}, "reads survey, not units"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := ApplyProfile(ctx, db, &tc.req, skm, tc.opts); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err %v, want %q", err, tc.want)
			}
		})
	}
}

func TestParseProfile(t *testing.T) {
	for _, tc := range []struct {
		name, yaml, want string // want: error fragment, "" = valid
	}{
		{"minimal", "dataset: units\n", ""},
		{"unknown field", "dataset: units\ncolums:\n  unit_code: Kode\n", "line 2: field colums not found in type profile"},
		{"no dataset", "name: x\n", "dataset: required"},
		{"unknown dataset", "dataset: pegawai\n", "p.yaml:1: dataset: unknown dataset"},
		{"bad name", "name: Bad Name\ndataset: units\n", "p.yaml:1: name"},
		{"questionnaire on units", "dataset: units\nquestionnaire: skm\n", "p.yaml:2: questionnaire"},
		{"bad date format", "dataset: units\ndates:\n  kecamatan: DD/MM\n", "p.yaml:3: dates.kecamatan"},
		{"constant and column", "dataset: units\ncolumns:\n  kind: Jenis\nconstants:\n  kind: dinas\n", "p.yaml:5: constants.kind"},
		{"column as mapping", "dataset: units\ncolumns:\n  kind: {a: b}\n", "expected a name or a list of names"},
		{"not yaml", "dataset: [units\n", "p.yaml"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseProfile("p.yaml", "p", []byte(tc.yaml))
			if tc.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err %v, want %q", err, tc.want)
			}
		})
	}
}

func TestLoadProfiles(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "opd.yaml", "dataset: units\ndescription: from the BKPSDM sheet\n")
	writeFile(t, dir, "skm-kuesioner.yml", "dataset: survey\nquestionnaire: skm\ncolumns:\n  submitted_at: Tanggal isi\n")
	writeFile(t, dir, "notes.txt", "not a profile")
	ps, err := LoadProfiles(filepath.Join(dir, "missing"), dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(ps.Names(), ","); got != "opd,skm-kuesioner" {
		t.Errorf("names %s", got)
	}
	if p, _ := ps.Get("skm-kuesioner"); p.Origin == "built-in" || p.Columns["submitted_at"][0] != "Tanggal isi" {
		t.Errorf("a directory's profile does not replace the built-in: %+v", p)
	}
	if _, err := ps.Get("nope"); !errors.Is(err, ErrUnknownProfile) || !strings.Contains(err.Error(), "opd, skm-kuesioner") {
		t.Errorf("unknown: %v", err)
	}
	writeFile(t, dir, "broken.yaml", "dataset: units\nfoo: 1\n")
	if _, err := LoadProfiles(dir); err == nil || !strings.Contains(err.Error(), "broken.yaml") {
		t.Errorf("broken profile: %v", err)
	}
}

// A column-mapping profile: renamed columns, value maps, constants and
// date formats, over the survey and units datasets.
func TestColumnProfile(t *testing.T) {
	db := warehousetest.Open(t)
	r := newTestRunner(t, db)
	ctx := context.Background()
	dir := t.TempDir()
	units, err := ParseProfile("opd.yaml", "opd", []byte(`
dataset: units
columns:
  unit_code: [Kode Satker, Kode Unit]
  unit_name: Nama Unit
  agency_code: Kode OPD
  agency_name: Nama OPD
  kind: Jenis
values:
  kind:
    PKM: puskesmas
    Kantor Camat: kecamatan
constants:
  kecamatan: Mamuju
`))
	if err != nil {
		t.Fatal(err)
	}
	path := writeFile(t, dir, "opd.csv", "Kode Unit,Nama Unit,Kode OPD,Nama OPD,Jenis,unit_code,Keterangan\n"+
		"PKM-MAMUJU,Puskesmas Mamuju,DINKES,Dinas Kesehatan, pkm ,IGNORED,-\n"+
		"CAMAT-MAMUJU,Kecamatan Mamuju,CAMAT-MAMUJU,Kecamatan Mamuju,Kantor  Camat,IGNORED,-\n"+
		"X,Y,Z,W,gudang,IGNORED,-\n")
	req := Request{Source: "file", Dataset: Units, Files: []Input{{Path: path, Name: "opd.csv"}}}
	if err := ApplyProfile(ctx, db, &req, units, ProfileOptions{}); err != nil {
		t.Fatal(err)
	}
	sum, err := r.Import(ctx, req)
	if err != nil || sum.Accepted != 2 || sum.Rejected != 1 {
		t.Fatalf("%v %+v", err, sum)
	}
	if rj := sum.Files[0].Rejects[0]; rj.Column != "kind" || rj.Value != "gudang" {
		t.Errorf("reject %+v", rj)
	}
	if n := count(t, db, "SELECT count() FROM units FINAL WHERE kecamatan = 'Mamuju' AND kind IN ('puskesmas', 'kecamatan')", nil); n != 2 {
		t.Errorf("%d units mapped, want 2", n)
	}
	notes := strings.Join(sum.Notes, "\n")
	for _, want := range []string{`kolom "unit_code" diabaikan`, "Keterangan"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}

	// Dates: a survey export with its own time format.
	survey, err := ParseProfile("s.yaml", "s", []byte(`
dataset: survey
columns:
  response_id: No
  unit_code: Unit
  submitted_at: Tanggal
dates:
  submitted_at: [D MMMM YYYY HH.mm, DD/MM/YYYY HH:mm]
`))
	if err != nil {
		t.Fatal(err)
	}
	path = writeFile(t, dir, "s.csv", "No,Unit,Tanggal,u1,u2,u3,u4,u5,u6,u7,u8,u9\n"+
		"1,PKM-MAMUJU,3 Maret 2025 09.30,4,4,4,4,4,4,4,4,4\n"+
		"2,PKM-MAMUJU,04/03/2025 10:15,3,3,3,3,3,3,3,3,3\n"+
		"3,PKM-MAMUJU,Selasa pagi,3,3,3,3,3,3,3,3,3\n")
	req = Request{Source: "file", Dataset: Survey, Files: []Input{{Path: path, Name: "s.csv"}}}
	if err := ApplyProfile(ctx, db, &req, survey, ProfileOptions{}); err != nil {
		t.Fatal(err)
	}
	sum, err = r.Import(ctx, req)
	if err != nil || sum.Accepted != 2 || sum.Rejected != 1 || sum.Files[0].Rejects[0].Column != "submitted_at" {
		t.Fatalf("%v %+v", err, sum)
	}
	var first time.Time
	if err := warehouse.QueryRow(ctx, db, "SELECT submitted_at FROM survey_responses FINAL WHERE response_id = '1'", nil, &first); err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2025, 3, 3, 9, 30, 0, 0, wita); !first.Equal(want) {
		t.Errorf("submitted_at %v, want %v", first, want)
	}
}
