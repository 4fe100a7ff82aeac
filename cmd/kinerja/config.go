package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	"kinerja/analytics"
	"kinerja/ingest"
)

// The configuration file, kinerja.yaml (--config, KINERJA_CONFIG; by
// default ./kinerja.yaml when it exists). Every key is optional; an unknown
// key is an error that names its line. kinerja.example.yaml documents it.
//
//	pemda: Kabupaten Mamuju      # the name on the pages (serve --pemda wins)
//	profiles: profiles           # a directory of import profiles, besides ./profiles and DATA/profiles
//	sources:                     # the scheduled sources: see ingest/config.go
//	  - name: …
//	analytics:                   # the metrics' configurable values: see analytics.Config
//	  calendar: …
//
// Relative paths (profiles:, and the location of inbox sources) are
// relative to the directory of the file, so the file can be moved with its
// directories. Secrets are never in the file: an HTTP source names the
// environment variable that holds its token (auth_env).

// fileConfig is the configuration file, read.
type fileConfig struct {
	Path      string // "" when there is no file
	Pemda     string
	Profiles  string                // directory of import profiles ("" for none)
	Sources   []ingest.SourceConfig // in order; profiles not yet resolved (see env.setup)
	Analytics analytics.Config
}

// fileYAML is the file as written.
type fileYAML struct {
	Pemda     string           `yaml:"pemda"`
	Profiles  string           `yaml:"profiles"`
	Sources   yaml.Node        `yaml:"sources"`
	Analytics analytics.Config `yaml:"analytics"`
}

const defaultConfigFile = "kinerja.yaml"

// loadConfig reads the configuration file at path. An empty path means
// ./kinerja.yaml when it exists, else no file: every default, no sources.
// Errors say file:line.
func loadConfig(path string) (fileConfig, error) {
	if path == "" {
		if _, err := os.Stat(defaultConfigFile); err != nil {
			return fileConfig{}, nil
		}
		path = defaultConfigFile
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return fileConfig{}, fmt.Errorf("configuration file: %w", err)
	}
	var raw fileYAML
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&raw); err != nil && !errors.Is(err, io.EOF) {
		return fileConfig{}, fmt.Errorf("%s: %s", path, configYAMLError(err))
	}
	cfg := fileConfig{Path: path, Pemda: strings.TrimSpace(raw.Pemda), Analytics: raw.Analytics}
	dir := filepath.Dir(path)
	if p := strings.TrimSpace(raw.Profiles); p != "" {
		cfg.Profiles = relativeTo(dir, p)
	}
	if cfg.Sources, err = ingest.ParseSources(path, &raw.Sources); err != nil {
		return fileConfig{}, err
	}
	for i := range cfg.Sources {
		if cfg.Sources[i].Kind == ingest.KindInbox && cfg.Sources[i].Location != "" {
			cfg.Sources[i].Location = relativeTo(dir, cfg.Sources[i].Location)
		}
	}
	if err := cfg.Analytics.Validate(); err != nil {
		return fileConfig{}, fmt.Errorf("%s: analytics: %w", path, err)
	}
	return cfg, nil
}

func relativeTo(dir, p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(dir, p)
}

// configYAMLError says a YAML error of the configuration file plainly.
func configYAMLError(err error) string {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs := make([]string, len(te.Errors))
		for i, m := range te.Errors {
			m = strings.ReplaceAll(m, "in type main.fileYAML", "at the top level (known keys: pemda, profiles, sources, analytics)")
			msgs[i] = strings.ReplaceAll(m, "in type analytics.", "in analytics section ")
		}
		return strings.Join(msgs, "; ")
	}
	return strings.TrimPrefix(err.Error(), "yaml: ")
}

// setupFlags are the flags of the commands that read the sources.
type setupFlags struct {
	config   *string
	profiles *string
}

func addSetupFlags(fs *flag.FlagSet) setupFlags {
	return setupFlags{
		config:   fs.String("config", "", "configuration file (default ./kinerja.yaml when it exists)"),
		profiles: fs.String("profiles", "", "directory of import profiles (besides ./profiles and DATA/profiles)"),
	}
}

// setup reads the configuration file and the import profiles (built-in,
// ./profiles, DATA/profiles, the file's profiles:, --profiles), resolves
// and validates the sources. The errors are the operator's to fix.
func (e *env) setup(f setupFlags) (fileConfig, *ingest.Profiles, error) {
	cfg, err := loadConfig(*f.config)
	if err != nil {
		return fileConfig{}, nil, err
	}
	ps, err := e.loadProfiles(cfg, *f.profiles)
	if err != nil {
		return fileConfig{}, nil, err
	}
	if err := ingest.ResolveProfiles(cfg.Sources, ps); err != nil {
		return fileConfig{}, nil, fmt.Errorf("configuration %s: %w", cfg.Path, err)
	}
	if err := ingest.ValidateSources(cfg.Sources); err != nil {
		return fileConfig{}, nil, fmt.Errorf("configuration %s:\n%w", cfg.Path, err)
	}
	return cfg, ps, nil
}

// loadProfiles reads the import profiles: built-in, then ./profiles,
// DATA/profiles, the configuration's directory and dir, a later one
// replacing an earlier one of the same name.
func (e *env) loadProfiles(cfg fileConfig, dir string) (*ingest.Profiles, error) {
	if dir != "" {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return nil, usagef("--profiles %s: not a directory", dir)
		}
	}
	return ingest.LoadProfiles("profiles", filepath.Join(e.dataDir, "profiles"), cfg.Profiles, dir)
}
