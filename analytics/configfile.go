package analytics

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"go.yaml.in/yaml/v3"
)

// LoadConfig reads the `analytics:` section of a configuration file
// (kinerja.yaml). Other top-level sections belong to other parts of the
// program and are skipped; inside `analytics:` an unknown key is an error
// (a typo must not silently fall back to a default). A file without the
// section gives the zero Config: every documented default. The result is
// validated.
func LoadConfig(path string) (Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Config{}, fmt.Errorf("configuration %s: %w", path, err)
	}
	c, err := ParseConfig(b)
	if err != nil {
		return Config{}, fmt.Errorf("configuration %s: %w", path, err)
	}
	return c, nil
}

// ParseConfig is LoadConfig on the file's content.
func ParseConfig(b []byte) (Config, error) {
	var top map[string]yaml.Node
	if err := yaml.Unmarshal(b, &top); err != nil {
		return Config{}, fmt.Errorf("not valid YAML: %w", err)
	}
	var c Config
	node, ok := top["analytics"]
	if !ok {
		return c, nil
	}
	section, err := yaml.Marshal(&node)
	if err != nil {
		return c, fmt.Errorf("section analytics: %w", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(section))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
		return Config{}, fmt.Errorf("section analytics: %w", err)
	}
	if err := c.Validate(); err != nil {
		return Config{}, err
	}
	return c, nil
}

// Validate checks every metric's section.
func (c Config) Validate() error {
	for _, v := range []interface{ Validate() error }{c.Calendar, c.IPASN, c.Needs, c.Competency} {
		if err := v.Validate(); err != nil {
			return err
		}
	}
	return nil
}
