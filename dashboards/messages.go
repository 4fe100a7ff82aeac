package dashboards

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
)

// Lang is the language of a page: Bahasa Indonesia first, English second.
type Lang string

const (
	ID Lang = "id"
	EN Lang = "en"
)

// langCookie remembers the language chosen with ?lang=.
const langCookie = "kinerja_lang"

// parseLang accepts id and en (any case); anything else is not a language.
func parseLang(s string) (Lang, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "id":
		return ID, true
	case "en":
		return EN, true
	}
	return "", false
}

// langOf picks the page language: ?lang= (remembered in a cookie for a
// year), else the cookie, else Indonesian. The Accept-Language header is
// deliberately ignored: the Pemda's staff browsers are often English, and
// Indonesian is the working language of the product.
func langOf(c *fiber.Ctx) Lang {
	if l, ok := parseLang(c.Query("lang")); ok {
		c.Cookie(&fiber.Cookie{
			Name: langCookie, Value: string(l), Path: "/",
			Expires: time.Now().AddDate(1, 0, 0), HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode,
		})
		return l
	}
	if l, ok := parseLang(c.Cookies(langCookie)); ok {
		return l
	}
	return ID
}

// T returns the text of a message key in l. A key missing from the catalog
// shows as "?key?" (TestCatalogComplete keeps both languages complete).
func (l Lang) T(key string) string {
	if m, ok := catalog[l][key]; ok {
		return m
	}
	if m, ok := catalog[ID][key]; ok {
		return m
	}
	return "?" + key + "?"
}

// Other is the language the page offers to switch to.
func (l Lang) Other() Lang {
	if l == EN {
		return ID
	}
	return EN
}

// catalog holds every label of the dashboards, per language.
var catalog = map[Lang]map[string]string{
	ID: {
		"app.name":            "Kinerja",
		"page.ikm":            "Kepuasan Masyarakat",
		"page.ikm.lead":       "Indeks Kepuasan Masyarakat (IKM) menurut PermenPANRB 14/2017",
		"lang.switch":         "English",
		"filter.from":         "Dari",
		"filter.to":           "Sampai",
		"filter.agency":       "OPD",
		"filter.unit":         "Unit layanan",
		"filter.grain":        "Periode tren",
		"filter.weight":       "Bobot unsur",
		"filter.all_agencies": "Semua OPD",
		"filter.all_units":    "Semua unit",
		"filter.apply":        "Tampilkan",
		"filter.reset":        "Atur ulang",
		"grain.month":         "Bulanan",
		"grain.quarter":       "Triwulan",
		"grain.semester":      "Semester",
		"grain.year":          "Tahunan",
		"weight.exact":        "1/9 (tepat)",
		"weight.0.111":        "0,111 (seperti laporan lama)",
		"print.period":        "Periode",
		"print.agency":        "OPD",
		"print.unit":          "Unit",
		"print.weight":        "Bobot",
		"print.grain":         "Tren",
		"print.printed":       "Dicetak",
		"print.all":           "Semua",
		"scope.pemda":         "seluruh Pemda",
		"widget.summary":      "Ringkasan",
		"widget.by_agency":    "IKM per OPD",
		"widget.by_unit":      "IKM per unit",
		"widget.trend":        "Tren IKM",
		"widget.elements":     "Nilai per unsur (U1–U9)",
		"widget.error":        "Bagian ini gagal dimuat. Bagian lain halaman tidak terpengaruh.",
		"widget.error_ref":    "Kode permintaan",
		"widget.no_data":      "Tidak ada data untuk bagian ini pada periode yang dipilih.",
		"widget.click_hint":   "Klik batang untuk membuka halaman OPD/unit tersebut.",
		"widget.table":        "Tabel data",
		"col.no":              "No",
		"col.agency":          "OPD",
		"col.unit":            "Unit",
		"col.period":          "Periode",
		"col.ikm":             "IKM",
		"col.index":           "Nilai indeks",
		"col.mutu":            "Mutu",
		"col.performance":     "Kinerja",
		"col.respondents":     "Responden",
		"col.element":         "Unsur",
		"col.nrr":             "NRR",
		"col.note":            "Catatan",
		"summary.ikm":         "IKM",
		"summary.mutu":        "Mutu pelayanan",
		"summary.respondents": "Responden",
		"summary.weakest":     "Unsur terlemah",
		"weak":                "Perlu perbaikan",
		"weak.rule":           "Unsur ditandai perlu perbaikan bila mutunya C atau D, dan unsur dengan nilai terendah selalu ditandai.",
		"mutu.legend":         "Mutu pelayanan",
		"mutu.A":              "Sangat Baik",
		"mutu.B":              "Baik",
		"mutu.C":              "Kurang Baik",
		"mutu.D":              "Tidak Baik",
		"chart.ikm":           "IKM",
		"chart.threshold":     "Batas mutu",
		"chart.save":          "Simpan sebagai gambar",
		"empty.title":         "Belum ada hasil survei untuk pilihan ini",
		"empty.period":        "Tidak ada kuesioner SKM yang masuk pada periode dan filter yang dipilih.",
		"empty.extent":        "Data survei yang tersedia: %s sampai %s.",
		"empty.suggest":       "Tampilkan 12 bulan sampai data terakhir",
		"empty.nodata":        "Belum ada data survei sama sekali. Impor hasil survei (kinerja ingest) atau jalankan demo (kinerja serve --demo).",
		"error.param":         "Parameter tidak valid",
		"expect.date":         "seharusnya tanggal dengan format TTTT-BB-HH",
		"expect.after_from":   "seharusnya tanggal yang sama dengan atau sesudah tanggal awal",
		"expect.grain":        "seharusnya month, quarter, semester atau year",
		"expect.weight":       "seharusnya exact atau 0.111",
		"expect.code":         "seharusnya kode OPD/unit (paling banyak 64 karakter)",
		"expect.by":           "seharusnya all, agency atau unit",
		"expect.known":        "parameter ini tidak dikenal",
		"error.unit_agency":   "Unit yang dipilih bukan bagian dari OPD ini; filter unit diabaikan.",
		"error.org":           "Daftar OPD dan unit tidak dapat dimuat; filter hanya menampilkan pilihan saat ini.",
		"error.assets":        "File echarts.min.js tidak ada di server, sehingga grafik tidak dapat digambar (jalankan make deps). Tabel tetap tersedia.",
		"error.page":          "Halaman tidak dapat ditampilkan",
		"error.notfound":      "Halaman tidak ditemukan",
		"error.back":          "Kembali ke beranda",
	},
	EN: {
		"app.name":            "Kinerja",
		"page.ikm":            "Public Satisfaction",
		"page.ikm.lead":       "Public Satisfaction Index (IKM) per PermenPANRB 14/2017",
		"lang.switch":         "Bahasa Indonesia",
		"filter.from":         "From",
		"filter.to":           "To",
		"filter.agency":       "Agency (OPD)",
		"filter.unit":         "Service unit",
		"filter.grain":        "Trend period",
		"filter.weight":       "Element weight",
		"filter.all_agencies": "All agencies",
		"filter.all_units":    "All units",
		"filter.apply":        "Show",
		"filter.reset":        "Reset",
		"grain.month":         "Monthly",
		"grain.quarter":       "Quarterly",
		"grain.semester":      "Half-yearly",
		"grain.year":          "Yearly",
		"weight.exact":        "1/9 (exact)",
		"weight.0.111":        "0.111 (as in older reports)",
		"print.period":        "Period",
		"print.agency":        "Agency",
		"print.unit":          "Unit",
		"print.weight":        "Weight",
		"print.grain":         "Trend",
		"print.printed":       "Printed",
		"print.all":           "All",
		"scope.pemda":         "whole Pemda",
		"widget.summary":      "Summary",
		"widget.by_agency":    "IKM per agency",
		"widget.by_unit":      "IKM per unit",
		"widget.trend":        "IKM trend",
		"widget.elements":     "Score per element (U1–U9)",
		"widget.error":        "This part could not be loaded. The rest of the page is not affected.",
		"widget.error_ref":    "Request id",
		"widget.no_data":      "No data for this part in the chosen period.",
		"widget.click_hint":   "Click a bar to open the page of that agency or unit.",
		"widget.table":        "Data table",
		"col.no":              "No",
		"col.agency":          "Agency",
		"col.unit":            "Unit",
		"col.period":          "Period",
		"col.ikm":             "IKM",
		"col.index":           "Index",
		"col.mutu":            "Grade",
		"col.performance":     "Performance",
		"col.respondents":     "Respondents",
		"col.element":         "Element",
		"col.nrr":             "NRR",
		"col.note":            "Note",
		"summary.ikm":         "IKM",
		"summary.mutu":        "Service grade",
		"summary.respondents": "Respondents",
		"summary.weakest":     "Weakest element",
		"weak":                "Needs improvement",
		"weak.rule":           "An element is marked as needing improvement when its grade is C or D; the lowest element is always marked.",
		"mutu.legend":         "Service grade",
		"mutu.A":              "Very good",
		"mutu.B":              "Good",
		"mutu.C":              "Poor",
		"mutu.D":              "Not good",
		"chart.ikm":           "IKM",
		"chart.threshold":     "Grade threshold",
		"chart.save":          "Save as image",
		"empty.title":         "No survey results for this selection yet",
		"empty.period":        "No SKM questionnaires were received in the chosen period and filters.",
		"empty.extent":        "Survey data available: %s to %s.",
		"empty.suggest":       "Show the 12 months up to the latest data",
		"empty.nodata":        "There is no survey data at all yet. Import survey results (kinerja ingest) or run the demo (kinerja serve --demo).",
		"error.param":         "Invalid parameter",
		"expect.date":         "expected a date YYYY-MM-DD",
		"expect.after_from":   "expected a date on or after the start date",
		"expect.grain":        "expected month, quarter, semester or year",
		"expect.weight":       "expected exact or 0.111",
		"expect.code":         "expected an agency/unit code (at most 64 characters)",
		"expect.by":           "expected all, agency or unit",
		"expect.known":        "unknown parameter",
		"error.unit_agency":   "The chosen unit does not belong to this agency; the unit filter is ignored.",
		"error.org":           "The list of agencies and units could not be loaded; the filters only offer the current choice.",
		"error.assets":        "echarts.min.js is missing on the server, so charts cannot be drawn (run make deps). Tables are still shown.",
		"error.page":          "The page could not be shown",
		"error.notfound":      "Page not found",
		"error.back":          "Back to the start page",
	},
}
