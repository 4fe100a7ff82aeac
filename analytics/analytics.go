// Package analytics computes the indicators Kinerja's users decide with,
// exactly as the regulations define them (see ../shared/domain.md), over a
// period, a grouping (all / agency / unit) and a scope. SQL lives in
// embedded .sql files next to the Go that runs it.
package analytics

import (
	"embed"
	"fmt"
	"time"

	"kinerja/warehouse"
)

//go:embed *.sql
var sqlFiles embed.FS

// mustSQL returns an embedded query; a missing file is a programming error.
func mustSQL(name string) string {
	b, err := sqlFiles.ReadFile(name)
	if err != nil {
		panic(fmt.Sprintf("analytics: embedded query %s: %v", name, err))
	}
	return string(b)
}

// WITA is the zone every period boundary is computed in (Asia/Makassar, UTC+8).
var WITA = mustZone("Asia/Makassar")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		// time/tzdata is linked by the binary; a fixed zone is equivalent
		// for Asia/Makassar, which has no daylight saving.
		return time.FixedZone("WITA", 8*3600)
	}
	return loc
}

// Service answers metric queries from the warehouse.
type Service struct {
	DB warehouse.DB
	// PemdaName names the whole-Pemda group (by=all), e.g. "Kabupaten Mamuju".
	PemdaName string
	// Config holds the configurable values (calendar, IP ASN instrument,
	// needs weights); its zero value means the documented defaults.
	Config Config
	// Rollups are read instead of the largest raw tables while they are
	// up to date (see rollup.go); nil reads the raw tables only.
	Rollups *Rollups
}

// New returns a Service over db.
func New(db warehouse.DB, pemdaName string) *Service {
	if pemdaName == "" {
		pemdaName = "Kabupaten Mamuju"
	}
	return &Service{DB: db, PemdaName: pemdaName, Rollups: NewRollups(db, nil)}
}

// By is how results are grouped.
type By string

const (
	ByAll    By = "all"
	ByAgency By = "agency"
	ByUnit   By = "unit"
)

// ParseBy validates a grouping name.
func ParseBy(s string) (By, error) {
	switch By(s) {
	case ByAll, ByAgency, ByUnit:
		return By(s), nil
	case "":
		return ByAll, nil
	}
	return "", fmt.Errorf("by %q: want all, agency or unit", s)
}

// Grain is the bucket of a trend.
type Grain string

const (
	Month    Grain = "month"
	Quarter  Grain = "quarter"
	Semester Grain = "semester"
	Year     Grain = "year"
)

// ParseGrain validates a grain name.
func ParseGrain(s string) (Grain, error) {
	switch Grain(s) {
	case Month, Quarter, Semester, Year:
		return Grain(s), nil
	case "":
		return Month, nil
	}
	return "", fmt.Errorf("grain %q: want month, quarter, semester or year", s)
}

// Scope limits what a user may see: everything, one agency (OPD) or one
// unit. It comes from the user's role; request parameters can narrow it,
// never widen it (see Scope.Narrow).
type Scope struct {
	Agency string // empty = all agencies
	Unit   string // empty = all units of Agency
}

// Period is a range of calendar days in WITA, both ends inclusive.
type Period struct {
	From, To time.Time // midnight WITA of the first and of the last day
}

// ParsePeriod parses YYYY-MM-DD dates as WITA days; to must not be before from.
func ParsePeriod(from, to string) (Period, error) {
	f, err := time.ParseInLocation("2006-01-02", from, WITA)
	if err != nil {
		return Period{}, fmt.Errorf("from %q: want a date YYYY-MM-DD", from)
	}
	t, err := time.ParseInLocation("2006-01-02", to, WITA)
	if err != nil {
		return Period{}, fmt.Errorf("to %q: want a date YYYY-MM-DD", to)
	}
	if t.Before(f) {
		return Period{}, fmt.Errorf("to %s is before from %s", to, from)
	}
	return Period{From: f, To: t}, nil
}

func (p Period) params() warehouse.Params {
	return warehouse.Params{"from": warehouse.DateOf(p.From), "to": warehouse.DateOf(p.To)}
}
