// Package ingest loads data into the warehouse: file imports, inbox
// directories watched on a schedule, the record of every run and every
// rejected row.
//
// # Formats
//
// Every dataset is a table with a header row: a CSV file or a worksheet of
// an XLSX workbook (kinerja ingest file tells them apart by content, not by
// name). Header names are matched case-insensitively after trimming spaces,
// in any order. Extra columns are ignored and named in the run's notes. A
// missing required column makes the file unimportable: the error names the
// missing columns and lists the header that was found. A column the dataset
// uses that is named twice is refused. Blank rows, and rows whose cells are
// all empty, are skipped.
//
// CSV: RFC 4180 quoting (a quoted cell may hold separators, doubled quotes
// and newlines), CRLF or LF line ends. The separator is read from the
// header line: the most frequent of ',', ';' and tab outside quotes, or the
// one a first line "sep=;" names (Excel writes it; it counts as line 1). A
// ';'-separated file comes from Excel in the Indonesian locale: its numbers
// have decimal commas (see Values). Encodings: UTF-8 with or without a BOM;
// UTF-16 with a BOM (Excel's "Unicode Text", tab-separated) is converted; a
// file that is not UTF-8, holds no UTF-8 sequence at all and only bytes
// Windows-1252 defines is read as Windows-1252 (Excel's plain "CSV" on
// Windows), converted, and the run notes the first such character and its
// line so it can be checked; a file mixing UTF-8 with other bytes, or made
// of NUL bytes for an eighth or more (UTF-16 without a BOM, a binary file),
// is refused whole, naming the line of the first bad byte. Every data row
// must have as many cells as the header (a different count is almost
// always a separator inside a text that is not quoted, and is rejected).
// Line numbers are physical lines as an editor shows them: the header is
// line 1 (2 after a sep= line), blank lines count, and a row with a newline
// inside a quoted cell is reported at the line where it starts.
//
// XLSX: the first visible sheet, or the one named with --sheet
// (Request.Sheet; case-insensitive; a wrong name lists the sheets). The
// sheet is streamed row by row (a big sheet is never held in memory). The
// header is the first row with at least two filled cells; up to ten rows
// of a single cell above it (a title, often merged across the columns) are
// skipped and noted; a sheet whose only rows are single cells holding
// commas is CSV pasted into one column, and the error says so. Cells are
// read as stored, not as displayed: numbers as numbers, dates and times as
// Excel serials (converted in date columns, see Values; the workbook's 1900
// or 1904 date system is honoured), booleans as 1 or 0, formulas as their
// last computed value. A row shorter than the header is padded with empty
// cells; a value beyond the header's last column rejects its row (it
// belongs to no column). Merged cells hold their value in their top-left
// cell only. Line numbers are row numbers as Excel shows them. Excel
// 97–2003 .xls files and encrypted workbooks are refused with what to do.
//
// Values, in every dataset:
//
//   - Text is trimmed; codes (unit_code, ids) hold at most 100 characters,
//     names and titles 200; free text (comment, activity) is stored as is,
//     newlines, quotes, control characters and SQL-looking text included.
//   - Numbers: "7.5" or "7,5" (one comma is always a decimal comma),
//     "1.234,5" or "1,234.5" (the last separator is the decimal one, the
//     other groups thousands by three), and in a ';'-separated file "1.234"
//     is 1234. No spaces, units or percent signs. An integer column takes
//     "3" (and "3.0", as a spreadsheet may write it).
//   - Dates: "YYYY-MM-DD" (also followed by a midnight time), "YYYY/MM/DD",
//     day first "DD/MM/YYYY", "D-M-YYYY", "DD.MM.YYYY" (the Indonesian
//     order: a month-first date is misread when its day is 12 or less), or
//     an Excel serial number of days (1900 system with Excel's fictitious
//     29 February 1900 refused, or the 1904 system of the workbook). The date
//     must exist.
//   - Dates and times, in WITA (Asia/Makassar) unless an offset is given:
//     "YYYY-MM-DD HH:MM[:SS]" (a fraction of a second is dropped),
//     "YYYY/MM/DD HH:MM[:SS]", "DD/MM/YYYY HH:MM[:SS]" (also HH.MM.SS, the
//     Indonesian time separator), RFC 3339 with an offset
//     ("2025-03-01T09:30:00+08:00", "…Z"), or an Excel serial with the time
//     as its fraction (rounded to the second). Not before 2000-01-01 WITA and
//     not more than 5 minutes after the import.
//   - Enumerations are matched on their letters and digits only, in any case
//     ("Di Atas Ekspektasi", "di_atas" and "DIATAS" are one value), and
//     stored in the canonical spelling listed.
//   - NIP (domain.md §5): 18 digits; spaces between its groups are removed.
//     PNS: birth date YYYYMMDD, CPNS appointment YYYYMM, gender digit (1
//     male, 2 female), sequence 001–999. PPPK (NI PPPK): birth date, year of
//     appointment YYYY (2019 or later), a 2-digit code, gender digit,
//     sequence. Refused: another length, letters, a birth date that does not
//     exist, lies in the future or before 1900, an appointment month outside
//     01–12, before the 18th birthday (PPPK: by year) or more than a year
//     ahead, a gender digit other than 1 or 2, sequence 000. A NIP that Excel
//     kept as a number ("1.98106E+17", or its last three digits 000) is
//     refused saying to format the column as text. Where the employee type
//     is not known (activity, SKP, competency, training rows, reviewers and
//     evaluators), a NIP whose appointment month is 01–12 is checked as PNS,
//     any other as PPPK. These NIPs need not be in employees.
//   - unit_code must name a unit already imported (case-sensitive), and
//     agency_code an agency (OPD) imported with the units: import units
//     first.
//
// units (writes tables units and agencies):
//
//		unit_code,unit_name,agency_code,agency_name,kind,kecamatan
//
//	  - unit_code, unit_name, agency_code, agency_name: required.
//	  - kind: dinas, badan, kecamatan, puskesmas, sekolah, kelurahan, upt or
//	    other (case-insensitive, stored in lower case).
//	  - kecamatan: optional column, may be empty.
//	  - An agency_code is one OPD: its agency_name must be the same on every
//	    row of a run; a row giving another name is rejected, naming the line of
//	    the first.
//
// employees (ASN master data, personal data; writes employees):
//
//		nip,name,employee_type,position_class,position_name,golongan,education,unit_code,gender,birth_date,active_from,active_to
//
//	  - Required columns: nip, name, employee_type, position_class,
//	    unit_code; the others may be absent.
//	  - employee_type: PNS or PPPK (CPNS is taken as PNS); the NIP is checked
//	    against the type's layout, and a PNS NIP laid out like an NI PPPK
//	    says so.
//	  - position_class: jpt_madya, jpt_pratama, administrator, pengawas,
//	    pelaksana or fungsional ("JPT Pratama" too). position_name: text.
//	  - golongan: required for a PNS, I/a … IV/e (stored as "III/b"; "iii-B",
//	    "III b" accepted); must be empty for a PPPK.
//	  - education: SD, SMP, SMA, D1, D2, D3, D4, S1, S2 or S3, or empty
//	    ("S-1", "D-III", "SLTA"/"SMK"/"MA" as SMA, "SLTP"/"MTs" as SMP, "MI"
//	    as SD accepted).
//	  - gender (L or P; Laki-laki/Pria, Perempuan/Wanita accepted) and
//	    birth_date: when given they must agree with the NIP; when empty the
//	    NIP gives them.
//	  - active_from: a date from 1950 to a year ahead, not before the age of
//	    15; active_to: empty while active, else a date not before
//	    active_from. Both NULL when empty.
//
// organisation_ratings (an OPD's own predikat for a year, PermenPANRB
// 6/2022; writes organisation_ratings):
//
//		agency_code,year,predikat
//
//	  - agency_code: an agency already imported; year: 2000 to this year.
//	  - predikat: istimewa, baik, butuh_perbaikan, kurang or sangat_kurang
//	    ("Butuh Perbaikan" too).
//
// survey (one row per SKM questionnaire; writes survey_responses):
//
//		response_id,unit_code,service,submitted_at,u1,u2,u3,u4,u5,u6,u7,u8,u9,gender,age,education,occupation,comment
//
//	  - response_id (required): unique per source; the same id again is the
//	    same questionnaire, never a second one.
//	  - unit_code (required); submitted_at (required, a date and time).
//	  - u1..u9 (required): an integer 1–4 each ("3.0" is refused).
//	  - service, education, occupation: optional columns, text. gender:
//	    optional column, L or P (either case) or empty. age: optional column,
//	    an integer 10–120 or empty.
//	  - comment: optional column, free text, at most 10 000 characters: a
//	    longer cell is nearly always an unclosed quote that swallowed the
//	    following rows, so it is rejected rather than stored.
//
// activity_reports (one reported activity of the web reporting app;
// writes activity_reports):
//
//		report_id,nip,unit_code,activity_date,submitted_at,activity,output,quantity,status,reviewed_at,reviewer_nip
//
//	  - report_id (required): unique per source, like response_id.
//	  - nip, unit_code: required. activity_date: a date from 2000 to today
//	    (WITA). submitted_at: a date and time.
//	  - activity: required text, at most 2 000 characters; output: text
//	    (the unit of the output, such as "Dokumen"), may be empty.
//	  - quantity: a number 0–1 000 000 (decimals allowed).
//	  - status: submitted, approved or returned (diajukan, disetujui,
//	    dikembalikan accepted).
//	  - reviewed_at (optional column): a date and time, required for approved
//	    and returned reports, empty for submitted ones, not before
//	    submitted_at. reviewer_nip (optional column): a NIP or empty.
//
// skp_evaluations (SKP of one ASN for one period, PermenPANRB 6/2022;
// writes skp_evaluations):
//
//		nip,unit_code,year,period,hasil_kerja,perilaku_kerja,predikat,evaluator_nip
//
//	  - nip, unit_code: required. year: 2000 to this year.
//	  - period: Q1, Q2, Q3, Q4 or ANNUAL (TW1…TW4, "TW II", "Triwulan III",
//	    Tahunan accepted); a quarter that has not started yet is refused.
//	  - hasil_kerja, perilaku_kerja: diatas, sesuai or dibawah (the full labels
//	    "Di Atas Ekspektasi", "Sesuai Ekspektasi", "Di Bawah Ekspektasi" too).
//	  - predikat (optional column): empty, it is computed by the matrix of
//	    domain.md §2 (see Predikat); given (sangat_baik, baik,
//	    butuh_perbaikan, kurang — Kurang/Misconduct — or sangat_kurang, labels
//	    accepted), it must agree with the matrix, else the row is rejected
//	    naming the predikat the matrix gives.
//	  - evaluator_nip (optional column): a NIP or empty.
//
// competency_assessments (PermenPANRB 38/2017; writes competency_assessments):
//
//		nip,competency_code,competency_name,competency_type,required_level,assessed_level,assessed_at,method
//
//	  - nip, competency_code: required; competency_name: text.
//	  - competency_type: teknis, manajerial or sosial_kultural.
//	  - required_level, assessed_level: an integer 1–5.
//	  - assessed_at: a date from 1970 to today. method: text, may be empty.
//
// trainings (one training attended by one ASN; writes trainings):
//
//		training_id,nip,title,kind,jp,start_date,end_date,provider
//
//	  - training_id, nip, title: required (one training_id is one training,
//	    its rows are its participants).
//	  - kind: teknis, fungsional, kepemimpinan, seminar, workshop, kursus or
//	    elearning ("E-Learning", "lokakarya" too).
//	  - jp: more than 0 and at most 1 000 JP, at most two decimals ("7,5";
//	    spreadsheet noise such as 7.4999999999999991 is rounded).
//	  - start_date: a date from 1970 to today (a training not yet started is
//	    not attended); end_date: not before start_date. provider: text.
//
// # Behaviour
//
// A run imports one or more files of one dataset for one source. It is
// written to ingest_runs when it starts (status running) and when it ends:
// ok (every row accepted), partial (some rows or files rejected) or failed
// (nothing could be imported, with the error). A run whose process died in
// the middle (kill -9, a crash) is marked failed, as interrupted, by the
// next kinerja command that opens the data directory (MarkInterrupted);
// the rows it wrote stay, and importing the same input again completes
// them with the same totals as one clean import. rows_read counts data rows;
// rows_accepted + rows_rejected = rows_read; rows_unchanged counts the
// accepted rows identical to what was already stored, which are not written
// again, so re-importing a file writes nothing and says "0 new, N unchanged".
// A row whose key is stored with other values is a correction: it is written
// and replaces the old one (ReplacingMergeTree on the natural key, the newer
// run's _version wins, readers use FINAL).
//
// Every bad cell is one reject in ingest_rejects (file, line, column, the
// value, the reason in Bahasa Indonesia and English, the raw row), so a row
// with three bad cells gives three rejects and counts as one rejected row.
// The good rows around a bad row are kept. A row that cannot be split into
// cells (a stray quote) and a row with the wrong number of cells give one
// reject with an empty column. A file that cannot be imported at all gives one
// reject at line 0 (or at the line where reading stopped), with the reason.
// Values are truncated to 200 characters and raw rows to 2 000 in rejects.
//
// Natural keys: unit_code (units), agency_code (agencies), nip
// (employees), (agency_code, year) (organisation_ratings), (source,
// response_id) (survey), (source, report_id) (activity_reports), (nip,
// year, period) (skp_evaluations), (nip, competency_code, assessed_at)
// (competency_assessments), (training_id, nip) (trainings). Ids issued by a
// source's own application are keyed with the source; the others are
// facts about a person or an agency whoever sends them, so a later import
// from any source corrects them. Each table's ORDER BY holds its key, so
// the newest row for a key replaces the others. A key seen twice in one
// run is rejected on its later line, naming the line (and file) of the
// first accepted occurrence; a row rejected for another reason does not
// claim its key. Every written row
// carries the run id (UUIDv7), ingested_at and _version = the run's start
// in Unix nanoseconds.
//
// An inbox source is a directory. On each tick every regular file named
// *.csv or *.xlsx (any case; a workbook's first sheet) that is not a dotfile, not *.tmp or *.part and was not
// modified in the last 10 seconds is a candidate; candidates whose content
// (SHA-256) is recorded in ingest_files for the source are skipped, so a
// renamed copy is not imported twice and a changed file is imported again.
// The new files of one tick form one run (a tick with nothing new records no
// run). A file that could not be opened or read is retried on the next tick;
// a file that was read is done, whatever its rejects; a file whose content
// cannot be imported (not UTF-8, missing columns) is done too, since only a
// new version of it can succeed. To import the same content again (say,
// after importing the units its survey rows were rejected for) use
// `kinerja ingest file`, which does not consult ingest_files.
//
// The Scheduler runs sources on cron schedules in WITA; see scheduler.go.
package ingest

import (
	"context"
	"embed"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"
	_ "time/tzdata" // Asia/Makassar on machines without zoneinfo

	"kinerja/warehouse"
)

//go:embed *.sql
var sqlFiles embed.FS

// mustSQL returns an embedded query; a missing file is a programming error.
func mustSQL(name string) string {
	b, err := sqlFiles.ReadFile(name)
	if err != nil {
		panic(fmt.Sprintf("ingest: embedded query %s: %v", name, err))
	}
	return string(b)
}

// wita is the zone of survey times without an offset and of schedules.
var wita = mustZone("Asia/Makassar")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		return time.FixedZone("WITA", 8*3600) // no daylight saving: equivalent
	}
	return loc
}

// Dataset names what a file holds.
type Dataset string

const (
	Units                 Dataset = "units"
	Employees             Dataset = "employees"
	OrganisationRatings   Dataset = "organisation_ratings"
	Survey                Dataset = "survey"
	ActivityReports       Dataset = "activity_reports"
	SKPEvaluations        Dataset = "skp_evaluations"
	CompetencyAssessments Dataset = "competency_assessments"
	Trainings             Dataset = "trainings"
)

// Datasets are the datasets files can be imported into, in the order they
// depend on each other: the organisation tree first (every other dataset
// names its units or agencies), then the employees and the organisations'
// ratings, then the facts.
var Datasets = []Dataset{Units, Employees, OrganisationRatings, Survey, ActivityReports, SKPEvaluations, CompetencyAssessments, Trainings}

// ParseDataset validates a dataset name.
func ParseDataset(s string) (Dataset, error) {
	names := make([]string, len(Datasets))
	for i, d := range Datasets {
		if string(d) == s {
			return d, nil
		}
		names[i] = string(d)
	}
	return "", fmt.Errorf("unknown dataset %q: want one of %s", s, strings.Join(names, ", "))
}

// Run statuses.
const (
	StatusRunning = "running"
	StatusOK      = "ok"
	StatusPartial = "partial"
	StatusFailed  = "failed"
)

// Run kinds: how the input arrived.
const (
	KindFile  = "file"  // kinerja ingest file
	KindInbox = "inbox" // a watched directory
)

// Runner imports inputs into the warehouse and records the runs. It is
// safe for concurrent use; sources serialise their own runs (see Scheduler).
type Runner struct {
	db  warehouse.DB
	log *slog.Logger
	now func() time.Time

	batchRows   int // data rows per INSERT
	chunkRows   int // rows compared with what is stored per lookup
	rejectRows  int // rejects per INSERT
	keepRejects int // rejects kept per file in the summary

	onRun []func(context.Context, RunSummary) // see OnRun
}

// NewRunner returns a Runner writing to db.
func NewRunner(db warehouse.DB, logger *slog.Logger) *Runner {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Runner{db: db, log: logger, now: time.Now,
		// 250 000 rows per INSERT: a million-row file makes four parts the
		// engine need not merge while the import runs (with 100 000, ten
		// parts, and merges of the first ones competed with the import
		// for the CPU); a batch holds about 40 MB of encoded rows of the
		// widest dataset until it is sent.
		batchRows: 250_000, chunkRows: 20_000, rejectRows: 20_000, keepRejects: 10}
}

// DB is the warehouse the runner writes to.
func (r *Runner) DB() warehouse.DB { return r.db }

// Request is what one run imports.
type Request struct {
	Source   string  // the source name; survey rows carry it (default "file")
	Dataset  Dataset // what the files hold
	Kind     string  // KindFile, KindInbox, …
	Location string  // recorded with the run (default: the file paths)
	Files    []Input
	// Sheet is the worksheet read from XLSX files ("": the first sheet).
	Sheet string
}

// Input is one file of a run.
type Input struct {
	Name string // how rejects and summaries name it (default: Path)
	Path string
	// Open, when set, opens the input instead of Path (an HTTP page, an
	// import profile over a file). Without it, Path is opened with
	// OpenTable (XLSX by content, CSV otherwise).
	Open func() (Table, io.Closer, error)
}

// Reject is one rejected cell, row or file.
type Reject struct {
	File     string
	Line     int    // 0: the file as a whole
	Column   string // "" for the whole row or file
	Value    string // the offending value, truncated
	Reason   string // Bahasa Indonesia
	ReasonEN string // English
	Raw      string // the whole row, truncated
}

// RunSummary is what a run did.
type RunSummary struct {
	ID       string // UUIDv7 of the run
	Source   string
	Dataset  Dataset
	Kind     string
	Location string
	Status   string
	Started  time.Time
	Finished time.Time
	// Row counts over all files: Read = Accepted + Rejected; Unchanged of
	// the accepted were already stored exactly so and not written again.
	Read, Accepted, Unchanged, Rejected int
	Files                               []FileSummary
	Notes                               []string
	Error                               string // why the run failed, or which files failed
}

// Written is the number of rows written: new ones and corrections.
func (s RunSummary) Written() int { return s.Accepted - s.Unchanged }

// FileSummary is what a run did with one file.
type FileSummary struct {
	Name                                string
	Read, Accepted, Unchanged, Rejected int
	// Err is non-nil when the file could not be imported, or not past
	// FileError.Line (rows before it were imported).
	Err *FileError
	// Ignored are the header's columns the dataset does not use.
	Ignored []string
	// Rejects are the first rejects of the file (all are in ingest_rejects);
	// RejectsTotal counts them all (a row with two bad cells has two).
	Rejects      []Reject
	RejectsTotal int
}
