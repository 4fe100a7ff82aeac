// Package ingest loads data into the warehouse: file imports, inbox
// directories watched on a schedule, the record of every run and every
// rejected row.
//
// # Formats
//
// Files are CSV: UTF-8 with or without a BOM (a file in another encoding,
// typically ANSI/Windows-1252 from Excel's plain "CSV", is refused whole,
// naming the line of the first bad byte), comma separated, RFC 4180 quoting
// (a quoted cell may hold commas, doubled quotes and newlines), CRLF or LF
// line ends. The first non-blank row is the header; header names are matched
// case-insensitively after trimming spaces, in any order. Extra columns are
// ignored and named in the run's notes. A missing required column makes the
// file unimportable: the error names the missing columns and lists the header
// that was found. Blank lines, and rows whose cells are all empty, are skipped.
// Every data row must have as many cells as the header (a different count is
// almost always an unquoted comma inside a text and is rejected).
//
// Line numbers are physical lines as an editor shows them: the header is
// line 1, blank lines count, and a row with a newline inside a quoted cell
// is reported at the line where it starts.
//
// units (dataset "units"; writes tables units and agencies):
//
//		unit_code,unit_name,agency_code,agency_name,kind,kecamatan
//
//	  - unit_code, unit_name, agency_code, agency_name: required, at most 100
//	    characters (codes) / 200 (names); surrounding spaces are trimmed.
//	  - kind: dinas, badan, kecamatan, puskesmas, sekolah, kelurahan, upt or
//	    other (case-insensitive, stored in lower case).
//	  - kecamatan: optional column, may be empty.
//	  - An agency_code is one OPD: its agency_name must be the same on every
//	    row of a run; a row giving another name is rejected, naming the line of
//	    the first.
//
// survey (dataset "survey"; one row per SKM questionnaire; writes survey_responses):
//
//		response_id,unit_code,service,submitted_at,u1,u2,u3,u4,u5,u6,u7,u8,u9,gender,age,education,occupation,comment
//
//	  - response_id (required, at most 100 characters): unique per source; the
//	    same id again is the same questionnaire, never a second one.
//	  - unit_code (required): must be a unit already imported (in units).
//	  - submitted_at (required): "YYYY-MM-DD HH:MM" or "YYYY-MM-DD HH:MM:SS"
//	    in WITA (Asia/Makassar), or RFC 3339 with an offset
//	    ("2025-03-01T09:30:00+08:00", "…Z"); fractions of a second are dropped.
//	    Not before 2000-01-01 WITA and not more than 5 minutes after the import.
//	  - u1..u9 (required): an integer 1–4 each.
//	  - service, education, occupation: optional columns, free text, at most
//	    200 characters, trimmed. gender: optional column, L or P (either case)
//	    or empty. age: optional column, an integer 10–120 or empty.
//	  - comment: optional column, free text stored verbatim (newlines, quotes,
//	    SQL-looking text and all), at most 10 000 characters: a longer cell
//	    is nearly always an unclosed quote that swallowed the following rows,
//	    so it is rejected rather than stored.
//
// # Behaviour
//
// A run imports one or more files of one dataset for one source. It is
// written to ingest_runs when it starts (status running) and when it ends:
// ok (every row accepted), partial (some rows or files rejected) or failed
// (nothing could be imported, with the error). rows_read counts data rows;
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
// Keys are unit_code (units), agency_code (agencies) and (source,
// response_id) (survey). A key seen twice in one run is rejected on its
// later line, naming the line (and file) of the first accepted occurrence; a
// row rejected for another reason does not claim its key. Every written row
// carries the run id (UUIDv7), ingested_at and _version = the run's start
// in Unix nanoseconds.
//
// An inbox source is a directory. On each tick every regular file named
// *.csv (any case) that is not a dotfile, not *.tmp or *.part and was not
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
		batchRows: 100_000, chunkRows: 20_000, rejectRows: 20_000, keepRejects: 10}
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
