package ingest

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"kinerja/ingest/demo"
	"kinerja/warehouse"
	"kinerja/warehouse/warehousetest"
)

// Canonical headers of the datasets (as ingest/demo writes them).
const (
	employeesHeader  = "nip,name,employee_type,position_class,position_name,golongan,education,unit_code,gender,birth_date,active_from,active_to\n"
	activityHeader   = "report_id,nip,unit_code,activity_date,submitted_at,activity,output,quantity,status,reviewed_at,reviewer_nip\n"
	skpHeader        = "nip,unit_code,year,period,hasil_kerja,perilaku_kerja,predikat,evaluator_nip\n"
	orgRatingsHeader = "agency_code,year,predikat\n"
	competencyHeader = "nip,competency_code,competency_name,competency_type,required_level,assessed_level,assessed_at,method\n"
	trainingsHeader  = "training_id,nip,title,kind,jp,start_date,end_date,provider\n"
)

// NIPs of the test people (valid at testNow).
const (
	nipMansur  = "198106262009121003" // PNS, male, born 1981-06-26
	nipJumriah = "199210022022102002" // PNS, female, born 1992-10-02
	nipMarkus  = "198608092022211002" // PPPK, male, born 1986-08-09
	nipNurlina = "198302272023212004" // PPPK, female, born 1983-02-27
	nipDaniel  = "197412012006081002" // PNS, male, born 1974-12-01
)

// datasetCase is one file of a dataset and what its import must do.
type datasetCase struct {
	name     string
	content  string
	accepted []string // keys of the accepted rows
	rejects  []wantReject
	fileErr  string // a file-level error instead (English fragment)
}

// checkImport imports content as dataset ds under source and checks the
// counts, the rejects (line, column, reason) and the keys stored.
func checkImport(t *testing.T, r *Runner, ds Dataset, source string, tc datasetCase, storedKeys func(t *testing.T) []string) RunSummary {
	t.Helper()
	ctx := context.Background()
	path := writeFile(t, t.TempDir(), "data.csv", tc.content)
	sum, err := r.Import(ctx, Request{Source: source, Dataset: ds, Files: []Input{{Path: path, Name: "data.csv"}}})
	if tc.fileErr != "" {
		if err == nil || sum.Files[0].Err == nil || !strings.Contains(sum.Files[0].Err.ReasonEN, tc.fileErr) {
			t.Fatalf("want the file refused saying %q, got %+v, %v", tc.fileErr, sum.Files, err)
		}
		return sum
	}
	if err != nil {
		t.Fatalf("import: %v (%+v)", err, sum)
	}
	lines := map[int]bool{}
	for _, w := range tc.rejects {
		lines[w.line] = true
	}
	if sum.Accepted != len(tc.accepted) || sum.Rejected != len(lines) || sum.Read != sum.Accepted+sum.Rejected {
		t.Errorf("read %d accepted %d rejected %d, want accepted %d rejected %d", sum.Read, sum.Accepted, sum.Rejected, len(tc.accepted), len(lines))
	}
	got, err := ListRejects(ctx, r.db, sum.ID, 1000, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(tc.rejects) {
		t.Errorf("%d rejects, want %d:", len(got), len(tc.rejects))
		for _, g := range got {
			t.Logf("  line %d %s: %s", g.Line, g.Column, g.ReasonEN)
		}
	}
	for _, w := range tc.rejects {
		found := false
		for _, g := range got {
			if g.Line == w.line && g.Column == w.column && strings.Contains(g.ReasonEN, w.reason) {
				found = true
				if g.Reason == "" || g.Raw == "" || g.File != "data.csv" {
					t.Errorf("reject without Indonesian reason, raw row or file: %+v", g)
				}
			}
		}
		if !found {
			t.Errorf("no reject at line %d column %q saying %q", w.line, w.column, w.reason)
			for _, g := range got {
				if g.Line == w.line {
					t.Logf("  line %d has: %s: %s", g.Line, g.Column, g.ReasonEN)
				}
			}
		}
	}
	if storedKeys != nil {
		want := append([]string(nil), tc.accepted...)
		sort.Strings(want)
		keys := storedKeys(t)
		sort.Strings(keys)
		if strings.Join(keys, "|") != strings.Join(want, "|") {
			t.Errorf("stored keys %v, want %v", keys, want)
		}
	}
	return sum
}

// strings1 reads a query of one String column.
func strings1(t *testing.T, db warehouse.DB, q string, p warehouse.Params) []string {
	t.Helper()
	var out []string
	if err := queryEach(context.Background(), db, q, p, func(rows warehouse.Rows) error {
		var s string
		if err := rows.Scan(&s); err != nil {
			return err
		}
		out = append(out, s)
		return nil
	}); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return out
}

// datasetTest runs the cases of one dataset, each in a fresh database with
// the test units (and their agencies) imported.
func datasetTest(t *testing.T, ds Dataset, keysSQL string, cases []datasetCase) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			db := warehousetest.Open(t)
			r := newTestRunner(t, db)
			importUnits(t, r)
			checkImport(t, r, ds, "app", tc, func(t *testing.T) []string { return strings1(t, db, keysSQL, nil) })
		})
	}
}

func TestEmployees(t *testing.T) {
	const keys = "SELECT nip FROM employees FINAL"
	datasetTest(t, Employees, keys, []datasetCase{
		{
			name: "PNS and PPPK, labels, derived gender and birth date",
			content: employeesHeader +
				nipMansur + `,"Mansur Rasyid, S.Kom.",PNS,administrator,Kepala Bagian Umum,IV/a,S1,PKM-MAMUJU,L,1981-06-26,2009-12-01,` + "\n" +
				nipJumriah + ",Jumriah,pns,Pelaksana,Penata Layanan Operasional,iii/B,s-1,PKM-MAMUJU,,,01/10/2022,\n" +
				nipMarkus + ",Markus Bokko,PPPK,pelaksana,Operator Layanan Operasional,,SLTA,DUKCAPIL,Laki-laki,1986-08-09,2022-03-01,2024-09-11\n" +
				"19741201 200608 1 002,Daniel Rombe,PNS,JPT Pratama,Sekretaris Daerah,IV/c,S2,DPMPTSP,L,27364,2006-08-01,\n",
			accepted: []string{nipMansur, nipJumriah, nipMarkus, nipDaniel},
		},
		{
			name: "every rule",
			content: employeesHeader +
				nipNurlina + ",Nurlina,PPPK,pelaksana,,III/a,SMA,DUKCAPIL,P,,,\n" + // 2
				nipMansur + ",Mansur,PNS,administrator,,,S1,PKM-MAMUJU,L,,,\n" + // 3
				nipJumriah + ",Jumriah,PNS,pelaksana,,III/b,S1,PKM-MAMUJU,L,,,\n" + // 4
				nipDaniel + ",Daniel,PNS,jpt_pratama,,IV/c,S2,DPMPTSP,L,1974-12-02,,\n" + // 5
				"198106262009123003,Tiga,PNS,pelaksana,,II/a,SMA,DPMPTSP,,,,\n" + // 6
				nipMarkus + ",Markus,PNS,pelaksana,,II/a,SMA,DPMPTSP,,,,\n" + // 7
				"198501012010011001,Unit,PNS,pelaksana,,II/a,SMA,PKM-ENTAH,,,,\n" + // 8
				"198501012010011002,Honor,Honorer,pelaksana,,,SMA,DPMPTSP,,,,\n" + // 9
				"198501012010011003,Kelas,PNS,eselon,,II/a,SMA,DPMPTSP,,,,\n" + // 10
				"198501012010011004,Sekolah,PNS,pelaksana,,II/a,SMU,DPMPTSP,,,,\n" + // 11
				"198501012010011005,Keluar,PNS,pelaksana,,II/a,SMA,DPMPTSP,,,2015-01-01,2014-12-31\n" + // 12
				"198501012010011006,Nanti,PNS,pelaksana,,II/a,SMA,DPMPTSP,,,2026-08-01,\n" + // 13
				"198501012010011007,Golongan,PNS,pelaksana,,IV/f,SMA,DPMPTSP,,,,\n" + // 14
				"198501012010011008,Pertama,PNS,pelaksana,,II/a,SMA,DPMPTSP,,,,\n" + // 15
				"198501012010011008,Kedua,PNS,pelaksana,,II/b,SMA,DPMPTSP,,,,\n" + // 16
				"198501012010011009,,PNS,pelaksana,,II/a,SMA,DPMPTSP,,,,\n" + // 17
				"198501012010011010,Lahir,PNS,pelaksana,,II/a,SMA,DPMPTSP,,2030-01-01,,\n", // 18
			accepted: []string{"198501012010011008"},
			rejects: []wantReject{
				{2, "golongan", "a PPPK has no PNS golongan"},
				{3, "golongan", "required for a PNS"},
				{4, "gender", "L disagrees with NIP " + nipJumriah + " (gender digit 2 means P)"},
				{5, "birth_date", "1974-12-02 disagrees with NIP " + nipDaniel + " (born 1974-12-01)"},
				{6, "nip", "the gender digit (15th) must be 1 (male) or 2 (female), got 3"},
				{7, "nip", "should employee_type be PPPK?"},
				{8, "unit_code", `unknown unit "PKM-ENTAH"`},
				{9, "employee_type", `expected one of PNS, PPPK, got "Honorer"`},
				{10, "position_class", `got "eselon"`},
				{11, "education", `got "SMU"`},
				{12, "active_to", "2014-12-31 is before active_from 2015-01-01"},
				{13, "active_from", "is more than a year ahead"},
				{14, "golongan", `expected I/a … IV/e (such as III/b), got "IV/f"`},
				{16, "nip", `nip: "198501012010011008" already appears on line 15`},
				{17, "name", "name: required"},
				{18, "birth_date", "2030-01-01 is in the future"},
			},
		},
		{
			name:    "missing required column",
			content: "nip,name,employee_type,unit_code\n" + nipMansur + ",Mansur,PNS,PKM-MAMUJU\n",
			fileErr: "missing required columns: position_class",
		},
	})

	// What is stored: normalised labels, what the NIP says, NULL dates.
	db := warehousetest.Open(t)
	r := newTestRunner(t, db)
	importUnits(t, r)
	importOne(t, r, Employees, "bkpsdm", writeFile(t, t.TempDir(), "pegawai.csv", employeesHeader+
		nipJumriah+",Jumriah,pns,Pelaksana,Penata,iii/B,s-1,PKM-MAMUJU,,,01/10/2022,\n"+
		nipMarkus+",Markus Bokko,PPPK,pelaksana,Operator,,SLTA,DUKCAPIL,Laki-laki,1986-08-09,2022-03-01,2024-09-11\n"))
	var typ, class, gol, edu, gender string
	var birth, from, to *time.Time
	if err := warehouse.QueryRow(context.Background(), db, "SELECT employee_type, position_class, golongan, education, gender, birth_date, active_from, active_to FROM employees FINAL WHERE nip = {n:String}",
		warehouse.Params{"n": nipJumriah}, &typ, &class, &gol, &edu, &gender, &birth, &from, &to); err != nil {
		t.Fatal(err)
	}
	if typ != "PNS" || class != "pelaksana" || gol != "III/b" || edu != "S1" || gender != "P" ||
		birth == nil || birth.Format("2006-01-02") != "1992-10-02" || from == nil || from.Format("2006-01-02") != "2022-10-01" || to != nil {
		t.Errorf("stored %s %s %s %s %s %v %v %v", typ, class, gol, edu, gender, birth, from, to)
	}
	if err := warehouse.QueryRow(context.Background(), db, "SELECT golongan, education, gender, active_to FROM employees FINAL WHERE nip = {n:String}",
		warehouse.Params{"n": nipMarkus}, &gol, &edu, &gender, &to); err != nil {
		t.Fatal(err)
	}
	if gol != "" || edu != "SMA" || gender != "L" || to == nil || to.Format("2006-01-02") != "2024-09-11" {
		t.Errorf("PPPK stored %q %q %q %v", gol, edu, gender, to)
	}
}

func TestActivityReports(t *testing.T) {
	const keys = "SELECT report_id FROM activity_reports FINAL WHERE source = 'app'"
	ok := func(id, rest string) string { return id + "," + nipMansur + ",PKM-MAMUJU," + rest + "\n" }
	datasetTest(t, ActivityReports, keys, []datasetCase{
		{
			name: "approved, submitted, returned; decimal comma, day-first dates, Indonesian status",
			content: activityHeader +
				ok("LH1", `2025-06-02,2025-06-02 16:05:00,"Menyusun laporan, tahap 1",Dokumen,1,approved,2025-06-03 08:00,`+nipDaniel) +
				ok("LH2", "2025-06-03,2025-06-03 16:05,Rapat koordinasi,Kegiatan,2,submitted,,") +
				ok("LH3", `2025-06-04,04/06/2025 17.00.00,Input data,Data,"2,5",Dikembalikan,2025-06-05 09:00:00,`+nipDaniel) +
				ok("LH4", "45812,45812.75,Entri arsip,Berkas,3,disetujui,45813.375,"),
			accepted: []string{"LH1", "LH2", "LH3", "LH4"},
		},
		{
			name: "every rule",
			content: activityHeader +
				ok("F1", "2025-07-01,2025-06-30 10:00,a,b,1,submitted,,") + // 2
				ok("F2", "2025-06-30,2025-06-30 12:10,a,b,1,submitted,,") + // 3
				ok("F3", "2025-06-02,2025-06-02 10:00,a,b,1,selesai,,") + // 4
				ok("F4", "2025-06-02,2025-06-02 10:00,a,b,1,submitted,2025-06-03 10:00,") + // 5
				ok("F5", "2025-06-02,2025-06-02 10:00,a,b,1,approved,,") + // 6
				ok("F6", "2025-06-02,2025-06-02 10:00,a,b,1,approved,2025-06-01 10:00,") + // 7
				ok("F7", "2025-06-02,2025-06-02 10:00,a,b,-1,submitted,,") + // 8
				ok("F8", "2025-06-02,2025-06-02 10:00,a,b,lima,submitted,,") + // 9
				ok("F9", "2025-06-02,2025-06-02 10:00,a,b,1,approved,2025-06-03 10:00,12345") + // 10
				"F10," + nipMansur + ",PKM-ENTAH,2025-06-02,2025-06-02 10:00,a,b,1,submitted,,\n" + // 11
				"F11,19810626200912100X,PKM-MAMUJU,2025-06-02,2025-06-02 10:00,a,b,1,submitted,,\n" + // 12
				ok("F12", "2025-06-02,2025-06-02 10:00,a,b,1,submitted,,") + // 13
				ok("F12", "2025-06-03,2025-06-03 10:00,a,b,1,submitted,,") + // 14
				ok("F13", "2025-06-02,2025-06-02 10:00,,b,1,submitted,,") + // 15
				ok("F14", "2025-02-30,2025-06-02 10:00,a,b,1,submitted,,") + // 16
				ok("F15", "1999-12-31,2025-06-02 10:00,a,b,1,submitted,,"), // 17
			accepted: []string{"F12"},
			rejects: []wantReject{
				{2, "activity_date", "2025-07-01 is in the future"},
				{3, "submitted_at", "in the future (2025-06-30 12:10 WITA"},
				{4, "status", `expected one of submitted, approved, returned, got "selesai"`},
				{5, "reviewed_at", "a report with status submitted has not been reviewed"},
				{6, "reviewed_at", "required for a report with status approved"},
				{7, "reviewed_at", "2025-06-01 10:00 is before submitted_at 2025-06-02 10:00"},
				{8, "quantity", `expected 0–1000000, got "-1"`},
				{9, "quantity", `expected a number`},
				{10, "reviewer_nip", "a NIP has 18 digits, got 5 characters"},
				{11, "unit_code", "unknown unit"},
				{12, "nip", "digits only"},
				{14, "report_id", `report_id: "F12" already appears on line 13`},
				{15, "activity", "activity: required"},
				{16, "activity_date", `expected a real date`},
				{17, "activity_date", "1999-12-31 is before the year 2000"},
			},
		},
	})

	// Stored values: the decimal comma, NULL when not reviewed, serials.
	db := warehousetest.Open(t)
	r := newTestRunner(t, db)
	importUnits(t, r)
	importOne(t, r, ActivityReports, "app", writeFile(t, t.TempDir(), "lh.csv", activityHeader+
		ok("LH2", "2025-06-03,2025-06-03 16:05,Rapat,Kegiatan,2,submitted,,")+
		ok("LH3", `2025-06-04,04/06/2025 17.00.00,Input data,Data,"2,5",Dikembalikan,2025-06-05 09:00:00,`+nipDaniel)+
		ok("LH4", "45812,45812.75,Entri arsip,Berkas,3,disetujui,45813.375,")))
	type got struct {
		id, status       string
		day              time.Time
		submitted        time.Time
		quantity         float64
		reviewed         *time.Time
		reviewer, source string
	}
	var all []got
	if err := queryEach(context.Background(), db, "SELECT report_id, status, activity_date, submitted_at, quantity, reviewed_at, reviewer_nip, source FROM activity_reports FINAL ORDER BY report_id", nil,
		func(rows warehouse.Rows) error {
			var g got
			if err := rows.Scan(&g.id, &g.status, &g.day, &g.submitted, &g.quantity, &g.reviewed, &g.reviewer, &g.source); err != nil {
				return err
			}
			all = append(all, g)
			return nil
		}); err != nil {
		t.Fatal(err)
	}
	if len(all) != 3 || all[0].reviewed != nil || all[0].status != "submitted" || all[0].source != "app" ||
		all[1].quantity != 2.5 || all[1].status != "returned" || all[1].reviewer != nipDaniel ||
		!all[1].submitted.Equal(time.Date(2025, 6, 4, 17, 0, 0, 0, wita)) ||
		all[2].day.Format("2006-01-02") != "2025-06-04" || !all[2].submitted.Equal(time.Date(2025, 6, 4, 18, 0, 0, 0, wita)) ||
		all[2].reviewed == nil || !all[2].reviewed.Equal(time.Date(2025, 6, 5, 9, 0, 0, 0, wita)) || all[2].status != "approved" {
		t.Errorf("stored %+v", all)
	}
}

func TestSKPEvaluations(t *testing.T) {
	const keys = "SELECT concat(nip, ' / ', toString(year), ' / ', period) FROM skp_evaluations FINAL"
	k := func(nip string, year int, period string) string {
		return fmt.Sprintf("%s / %d / %s", nip, year, period)
	}
	datasetTest(t, SKPEvaluations, keys, []datasetCase{
		{
			name: "predikat computed, full labels, aliases, agreeing predikat",
			content: skpHeader +
				nipMansur + ",PKM-MAMUJU,2024,Q1,diatas,diatas,," + nipDaniel + "\n" +
				nipMansur + ",PKM-MAMUJU,2024,Triwulan II,Di Atas Ekspektasi,Sesuai Ekspektasi,Baik,\n" +
				nipMansur + ",PKM-MAMUJU,2024,ANNUAL,Di Bawah Ekspektasi,Di Bawah Ekspektasi,Sangat Kurang,\n" +
				nipJumriah + ",PKM-MAMUJU,2025,q2,sesuai,dibawah,Kurang/Misconduct,\n",
			accepted: []string{k(nipMansur, 2024, "Q1"), k(nipMansur, 2024, "Q2"), k(nipMansur, 2024, "ANNUAL"), k(nipJumriah, 2025, "Q2")},
		},
		{
			name: "every rule",
			content: skpHeader +
				nipMansur + ",PKM-MAMUJU,2024,Q1,diatas,diatas,baik,\n" + // 2
				nipMansur + ",PKM-MAMUJU,2026,Q1,sesuai,sesuai,,\n" + // 3
				nipMansur + ",PKM-MAMUJU,2025,Q3,sesuai,sesuai,,\n" + // 4
				nipMansur + ",PKM-MAMUJU,2024,Q5,sesuai,sesuai,,\n" + // 5
				nipMansur + ",PKM-MAMUJU,2024,Q2,baik,sesuai,,\n" + // 6
				nipMansur + ",PKM-MAMUJU,1999,Q1,sesuai,sesuai,,\n" + // 7
				nipMansur + ",PKM-ENTAH,2024,Q3,sesuai,sesuai,,\n" + // 8
				nipMansur + ",PKM-MAMUJU,2024,Q4,sesuai,sesuai,,\n" + // 9
				nipMansur + ",PKM-MAMUJU,2024,TW IV,sesuai,diatas,,\n" + // 10
				nipMansur + ",PKM-MAMUJU,2024,ANNUAL,sesuai,sesuai,,198106262009121\n" + // 11
				nipMansur + ",PKM-MAMUJU,2024,ANNUAL,sesuai,sesuai,luar biasa,\n", // 12
			accepted: []string{k(nipMansur, 2024, "Q4")},
			rejects: []wantReject{
				{2, "predikat", `predikat: "baik" disagrees with the PermenPANRB 6/2022 matrix: hasil kerja diatas and perilaku kerja diatas give sangat_baik`},
				{3, "year", `expected an integer 2000–2025, got "2026"`},
				{4, "period", "Q3 2025 has not started yet (it starts on 2025-07-01)"},
				{5, "period", `got "Q5"`},
				{6, "hasil_kerja", `expected one of diatas, sesuai, dibawah, got "baik"`},
				{7, "year", `got "1999"`},
				{8, "unit_code", "unknown unit"},
				{10, "nip, year, period", "already appears on line 9"},
				{11, "evaluator_nip", "got 15 characters"},
				{12, "predikat", `got "luar biasa"`},
			},
		},
	})
	db := warehousetest.Open(t)
	r := newTestRunner(t, db)
	importUnits(t, r)
	importOne(t, r, SKPEvaluations, "app", writeFile(t, t.TempDir(), "skp.csv", skpHeader+
		nipMansur+",PKM-MAMUJU,2024,Triwulan II,Di Atas Ekspektasi,Sesuai Ekspektasi,,\n"+
		nipJumriah+",PKM-MAMUJU,2025,q2,sesuai,dibawah,Kurang/Misconduct,\n"))
	got := strings1(t, db, "SELECT concat(period, ' ', hasil_kerja, ' ', perilaku_kerja, ' ', predikat) FROM skp_evaluations FINAL ORDER BY nip", nil)
	if strings.Join(got, "|") != "Q2 diatas sesuai baik|Q2 sesuai dibawah kurang" {
		t.Errorf("stored %v", got)
	}
}

func TestOrganisationRatings(t *testing.T) {
	const keys = "SELECT concat(agency_code, ' / ', toString(year), ' ', predikat) FROM organisation_ratings FINAL"
	datasetTest(t, OrganisationRatings, keys, []datasetCase{
		{
			name:     "labels",
			content:  orgRatingsHeader + "DINKES,2024,baik\nDUKCAPIL,2024,Istimewa\nDINKES,2025,Butuh Perbaikan\nDPMPTSP,2025,SANGAT_KURANG\n",
			accepted: []string{"DINKES / 2024 baik", "DUKCAPIL / 2024 istimewa", "DINKES / 2025 butuh_perbaikan", "DPMPTSP / 2025 sangat_kurang"},
		},
		{
			name:     "every rule",
			content:  orgRatingsHeader + "DINSOS,2024,baik\nDINKES,2026,baik\nDINKES,2024,sangat_baik\nDINKES,2024,kurang\nDINKES,2024,baik\nPKM-MAMUJU,2024,baik\n",
			accepted: []string{"DINKES / 2024 kurang"},
			rejects: []wantReject{
				{2, "agency_code", `unknown agency "DINSOS"`},
				{3, "year", `got "2026"`},
				{4, "predikat", `expected one of istimewa, baik, butuh_perbaikan, kurang, sangat_kurang, got "sangat_baik"`},
				{6, "agency_code, year", `"DINKES / 2024" already appears on line 5`},
				{7, "agency_code", `unknown agency "PKM-MAMUJU"`},
			},
		},
	})
}

func TestCompetencyAssessments(t *testing.T) {
	const keys = "SELECT concat(nip, ' / ', competency_code, ' / ', toString(assessed_at)) FROM competency_assessments FINAL"
	datasetTest(t, CompetencyAssessments, keys, []datasetCase{
		{
			name: "types, levels, dates",
			content: competencyHeader +
				nipMansur + ",integritas,Integritas,manajerial,3,3,2024-09-09,assessment_center\n" +
				nipMansur + ",integritas,Integritas,Manajerial,3,4,09/09/2025,cat\n" +
				nipMansur + ",perekat_bangsa,Perekat Bangsa,Sosial Kultural,3,2,2024-09-09,\n" +
				nipMarkus + ",teknis_arsip,Pengelolaan Arsip,teknis,2,2.0,45544,uji_kompetensi\n",
			rejects: []wantReject{{3, "assessed_at", "2025-09-09 is in the future"}},
			accepted: []string{nipMansur + " / integritas / 2024-09-09", nipMansur + " / perekat_bangsa / 2024-09-09",
				nipMarkus + " / teknis_arsip / 2024-09-09"},
		},
		{
			name: "every rule",
			content: competencyHeader +
				nipMansur + ",integritas,Integritas,manajerial,3,6,2024-09-09,\n" + // 2
				nipMansur + ",kerja_sama,Kerja Sama,manajerial,0,3,2024-09-09,\n" + // 3
				nipMansur + ",komunikasi,Komunikasi,umum,3,3,2024-09-09,\n" + // 4
				nipMansur + ",komunikasi,Komunikasi,manajerial,3,3,2024-02-30,\n" + // 5
				nipMansur + ",,Komunikasi,manajerial,3,3,2024-09-09,\n" + // 6
				nipMansur + ",pelayanan,Pelayanan Publik,manajerial,3,3,2024-09-09,\n" + // 7
				nipMansur + ",pelayanan,Pelayanan Publik,manajerial,3,2,2024-09-09,\n" + // 8
				"12345,pelayanan,Pelayanan Publik,manajerial,3,2,2024-09-09,\n" + // 9
				nipMansur + ",hasil,Orientasi pada Hasil,manajerial,3,3.5,2024-09-09,\n", // 10
			accepted: []string{nipMansur + " / pelayanan / 2024-09-09"},
			rejects: []wantReject{
				{2, "assessed_level", `expected an integer 1–5, got "6"`},
				{3, "required_level", `got "0"`},
				{4, "competency_type", `expected one of teknis, manajerial, sosial_kultural, got "umum"`},
				{5, "assessed_at", "expected a real date"},
				{6, "competency_code", "required"},
				{8, "nip, competency_code, assessed_at", "already appears on line 7"},
				{9, "nip", "a NIP has 18 digits"},
				{10, "assessed_level", `got "3.5"`},
			},
		},
	})
}

func TestTrainings(t *testing.T) {
	const keys = "SELECT concat(training_id, ' / ', nip, ' ', toString(jp)) FROM trainings FINAL"
	datasetTest(t, Trainings, keys, []datasetCase{
		{
			name: "JP with decimal commas, one training many people",
			content: trainingsHeader +
				"PLT-1," + nipMansur + ",Pelatihan Kepemimpinan Pengawas (PKP),kepemimpinan,180,2024-07-15,2024-10-08,BPSDM Provinsi Sulawesi Barat\n" +
				"PLT-1," + nipJumriah + ",Pelatihan Kepemimpinan Pengawas (PKP),kepemimpinan,180,2024-07-15,2024-10-08,BPSDM Provinsi Sulawesi Barat\n" +
				"PLT-2," + nipMansur + `,Webinar SPBE,E-Learning,"7,5",2025-03-01,2025-03-01,` + "\n" +
				"PLT-3," + nipMarkus + `,Kursus Arsip,kursus,"0,25",2025-06-30,2025-07-15,ANRI` + "\n" +
				"PLT-4," + nipMarkus + ",Seminar,seminar,7.4999999999999991,2025-01-10,2025-01-10,\n",
			accepted: []string{"PLT-1 / " + nipMansur + " 180", "PLT-1 / " + nipJumriah + " 180", "PLT-2 / " + nipMansur + " 7.5",
				"PLT-3 / " + nipMarkus + " 0.25", "PLT-4 / " + nipMarkus + " 7.5"},
		},
		{
			name: "every rule",
			content: trainingsHeader +
				"T1," + nipMansur + ",Nol,teknis,0,2024-01-01,2024-01-01,\n" + // 2
				"T2," + nipMansur + ",Minus,teknis,-3,2024-01-01,2024-01-01,\n" + // 3
				"T3," + nipMansur + ",Besar,teknis,1500,2024-01-01,2024-01-01,\n" + // 4
				"T4," + nipMansur + `,Presisi,teknis,"7,555",2024-01-01,2024-01-01,` + "\n" + // 5
				"T5," + nipMansur + ",Mundur,teknis,8,2024-01-02,2024-01-01,\n" + // 6
				"T6," + nipMansur + ",Nanti,teknis,8,2025-07-01,2025-07-02,\n" + // 7
				"T7," + nipMansur + ",Jenis,diklat,8,2024-01-01,2024-01-01,\n" + // 8
				"T8," + nipMansur + ",Pertama,teknis,8,2024-01-01,2024-01-01,\n" + // 9
				"T8," + nipMansur + ",Kedua,teknis,9,2024-01-01,2024-01-01,\n" + // 10
				"T9," + nipMansur + ",JP,teknis,delapan,2024-01-01,2024-01-01,\n", // 11
			accepted: []string{"T8 / " + nipMansur + " 8"},
			rejects: []wantReject{
				{2, "jp", "expected more than 0 and at most 1000 JP"},
				{3, "jp", `got "-3"`},
				{4, "jp", `got "1500"`},
				{5, "jp", `at most 2 decimal places, got "7,555"`},
				{6, "end_date", "2024-01-01 is before start_date 2024-01-02"},
				{7, "start_date", "2025-07-01 has not started (in the future)"},
				{8, "kind", `got "diklat"`},
				{10, "training_id, nip", "already appears on line 9"},
				{11, "jp", "expected a number"},
			},
		},
	})
}

// correctionCase is a dataset with a first file, a corrected copy (one
// row changed, one row unchanged) and a query that shows the change.
type correctionCase struct {
	ds      Dataset
	table   string
	first   string
	fixed   string
	show    string // one String value: before and after the correction
	before  string
	after   string
	written int // rows of first
}

// Every dataset: re-importing the same file writes nothing and changes no
// count read right away with FINAL; a corrected row (same key) replaces
// the old one; the unchanged row is not written again.
func TestReimportAndCorrectionEveryDataset(t *testing.T) {
	cases := []correctionCase{
		{ds: Employees, table: "employees", written: 2,
			first: employeesHeader + nipMansur + ",Mansur,PNS,administrator,,IV/a,S1,PKM-MAMUJU,,,,\n" +
				nipMarkus + ",Markus,PPPK,pelaksana,,,SMA,DUKCAPIL,,,,\n",
			fixed: employeesHeader + nipMansur + ",Mansur,PNS,administrator,,IV/b,S1,PKM-MAMUJU,,,,\n" +
				nipMarkus + ",Markus,PPPK,pelaksana,,,SMA,DUKCAPIL,,,,\n",
			show: "SELECT golongan FROM employees FINAL WHERE nip = '" + nipMansur + "'", before: "IV/a", after: "IV/b"},
		{ds: OrganisationRatings, table: "organisation_ratings", written: 2,
			first: orgRatingsHeader + "DINKES,2024,baik\nDUKCAPIL,2024,istimewa\n",
			fixed: orgRatingsHeader + "DINKES,2024,kurang\nDUKCAPIL,2024,istimewa\n",
			show:  "SELECT predikat FROM organisation_ratings FINAL WHERE agency_code = 'DINKES'", before: "baik", after: "kurang"},
		{ds: ActivityReports, table: "activity_reports", written: 2,
			first: activityHeader + "LH1," + nipMansur + ",PKM-MAMUJU,2025-06-02,2025-06-02 16:05,Rapat,Kegiatan,1,submitted,,\n" +
				"LH2," + nipMansur + ",PKM-MAMUJU,2025-06-02,2025-06-02 16:05,Surat,Surat,3,submitted,,\n",
			fixed: activityHeader + "LH1," + nipMansur + ",PKM-MAMUJU,2025-06-02,2025-06-02 16:05,Rapat,Kegiatan,1,approved,2025-06-03 08:00," + nipDaniel + "\n" +
				"LH2," + nipMansur + ",PKM-MAMUJU,2025-06-02,2025-06-02 16:05,Surat,Surat,3,submitted,,\n",
			show: "SELECT status FROM activity_reports FINAL WHERE report_id = 'LH1'", before: "submitted", after: "approved"},
		{ds: SKPEvaluations, table: "skp_evaluations", written: 2,
			first: skpHeader + nipMansur + ",PKM-MAMUJU,2024,Q1,sesuai,sesuai,,\n" + nipMansur + ",PKM-MAMUJU,2024,Q2,sesuai,sesuai,,\n",
			fixed: skpHeader + nipMansur + ",PKM-MAMUJU,2024,Q1,dibawah,sesuai,,\n" + nipMansur + ",PKM-MAMUJU,2024,Q2,sesuai,sesuai,,\n",
			show:  "SELECT predikat FROM skp_evaluations FINAL WHERE period = 'Q1'", before: "baik", after: "butuh_perbaikan"},
		{ds: CompetencyAssessments, table: "competency_assessments", written: 2,
			first: competencyHeader + nipMansur + ",integritas,Integritas,manajerial,3,3,2024-09-09,cat\n" +
				nipMansur + ",komunikasi,Komunikasi,manajerial,3,2,2024-09-09,cat\n",
			fixed: competencyHeader + nipMansur + ",integritas,Integritas,manajerial,3,4,2024-09-09,cat\n" +
				nipMansur + ",komunikasi,Komunikasi,manajerial,3,2,2024-09-09,cat\n",
			show: "SELECT toString(assessed_level) FROM competency_assessments FINAL WHERE competency_code = 'integritas'", before: "3", after: "4"},
		{ds: Trainings, table: "trainings", written: 2,
			first: trainingsHeader + "PLT-1," + nipMansur + ",Webinar,elearning,\"7,5\",2025-03-01,2025-03-01,\n" +
				"PLT-2," + nipMansur + ",Kursus,kursus,24,2025-03-01,2025-03-03,\n",
			fixed: trainingsHeader + "PLT-1," + nipMansur + ",Webinar,elearning,8,2025-03-01,2025-03-01,\n" +
				"PLT-2," + nipMansur + ",Kursus,kursus,24,2025-03-01,2025-03-03,\n",
			show: "SELECT toString(jp) FROM trainings FINAL WHERE training_id = 'PLT-1'", before: "7.5", after: "8"},
	}
	for _, tc := range cases {
		t.Run(string(tc.ds), func(t *testing.T) {
			db := warehousetest.Open(t)
			r := newTestRunner(t, db)
			importUnits(t, r)
			dir := t.TempDir()
			p := writeFile(t, dir, "first.csv", tc.first)
			finalCount := "SELECT count() FROM " + tc.table + " FINAL"
			physical := "SELECT count() FROM " + tc.table

			first := importOne(t, r, tc.ds, "app", p)
			if first.Status != StatusOK || first.Written() != tc.written {
				t.Fatalf("first import %+v", first)
			}
			show := func() string {
				v := strings1(t, db, tc.show, nil)
				if len(v) != 1 {
					t.Fatalf("%s: %v", tc.show, v)
				}
				return v[0]
			}
			if got := show(); got != tc.before {
				t.Errorf("before: %q, want %q", got, tc.before)
			}
			n1, raw1 := count(t, db, finalCount, nil), count(t, db, physical, nil)

			for i := 1; i <= 2; i++ {
				r.now = func() time.Time { return testNow.Add(time.Duration(i) * time.Hour) }
				again := importOne(t, r, tc.ds, "app", p)
				if again.Written() != 0 || again.Unchanged != tc.written {
					t.Fatalf("re-import %d: %+v, want 0 written, %d unchanged", i, again, tc.written)
				}
			}
			if n, raw := count(t, db, finalCount, nil), count(t, db, physical, nil); n != n1 || raw != raw1 {
				t.Errorf("after re-imports %d rows (%d physical), before %d (%d)", n, raw, n1, raw1)
			}

			r.now = func() time.Time { return testNow.Add(3 * time.Hour) }
			fix := importOne(t, r, tc.ds, "app", writeFile(t, dir, "fixed.csv", tc.fixed))
			if fix.Written() != 1 || fix.Unchanged != tc.written-1 {
				t.Fatalf("correction %+v, want 1 written", fix)
			}
			if n := count(t, db, finalCount, nil); n != n1 {
				t.Errorf("after the correction %d rows, want %d", n, n1)
			}
			if got := show(); got != tc.after {
				t.Errorf("after: %q, want %q", got, tc.after)
			}
			if runID := strings1(t, db, "SELECT toString(ingest_run_id) FROM "+tc.table+" FINAL ORDER BY _version DESC LIMIT 1", nil); len(runID) != 1 || runID[0] != fix.ID {
				t.Errorf("the newest row is from run %v, want %s", runID, fix.ID)
			}
		})
	}
}

// A file in the Indonesian-locale Excel shape: "sep=;" line, ';'
// separators, decimal commas, thousands dots, day-first dates.
func TestSemicolonDecimalCommaFile(t *testing.T) {
	db := warehousetest.Open(t)
	r := newTestRunner(t, db)
	importUnits(t, r)
	content := "sep=;\r\n" + strings.ReplaceAll(strings.TrimSuffix(trainingsHeader, "\n"), ",", ";") + "\r\n" +
		"PLT-1;" + nipMansur + ";Webinar satu, dua;elearning;7,5;01/03/2025;01/03/2025;BPSDM\r\n" +
		"PLT-2;" + nipMansur + ";Latsar;teknis;1.234;01/03/2025;01/03/2025;BPSDM\r\n" + // 1234 JP: too many
		"PLT-3;" + nipMansur + ";\"Kursus; lanjutan\";kursus;12,25;02/03/2025;05/03/2025;\r\n"
	sum := importOne(t, r, Trainings, "app", writeFile(t, t.TempDir(), "excel.csv", content))
	if sum.Accepted != 2 || sum.Rejected != 1 {
		t.Fatalf("summary %+v", sum)
	}
	rj, _ := ListRejects(context.Background(), db, sum.ID, 10, 0)
	if len(rj) != 1 || rj[0].Line != 4 || rj[0].Column != "jp" || !strings.Contains(rj[0].ReasonEN, `got "1.234"`) {
		t.Errorf("rejects %+v, want line 4 (after the sep= line and the header) jp 1.234 = 1234", rj)
	}
	got := strings1(t, db, "SELECT concat(training_id, ' ', title, ' ', toString(jp), ' ', toString(start_date)) FROM trainings FINAL ORDER BY training_id", nil)
	if strings.Join(got, "|") != "PLT-1 Webinar satu, dua 7.5 2025-03-01|PLT-3 Kursus; lanjutan 12.25 2025-03-02" {
		t.Errorf("stored %q", got)
	}
	if !strings.Contains(strings.Join(sum.Notes, "\n"), "semicolon-separated") {
		t.Errorf("notes %q, want the separator noted", sum.Notes)
	}
}

// The whole chain in load order, from one directory per dataset, the way
// the demo writes it: a realistic check that the rules accept real data.
func TestDemoImportsWithoutRejects(t *testing.T) {
	if testing.Short() {
		t.Skip("imports the demo")
	}
	dir := t.TempDir()
	writeSmallDemo(t, dir)
	db := warehousetest.Open(t)
	r := NewRunner(db, testLogger(t))
	for _, ds := range Datasets {
		files, _ := filepath.Glob(filepath.Join(dir, string(ds), "*.csv"))
		if len(files) == 0 {
			t.Fatalf("the demo wrote no %s", ds)
		}
		var in []Input
		for _, f := range files {
			in = append(in, Input{Path: f})
		}
		sum, err := r.Import(context.Background(), Request{Source: "demo", Dataset: ds, Files: in})
		if err != nil || sum.Status != StatusOK || sum.Rejected != 0 || sum.Accepted == 0 {
			rj, _ := ListRejects(context.Background(), db, sum.ID, 5, 0)
			t.Errorf("%s: %s read %d accepted %d rejected %d: %v; first rejects %+v", ds, sum.Status, sum.Read, sum.Accepted, sum.Rejected, err, rj)
		}
	}
}

// writeSmallDemo writes a small Mamuju demo (every dataset) under dir.
func writeSmallDemo(t testing.TB, dir string) {
	t.Helper()
	if _, err := demo.Write(dir, demo.Options{Seed: 7, Scale: 0.05, From: time.Date(2025, 1, 1, 0, 0, 0, 0, wita)}); err != nil {
		t.Fatal(err)
	}
}
