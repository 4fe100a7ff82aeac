package ingest

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// Source is somewhere data comes from, run on a schedule or on demand.
// Run imports whatever is new through r (one run per call at most) and
// returns its summary; a zero summary (ID "") means there was nothing to
// do. The error is non-nil when the run could not be done.
//
// Sources are inbox directories (inbox.go) and HTTP pulls (http.go).
type Source interface {
	Name() string
	Dataset() Dataset
	Run(ctx context.Context, r *Runner) (RunSummary, error)
}

// SourceConfig configures one scheduled source (one entry of `sources:`
// in the config file; see config.go for the file format).
type SourceConfig struct {
	Name     string  // unique; rows of some datasets carry it as their source
	Dataset  Dataset // what the source delivers
	Kind     string  // KindInbox or KindHTTP
	Location string  // inbox: the directory; http: the URL
	// Schedule is a cron spec evaluated in WITA: five fields
	// ("*/15 * * * *") or a descriptor ("@hourly", "@every 10m").
	Schedule string
	// Profile names the import profile the input is read through ("" for
	// canonical input); ProfileDef is that profile, resolved by
	// ResolveProfiles.
	Profile    string
	ProfileDef *Profile
	// Unit is the unit of every row, for questionnaire profiles (like --unit).
	Unit string
	// Format of an HTTP source: json (default) or csv.
	Format string
	// AuthEnv names the environment variable that holds an HTTP source's
	// token; the token itself is never in the config file.
	AuthEnv string
	// Token is the token itself, for sources configured in code (the demo
	// feed that `serve --demo` starts); the config file cannot set it.
	// AuthEnv wins when both are set.
	Token string
	// HTTP tunes an HTTP source (`options:` in the config file).
	HTTP HTTPOptions
	// Origin says where the source was configured ("kinerja.yaml:12").
	Origin string
}

var sourceName = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{0,62}$`)

// CheckSourceName tells whether name can name a source (rows carry it).
func CheckSourceName(name string) error {
	if !sourceName.MatchString(name) {
		return fmt.Errorf("source name %q: use 1–63 lower-case letters, digits, '.', '_' or '-'", name)
	}
	return nil
}

// ResolveProfiles sets the ProfileDef of every source that names a
// profile, from ps.
func ResolveProfiles(cfgs []SourceConfig, ps *Profiles) error {
	var problems []string
	for i := range cfgs {
		c := &cfgs[i]
		if c.Profile == "" || c.ProfileDef != nil {
			continue
		}
		p, err := ps.Get(c.Profile)
		if err != nil {
			problems = append(problems, fmt.Sprintf("source %s%s: %v", c.Name, c.at(), err))
			continue
		}
		c.ProfileDef = p
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

func (c SourceConfig) at() string {
	if c.Origin == "" {
		return ""
	}
	return " (" + c.Origin + ")"
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
		if c.Format != "" || c.AuthEnv != "" || !reflect.ValueOf(c.HTTP).IsZero() {
			problems = append(problems, "format, auth_env and options are for http sources; an inbox takes CSV and XLSX files as they come")
		}
	case KindHTTP:
		u, err := url.Parse(strings.TrimSpace(c.Location))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			problems = append(problems, fmt.Sprintf("location %q: want an http:// or https:// URL", redactURL(c.Location)))
		}
		format := c.Format
		switch format {
		case "":
			format = FormatJSON
		case FormatJSON, FormatCSV:
		default:
			problems = append(problems, fmt.Sprintf("format %q: want json or csv", c.Format))
		}
		if c.AuthEnv != "" && !envName.MatchString(c.AuthEnv) {
			problems = append(problems, fmt.Sprintf("auth_env %q: the NAME of an environment variable (letters, digits, _), never the token itself", c.AuthEnv))
		}
		problems = append(problems, c.HTTP.withDefaults(format).validate(format)...)
	default:
		problems = append(problems, fmt.Sprintf("kind %q: want inbox or http", c.Kind))
	}
	if _, err := cron.ParseStandard(c.Schedule); err != nil {
		problems = append(problems, fmt.Sprintf("schedule %q: %v", c.Schedule, err))
	}
	switch {
	case c.Profile != "" && c.ProfileDef == nil:
		problems = append(problems, fmt.Sprintf("profile %q is not loaded", c.Profile))
	case c.ProfileDef != nil && c.ProfileDef.Dataset != c.Dataset:
		problems = append(problems, fmt.Sprintf("profile %s reads %s, not %s", c.ProfileDef.Name, c.ProfileDef.Dataset, c.Dataset))
	}
	if c.Unit != "" && (c.ProfileDef == nil || c.ProfileDef.Questionnaire == "") {
		problems = append(problems, "unit: only for questionnaire profiles such as skm-kuesioner")
	}
	if len(problems) > 0 {
		return fmt.Errorf("source %s%s: %s", c.Name, c.at(), strings.Join(problems, "; "))
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
		in := NewInbox(c.Name, c.Dataset, c.Location)
		in.profile, in.unit = c.ProfileDef, c.Unit
		return in, nil
	case KindHTTP:
		return NewHTTPSource(c)
	}
	return nil, fmt.Errorf("source %s: kind %q not supported", c.Name, c.Kind)
}

// NextRun returns when the source is next scheduled after t (zero when
// its schedule does not parse or never fires).
func (c SourceConfig) NextRun(t time.Time) time.Time {
	sched, err := cron.ParseStandard(c.Schedule)
	if err != nil {
		return time.Time{}
	}
	return sched.Next(t.In(wita))
}
