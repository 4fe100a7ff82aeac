package analytics

// Config is the analytics part of the configuration file (kinerja.yaml,
// section `analytics:`). Every value the regulations in domain.md do not
// fix lives here, documented, with the default stated next to it; nothing of
// the kind is invented in code.
type Config struct {
	// Calendar decides which days are working days (activity-report
	// compliance): Monday–Friday in WITA minus holidays.
	Calendar CalendarConfig `yaml:"calendar"`
	// IPASN holds the instrument values of the ASN professionalism index
	// (PermenPANRB 38/2018, Peraturan BKN 8/2019) not listed in domain.md.
	IPASN IPASNConfig `yaml:"ip_asn"`
	// Needs weighs the training-needs priority score.
	Needs NeedsConfig `yaml:"needs"`
	// Competency says which level a position requires when an assessment
	// carries none.
	Competency CompetencyConfig `yaml:"competency"`
	// Population is the number of service users per year of each unit
	// (unit code → users), for IKM sample adequacy (Krejcie–Morgan, see
	// RequiredSample). A unit without an entry has an unknown population and
	// its results carry no required_sample. Default: empty.
	Population map[string]uint64 `yaml:"population"`
}

// CalendarConfig: see Config.Calendar. A working day is a Monday–Friday
// (WITA) that is not a holiday; the holidays are the built-in national
// list (NationalHolidays in calendar.go: libur nasional and cuti bersama
// ASN 2024–2026 from the SKB 3 Menteri and the Keppres) plus Holidays,
// minus WorkingDays. Default: the national list alone. Years the national
// list does not cover must be configured here.
type CalendarConfig struct {
	// Holidays are extra days off: a regional holiday, a day the Bupati
	// closes the offices, an election day, a year after 2026.
	Holidays []Holiday `yaml:"holidays"`
	// WorkingDays (YYYY-MM-DD) are days of the national list the Pemda's
	// offices work anyway (a cuti bersama not taken).
	WorkingDays []string `yaml:"working_days"`
	// NoNationalHolidays drops the built-in list: only Holidays count.
	NoNationalHolidays bool `yaml:"no_national_holidays"`
}

// IPASNConfig: see Config.IPASN. The ASN professionalism index
// (PermenPANRB 38/2018, Peraturan BKN 8/2019) per ASN is Kualifikasi (max
// 25) + Kompetensi (capped) + Kinerja (max 30) + Disiplin (max 5). A zero
// or empty field means its default; the defaults that domain.md §4 states
// are the regulation's, every other default is an ASSUMPTION that the
// report names in its "assumptions" until this file sets the value (copy it
// from the lampiran of Peraturan BKN 8/2019 in force for the Pemda).
type IPASNConfig struct {
	// Types are the employee types measured. Default [PNS]: the instrument
	// of Peraturan BKN 8/2019 measures PNS.
	Types []string `yaml:"types"`
	// Kualifikasi gives the points of the highest formal education, keyed by
	// employees.education (SD, SMP, SMA, D1, D2, D3, D4, S1, S2, S3). Entries
	// replace the default of their level only. Default: S3 25 and S2 20
	// (domain.md); S1 15, D4 15, D3 10, D2 5, D1 5, SMA 5, SMP 1, SD 1 are an
	// ASSUMPTION, grouped as BKN's IP ASN form groups the levels (S1/D-IV;
	// D-III; D-II/D-I/SLTA; SLTP and below). An education not listed scores 0
	// and is counted as unknown.
	Kualifikasi map[string]float64 `yaml:"kualifikasi"`
	// Kompetensi: the training sub-dimensions and what "matching the
	// position" means.
	Kompetensi IPASNKompetensi `yaml:"kompetensi"`
	// Kinerja gives the points of the SKP predikat (PermenPANRB 6/2022:
	// sangat_baik, baik, butuh_perbaikan, kurang, sangat_kurang) of the year
	// measured: its ANNUAL evaluation, else its latest quarter. No
	// evaluation scores 0. Entries replace the default of their predikat
	// only. Default (ASSUMPTION: the instrument was written for the 0–100
	// SKP scores of PP 46/2011, banded Sangat Baik / Baik / Cukup / Kurang /
	// Buruk, and maps those bands, not the 2022 predikat): sangat_baik 30,
	// baik 25, butuh_perbaikan 15, kurang 5, sangat_kurang 1.
	Kinerja map[string]float64 `yaml:"kinerja"`
	// DisiplinWithoutData is the Disiplin points of every ASN, as Kinerja has
	// no discipline dataset yet. Default 5 (ASSUMPTION: no recorded
	// punishment, i.e. "tidak pernah dijatuhi hukuman disiplin", the
	// dimension's maximum). Set 0 to leave the dimension out honestly.
	DisiplinWithoutData *float64 `yaml:"disiplin_without_data"`
}

// IPASNKompetensi: see IPASNConfig.Kompetensi. Zero means default.
type IPASNKompetensi struct {
	// Points of each sub-dimension. Defaults from domain.md: leadership
	// training matching the position 15, functional training matching the
	// position 15, technical training of at least TechnicalMinJP 15.
	Leadership float64 `yaml:"leadership"`
	Functional float64 `yaml:"functional"`
	Technical  float64 `yaml:"technical"`
	// Seminar: points for at least one seminar/workshop/course in the
	// window. Default 5 (ASSUMPTION: domain.md lists the item without its
	// points).
	Seminar float64 `yaml:"seminar"`
	// Cap of the dimension. Default 40 (domain.md).
	Cap float64 `yaml:"cap"`
	// TechnicalMinJP: JP of technical training needed in the window.
	// Default 20 (domain.md).
	TechnicalMinJP float64 `yaml:"technical_min_jp"`
	// TechnicalKinds are the trainings.kind values that count as technical
	// training. Default [teknis, elearning] (ASSUMPTION: e-learning courses
	// of LAN and the sector platforms are technical training taken
	// non-classically).
	TechnicalKinds []string `yaml:"technical_kinds"`
	// SeminarKinds count for the seminar item. Default [seminar, workshop,
	// kursus] (domain.md: seminars/workshops/courses).
	SeminarKinds []string `yaml:"seminar_kinds"`
	// WindowYears: technical training and seminars count when they end in
	// the year measured or the WindowYears−1 years before it. Default 1
	// (BKN's IP ASN form: technical training "berlaku untuk 1 (satu) tahun
	// terakhir"). Leadership and functional training count whenever they
	// ended, up to the end of the year measured.
	WindowYears int `yaml:"window_years"`
	// LeadershipTitles: a kepemimpinan training matches a structural
	// position when its title contains, as whole words (case-insensitive),
	// one of the phrases listed for the position class; a class not listed
	// has no leadership training to match (pelaksana, fungsional). Entries
	// replace the default of their class only. Default (ASSUMPTION: the
	// names of the leadership trainings of PermenPANRB/LAN for each level,
	// old and new): pengawas [Kepemimpinan Pengawas, PKP, Diklatpim IV,
	// Diklatpim Tingkat IV, PIM IV]; administrator [Kepemimpinan
	// Administrator, PKA, Diklatpim III, Diklatpim Tingkat III, PIM III];
	// jpt_pratama [Kepemimpinan Nasional Tingkat II, PKN II, PKN Tingkat II,
	// Diklatpim II, Diklatpim Tingkat II, PIM II]; jpt_madya [Kepemimpinan
	// Nasional Tingkat I, PKN I, PKN Tingkat I, Diklatpim I, Diklatpim
	// Tingkat I, PIM I].
	LeadershipTitles map[string][]string `yaml:"leadership_titles"`
	// FunctionalClasses are the position classes whose functional training
	// (trainings.kind fungsional) matches the position. Default [fungsional]
	// (ASSUMPTION: any functional training of a fungsional ASN is taken to
	// be that of the position; the data does not say which JF a training
	// belongs to).
	FunctionalClasses []string `yaml:"functional_classes"`
}

// NeedsConfig: see Config.Needs. The training-needs priority of a unit is
// 100 × Σ weight × component ÷ Σ weight over the components the unit has
// data for; every component is a fraction 0–1 where more means more need.
type NeedsConfig struct {
	// Weights of the components. All zero (the default) means: competency
	// 0,30, jp_share 0,15, jp_deficit 0,10, predikat 0,25, service 0,20 (our
	// decision: competency gaps and performance first, as PP 11/2017 art.
	// 206 pairs the competency gap with the performance gap). Once any
	// weight is set, the five are taken as written (0 leaves a component
	// out).
	Weights NeedsWeights `yaml:"weights"`
	// TopReasons is how many reasons a row carries. Default 3.
	TopReasons int `yaml:"top_reasons"`
	// ServiceMinRespondents: a unit is a service unit for the score when it
	// has at least this many SKM questionnaires in the year. Default 30
	// (our decision: fewer answers make an element's NRR too noisy to rank
	// a unit by).
	ServiceMinRespondents int `yaml:"service_min_respondents"`
	// ServiceNRRTarget: U6 and U7 below this NRR (1–4) count as low.
	// Default 3.0644, the lower bound of mutu B (PermenPANRB 14/2017).
	ServiceNRRTarget float64 `yaml:"service_nrr_target"`
}

// NeedsWeights: see NeedsConfig.Weights.
type NeedsWeights struct {
	// Competency: share of the unit's latest assessments (ASN × competency)
	// below the required level.
	Competency float64 `yaml:"competency" json:"competency"`
	// JPShare: share of the unit's ASN below 20 JP in the year.
	JPShare float64 `yaml:"jp_share" json:"jp_share"`
	// JPDeficit: mean shortfall to 20 JP per ASN, ÷ 20.
	JPDeficit float64 `yaml:"jp_deficit" json:"jp_deficit"`
	// Predikat: share of the unit's evaluated ASN with predikat
	// butuh_perbaikan, kurang or sangat_kurang.
	Predikat float64 `yaml:"predikat" json:"predikat"`
	// Service (service units only): mean of U6's and U7's shortfall below
	// ServiceNRRTarget, ÷ (ServiceNRRTarget − 1).
	Service float64 `yaml:"service" json:"service"`
}

// CompetencyConfig: see Config.Competency. A zero or empty field means its
// default.
type CompetencyConfig struct {
	// ManajerialByClass is the manajerial level a position class requires,
	// used when an assessment carries no required level (0). Entries replace
	// the default of their class only. Default (PermenPANRB 38/2017,
	// domain.md §3): jpt_madya 5, jpt_pratama 4, administrator 3,
	// pengawas 2, pelaksana 1.
	ManajerialByClass map[string]int `yaml:"manajerial_by_class"`
	// FungsionalByGrade is the manajerial level a fungsional position
	// requires, by the grade its name ends with (case-insensitive: "Perawat
	// Ahli Muda" → "Ahli Muda"). Entries replace the default of their grade
	// only. Not in domain.md; default (our decision, the one the demo uses):
	// Ahli Utama 4, Ahli Madya 3, Ahli Muda 2, Ahli Pertama 1, Penyelia 2,
	// Mahir 1, Terampil 1, Pemula 1.
	FungsionalByGrade map[string]int `yaml:"fungsional_by_grade"`
	// FungsionalDefault is the level of a fungsional position whose name
	// ends with none of the grades. Default 1 (the lowest level).
	FungsionalDefault int `yaml:"fungsional_default"`
}
