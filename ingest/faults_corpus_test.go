package ingest

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// The bad-input corpus in testdata/bad is written by this generator, so
// every file can be read (and rebuilt) from its recipe:
//
//	KINERJA_WRITE_CORPUS=1 go test ./ingest -run TestWriteBadCorpus
//
// TestBadInputCorpus (faults_test.go) holds what each file must do.

const corpusDir = "testdata/bad"

// answers is one valid set of SKM answers.
const answers = "4,3,3,4,3,2,2,3,4"

func badSurveyRow(id, unit, at, extra string) string {
	return id + "," + unit + ",Imunisasi," + at + "," + answers + "," + extra + "\n"
}

// badTextFiles are the corpus files that are bytes written by hand.
func badTextFiles() map[string][]byte {
	long := strings.Repeat("panjang ", 1251) // 10 008 characters
	utf16le := func(s string) []byte {
		u := utf16.Encode([]rune(s))
		b := []byte{0xFF, 0xFE}
		for _, c := range u {
			b = append(b, byte(c), byte(c>>8))
		}
		return b
	}
	tsv := strings.ReplaceAll(strings.TrimSpace(surveyHeader), ",", "\t") + "\r\n" +
		strings.ReplaceAll(strings.TrimSpace(badSurveyRow("U1", "PKM-MAMUJU", "2025-03-01 08:00", "P,30,SMA,Petani,Pelayanan ramah ☺")), ",", "\t") + "\r\n"
	utf16NoBOM := utf16le(surveyHeader + badSurveyRow("U1", "PKM-MAMUJU", "2025-03-01 08:00", ",,,,"))[2:]
	files := map[string]string{
		// Encodings.
		"encoding-windows-1252.csv": employeesHeader + nipMansur + ",Jos\xe9 Mar\xeda Rasyid,PNS,administrator,Kepala Bagian,IV/a,S1,PKM-MAMUJU,L,,,\n",
		"encoding-utf8-bom.csv":     "\ufeff" + surveyHeader + badSurveyRow("B1", "PKM-MAMUJU", "2025-03-01 08:00", "P,30,SMA,Petani,Bagus sekali"),
		"encoding-utf16-bom.csv":    string(utf16le(tsv)),
		"encoding-mixed.csv":        surveyHeader + badSurveyRow("M1", "PKM-MAMUJU", "2025-03-01 08:00", ",,,,Pelayanan ramah ☺") + badSurveyRow("M2", "PKM-MAMUJU", "2025-03-01 08:00", ",,,,Caf\xe9"),
		"encoding-utf16-no-bom.csv": string(utf16NoBOM),
		// Separators.
		"separator-pipe.csv":             strings.ReplaceAll(surveyHeader+badSurveyRow("P1", "PKM-MAMUJU", "2025-03-01 08:00", ",,,,"), ",", "|"),
		"separator-semicolon-header.csv": strings.Replace(surveyHeader, ",", ";", -1) + badSurveyRow("S1", "PKM-MAMUJU", "2025-03-01 08:00", ",,,,") + badSurveyRow("S2", "PKM-MAMUJU", "2025-03-01 08:00", ",,,,"),
		"separator-sep-line.csv":         "sep=;\r\n" + strings.ReplaceAll(surveyHeader+badSurveyRow("S1", "PKM-MAMUJU", "2025-03-01 08:00", "P,30,SMA,Petani,"), ",", ";") + "S2;PKM-MAMUJU;;2025-03-01 08:00;4;4;4;4;4;4;4;4;4;;;;;bagus, cepat\r\nS3;PKM-MAMUJU;;2025-03-01 08:00;9;4;4;4;4;4;4;4;4;;;;;\r\n",
		"separator-decimal-comma.csv":    "training_id;nip;title;kind;jp;start_date;end_date;provider\r\nPLT-1;" + nipMansur + ";Webinar;elearning;7,5;01/03/2025;01/03/2025;BPSDM\r\nPLT-2;" + nipMansur + ";Kursus;kursus;1.234,5;01/03/2025;01/03/2025;BPSDM\r\n",
		"separator-tab.csv":              strings.ReplaceAll(orgRatingsHeader+"DINKES,2024,baik\n", ",", "\t"),
		"columns-missing.csv":            "response_id,unit_code,service,submitted_at,u1,u2,u3,u4,u5,u6,u7,u8\nA1,PKM-MAMUJU,,2025-03-01 08:00,4,4,4,4,4,4,4,4\n",
		"columns-extra.csv":              "catatan_internal," + surveyHeader + "jangan disimpan," + badSurveyRow("E1", "PKM-MAMUJU", "2025-03-01 08:00", ",,,,"),
		"columns-renamed.csv":            strings.Replace(surveyHeader, "submitted_at", "tanggal", 1) + badSurveyRow("R1", "PKM-MAMUJU", "2025-03-01 08:00", ",,,,"),
		"columns-duplicated.csv":         strings.Replace(surveyHeader, "comment", "u1", 1) + badSurveyRow("D1", "PKM-MAMUJU", "2025-03-01 08:00", ",,,,4"),
		"columns-case-and-spaces.csv":    " Agency_Code , YEAR ,Predikat\nDINKES,2024,baik\n",
		"rows-cell-count.csv":            surveyHeader + badSurveyRow("C1", "PKM-MAMUJU", "2025-03-01 08:00", ",,,,satu, dua") + "C2,PKM-MAMUJU,,2025-03-01 08:00,4,4\n" + badSurveyRow("C3", "PKM-MAMUJU", "2025-03-01 08:00", ",,,,"),
		"empty.csv":                      "",
		"header-only.csv":                surveyHeader,
		"blank-lines.csv":                "\n\n" + orgRatingsHeader + "\n" + "DINKES,2024,baik\n" + ",,\n\n   \n" + "DINKES,2024,istimewa\n",
		"answers-out-of-range.csv":       surveyHeader + "A1,PKM-MAMUJU,,2025-03-01 08:00,0,4,4,4,4,4,4,4,4,,,,,\nA2,PKM-MAMUJU,,2025-03-01 08:00,4,4,4,4,4,4,4,4,5,,,,,\nA3,PKM-MAMUJU,,2025-03-01 08:00,4,4,4,4,4,4,4,4,3.0,,,,,\nA4,PKM-MAMUJU,,2025-03-01 08:00,4,4,4,4,4,4,4,4,Sangat baik,,,,,\nA5,PKM-MAMUJU,,2025-03-01 08:00,4,4,4,4,4,4,4,4,4,,,,,\n",
		"nip-impossible-birth-date.csv":  employeesHeader + "198102302009121003,A,PNS,pelaksana,,II/a,SMA,PKM-MAMUJU,,,,\n",
		"nip-gender-digit-3.csv":         employeesHeader + "198106262009123003,A,PNS,pelaksana,,II/a,SMA,PKM-MAMUJU,,,,\n",
		"nip-wrong-length.csv":           employeesHeader + "19810626200912103,A,PNS,pelaksana,,II/a,SMA,PKM-MAMUJU,,,,\n",
		"nip-letters.csv":                employeesHeader + "1981O6262009121003,A,PNS,pelaksana,,II/a,SMA,PKM-MAMUJU,,,,\n",
		"nip-excel-scientific.csv":       employeesHeader + "1.98106E+17,A,PNS,pelaksana,,II/a,SMA,PKM-MAMUJU,,,,\n",
		"nip-pppk-as-pns.csv":            employeesHeader + nipMarkus + ",Markus,PNS,pelaksana,,II/a,SMA,PKM-MAMUJU,,,,\n",
		"pppk-with-golongan.csv":         employeesHeader + nipMarkus + ",Markus,PPPK,pelaksana,,II/a,SMA,PKM-MAMUJU,,,,\n",
		"gender-disagrees-with-nip.csv":  employeesHeader + nipJumriah + ",Jumriah,PNS,pelaksana,,III/b,S1,PKM-MAMUJU,L,,,\n",
		"date-impossible.csv":            activityHeader + "LH1," + nipMansur + ",PKM-MAMUJU,2025-02-30,2025-03-01 10:00,Rapat,Kegiatan,1,submitted,,\nLH2," + nipMansur + ",PKM-MAMUJU,2024-02-29,2024-02-29 10:00,Rapat,Kegiatan,1,submitted,,\n",
		"date-future.csv":                activityHeader + "LH1," + nipMansur + ",PKM-MAMUJU,2025-07-01,2025-06-30 10:00,Rapat,Kegiatan,1,submitted,,\nLH2," + nipMansur + ",PKM-MAMUJU,2025-06-30,2025-06-30 13:00,Rapat,Kegiatan,1,submitted,,\n",
		"date-excel-serial.csv":          activityHeader + "LH1," + nipMansur + ",PKM-MAMUJU,45717,45717.6875,Rapat,Kegiatan,1,approved,45718.3333333333,\n",
		"date-day-first.csv":             competencyHeader + nipMansur + ",integritas,Integritas,manajerial,3,3,09/09/2024,cat\n",
		"unit-unknown.csv":               surveyHeader + badSurveyRow("U1", "PKM-TIDAK-ADA", "2025-03-01 08:00", ",,,,") + badSurveyRow("U2", "pkm-mamuju", "2025-03-01 08:00", ",,,,") + badSurveyRow("U3", "PKM-MAMUJU", "2025-03-01 08:00", ",,,,"),
		"duplicate-ids.csv":              trainingsHeader + "PLT-1," + nipMansur + ",Webinar,elearning,2,2025-03-01,2025-03-01,\nPLT-1," + nipJumriah + ",Webinar,elearning,2,2025-03-01,2025-03-01,\nPLT-1," + nipMansur + ",Webinar (salinan),elearning,2,2025-03-01,2025-03-01,\n",
		"long-fields.csv":                surveyHeader + badSurveyRow("L1", "PKM-MAMUJU", "2025-03-01 08:00", `,,,,"`+long+`"`) + badSurveyRow(strings.Repeat("L", 101), "PKM-MAMUJU", "2025-03-01 08:00", ",,,,") + badSurveyRow("L3", "PKM-MAMUJU", "2025-03-01 08:00", ",,,,ok"),
		"newlines-in-cells.csv":          surveyHeader + badSurveyRow("N1", "PKM-MAMUJU", "2025-03-01 08:00", `P,30,SMA,Petani,"baris satu`+"\r\n\r\n"+`baris tiga"`) + badSurveyRow("N2", "PKM-MAMUJU", "2025-03-01 08:00", ",,,,") + badSurveyRow("N3", "PKM-MAMUJU", "2025-03-01 08:00", "X,,,,"),
		"quote-unbalanced.csv":           surveyHeader + badSurveyRow("Q1", "PKM-MAMUJU", "2025-03-01 08:00", ",,,,ok") + badSurveyRow("Q2", "PKM-MAMUJU", "2025-03-01 08:00", `,,,,"tidak ditutup`) + badSurveyRow("Q3", "PKM-MAMUJU", "2025-03-01 08:00", ",,,,tertelan"),
		"quote-bare.csv":                 surveyHeader + badSurveyRow("Q1", "PKM-MAMUJU", "2025-03-01 08:00", `,,,,kata "kutip" di tengah`) + badSurveyRow("Q2", "PKM-MAMUJU", "2025-03-01 08:00", `,,,,"kutip ""ganda"" benar"`),
		"sql-looking-text.csv":           surveyHeader + badSurveyRow("X1", "PKM-MAMUJU", "2025-03-01 08:00", `,,,,"'); DROP TABLE survey_responses; --"`) + badSurveyRow("X2", "PKM-MAMUJU", "2025-03-01 08:00", ",,,,1 OR 1=1; SELECT * FROM employees"),
		"predikat-disagrees.csv":         skpHeader + nipMansur + ",PKM-MAMUJU,2024,Q1,diatas,diatas,baik,\n" + nipMansur + ",PKM-MAMUJU,2024,Q2,Di Atas Ekspektasi,Sesuai Ekspektasi,Baik,\n",
		"jp-thousands-and-decimals.csv":  trainingsHeader + "PLT-1," + nipMansur + `,Latsar,teknis,"1.234,5",2025-03-01,2025-03-01,` + "\nPLT-2," + nipMansur + `,Webinar,teknis,"0,5",2025-03-01,2025-03-01,` + "\n",
		"quantity-negative.csv":          activityHeader + "LH1," + nipMansur + ",PKM-MAMUJU,2025-03-01,2025-03-01 10:00,Rapat,Kegiatan,-2,submitted,,\n",
		"reviewed-before-submitted.csv":  activityHeader + "LH1," + nipMansur + ",PKM-MAMUJU,2025-03-01,2025-03-01 10:00,Rapat,Kegiatan,1,approved,2025-03-01 09:00," + nipDaniel + "\n",
		"control-characters.csv":         surveyHeader + badSurveyRow("Z1", "PKM-MAMUJU", "2025-03-01 08:00", ",,,,tab\there\x00nul\x07bel"),
		"legacy-xls.xls":                 "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + strings.Repeat("\x00", 504),
		"not-a-workbook.xlsx":            surveyHeader + badSurveyRow("W1", "PKM-MAMUJU", "2025-03-01 08:00", ",,,,"),
		"org-rating-unknown-agency.csv":  orgRatingsHeader + "DINAS-ENTAH,2024,baik\nDINKES,2024,luar biasa\n",
		"skp-period-not-started.csv":     skpHeader + nipMansur + ",PKM-MAMUJU,2025,Q3,sesuai,sesuai,,\n" + nipMansur + ",PKM-MAMUJU,2025,Q2,sesuai,sesuai,,\n",
		"competency-level-out-of-range.csv": competencyHeader + nipMansur + ",integritas,Integritas,manajerial,3,6,2024-09-09,cat\n" +
			nipMansur + ",komunikasi,Komunikasi,manajerial,0,3,2024-09-09,cat\n",
	}
	out := map[string][]byte{}
	for name, content := range files {
		out[name] = []byte(content)
	}
	return out
}

// badWorkbooks are the corpus files that are XLSX workbooks.
func badWorkbooks(t testing.TB) map[string]func(path string) {
	return map[string]func(string){
		"xlsx-title-and-typed-cells.xlsx": func(path string) {
			f := excelize.NewFile()
			sh := f.GetSheetName(0)
			sheetRows(t, f, sh, 1, [][]any{
				{"REKAP SKM TRIWULAN I 2025"},
				nil,
				{"response_id", "unit_code", "service", "submitted_at", "u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9", "gender", "age"},
				{"X1", "PKM-MAMUJU", "Imunisasi", time.Date(2025, 3, 1, 8, 30, 0, 0, time.UTC), 4, 3, 3, 4, 3, 2, 2, 3, 4, "P", 41},
				{"X2", "PKM-MAMUJU", "Imunisasi", 45717.5, 4, 3, 3, 4, 3, 2, 2, 3, 5, "L", 30.0},
				nil,
				{"X3", "PKM-MAMUJU", "Imunisasi", "2025-03-02 09:00", 4, 3, 3, 4, 3, 2, 2, 3, 4, true, 30},
			})
			_ = f.MergeCell(sh, "A1", "O1")
			saveWorkbook(t, f, path)
		},
		"xlsx-csv-in-one-column.xlsx": func(path string) {
			f := excelize.NewFile()
			sh := f.GetSheetName(0)
			sheetRows(t, f, sh, 1, [][]any{{strings.TrimSpace(orgRatingsHeader)}, {"DINKES,2024,baik"}})
			saveWorkbook(t, f, path)
		},
		"xlsx-value-outside-header.xlsx": func(path string) {
			f := excelize.NewFile()
			sh := f.GetSheetName(0)
			sheetRows(t, f, sh, 1, [][]any{{"agency_code", "year", "predikat"}, {"DINKES", 2024, "baik", nil, "catatan"}, {"DUKCAPIL", 2024, "istimewa"}})
			saveWorkbook(t, f, path)
		},
		"xlsx-saved-as-csv.csv": func(path string) {
			f := excelize.NewFile()
			sheetRows(t, f, f.GetSheetName(0), 1, [][]any{{"agency_code", "year", "predikat"}, {"DINKES", 2024, "baik"}})
			var buf bytes.Buffer
			if err := f.Write(&buf); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		},
		"xlsx-truncated.xlsx": func(path string) {
			f := excelize.NewFile()
			sheetRows(t, f, f.GetSheetName(0), 1, [][]any{{"agency_code", "year", "predikat"}, {"DINKES", 2024, "baik"}})
			var buf bytes.Buffer
			if err := f.Write(&buf); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, buf.Bytes()[:buf.Len()/2], 0o644); err != nil {
				t.Fatal(err)
			}
		},
	}
}

func TestWriteBadCorpus(t *testing.T) {
	if os.Getenv("KINERJA_WRITE_CORPUS") == "" {
		t.Skip("set KINERJA_WRITE_CORPUS=1 to rewrite testdata/bad")
	}
	if err := os.MkdirAll(corpusDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, b := range badTextFiles() {
		if err := os.WriteFile(filepath.Join(corpusDir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, write := range badWorkbooks(t) {
		write(filepath.Join(corpusDir, name))
	}
}
