package demo

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"time"
)

// ActivityHeader is the canonical header of the daily activity reports
// (laporan kegiatan / log harian) of the web reporting app.
const ActivityHeader = "report_id,nip,unit_code,activity_date,submitted_at,activity,output,quantity,status,reviewed_at,reviewer_nip"

// Report statuses.
const (
	StatusSubmitted = "submitted"
	StatusApproved  = "approved"
	StatusReturned  = "returned"
)

// task is one kind of activity an ASN reports, with its output unit and
// the usual quantity (step 0.5 for hours).
type task struct {
	activity, output string
	lo, hi, step     float64
}

var headTasks = []task{
	{"Memimpin rapat koordinasi internal", "Kegiatan", 1, 1, 1},
	{"Memverifikasi dan menyetujui laporan kegiatan bawahan", "Laporan", 5, 30, 1},
	{"Menghadiri rapat di Sekretariat Daerah", "Jam", 1.5, 4, 0.5},
	{"Melakukan monitoring dan evaluasi capaian kinerja unit", "Kegiatan", 1, 1, 1},
	{"Menandatangani surat dan dokumen dinas", "Dokumen", 3, 20, 1},
	{"Melakukan pembinaan pegawai", "Orang", 1, 8, 1},
}

var familyTasks = map[string][]task{
	"guru_sd": {
		{"Melaksanakan pembelajaran di kelas", "Jam Pelajaran", 4, 8, 1},
		{"Menyusun modul ajar", "Dokumen", 1, 1, 1},
		{"Memeriksa hasil asesmen formatif peserta didik", "Lembar Jawaban", 15, 32, 1},
		{"Melaksanakan kegiatan ekstrakurikuler Pramuka", "Kegiatan", 1, 1, 1},
		{"Mengisi rapor peserta didik", "Rapor", 10, 30, 1},
		{"Membimbing peserta didik dalam literasi dan numerasi", "Orang", 3, 12, 1},
	},
	"guru_smp": {
		{"Melaksanakan pembelajaran di kelas", "Jam Pelajaran", 2, 8, 1},
		{"Menyusun modul ajar", "Dokumen", 1, 2, 1},
		{"Memeriksa hasil asesmen sumatif peserta didik", "Lembar Jawaban", 20, 35, 1},
		{"Melaksanakan projek penguatan profil pelajar Pancasila", "Kegiatan", 1, 1, 1},
		{"Melaksanakan piket sekolah", "Jam", 2, 4, 0.5},
		{"Melayani konseling peserta didik", "Orang", 1, 6, 1},
	},
	"nakes": {
		{"Melakukan pemeriksaan pasien rawat jalan", "Pasien", 8, 30, 1},
		{"Melaksanakan imunisasi di posyandu", "Anak", 5, 25, 1},
		{"Melakukan pemeriksaan kehamilan (ANC)", "Ibu Hamil", 3, 10, 1},
		{"Menyiapkan dan menyerahkan obat", "Resep", 20, 60, 1},
		{"Melakukan pemeriksaan laboratorium sederhana", "Sampel", 5, 20, 1},
		{"Melaksanakan penyuluhan kesehatan di desa", "Kegiatan", 1, 1, 1},
		{"Menginput data kunjungan ke aplikasi P-Care", "Data", 20, 60, 1},
	},
	"nakes_rs": {
		{"Melakukan asuhan keperawatan pasien rawat inap", "Pasien", 3, 12, 1},
		{"Melakukan pemeriksaan pasien poliklinik", "Pasien", 10, 35, 1},
		{"Menangani pasien di IGD", "Pasien", 2, 15, 1},
		{"Menyiapkan dan menyerahkan obat", "Resep", 30, 90, 1},
		{"Melaksanakan jaga malam", "Shift", 1, 1, 1},
		{"Mengisi rekam medis elektronik", "Berkas", 10, 40, 1},
	},
	"dukcapil": {
		{"Melayani perekaman KTP-el", "Dokumen", 10, 40, 1},
		{"Menerbitkan Kartu Keluarga", "Dokumen", 10, 35, 1},
		{"Memverifikasi berkas akta kelahiran", "Berkas", 5, 25, 1},
		{"Melaksanakan jemput bola perekaman KTP-el di desa", "Orang", 20, 60, 1},
		{"Mengaktivasi Identitas Kependudukan Digital", "Orang", 5, 30, 1},
	},
	"auditor": {
		{"Melaksanakan reviu laporan keuangan OPD", "Laporan", 1, 1, 1},
		{"Melaksanakan pemeriksaan pengelolaan dana desa", "Desa", 1, 2, 1},
		{"Menyusun kertas kerja audit", "KKA", 1, 3, 1},
		{"Melakukan evaluasi SAKIP OPD", "OPD", 1, 1, 1},
	},
	"planner": {
		{"Melakukan verifikasi Renja OPD", "Dokumen", 1, 4, 1},
		{"Menyusun bahan RKPD", "Dokumen", 1, 1, 1},
		{"Memantau realisasi program melalui aplikasi SIPD", "Data", 5, 20, 1},
	},
	"hr": {
		{"Memverifikasi usul kenaikan pangkat", "Berkas", 5, 20, 1},
		{"Memutakhirkan data ASN di SIASN", "Data", 10, 40, 1},
		{"Menyusun konsep SK mutasi", "SK", 1, 5, 1},
		{"Memverifikasi usul pensiun", "Berkas", 1, 6, 1},
	},
	"finance": {
		{"Memverifikasi SPM", "Dokumen", 5, 20, 1},
		{"Menerbitkan SP2D", "SP2D", 5, 30, 1},
		{"Menginventarisasi barang milik daerah", "Barang", 10, 50, 1},
		{"Melayani pembayaran PBB-P2", "Transaksi", 10, 40, 1},
	},
	"perizinan": {
		{"Memverifikasi permohonan PBG", "Berkas", 1, 6, 1},
		{"Memproses izin melalui OSS RBA", "Izin", 2, 10, 1},
		{"Melayani konsultasi perizinan", "Orang", 3, 12, 1},
	},
	"teknik": {
		{"Melakukan pengawasan pekerjaan jalan", "Lokasi", 1, 2, 1},
		{"Menyusun rencana anggaran biaya", "Dokumen", 1, 1, 1},
		{"Melakukan uji berkala kendaraan bermotor", "Kendaraan", 5, 20, 1},
		{"Melakukan pengawasan lingkungan usaha", "Lokasi", 1, 3, 1},
	},
	"satpol": {
		{"Melaksanakan patroli ketertiban umum", "Kegiatan", 1, 1, 1},
		{"Melaksanakan penjagaan kantor Bupati", "Shift", 1, 1, 1},
		{"Melaksanakan penertiban pedagang kaki lima", "Lokasi", 1, 4, 1},
		{"Melaksanakan piket siaga pemadam kebakaran", "Shift", 1, 1, 1},
	},
	"pustaka": {
		{"Melayani pengunjung perpustakaan", "Orang", 10, 40, 1},
		{"Mengolah bahan pustaka", "Eksemplar", 10, 50, 1},
		{"Melaksanakan layanan perpustakaan keliling", "Lokasi", 1, 2, 1},
	},
	"it": {
		{"Memelihara jaringan dan server", "Kegiatan", 1, 1, 1},
		{"Mengembangkan modul aplikasi layanan", "Modul", 1, 1, 1},
		{"Mengelola konten website Pemda", "Berita", 1, 4, 1},
	},
}

var adminTasks = []task{
	{"Mengagendakan surat masuk", "Surat", 3, 15, 1},
	{"Menyusun konsep surat keluar", "Surat", 1, 5, 1},
	{"Menyusun laporan kegiatan bulanan", "Laporan", 1, 1, 1},
	{"Mengarsipkan dokumen", "Berkas", 5, 30, 1},
	{"Menginput data ke aplikasi SIPD", "Data", 5, 20, 1},
	{"Menyiapkan bahan rapat", "Dokumen", 1, 3, 1},
	{"Mengikuti rapat koordinasi", "Jam", 1.5, 3, 0.5},
	{"Melayani tamu dan masyarakat", "Orang", 2, 15, 1},
}

// tasksOf returns what an employee of a family may report.
func tasksOf(family string, e *employee) []task {
	if e.head {
		return headTasks
	}
	own := familyTasks[family]
	if e.class == ClassPelaksana || e.class == ClassPengawas || len(own) == 0 {
		return adminTasks
	}
	return own
}

// reportDayFactor moves the reporting discipline with the calendar:
// Fridays, Ramadan and the Lebaran restart are slacker, the end of
// December too.
func reportDayFactor(d day) float64 {
	f := 1.0
	if d.weekday == time.Friday {
		f *= 0.92
	}
	if d.ramadan {
		f *= 0.93
	}
	if d.preFitri || d.postIdul {
		f *= 0.85
	}
	if d.t.Month() == time.December && d.t.Day() >= 20 {
		f *= 0.85
	}
	return f
}

// activityRow is one report before formatting.
type activityRow struct {
	emp       int32
	n         int8 // 1-based number of the employee's report that day
	task      *task
	quantity  float64
	submitted time.Time
	reviewed  time.Time // zero: not reviewed
	status    string
}

// activityDay appends the reports of every unit for activity day d, as the
// reporting app knows them at cutoff (reports submitted later are not in
// yet, reviews after cutoff are still pending). Every random draw happens
// whatever the cutoff, so a later cutoff never shifts earlier reports.
func (g *Generator) activityDay(d day, cutoff time.Time, buf []activityRow) []activityRow {
	if !d.working() {
		return buf
	}
	ro := g.roster()
	dayF := reportDayFactor(d)
	for ui := range g.org.Units {
		u := &g.org.Units[ui]
		wp := g.work[ui]
		r := stream(g.unitKey("activity", ui), d.num)
		for _, ei := range ro.byUnit[ui] {
			e := &ro.emps[ei]
			if !e.active(d.t) || e.sup < 0 {
				continue // the Sekda answers to the Bupati, outside the app
			}
			if !chance(r, wp.compliance*e.diligence*dayF) {
				continue
			}
			n := min(4, 1+poisson(r, 0.5))
			tasks := tasksOf(u.family, e)
			for k := 1; k <= n; k++ {
				row := activityRow{emp: ei, n: int8(k)}
				row.task = &tasks[r.IntN(len(tasks))]
				steps := int((row.task.hi - row.task.lo) / row.task.step)
				row.quantity = row.task.lo + float64(r.IntN(steps+1))*row.task.step
				row.submitted = submissionTime(r, d, wp.lateShare)
				// Review: log-normal around the unit's median latency, at most
				// two weeks; some reports are never opened.
				never := chance(r, wp.neverReviewed)
				lat := time.Duration(wp.approvalHours * math.Exp(r.NormFloat64()) * float64(time.Hour))
				lat = min(lat, 14*24*time.Hour)
				returned := chance(r, wp.returnRate)
				reviewed := reviewClock(r, row.submitted.Add(lat+time.Duration(10+r.IntN(50))*time.Minute))
				if !row.submitted.Before(cutoff) {
					continue
				}
				switch {
				case never || !reviewed.Before(cutoff):
					row.status = StatusSubmitted
				case returned:
					row.status, row.reviewed = StatusReturned, reviewed
				default:
					row.status, row.reviewed = StatusApproved, reviewed
				}
				buf = append(buf, row)
			}
		}
	}
	return buf
}

// submissionTime: most report the same afternoon or evening, some the next
// day; the late ones catch up days later, at the latest on the 5th of the
// next month (when the month's allowance is computed).
func submissionTime(r *rand.Rand, d day, lateShare float64) time.Time {
	var lag int
	switch x := r.Float64(); {
	case x < lateShare:
		lag = 2 + int(r.ExpFloat64()*4)
	case x < lateShare+(1-lateShare)*0.25:
		lag = 1
	}
	lag = min(lag, 20)
	t := d.t.AddDate(0, 0, lag)
	deadline := time.Date(d.t.Year(), d.t.Month()+1, 5, 0, 0, 0, 0, wita)
	if t.After(deadline) {
		t = deadline
	}
	var minute int
	if lag == 0 {
		// After the work of the day: 13:00–22:00, most around 15:30–17:00.
		minute = 13*60 + int(math.Abs(r.NormFloat64()*100+170))
		minute = min(minute, 22*60)
	} else {
		minute = 7*60 + r.IntN(16*60)
	}
	return t.Add(time.Duration(minute)*time.Minute + time.Duration(r.IntN(60))*time.Second)
}

// reviewClock moves a review at night to the next morning (07:30–09:00).
func reviewClock(r *rand.Rand, t time.Time) time.Time {
	h := t.Hour()
	if h >= 7 && h < 22 {
		return t
	}
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, wita)
	if h >= 22 {
		day = day.AddDate(0, 0, 1)
	}
	return day.Add(7*time.Hour + 30*time.Minute + time.Duration(r.IntN(90*60))*time.Second)
}

// ActivityRange is the default window of activity reports: the last three
// calendar months of the range (the month of To and the two before it),
// about 400 000 reports at scale 1, so that `make run` stays quick. The
// whole range at scale 1 is about 1.5 M reports a year; set
// Options.ActivityFrom to Options.From for it (and --scale 12 for ~50 M).
func (g *Generator) ActivityRange() (from, to time.Time) {
	return g.opt.ActivityFrom, g.opt.To
}

// WriteActivity writes the canonical activity-report CSV for activity days
// from..to, as known at the end of the generator's range.
func (g *Generator) WriteActivity(w io.Writer, from, to time.Time) (int64, error) {
	ro := g.roster()
	cutoff := g.opt.To.AddDate(0, 0, 1)
	bw := bufio.NewWriterSize(w, 256<<10)
	bw.WriteString(ActivityHeader + "\n")
	var n int64
	var buf []activityRow
	line := make([]byte, 0, 512)
	for _, d := range days(from, to) {
		buf = g.activityDay(d, cutoff, buf[:0])
		for i := range buf {
			row := &buf[i]
			e := &ro.emps[row.emp]
			b := line[:0]
			b = append(b, "LH-"...)
			b = append(b, e.nip...)
			b = append(b, '-')
			b = append(b, d.key[0:4]...)
			b = append(b, d.key[5:7]...)
			b = append(b, d.key[8:10]...)
			b = append(b, '-')
			b = strconv.AppendInt(b, int64(row.n), 10)
			b = append(b, ',')
			b = append(b, e.nip...)
			b = append(b, ',')
			b = appendField(b, g.org.Units[e.unit].Code)
			b = append(b, ',')
			b = append(b, d.key...)
			b = append(b, ',')
			b = row.submitted.AppendFormat(b, "2006-01-02 15:04:05")
			b = append(b, ',')
			b = appendField(b, row.task.activity)
			b = append(b, ',')
			b = appendField(b, row.task.output)
			b = append(b, ',')
			b = strconv.AppendFloat(b, row.quantity, 'f', -1, 64)
			b = append(b, ',')
			b = append(b, row.status...)
			b = append(b, ',')
			if !row.reviewed.IsZero() {
				b = row.reviewed.AppendFormat(b, "2006-01-02 15:04:05")
				b = append(b, ',')
				b = append(b, ro.emps[e.sup].nip...)
			} else {
				b = append(b, ',')
			}
			b = append(b, '\n')
			line = b
			if _, err := bw.Write(b); err != nil {
				return n, fmt.Errorf("write activity reports: %w", err)
			}
		}
		n += int64(len(buf))
	}
	if err := bw.Flush(); err != nil {
		return n, fmt.Errorf("write activity reports: %w", err)
	}
	return n, nil
}
