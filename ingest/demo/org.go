package demo

import (
	"fmt"
	"strings"
)

// The organisation of Pemerintah Kabupaten Mamuju as the demo tells it:
// the usual OPD of a kabupaten (domain.md §6), the eleven kecamatan with
// their Kemendagri codes, puskesmas and schools spread over the kecamatan
// by population. Places are real or plausible; people are invented.
//
// Codes (a decision, documented here and in the package doc):
//   - An OPD's agency_code is the acronym the Pemda itself uses, upper case
//     (DISDUKCAPIL, DPMPTSP, DINKES, …); a kecamatan office is KEC- plus its
//     Kemendagri code (KEC-76.02.03 for Kecamatan Kalukku), so the official
//     code is kept and the prefix still reads.
//   - A unit_code is its agency_code, a dash and a readable suffix
//     (DINKES-PKM-KALUKKU, DISDIKBUD-SD-KALUKKU-03, KEC-76.02.01-KEL-BINANGA):
//     stable, unique, and sorted next to its OPD.
//   - The kecamatan column holds the kecamatan's name ("Simboro dan
//     Kepulauan"), empty for units that serve the whole kabupaten.

// Agency is one OPD.
type Agency struct {
	Code string
	Name string
}

// Unit kinds, as the units table stores them.
const (
	KindDinas     = "dinas"
	KindBadan     = "badan"
	KindKecamatan = "kecamatan"
	KindPuskesmas = "puskesmas"
	KindSekolah   = "sekolah"
	KindKelurahan = "kelurahan"
	KindUPT       = "upt"
	KindOther     = "other"
)

// Unit is one service or work unit of an OPD.
type Unit struct {
	Code       string
	Name       string
	AgencyCode string
	AgencyName string
	Kind       string
	Kecamatan  string // name; empty for kabupaten-wide units
	// Staff is the number of ASN (PNS and PPPK) at scale 1.
	Staff int
	// Service reports whether the unit serves the public and so runs an SKM.
	Service bool

	survey *surveyProfile
	family string // the job family of its staff (guru, nakes, admin, …)
	head   string // position name of the unit head
}

// Kecamatan is one of the eleven districts of the kabupaten.
type Kecamatan struct {
	Code string // Kemendagri, e.g. 76.02.03
	Name string
	slug string
	sd   int // number of SD Negeri
	smp  int // number of SMP Negeri
}

// Kecamatans are the eleven kecamatan of Kabupaten Mamuju (Kemendagri codes).
var Kecamatans = []Kecamatan{
	{"76.02.01", "Mamuju", "MAMUJU", 24, 6},
	{"76.02.02", "Tapalang", "TAPALANG", 9, 2},
	{"76.02.03", "Kalukku", "KALUKKU", 22, 5},
	{"76.02.04", "Kalumpang", "KALUMPANG", 9, 3},
	{"76.02.07", "Papalang", "PAPALANG", 9, 2},
	{"76.02.08", "Sampaga", "SAMPAGA", 8, 2},
	{"76.02.11", "Tommo", "TOMMO", 10, 3},
	{"76.02.12", "Simboro dan Kepulauan", "SIMBORO", 10, 3},
	{"76.02.13", "Tapalang Barat", "TAPALANG-BARAT", 6, 2},
	{"76.02.15", "Bonehau", "BONEHAU", 6, 2},
	{"76.02.16", "Kepulauan Bala Balakang", "BALA-BALAKANG", 2, 1},
}

// puskesmas per kecamatan slug, with a size factor (1 = an average
// puskesmas of about 1 300 respondents a year and 45 staff).
var puskesmasList = []struct {
	kec, name string
	size      float64
}{
	{"MAMUJU", "Binanga", 1.5}, {"MAMUJU", "Rangas", 1.2}, {"MAMUJU", "Bambu", 1.0}, {"MAMUJU", "Karampuang", 0.4},
	{"SIMBORO", "Tampa Padang", 1.1}, {"SIMBORO", "Simboro", 0.8},
	{"KALUKKU", "Kalukku", 1.4}, {"KALUKKU", "Beru-Beru", 0.8}, {"KALUKKU", "Keang", 0.7}, {"KALUKKU", "Belang-Belang", 0.6},
	{"PAPALANG", "Papalang", 1.0}, {"PAPALANG", "Bonda", 0.6},
	{"SAMPAGA", "Sampaga", 0.9}, {"SAMPAGA", "Tarailu", 0.8},
	{"TOMMO", "Tommo", 0.9}, {"TOMMO", "Tamemongga", 0.5},
	{"TAPALANG", "Tapalang", 0.9},
	{"TAPALANG-BARAT", "Dungkait", 0.7},
	{"KALUMPANG", "Kalumpang", 0.6}, {"KALUMPANG", "Karama", 0.4},
	{"BONEHAU", "Bonehau", 0.5},
	{"BALA-BALAKANG", "Bala Balakang", 0.3},
}

// kelurahan per kecamatan slug (desa are not ASN units and are left out).
var kelurahanList = []struct{ kec, name string }{
	{"MAMUJU", "Binanga"}, {"MAMUJU", "Karema"}, {"MAMUJU", "Mamunyu"}, {"MAMUJU", "Rimuku"},
	{"SIMBORO", "Simboro"}, {"KALUKKU", "Bebanga"}, {"KALUKKU", "Kalukku"},
}

// Organisation is the Pemda's tree: agencies and their units, in file order.
type Organisation struct {
	Agencies []Agency
	Units    []Unit
}

// Agency returns the agency with that code.
func (o *Organisation) Agency(code string) (Agency, bool) {
	for _, a := range o.Agencies {
		if a.Code == code {
			return a, true
		}
	}
	return Agency{}, false
}

// Mamuju returns the demo organisation of Pemerintah Kabupaten Mamuju. It
// does not depend on the seed: the seed draws people and respondents, the
// organisation and each unit's character (size, quality, trend) are fixed.
func Mamuju() *Organisation {
	b := &orgBuilder{}

	b.agency("SETDA", "Sekretariat Daerah")
	b.unit("UMUM", "Bagian Umum", KindOther, "", 40, "admin", "Kepala Bagian Umum", nil)
	b.unit("ORGANISASI", "Bagian Organisasi", KindOther, "", 18, "admin", "Kepala Bagian Organisasi", nil)
	b.unit("HUKUM", "Bagian Hukum", KindOther, "", 20, "admin", "Kepala Bagian Hukum", nil)
	b.unit("PBJ", "Bagian Pengadaan Barang dan Jasa", KindOther, "", 22, "admin", "Kepala Bagian Pengadaan Barang dan Jasa", nil)

	b.agency("INSPEKTORAT", "Inspektorat Daerah")
	b.unit("SEKRETARIAT", "Sekretariat Inspektorat", KindOther, "", 15, "admin", "Sekretaris Inspektorat", nil)
	b.unit("IRBAN", "Inspektur Pembantu Wilayah", KindOther, "", 32, "auditor", "Inspektur Pembantu", nil)

	b.agency("BAPPEDA", "Badan Perencanaan Pembangunan Daerah")
	b.unit("SEKRETARIAT", "Sekretariat Bappeda", KindBadan, "", 16, "admin", "Sekretaris Bappeda", nil)
	b.unit("PERENCANAAN", "Bidang Perencanaan dan Pengendalian", KindBadan, "", 26, "planner", "Kepala Bidang Perencanaan dan Pengendalian", nil)

	b.agency("BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia")
	b.unit("SEKRETARIAT", "Sekretariat BKPSDM", KindBadan, "", 14, "admin", "Sekretaris BKPSDM", nil)
	b.unit("MUTASI", "Bidang Mutasi dan Promosi", KindBadan, "", 18, "hr", "Kepala Bidang Mutasi dan Promosi",
		svc(450, 83, 0, free, aud("asn"), "Kenaikan Pangkat", 4, "Mutasi Jabatan", 2, "Pensiun", 2, "Kartu Pegawai Elektronik", 1))
	b.unit("PSDM", "Bidang Pengembangan Sumber Daya Manusia", KindBadan, "", 15, "hr", "Kepala Bidang Pengembangan SDM", nil)

	b.agency("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah")
	b.unit("SEKRETARIAT", "Sekretariat BPKAD", KindBadan, "", 18, "admin", "Sekretaris BPKAD", nil)
	b.unit("PERBENDAHARAAN", "Bidang Perbendaharaan", KindBadan, "", 24, "finance", "Kepala Bidang Perbendaharaan", nil)
	b.unit("ASET", "Bidang Aset", KindBadan, "", 18, "finance", "Kepala Bidang Aset", nil)

	b.agency("BAPENDA", "Badan Pendapatan Daerah")
	b.unit("SEKRETARIAT", "Sekretariat Bapenda", KindBadan, "", 14, "admin", "Sekretaris Bapenda", nil)
	b.unit("PELAYANAN", "Bidang Pelayanan dan Penetapan Pajak Daerah", KindBadan, "", 30, "finance", "Kepala Bidang Pelayanan dan Penetapan",
		svc(1200, 84, 1, paid, aud("general"), "PBB-P2", 5, "BPHTB", 3, "Pajak Restoran dan Hotel", 1, "Pajak Reklame", 1))

	b.agency("DISDIKBUD", "Dinas Pendidikan dan Kebudayaan")
	b.unit("SEKRETARIAT", "Sekretariat Dinas Pendidikan dan Kebudayaan", KindDinas, "", 30, "admin", "Sekretaris Dinas", nil)
	b.unit("GTK", "Bidang Pembinaan Guru dan Tenaga Kependidikan", KindDinas, "", 22, "admin", "Kepala Bidang Pembinaan GTK",
		svc(300, 80, 1.5, free, aud("asn"), "Tunjangan Profesi Guru", 3, "Kenaikan Pangkat Guru", 2, "Mutasi Guru", 1))
	b.unit("KEBUDAYAAN", "Bidang Kebudayaan", KindDinas, "", 18, "admin", "Kepala Bidang Kebudayaan", nil)
	for _, k := range Kecamatans {
		for i := 1; i <= k.sd; i++ {
			code := fmt.Sprintf("SD-%s-%02d", k.slug, i)
			staff := 10 + int(5*(1+jitter(code, "staff")))
			if i <= 2 && (k.slug == "MAMUJU" || k.slug == "KALUKKU") {
				staff += 8 // the big town schools
			}
			q := 87 + 5*jitter(code, "q")
			p := svc(25+22*(1+jitter(code, "n")), q, 0, free, aud("parents"),
				"Penerimaan Peserta Didik Baru (PPDB)", 5, "Legalisir Ijazah", 2, "Surat Keterangan Pindah Sekolah", 1, "Pengambilan Rapor dan Konsultasi Wali Kelas", 2)
			p.season = seasonSchool
			b.unit(code, fmt.Sprintf("SD Negeri %d %s", i, k.Name), KindSekolah, k.Name, staff, "guru_sd", "Kepala Sekolah", p)
		}
		for i := 1; i <= k.smp; i++ {
			code := fmt.Sprintf("SMP-%s-%02d", k.slug, i)
			staff := 18 + int(7*(1+jitter(code, "staff")))
			q := 85 + 6*jitter(code, "q")
			p := svc(50+30*(1+jitter(code, "n")), q, 0, free, aud("parents"),
				"Penerimaan Peserta Didik Baru (PPDB)", 5, "Legalisir Ijazah", 3, "Surat Keterangan Lulus", 1, "Surat Keterangan Pindah Sekolah", 1)
			p.season = seasonSchool
			b.unit(code, fmt.Sprintf("SMP Negeri %d %s", i, k.Name), KindSekolah, k.Name, staff, "guru_smp", "Kepala Sekolah", p)
		}
	}

	b.agency("DINKES", "Dinas Kesehatan")
	b.unit("SEKRETARIAT", "Sekretariat Dinas Kesehatan", KindDinas, "", 28, "admin", "Sekretaris Dinas", nil)
	b.unit("P2P", "Bidang Pencegahan dan Pengendalian Penyakit", KindDinas, "", 20, "nakes", "Kepala Bidang P2P", nil)
	b.unit("KESMAS", "Bidang Kesehatan Masyarakat", KindDinas, "", 18, "nakes", "Kepala Bidang Kesehatan Masyarakat", nil)
	b.unit("LABKESDA", "UPTD Laboratorium Kesehatan Daerah", KindUPT, "Mamuju", 16, "nakes", "Kepala UPTD Labkesda",
		svc(400, 85, 0.5, paid, aud("general"), "Pemeriksaan Laboratorium Klinik", 3, "Pemeriksaan Kualitas Air", 1, "Surat Keterangan Bebas Narkoba", 1))
	b.unit("IFK", "UPTD Instalasi Farmasi Kabupaten", KindUPT, "Mamuju", 10, "nakes", "Kepala UPTD Instalasi Farmasi", nil)
	rsud := svc(5200, 82, -3.5, mostlyFree, aud("patients"),
		"Rawat Jalan Poliklinik", 10, "Rawat Inap", 4, "Instalasi Gawat Darurat", 3, "Laboratorium", 2, "Radiologi", 1, "Farmasi", 3)
	rsud.offsets[2] -= 0.3 // queues at the poliklinik
	rsud.offsets[7] -= 0.2 // crowded wards
	rsud.saturday = true
	rsud.season = seasonHealth
	b.unit("RSUD", "RSUD Kabupaten Mamuju", KindUPT, "Mamuju", 480, "nakes_rs", "Direktur RSUD", rsud)
	for _, p := range puskesmasList {
		code := "PKM-" + strings.ToUpper(strings.ReplaceAll(p.name, " ", "-"))
		q := 86 + 5*jitter(code, "q")
		prof := svc(1300*p.size, q, 0, free, aud("patients"),
			"Rawat Jalan Umum", 8, "Kesehatan Ibu dan Anak (KIA)", 4, "Imunisasi", 3, "Pemeriksaan Gigi dan Mulut", 1, "Laboratorium Sederhana", 1, "Keluarga Berencana", 1, "Farmasi", 2)
		prof.saturday = true
		prof.season = seasonHealth
		switch p.name {
		case "Rangas":
			prof.quality, prof.trend = 89, -4.5 // a new head, staff moved out: slipping
		case "Binanga":
			prof.quality, prof.trend = 82, 3.5 // new building in 2024, online queue
		case "Kalumpang":
			prof.quality = 73 // remote, few staff, weak on competence and behaviour
			prof.offsets[5] -= 0.35
			prof.offsets[6] -= 0.35
			prof.offsets[7] -= 0.3
		case "Bala Balakang":
			prof.quality = 75 // island, weak facilities
			prof.offsets[7] -= 0.45
		case "Tampa Padang":
			prof.offsets[6] -= 0.3 // complaints about rude staff
		}
		b.unit(code, "Puskesmas "+p.name, KindPuskesmas, kecName(p.kec), int(45*p.size+10), "nakes", "Kepala Puskesmas", prof)
	}

	b.agency("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil")
	b.unit("SEKRETARIAT", "Sekretariat Disdukcapil", KindDinas, "", 12, "admin", "Sekretaris Dinas", nil)
	dafduk := svc(4200, 79, 4.5, free, aud("general"),
		"Perekaman KTP-el", 6, "Pencetakan KTP-el", 3, "Kartu Keluarga", 6, "Pindah Datang", 2, "Kartu Identitas Anak", 1, "Identitas Kependudukan Digital", 1)
	dafduk.offsets[2] -= 0.3 // the queue, until the online booking of 2025
	dafduk.season = seasonDukcapil
	b.unit("DAFDUK", "Bidang Pelayanan Pendaftaran Penduduk", KindDinas, "", 24, "dukcapil", "Kepala Bidang Pelayanan Pendaftaran Penduduk", dafduk)
	capil := svc(2600, 84, 2, free, aud("general"),
		"Akta Kelahiran", 10, "Akta Kematian", 3, "Akta Perkawinan", 2, "Akta Perceraian", 1, "Legalisir Dokumen Kependudukan", 2)
	capil.season = seasonDukcapil
	b.unit("CAPIL", "Bidang Pelayanan Pencatatan Sipil", KindDinas, "", 18, "dukcapil", "Kepala Bidang Pelayanan Pencatatan Sipil", capil)

	b.agency("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu")
	b.unit("SEKRETARIAT", "Sekretariat DPMPTSP", KindDinas, "", 10, "admin", "Sekretaris Dinas", nil)
	b.unit("PERIZINAN", "Bidang Pelayanan Perizinan dan Nonperizinan", KindDinas, "", 16, "perizinan", "Kepala Bidang Pelayanan Perizinan",
		svc(1500, 80, 3.5, paid, aud("business"), "Persetujuan Bangunan Gedung (PBG)", 4, "Surat Izin Praktik Tenaga Kesehatan", 3, "Izin Reklame", 1, "Izin Operasional Satuan Pendidikan", 1, "Surat Izin Usaha Perdagangan", 1))
	b.unit("PM", "Bidang Penanaman Modal", KindDinas, "", 12, "perizinan", "Kepala Bidang Penanaman Modal",
		svc(900, 88, 0, free, aud("business"), "Nomor Induk Berusaha (NIB)", 6, "Konsultasi Perizinan Berusaha (OSS)", 3, "Laporan Kegiatan Penanaman Modal (LKPM)", 1))

	b.agency("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang")
	b.unit("SEKRETARIAT", "Sekretariat Dinas PUPR", KindDinas, "", 18, "admin", "Sekretaris Dinas", nil)
	b.unit("BINAMARGA", "Bidang Bina Marga", KindDinas, "", 28, "teknik", "Kepala Bidang Bina Marga", nil)
	b.unit("CIPTAKARYA", "Bidang Cipta Karya dan Tata Ruang", KindDinas, "", 26, "teknik", "Kepala Bidang Cipta Karya",
		svc(250, 78, 0, paid, aud("business"), "Keterangan Kesesuaian Pemanfaatan Ruang (KKPR)", 3, "Rekomendasi Teknis PBG", 2, "Sertifikat Laik Fungsi (SLF)", 1))

	b.agency("DINSOS", "Dinas Sosial")
	b.unit("SEKRETARIAT", "Sekretariat Dinas Sosial", KindDinas, "", 12, "admin", "Sekretaris Dinas", nil)
	dinsos := svc(900, 80, -2.5, free, aud("poor"), "Pendaftaran DTKS", 5, "Rekomendasi PBI Jaminan Kesehatan", 3, "Bantuan Sosial", 2, "Pengaduan Bantuan Sosial", 1)
	dinsos.offsets[5] -= 0.25
	dinsos.offsets[6] -= 0.3
	dinsos.season = seasonSocial
	b.unit("LINJAMSOS", "Bidang Perlindungan dan Jaminan Sosial", KindDinas, "", 20, "admin", "Kepala Bidang Linjamsos", dinsos)

	b.agency("DISHUB", "Dinas Perhubungan")
	b.unit("SEKRETARIAT", "Sekretariat Dinas Perhubungan", KindDinas, "", 14, "admin", "Sekretaris Dinas", nil)
	b.unit("LLAJ", "Bidang Lalu Lintas dan Angkutan Jalan", KindDinas, "", 22, "teknik", "Kepala Bidang LLAJ", nil)
	kir := svc(700, 71, 2, paid, aud("business"), "Pengujian Berkala Kendaraan Bermotor (Uji KIR)", 6, "Penerbitan Kartu Uji", 2, "Numpang Uji", 1)
	kir.offsets[6] -= 0.4 // "uang rokok" stories
	kir.offsets[3] -= 0.2
	b.unit("PKB", "UPTD Pengujian Kendaraan Bermotor", KindUPT, "Kalukku", 16, "teknik", "Kepala UPTD PKB", kir)

	b.agency("SATPOLPP", "Satuan Polisi Pamong Praja dan Pemadam Kebakaran")
	b.unit("SEKRETARIAT", "Sekretariat Satpol PP", KindOther, "", 14, "admin", "Sekretaris Satpol PP", nil)
	b.unit("TRANTIB", "Bidang Ketenteraman dan Ketertiban Umum", KindOther, "", 48, "satpol", "Kepala Bidang Trantibum", nil)
	b.unit("DAMKAR", "Bidang Pemadam Kebakaran dan Penyelamatan", KindOther, "", 30, "satpol", "Kepala Bidang Damkar", nil)

	b.agency("DLH", "Dinas Lingkungan Hidup")
	b.unit("SEKRETARIAT", "Sekretariat Dinas Lingkungan Hidup", KindDinas, "", 12, "admin", "Sekretaris Dinas", nil)
	b.unit("PPKL", "Bidang Penataan dan Pengendalian Lingkungan", KindDinas, "", 16, "teknik", "Kepala Bidang Penataan",
		svc(160, 81, 0, free, aud("business"), "Persetujuan Lingkungan (UKL-UPL)", 2, "Surat Pernyataan Pengelolaan Lingkungan (SPPL)", 3, "Pengaduan Lingkungan", 1))
	b.unit("PERSAMPAHAN", "Bidang Pengelolaan Sampah", KindDinas, "", 22, "teknik", "Kepala Bidang Pengelolaan Sampah", nil)

	b.agency("DISNAKERTRANS", "Dinas Tenaga Kerja dan Transmigrasi")
	b.unit("SEKRETARIAT", "Sekretariat Disnakertrans", KindDinas, "", 10, "admin", "Sekretaris Dinas", nil)
	b.unit("PENEMPATAN", "Bidang Penempatan dan Perluasan Kesempatan Kerja", KindDinas, "", 14, "admin", "Kepala Bidang Penempatan",
		svc(1400, 86, 0.5, free, aud("youth"), "Kartu Pencari Kerja (AK/I)", 8, "Pelatihan Kerja", 1, "Pencatatan Perjanjian Kerja", 1))

	b.agency("DISPUSIP", "Dinas Perpustakaan dan Kearsipan")
	b.unit("SEKRETARIAT", "Sekretariat Dinas Perpustakaan dan Kearsipan", KindDinas, "", 8, "admin", "Sekretaris Dinas", nil)
	b.unit("PERPUSTAKAAN", "Bidang Layanan Perpustakaan", KindDinas, "Mamuju", 18, "pustaka", "Kepala Bidang Layanan Perpustakaan",
		svc(700, 90, 0, free, aud("youth"), "Layanan Baca", 4, "Keanggotaan Perpustakaan", 2, "Peminjaman Buku", 3))

	b.agency("DISKOMINFO", "Dinas Komunikasi, Informatika, Statistik dan Persandian")
	b.unit("SEKRETARIAT", "Sekretariat Diskominfo", KindDinas, "", 10, "admin", "Sekretaris Dinas", nil)
	b.unit("IKP", "Bidang Informasi dan Komunikasi Publik (PPID)", KindDinas, "", 16, "admin", "Kepala Bidang IKP",
		svc(60, 85, 0, free, aud("general"), "Permohonan Informasi Publik", 3, "Pengaduan Masyarakat (SP4N-LAPOR!)", 1))
	b.unit("APTIKA", "Bidang Aplikasi Informatika", KindDinas, "", 14, "it", "Kepala Bidang Aplikasi Informatika", nil)

	for _, k := range Kecamatans {
		b.agency("KEC-"+k.Code, "Kecamatan "+k.Name)
		q := 85 + 4*jitter(k.Code, "q")
		n := 330 + 110*(1+jitter(k.Code, "n"))
		if k.slug == "MAMUJU" || k.slug == "KALUKKU" {
			n *= 1.6
		}
		p := svc(n, q, 0, free, aud("general"),
			"Pelayanan Administrasi Terpadu Kecamatan (PATEN)", 4, "Surat Keterangan", 3, "Rekomendasi", 2, "Legalisasi Dokumen", 2, "Surat Keterangan Ahli Waris", 1)
		switch k.slug {
		case "KALUMPANG":
			p.quality = 73 // remote office, the camat often away
			p.offsets[5] -= 0.3
			p.offsets[6] -= 0.35
		case "TOMMO":
			p.trend = 3 // PATEN with a new front desk in 2024
			p.quality = 80
		case "PAPALANG":
			p.trend = -3
			p.quality = 88
		}
		staff := 18 + int(6*(1+jitter(k.Code, "staff")))
		b.unit("KANTOR", "Kantor Camat "+k.Name, KindKecamatan, k.Name, staff, "admin", "Camat", p)
		for _, kel := range kelurahanList {
			if kel.kec != k.slug {
				continue
			}
			code := "KEL-" + strings.ToUpper(strings.ReplaceAll(kel.name, " ", "-"))
			pk := svc(200+60*(1+jitter(code, "n")), 85+5*jitter(code, "q"), 0, free, aud("general"),
				"Surat Pengantar KTP-el dan KK", 4, "Surat Keterangan Domisili", 3, "Surat Keterangan Tidak Mampu", 2, "Surat Keterangan Usaha", 2, "Surat Keterangan Kematian", 1)
			if kel.name == "Karema" {
				pk.trend = -3.5
			}
			b.unit(code, "Kelurahan "+kel.name, KindKelurahan, k.Name, 9, "admin", "Lurah", pk)
		}
	}
	return &Organisation{Agencies: b.agencies, Units: b.units}
}

func kecName(slug string) string {
	for _, k := range Kecamatans {
		if k.slug == slug {
			return k.Name
		}
	}
	panic("demo: unknown kecamatan " + slug)
}

type orgBuilder struct {
	agencies []Agency
	units    []Unit
	cur      Agency
}

func (b *orgBuilder) agency(code, name string) {
	b.cur = Agency{Code: code, Name: name}
	b.agencies = append(b.agencies, b.cur)
}

func (b *orgBuilder) unit(suffix, name, kind, kec string, staff int, family, head string, p *surveyProfile) {
	b.units = append(b.units, Unit{
		Code: b.cur.Code + "-" + suffix, Name: name,
		AgencyCode: b.cur.Code, AgencyName: b.cur.Name,
		Kind: kind, Kecamatan: kec, Staff: staff, Service: p != nil,
		survey: p, family: family, head: head,
	})
}
