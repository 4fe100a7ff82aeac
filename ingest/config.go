package ingest

import (
	"fmt"
	"reflect"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The `sources:` section of the configuration file (kinerja.yaml) lists
// the sources the scheduler runs, in the order they run when they share a
// schedule (put master data first: units, employees, …):
//
//	sources:
//	  - name: skm-puskesmas          # required: 1–63 of a-z 0-9 . _ -; rows carry it
//	    dataset: survey              # required: units, survey, employees, activity_reports, …
//	    kind: inbox                  # required: inbox (a directory) or http (a pull)
//	    location: /srv/kinerja/inbox/skm   # the directory, or the URL
//	    schedule: "*/15 * * * *"     # required: cron (5 fields) or @hourly/@daily/@every 10m, in WITA
//	    profile: skm-kuesioner       # optional: import profile (see Profile)
//	    unit: PKM-BINANGA            # optional: the unit of every row (questionnaire profiles)
//	  - name: ekinerja-aktivitas
//	    dataset: activity_reports
//	    kind: http
//	    location: https://ekinerja.mamujukab.go.id/api/v1/activity-reports
//	    schedule: "*/10 7-18 * * 1-6"
//	    format: json                 # http: json (default) or csv
//	    auth_env: EKINERJA_TOKEN     # http: the NAME of the variable holding the token
//	    options:                     # http: see HTTPOptions (all optional)
//	      limit: 1000
//	      timeout: 30s
//	      retries: 4
//
// Keys are checked: an unknown key (a typo) is an error naming its line.

// sourceKeys are the keys of one source, in the order documented.
var sourceKeys = []string{"name", "dataset", "kind", "location", "schedule", "profile", "unit", "format", "auth_env", "options"}

// sourceYAML is one source as written in the file.
type sourceYAML struct {
	Name     string `yaml:"name"`
	Dataset  string `yaml:"dataset"`
	Kind     string `yaml:"kind"`
	Location string `yaml:"location"`
	Schedule string `yaml:"schedule"`
	Profile  string `yaml:"profile"`
	Unit     string `yaml:"unit"`
	Format   string `yaml:"format"`
	AuthEnv  string `yaml:"auth_env"`
}

// ParseSources reads the `sources:` list of a configuration file (node is
// the list). file names the file in errors, which say file:line. The
// sources are not validated yet: resolve their profiles, then Validate.
func ParseSources(file string, node *yaml.Node) ([]SourceConfig, error) {
	if node == nil || node.Kind == 0 || node.Tag == "!!null" {
		return nil, nil
	}
	if node.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("%s:%d: sources: want a list (each item starting with \"- name: …\"), found a %s", file, node.Line, kindName(node.Kind))
	}
	var out []SourceConfig
	var problems []string
	for _, n := range node.Content {
		c, err := parseSource(file, n)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		out = append(out, c)
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(problems, "\n"))
	}
	return out, nil
}

func parseSource(file string, n *yaml.Node) (SourceConfig, error) {
	at := fmt.Sprintf("%s:%d", file, n.Line)
	if n.Kind != yaml.MappingNode {
		return SourceConfig{}, fmt.Errorf("%s: a source is a mapping (name:, dataset:, kind:, …), found a %s", at, kindName(n.Kind))
	}
	if err := checkKeys(file, n, sourceKeys, "source"); err != nil {
		return SourceConfig{}, err
	}
	var raw sourceYAML
	if err := n.Decode(&raw); err != nil {
		return SourceConfig{}, fmt.Errorf("%s: %s", at, yamlErr(err))
	}
	c := SourceConfig{Name: strings.TrimSpace(raw.Name), Dataset: Dataset(strings.TrimSpace(raw.Dataset)),
		Kind: strings.TrimSpace(raw.Kind), Location: strings.TrimSpace(raw.Location), Schedule: strings.TrimSpace(raw.Schedule),
		Profile: strings.TrimSpace(raw.Profile), Unit: strings.TrimSpace(raw.Unit), Format: strings.TrimSpace(raw.Format),
		AuthEnv: strings.TrimSpace(raw.AuthEnv), Origin: at}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value != "options" {
			continue
		}
		opt := n.Content[i+1]
		if opt.Kind != yaml.MappingNode {
			if opt.Tag == "!!null" {
				break
			}
			return SourceConfig{}, fmt.Errorf("%s:%d: options: want a mapping (limit: 1000, …), found a %s", file, opt.Line, kindName(opt.Kind))
		}
		if err := checkKeys(file, opt, yamlKeys(reflect.TypeOf(HTTPOptions{})), "options"); err != nil {
			return SourceConfig{}, err
		}
		if err := opt.Decode(&c.HTTP); err != nil {
			return SourceConfig{}, fmt.Errorf("%s:%d: options: %s", file, opt.Line, yamlErr(err))
		}
	}
	return c, nil
}

// checkKeys refuses a key of mapping n that is not in allowed.
func checkKeys(file string, n *yaml.Node, allowed []string, what string) error {
	known := map[string]bool{}
	for _, k := range allowed {
		known[k] = true
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if !known[k.Value] {
			return fmt.Errorf("%s:%d: unknown key %q in %s; known keys: %s", file, k.Line, k.Value, what, strings.Join(allowed, ", "))
		}
		if seen[k.Value] {
			return fmt.Errorf("%s:%d: key %q given twice in one %s", file, k.Line, k.Value, what)
		}
		seen[k.Value] = true
	}
	return nil
}

// yamlKeys lists the yaml keys of a struct type, sorted.
func yamlKeys(t reflect.Type) []string {
	var out []string
	for i := 0; i < t.NumField(); i++ {
		if tag, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ","); tag != "" && tag != "-" {
			out = append(out, tag)
		}
	}
	sort.Strings(out)
	return out
}

// ValidateSources checks every source and that names are unique; the
// errors say file:line.
func ValidateSources(cfgs []SourceConfig) error {
	var problems []string
	first := map[string]string{}
	for _, c := range cfgs {
		if err := c.Validate(); err != nil {
			problems = append(problems, err.Error())
		}
		if where, dup := first[c.Name]; dup && c.Name != "" {
			problems = append(problems, fmt.Sprintf("source %s%s: the name is already used (%s); names must be unique", c.Name, c.at(), where))
		} else {
			first[c.Name] = c.Origin
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s", strings.Join(problems, "\n"))
	}
	return nil
}
