package warehouse

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Error is an error reported by ClickHouse, whichever backend ran the query.
type Error struct {
	Code    int    // ClickHouse error code, e.g. 60 (UNKNOWN_TABLE)
	Name    string // e.g. UNKNOWN_TABLE
	Message string // the message without the code prefix
}

func (e *Error) Error() string {
	if e.Name != "" {
		return fmt.Sprintf("clickhouse: code %d (%s): %s", e.Code, e.Name, e.Message)
	}
	return fmt.Sprintf("clickhouse: code %d: %s", e.Code, e.Message)
}

// Well-known ClickHouse error codes the application reacts to.
const (
	CodeUnknownTable        = 60
	CodeUnknownDatabase     = 81
	CodeCannotLock          = 76 // CANNOT_OPEN_FILE, reported when another process holds the data directory
	CodeTimeoutExceeded     = 159
	CodeSyntaxError         = 62
	CodeUnknownQueryParam   = 456
	CodeTooManyParts        = 252
	CodeMemoryLimitExceeded = 241
)

var (
	// ErrLocked means another process holds the embedded data directory.
	ErrLocked = errors.New("the data directory is in use by another process")
	// ErrEngineMissing means libchdb could not be found.
	ErrEngineMissing = errors.New("embedded ClickHouse engine (libchdb.so) not found")

	errConnect = errors.New("embedded engine could not open the data directory (see the engine's message above)")
)

var errRe = regexp.MustCompile(`(?s)^Code:\s*(\d+)\.\s*(?:DB::Exception:\s*)?(.*?)(?:\s*\(([A-Z_0-9]+)\))?(?:\s*\(version [^)]*\))?\s*$`)

// parseError turns the engine's text "Code: N. DB::Exception: … (NAME)" into *Error.
func parseError(msg string) error {
	msg = strings.TrimSpace(msg)
	m := errRe.FindStringSubmatch(msg)
	if m == nil {
		return &Error{Message: msg}
	}
	code, _ := strconv.Atoi(m[1])
	return &Error{Code: code, Name: m[3], Message: strings.TrimSpace(m[2])}
}

// IsCode reports whether err is a ClickHouse error with the given code.
func IsCode(err error, code int) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == code
}

func errorsAs(err error, target any) bool { return errors.As(err, target) }
