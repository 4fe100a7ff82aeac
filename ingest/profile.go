package ingest

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"kinerja/warehouse"
)

// Profile is an import profile: how one source's columns and values map
// onto a dataset's canonical columns. It sits between a Table and the
// dataset (a Table → Table transformer), so the dataset only ever sees
// canonical column names and values; every rule of the dataset still
// applies to what the profile produces.
//
// A profile is a YAML file, one per profile, in a profiles directory
// (`--profiles DIR`; by default ./profiles and DATA/profiles) or built into
// the binary (ingest/profiles/*.yaml: skm-kuesioner). A file in a
// directory with the name of a built-in replaces it. The format:
//
//	name: bkpsdm-pegawai        # default: the file name without .yaml
//	dataset: employees           # required: the dataset it feeds
//	description: Ekspor SIMPEG BKPSDM (satu baris per ASN)
//	columns:                     # canonical column: the source's header for it;
//	  nip: NIP Baru              #   a list gives alternatives, the first one
//	  name: [Nama, Nama Lengkap] #   found in the header is used (headers are
//	  unit_code: Kode Unit Kerja #   compared case- and space-insensitively)
//	values:                      # canonical column: source value → canonical value
//	  gender:                    #   (case- and space-insensitive; a value not
//	    Laki-laki: L             #   listed passes unchanged, for the dataset
//	    Perempuan: P             #   to accept or reject)
//	constants:                   # canonical column: the value of every row
//	  employee_type: PNS         #   (replaces the source's column, if any)
//	dates:                       # canonical column: the source's date format(s),
//	  birth_date: DD/MM/YYYY     #   tried in order (tokens: see dateLayout); a
//	  active_from: [DD/MM/YYYY, serial] # value none reads passes unchanged
//	questionnaire: skm           # survey only: find U1–U9 by meaning (below)
//
// Source columns that no mapping names pass through under their own name:
// a column already named canonically needs no mapping, and the others are
// reported as ignored by the run. A source column named like a canonical
// column that a mapping fills from another column is dropped (with a note).
// A mapped column not found in a file is noted on the run; the dataset then
// reports it as missing when it is required.
//
// With `questionnaire: skm` (the built-in profile skm-kuesioner) the nine
// elements U1–U9 of the PermenPANRB 14/2017 questionnaire are found by the
// meaning of their header, whatever the column order, and the answers are
// read from their labels; see profile_skm.go.
type Profile struct {
	Name        string
	Dataset     Dataset
	Description string
	// Columns maps a canonical column to the source header names for it,
	// in order of preference.
	Columns map[string][]string
	// Values maps a canonical column to its value map (keys normalised).
	Values map[string]map[string]string
	// Constants gives canonical columns one value for every row.
	Constants map[string]string
	// Dates maps a canonical column to the formats its values are read with.
	Dates map[string][]string
	// Questionnaire is "skm" for exports of the SKM model questionnaire.
	Questionnaire string
	// Origin is where the profile was read from (a path, or "built-in").
	Origin string

	layouts map[string][]dateLayout
}

// QuestionnaireSKM marks a profile that reads SKM questionnaire exports.
const QuestionnaireSKM = "skm"

//go:embed profiles/*.yaml
var builtinProfiles embed.FS

// profileYAML is the file format of a profile.
type profileYAML struct {
	Name          string                       `yaml:"name"`
	Dataset       string                       `yaml:"dataset"`
	Description   string                       `yaml:"description"`
	Questionnaire string                       `yaml:"questionnaire"`
	Columns       map[string]nameList          `yaml:"columns"`
	Values        map[string]map[string]string `yaml:"values"`
	Constants     map[string]string            `yaml:"constants"`
	Dates         map[string]nameList          `yaml:"dates"`
}

// nameList is a YAML scalar or a sequence of scalars.
type nameList []string

func (l *nameList) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		*l = nameList{n.Value}
		return nil
	case yaml.SequenceNode:
		out := make(nameList, 0, len(n.Content))
		for _, c := range n.Content {
			if c.Kind != yaml.ScalarNode {
				return fmt.Errorf("line %d: expected a name, found a %s", c.Line, kindName(c.Kind))
			}
			out = append(out, c.Value)
		}
		*l = out
		return nil
	}
	return fmt.Errorf("line %d: expected a name or a list of names, found a %s", n.Line, kindName(n.Kind))
}

func kindName(k yaml.Kind) string {
	switch k {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	case yaml.ScalarNode:
		return "value"
	case yaml.AliasNode:
		return "alias"
	}
	return "document"
}

var profileName = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{0,62}$`)

// ParseProfile reads a profile from YAML. origin names the file in errors
// ("profiles/x.yaml"); defaultName is the name when the file gives none.
// Errors say file:line.
func ParseProfile(origin, defaultName string, data []byte) (*Profile, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("%s: %s", origin, yamlErr(err))
	}
	if root.Kind == 0 {
		return nil, fmt.Errorf("%s: the file is empty; a profile needs at least dataset:", origin)
	}
	var raw profileYAML
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("%s: %s", origin, yamlErr(err))
	}
	at := func(keys ...string) string {
		if line := nodeLine(&root, keys...); line > 0 {
			return fmt.Sprintf("%s:%d", origin, line)
		}
		return origin
	}
	p := &Profile{Name: strings.TrimSpace(raw.Name), Description: strings.TrimSpace(raw.Description),
		Questionnaire: strings.TrimSpace(raw.Questionnaire), Origin: origin,
		Columns: map[string][]string{}, Values: map[string]map[string]string{}, Constants: map[string]string{},
		Dates: map[string][]string{}, layouts: map[string][]dateLayout{}}
	if p.Name == "" {
		p.Name = defaultName
	}
	if !profileName.MatchString(p.Name) {
		return nil, fmt.Errorf("%s: name %q: use 1–63 lower-case letters, digits, '.', '_' or '-'", at("name"), p.Name)
	}
	if strings.TrimSpace(raw.Dataset) == "" {
		return nil, fmt.Errorf("%s: dataset: required (one of %s)", origin, datasetNames())
	}
	ds, err := ParseDataset(strings.TrimSpace(raw.Dataset))
	if err != nil {
		return nil, fmt.Errorf("%s: dataset: %v", at("dataset"), err)
	}
	p.Dataset = ds
	switch p.Questionnaire {
	case "":
	case QuestionnaireSKM:
		if ds != Survey {
			return nil, fmt.Errorf("%s: questionnaire: skm reads survey exports; the dataset is %s", at("questionnaire"), ds)
		}
	default:
		return nil, fmt.Errorf("%s: questionnaire %q: the only questionnaire known is skm", at("questionnaire"), p.Questionnaire)
	}
	for col, names := range raw.Columns {
		c := canonicalName(col)
		if c == "" {
			return nil, fmt.Errorf("%s: columns: an empty column name", at("columns"))
		}
		var clean []string
		for _, n := range names {
			if n = strings.TrimSpace(n); n == "" {
				return nil, fmt.Errorf("%s: columns.%s: an empty header name", at("columns", col), col)
			}
			clean = append(clean, n)
		}
		if len(clean) == 0 {
			return nil, fmt.Errorf("%s: columns.%s: name at least one header", at("columns", col), col)
		}
		if _, dup := p.Columns[c]; dup {
			return nil, fmt.Errorf("%s: columns: %s is given twice", at("columns", col), c)
		}
		p.Columns[c] = clean
	}
	for col, m := range raw.Values {
		c := canonicalName(col)
		vm := make(map[string]string, len(m))
		for from, to := range m {
			vm[normalizeLabel(from)] = to
		}
		p.Values[c] = vm
	}
	for col, v := range raw.Constants {
		c := canonicalName(col)
		if _, ok := p.Columns[c]; ok {
			return nil, fmt.Errorf("%s: constants.%s: %s is also under columns; give it one way", at("constants", col), col, c)
		}
		p.Constants[c] = v
	}
	for col, layouts := range raw.Dates {
		c := canonicalName(col)
		for _, s := range layouts {
			l, err := parseDateLayout(s)
			if err != nil {
				return nil, fmt.Errorf("%s: dates.%s: %v", at("dates", col), col, err)
			}
			p.layouts[c] = append(p.layouts[c], l)
			p.Dates[c] = append(p.Dates[c], s)
		}
	}
	return p, nil
}

// canonicalName is how a canonical column is written in a profile.
func canonicalName(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func datasetNames() string {
	names := make([]string, len(Datasets))
	for i, d := range Datasets {
		names[i] = string(d)
	}
	return strings.Join(names, ", ")
}

// yamlErr shortens the YAML library's messages for people.
func yamlErr(err error) string {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs := make([]string, len(te.Errors))
		for i, m := range te.Errors {
			m = strings.ReplaceAll(m, "ingest.profileYAML", "profile")
			m = strings.ReplaceAll(m, "ingest.sourceYAML", "source")
			m = strings.ReplaceAll(m, "ingest.httpOptionsYAML", "http options")
			msgs[i] = m
		}
		return strings.Join(msgs, "; ")
	}
	return strings.TrimPrefix(err.Error(), "yaml: ")
}

// nodeLine returns the line of the value under keys in a YAML document (0
// when not found).
func nodeLine(n *yaml.Node, keys ...string) int {
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := n.Line
	for _, k := range keys {
		if n.Kind != yaml.MappingNode {
			return line
		}
		found := false
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == k {
				line = n.Content[i].Line
				n = n.Content[i+1]
				found = true
				break
			}
		}
		if !found {
			return line
		}
	}
	return line
}

// Profiles are the import profiles known to a process, by name.
type Profiles struct {
	byName map[string]*Profile
}

// BuiltinProfiles returns the profiles built into the binary.
func BuiltinProfiles() *Profiles {
	ps, err := LoadProfiles()
	if err != nil {
		panic(fmt.Sprintf("ingest: built-in profiles: %v", err)) // tested: a programming error
	}
	return ps
}

// LoadProfiles returns the built-in profiles and those of dirs (*.yaml and
// *.yml; a directory that does not exist is skipped). A later directory's
// profile replaces an earlier one, or a built-in, of the same name.
func LoadProfiles(dirs ...string) (*Profiles, error) {
	ps := &Profiles{byName: map[string]*Profile{}}
	entries, err := fs.Glob(builtinProfiles, "profiles/*.yaml")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		data, err := builtinProfiles.ReadFile(e)
		if err != nil {
			return nil, err
		}
		p, err := ParseProfile("built-in "+e, strings.TrimSuffix(filepath.Base(e), ".yaml"), data)
		if err != nil {
			return nil, err
		}
		p.Origin = "built-in"
		ps.byName[p.Name] = p
	}
	var problems []string
	for _, dir := range dirs {
		if dir == "" {
			continue
		}
		files, err := os.ReadDir(dir)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("profiles directory %s: %w", dir, err)
		}
		seen := map[string]string{}
		for _, f := range files {
			name := f.Name()
			ext := strings.ToLower(filepath.Ext(name))
			if f.IsDir() || strings.HasPrefix(name, ".") || (ext != ".yaml" && ext != ".yml") {
				continue
			}
			path := filepath.Join(dir, name)
			data, err := os.ReadFile(path)
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s: %v", path, err))
				continue
			}
			p, err := ParseProfile(path, strings.TrimSuffix(name, filepath.Ext(name)), data)
			if err != nil {
				problems = append(problems, err.Error())
				continue
			}
			if other, dup := seen[p.Name]; dup {
				problems = append(problems, fmt.Sprintf("%s: profile %s is already defined in %s", path, p.Name, other))
				continue
			}
			seen[p.Name] = path
			ps.byName[p.Name] = p
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("import profiles: %s", strings.Join(problems, "; "))
	}
	return ps, nil
}

// ErrUnknownProfile means no profile has the name asked for.
var ErrUnknownProfile = errors.New("unknown import profile")

// Get returns the profile name.
func (ps *Profiles) Get(name string) (*Profile, error) {
	if p, ok := ps.byName[name]; ok {
		return p, nil
	}
	return nil, fmt.Errorf("%w %q; known profiles: %s", ErrUnknownProfile, name, strings.Join(ps.Names(), ", "))
}

// Names returns the profile names, sorted.
func (ps *Profiles) Names() []string {
	out := make([]string, 0, len(ps.byName))
	for n := range ps.byName {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// List returns the profiles sorted by name.
func (ps *Profiles) List() []*Profile {
	out := make([]*Profile, 0, len(ps.byName))
	for _, n := range ps.Names() {
		out = append(out, ps.byName[n])
	}
	return out
}

// ProfileOptions are what a run tells its profile besides the input.
type ProfileOptions struct {
	// Unit is the unit code of every row (`--unit`), for profiles that
	// read survey exports of one unit; it replaces a unit column.
	Unit string
	// Sheet is the worksheet of XLSX inputs ("" for the first).
	Sheet string
}

// ProfileUseError is a profile asked for something it cannot do: another
// dataset, or a unit that does not exist. It is the caller's mistake.
type ProfileUseError struct{ msg string }

func (e *ProfileUseError) Error() string { return e.msg }

// ApplyProfile makes every input of req be read through p. It checks that
// p feeds req.Dataset and, for questionnaire profiles, loads the units
// (codes and names) to resolve a unit column and checks opts.Unit. An
// input's own Open (an HTTP page) is wrapped; a file is opened with
// OpenTable. The error is the caller's mistake (wrong dataset, unknown
// unit) or the warehouse's.
func ApplyProfile(ctx context.Context, db warehouse.DB, req *Request, p *Profile, opts ProfileOptions) error {
	if p == nil {
		return nil
	}
	if p.Dataset != req.Dataset {
		return &ProfileUseError{fmt.Sprintf("profile %s reads %s, not %s", p.Name, p.Dataset, req.Dataset)}
	}
	var units *unitIndex
	if p.Questionnaire != "" {
		var err error
		if units, err = loadUnitIndex(ctx, db); err != nil {
			return fmt.Errorf("profile %s: %w", p.Name, err)
		}
		if opts.Unit != "" {
			if _, ok := units.byCode[opts.Unit]; !ok {
				return &ProfileUseError{fmt.Sprintf("unit %q is not a known unit code (import the units first, or check the code)", opts.Unit)}
			}
		}
	} else if opts.Unit != "" {
		return &ProfileUseError{fmt.Sprintf("a unit (--unit) is only used by questionnaire profiles such as skm-kuesioner; profile %s maps columns", p.Name)}
	}
	if opts.Sheet == "" {
		opts.Sheet = req.Sheet
	}
	for i := range req.Files {
		in := req.Files[i]
		if in.Name == "" {
			in.Name = in.Path
		}
		inner := in.Open
		req.Files[i].Open = func() (Table, io.Closer, error) {
			var t Table
			var c io.Closer
			var err error
			if inner != nil {
				t, c, err = inner()
			} else {
				t, c, err = OpenTable(in.Path, in.Name, opts.Sheet)
			}
			if err != nil {
				return nil, nil, err
			}
			pt, err := p.apply(t, opts, units)
			if err != nil {
				if c != nil {
					c.Close()
				}
				return nil, nil, err
			}
			return pt, c, nil
		}
	}
	return nil
}

// apply returns t read through the profile.
func (p *Profile) apply(t Table, opts ProfileOptions, units *unitIndex) (Table, error) {
	var plan *profilePlan
	var err error
	if p.Questionnaire == QuestionnaireSKM {
		plan, err = p.planSKM(t, opts, units)
	} else {
		plan, err = p.planColumns(t.Name(), t.Header())
	}
	if err != nil {
		return nil, err
	}
	hints := HintsOf(t)
	plan.date1904 = hints.Date1904
	hints.Notes = append(append([]string(nil), hints.Notes...), plan.notes...)
	return &profiledTable{src: t, plan: plan, hints: hints, out: make([]string, len(plan.header))}, nil
}

// profilePlan says how every output column is made from a source record.
type profilePlan struct {
	header   []string
	cols     []colPlan
	width    int // cells of a source record
	notes    []string
	date1904 bool
	// row, when set, finishes an output record (derived cells).
	row func(src, out []string)
}

type colPlan struct {
	src      int // source cell; -1 for a constant or a derived cell
	constant string
	values   map[string]string
	dates    []dateLayout
	clock    bool // dates: always write a time of day
	conv     func(string) string
}

// cell computes the output cell from a source record.
func (c *colPlan) cell(src []string, date1904 bool) string {
	if c.src < 0 {
		return c.constant
	}
	v := src[c.src]
	if c.values != nil {
		if m, ok := c.values[normalizeLabel(v)]; ok {
			v = m
		}
	}
	if len(c.dates) > 0 {
		if s := strings.TrimSpace(v); s != "" {
			for _, l := range c.dates {
				if t, ok := l.parse(s, date1904); ok {
					v = canonicalTime(t, l.clock || l.serial && !onlyDate(t) || c.clock)
					break
				}
			}
		}
	}
	if c.conv != nil {
		v = c.conv(v)
	}
	return v
}

// onlyDate tells a serial date without a time of day.
func onlyDate(t time.Time) bool {
	t = t.In(wita)
	return t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0
}

// normalizeLabel is how profile values and headers are compared: lower
// case, trimmed, inner runs of spaces as one.
func normalizeLabel(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// planColumns builds the plan of a column-mapping profile over header.
func (p *Profile) planColumns(file string, header []string) (*profilePlan, error) {
	plan := &profilePlan{width: len(header)}
	pos := map[string]int{}
	for i, h := range header {
		n := normalizeLabel(h)
		if _, dup := pos[n]; !dup && n != "" {
			pos[n] = i
		}
	}
	mapped := map[int]string{} // source index → canonical column
	produced := map[string]bool{}
	var canon []string
	for c := range p.Columns {
		canon = append(canon, c)
	}
	sort.Strings(canon)
	for _, c := range canon {
		found := false
		for _, alt := range p.Columns[c] {
			if i, ok := pos[normalizeLabel(alt)]; ok {
				if other, taken := mapped[i]; taken {
					return nil, &FileError{File: file, Line: 1,
						Reason:   fmt.Sprintf("profil %s: kolom %q dipakai untuk %s dan %s", p.Name, header[i], other, c),
						ReasonEN: fmt.Sprintf("profile %s: column %q is mapped to both %s and %s", p.Name, header[i], other, c)}
				}
				mapped[i] = c
				produced[c] = true
				found = true
				break
			}
		}
		if !found {
			plan.notes = append(plan.notes, fmt.Sprintf("profil %s: kolom untuk %s (%s) tidak ada di berkas (profile column not found)",
				p.Name, c, strings.Join(p.Columns[c], " / ")))
		}
	}
	for c := range p.Constants {
		produced[c] = true
	}
	for i, h := range header {
		name, ok := mapped[i]
		if !ok {
			n := canonicalName(h)
			if n != "" && produced[n] {
				plan.notes = append(plan.notes, fmt.Sprintf("profil %s: kolom %q diabaikan, %s diambil dari kolom lain (column dropped)", p.Name, h, n))
				continue
			}
			name = h
		}
		plan.add(name, colPlan{src: i}, p)
	}
	for _, c := range sortedKeys(p.Constants) {
		plan.add(c, colPlan{src: -1, constant: p.Constants[c]}, p)
	}
	return plan, nil
}

// add appends an output column, with the profile's values and dates of its
// canonical name.
func (plan *profilePlan) add(name string, c colPlan, p *Profile) {
	key := canonicalName(name)
	if c.src >= 0 {
		c.values = p.Values[key]
		c.dates = p.layouts[key]
	}
	plan.header = append(plan.header, name)
	plan.cols = append(plan.cols, c)
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// profiledTable is a Table read through a profile.
type profiledTable struct {
	src   Table
	plan  *profilePlan
	hints Hints
	out   []string
}

func (t *profiledTable) Name() string     { return t.src.Name() }
func (t *profiledTable) Header() []string { return t.plan.header }
func (t *profiledTable) Hints() Hints     { return t.hints }

func (t *profiledTable) Next() (Record, error) {
	rec, err := t.src.Next()
	if err != nil {
		return rec, err
	}
	if len(rec.Cells) != t.plan.width {
		return Record{}, &RowError{Line: rec.Line, Raw: joinCSV(rec.Cells), Err: &Problem{
			Reason: fmt.Sprintf("baris memiliki %d sel, judul kolom memiliki %d (koma tanpa tanda kutip di dalam teks?)",
				len(rec.Cells), t.plan.width),
			ReasonEN: fmt.Sprintf("the row has %d cells, the header has %d (an unquoted comma inside a text?)",
				len(rec.Cells), t.plan.width)}}
	}
	for i := range t.plan.cols {
		t.out[i] = t.plan.cols[i].cell(rec.Cells, t.plan.date1904)
	}
	if t.plan.row != nil {
		t.plan.row(rec.Cells, t.out)
	}
	return Record{Line: rec.Line, Cells: t.out}, nil
}
