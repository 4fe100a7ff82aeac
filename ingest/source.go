package ingest

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/robfig/cron/v3"
)

// Source is somewhere data comes from, run on a schedule or on demand.
// Run imports whatever is new through r (one run per call at most) and
// returns its summary; a zero summary (ID "") means there was nothing to
// do. The error is non-nil when the run could not be done.
//
// Issue 3 adds HTTP sources behind the same contract.
type Source interface {
	Name() string
	Dataset() Dataset
	Run(ctx context.Context, r *Runner) (RunSummary, error)
}

// SourceConfig configures one scheduled source.
type SourceConfig struct {
	Name     string  // unique; survey rows carry it as their source
	Dataset  Dataset // units or survey
	Kind     string  // "inbox"
	Location string  // inbox: the directory
	// Schedule is a cron spec evaluated in WITA: five fields
	// ("*/15 * * * *") or a descriptor ("@hourly", "@every 10m").
	Schedule string
}

var sourceName = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{0,62}$`)

// CheckSourceName tells whether name can name a source (rows carry it).
func CheckSourceName(name string) error {
	if !sourceName.MatchString(name) {
		return fmt.Errorf("source name %q: use 1–63 lower-case letters, digits, '.', '_' or '-'", name)
	}
	return nil
}

// Validate checks a source configuration.
func (c SourceConfig) Validate() error {
	var problems []string
	if err := CheckSourceName(c.Name); err != nil {
		problems = append(problems, err.Error())
	}
	if _, err := ParseDataset(string(c.Dataset)); err != nil {
		problems = append(problems, err.Error())
	}
	switch c.Kind {
	case KindInbox:
		if strings.TrimSpace(c.Location) == "" {
			problems = append(problems, "location: the inbox directory is required")
		}
	default:
		problems = append(problems, fmt.Sprintf("kind %q: want inbox", c.Kind))
	}
	if _, err := cron.ParseStandard(c.Schedule); err != nil {
		problems = append(problems, fmt.Sprintf("schedule %q: %v", c.Schedule, err))
	}
	if len(problems) > 0 {
		return fmt.Errorf("source %s: %s", c.Name, strings.Join(problems, "; "))
	}
	return nil
}

// NewSource builds the source a configuration describes.
func NewSource(c SourceConfig) (Source, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	switch c.Kind {
	case KindInbox:
		return NewInbox(c.Name, c.Dataset, c.Location), nil
	}
	return nil, fmt.Errorf("source %s: kind %q not supported", c.Name, c.Kind)
}
