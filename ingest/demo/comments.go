package demo

import (
	"math/rand/v2"
	"strings"
)

// Respondents' comments (saran dan masukan): short, in Indonesian, mostly
// absent. Some carry commas, double quotes and line breaks, as real exports
// do, so the ingest parser meets RFC 4180 quoting.

type comment struct {
	text string
	mood int    // -1 unhappy, 0 mixed, 1 happy
	only string // if set, only for services whose name contains it
}

var comments = []comment{
	{"Pelayanan cepat dan ramah, terima kasih.", 1, ""},
	{"Terima kasih, petugas sangat membantu.", 1, ""},
	{"Pelayanan sudah bagus, pertahankan.", 1, ""},
	{"Mantap, prosesnya tidak sampai satu jam.", 1, ""},
	{"Petugasnya sabar menjelaskan persyaratan.", 1, ""},
	{"Sudah baik. Semoga makin baik lagi ke depan.", 1, ""},
	{"Alhamdulillah lancar, tidak ada pungutan.", 1, ""},
	{"Ruang tunggu bersih dan nyaman.", 1, ""},
	{"Dokter dan perawatnya ramah, anak saya tidak takut lagi.", 1, "Rawat Jalan"},
	{"Bidannya telaten, terima kasih.", 1, "KIA"},
	{"KTP-el langsung jadi hari itu juga, terima kasih Dukcapil.", 1, "KTP-el"},
	{"Akta kelahiran anak selesai cepat, tidak bertele-tele.", 1, "Akta"},
	{"Pendaftaran PPDB dibantu operator sekolah, sangat membantu orang tua.", 1, "PPDB"},
	{"Mohon jam pelayanan diperpanjang, kami dari desa jauh.", 0, ""},
	{"Sudah cukup baik, tapi informasi persyaratan belum ditempel di papan.", 0, ""},
	{"Parkiran sempit, kalau hujan becek.", 0, ""},
	{"Sebaiknya ada nomor antrian, supaya tertib.", 0, ""},
	{"Petugas ramah, tapi sistemnya sering \"offline\".", 0, ""},
	{"Mohon disediakan kursi tunggu yang cukup.\nBanyak yang berdiri.", 0, ""},
	{"Informasi di website belum diperbarui, beda dengan di loket.", 0, ""},
	{"Pelayanan baik.\nSaran: sediakan air minum di ruang tunggu.", 0, ""},
	{"Obat yang diresepkan kadang kosong, harus beli di luar.", 0, "Farmasi"},
	{"Blanko KTP-el katanya habis, disuruh kembali minggu depan.", 0, "KTP-el"},
	{"Antrian terlalu lama, mohon ditambah petugas.", -1, ""},
	{"Petugas datang terlambat, loket baru buka jam 9.", -1, ""},
	{"Saya sudah bolak-balik 3 kali, berkas selalu kurang, padahal sudah sesuai daftar.", -1, ""},
	{"Kurang ramah. Ditanya malah dijawab \"tunggu saja\".", -1, ""},
	{"Tidak ada kotak saran, mau mengadu ke mana?", -1, ""},
	{"Katanya gratis, tapi diminta \"uang administrasi\".", -1, ""},
	{"Ruangan panas, AC rusak,\nkipas angin juga tidak ada.", -1, ""},
	{"Jaringan sering putus, pelayanan jadi tertunda.", -1, ""},
	{"Petugas sibuk main HP, pelayanan lambat.", -1, ""},
	{"Pelayanan \"satu pintu\" tapi harus ke tiga meja, mohon dibenahi.", -1, "Izin"},
	{"Menunggu dokter dari jam 8 sampai jam 11.", -1, "Rawat Jalan"},
	{"Uji KIR lama, dan biayanya tidak jelas.", -1, "KIR"},
	{"Data DTKS saya hilang, sudah lapor tapi belum ada kabar.", -1, "DTKS"},
}

var commentsByMood = func() [3][]int16 {
	var out [3][]int16
	for i, c := range comments {
		out[c.mood+1] = append(out[c.mood+1], int16(i))
	}
	return out
}()

// pickComment returns the index of a comment or -1. Unhappy respondents
// write more often than happy ones; the comment fits the respondent's
// answers and, for the service-specific ones, the service.
func pickComment(r *rand.Rand, meanAnswer float64, serviceName string) int16 {
	mood, p := 0, 0.09
	switch {
	case meanAnswer < 2.9:
		mood, p = -1, 0.3
	case meanAnswer >= 3.4:
		mood, p = 1, 0.06
	}
	if !chance(r, p) {
		return -1
	}
	list := commentsByMood[mood+1]
	for range 4 {
		i := list[r.IntN(len(list))]
		if c := comments[i]; c.only == "" || strings.Contains(serviceName, c.only) {
			return i
		}
	}
	return -1
}
