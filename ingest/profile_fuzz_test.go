package ingest

import (
	"errors"
	"io"
	"strings"
	"testing"
)

// FuzzDateLayout: any layout and value never panic, and what a layout
// reads is written in a canonical form the datasets read back as the same
// instant.
func FuzzDateLayout(f *testing.F) {
	for _, s := range [][2]string{
		{"DD/MM/YYYY", "14/03/2025"}, {"YYYY/MM/DD hh:mm:ss A Z", "2025/03/14 9:05:33 AM GMT+8"},
		{"D MMMM YYYY HH.mm", "3 Maret 2025 09.30"}, {"serial", "45730.5"}, {"YYYY-MM-DDTHH:mm:ssZ", "2025-03-14T01:05:33Z"},
		{"DD-MMM-YY", "17-Agu-25"}, {"hh A", "12 pm"}, {"YYYY", ""},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, layout, value string) {
		l, err := parseDateLayout(layout)
		if err != nil {
			return
		}
		got, ok := l.parse(value, false)
		if !ok {
			return
		}
		clock := l.clock || l.serial && !onlyDate(got)
		out := canonicalTime(got, clock)
		if clock {
			back, ok := parseDateTime(out, false)
			if !ok || back.Unix() != got.Unix() {
				t.Fatalf("%q with %q → %s, read back as %v %v (want %v)", value, layout, out, back, ok, got)
			}
			return
		}
		back, ok := parseDate(out, false)
		if !ok || back.Format("2006-01-02") != got.In(wita).Format("2006-01-02") {
			t.Fatalf("%q with %q → %s, read back as %v %v", value, layout, out, back, ok)
		}
	})
}

// FuzzSKMHeader: any header and row never panic the questionnaire profile;
// a header it accepts gives each element one column, and every record the
// header's width.
func FuzzSKMHeader(f *testing.F) {
	f.Add(strings.Join(append([]string{"Cap waktu", "Unit"}, elementNames[:]...), "\x1f"), "03/03/2025 09:15:00\x1fPKM\x1fSesuai\x1fMudah\x1fCepat\x1fGratis\x1fSesuai\x1fKompeten\x1fSopan dan ramah\x1fBaik\x1fTidak ada")
	f.Add(strings.Join(append([]string{"Timestamp"}, modelQuestions[:]...), "\x1f"), "x")
	f.Add("U1\x1fU2\x1fU3", "1\x1f2\x1f3")
	skm, _ := BuiltinProfiles().Get("skm-kuesioner")
	units := &unitIndex{byCode: map[string]string{"PKM": "Puskesmas"}, byLower: map[string]string{"pkm": "PKM"},
		byName: map[string][]string{"puskesmas": {"PKM"}}}
	f.Fuzz(func(t *testing.T, header, row string) {
		h := strings.Split(header, "\x1f")
		cells := strings.Split(row, "\x1f")
		tbl := &memTable{name: "f.csv", header: h, rows: [][]string{cells}}
		out, err := skm.apply(tbl, ProfileOptions{}, units)
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) || fe.Reason == "" || fe.ReasonEN == "" {
				t.Fatalf("error without reasons: %v", err)
			}
			return
		}
		seen := map[string]int{}
		for _, c := range out.Header() {
			seen[c]++
		}
		for _, e := range skmElements {
			if seen[e.code] != 1 {
				t.Fatalf("element %s in %d columns of %q", e.code, seen[e.code], out.Header())
			}
		}
		rec, err := out.Next()
		if err != nil {
			var re *RowError
			if !errors.As(err, &re) || len(cells) == len(h) {
				t.Fatalf("record error %v (cells %d, header %d)", err, len(cells), len(h))
			}
			return
		}
		derived := out.(*profiledTable).plan.row != nil
		if len(rec.Cells) != len(out.Header()) || derived && !strings.HasPrefix(rec.Cells[0], "skm-") {
			t.Fatalf("record %q for header %q", rec.Cells, out.Header())
		}
		if _, err := out.Next(); err != io.EOF {
			t.Fatalf("after the only row: %v", err)
		}
	})
}
