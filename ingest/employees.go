package ingest

import (
	"context"
	"fmt"
	"strings"
	"time"

	"kinerja/warehouse"
)

// employeeRow is one ASN (PNS or PPPK) of the master data.
type employeeRow struct {
	nip, name, employeeType, positionClass, positionName string
	golongan, education, unitCode, gender                string
	birthDate                                            time.Time // always known: from the column or the NIP
	activeFrom, activeTo                                 time.Time // zero: NULL
}

// Canonical employees columns, in the order of employeesRequired then employeesOptional.
const (
	emNIP = iota
	emName
	emType
	emPositionClass
	emUnitCode
	emPositionName
	emGolongan
	emEducation
	emGender
	emBirthDate
	emActiveFrom
	emActiveTo
)

var (
	employeesRequired = []string{"nip", "name", "employee_type", "position_class", "unit_code"}
	employeesOptional = []string{"position_name", "golongan", "education", "gender", "birth_date", "active_from", "active_to"}
	employeesInsert   = []string{"nip", "name", "employee_type", "position_class", "position_name", "golongan", "education",
		"unit_code", "gender", "birth_date", "active_from", "active_to", "ingest_run_id", "ingested_at", "_version"}
	employeesStoredSQL = mustSQL("employees_stored.sql")

	employeeTypes   = newEnum([]string{"PNS", "PPPK"}, map[string]string{"CPNS": "PNS"})
	positionClasses = newEnum([]string{"jpt_madya", "jpt_pratama", "administrator", "pengawas", "pelaksana", "fungsional"}, nil)
	educationLevels = newEnum([]string{"SD", "SMP", "SMA", "D1", "D2", "D3", "D4", "S1", "S2", "S3"}, map[string]string{
		"MI": "SD", "SLTP": "SMP", "MTs": "SMP", "SLTA": "SMA", "SMK": "SMA", "MA": "SMA",
		"DI": "D1", "DII": "D2", "DIII": "D3", "DIV": "D4"})
	genders = newEnum([]string{"L", "P"}, map[string]string{"Laki-laki": "L", "Pria": "L", "Perempuan": "P", "Wanita": "P"})
)

// Limits of employee values.
var (
	// earliestActive is the first plausible start of service.
	earliestActive = time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC)
	// maxActiveAhead is how far ahead a start of service may be recorded.
	maxActiveAhead = 366 * 24 * time.Hour
)

// Golongan lists the PNS ranks I/a … IV/e in order.
var Golongan = func() []string {
	var out []string
	for _, r := range []struct {
		roman string
		last  byte
	}{{"I", 'd'}, {"II", 'd'}, {"III", 'd'}, {"IV", 'e'}} {
		for l := byte('a'); l <= r.last; l++ {
			out = append(out, r.roman+"/"+string(l))
		}
	}
	return out
}()

// golonganSet holds the canonical spellings.
var golonganSet = func() map[string]bool {
	m := map[string]bool{}
	for _, g := range Golongan {
		m[g] = true
	}
	return m
}()

// parseGolongan reads "III/b" in any case, with '/', '-', '.', a space or
// nothing between the parts.
func parseGolongan(v string) (string, bool) {
	if golonganSet[v] {
		return v, true
	}
	s := strings.ToUpper(strings.TrimSpace(v))
	i := 0
	for i < len(s) && (s[i] == 'I' || s[i] == 'V') {
		i++
	}
	roman := s[:i]
	rest := strings.TrimLeft(s[i:], "/-. ")
	if len(rest) != 1 {
		return "", false
	}
	g := roman + "/" + strings.ToLower(rest)
	for _, k := range Golongan {
		if k == g {
			return g, true
		}
	}
	return "", false
}

type employeesDataset struct {
	units map[string]struct{}
}

func (d *employeesDataset) table() string                  { return "employees" }
func (d *employeesDataset) required() []string             { return employeesRequired }
func (d *employeesDataset) optional() []string             { return employeesOptional }
func (d *employeesDataset) keyColumn() string              { return "nip" }
func (d *employeesDataset) insertColumns() []string        { return employeesInsert }
func (d *employeesDataset) key(row *employeeRow) string    { return row.nip }
func (d *employeesDataset) accept(*rowCheck, *employeeRow) {}
func (d *employeesDataset) finish(context.Context, *run) error {
	return nil
}

func (d *employeesDataset) begin(ctx context.Context, ru *run) error {
	var err error
	d.units, err = knownUnits(ctx, ru)
	return err
}

func (d *employeesDataset) parse(c *rowCheck, row *employeeRow) {
	row.employeeType = c.oneOf(emType, "employee_type", employeeTypes, true)
	typ := nipAny
	switch row.employeeType {
	case "PNS":
		typ = nipPNS
	case "PPPK":
		typ = nipPPPK
	}
	info, nipOK := c.nip(emNIP, "nip", typ, true)
	row.nip = info.nip
	row.name = c.requiredText(emName, "name", maxName)
	row.positionClass = c.oneOf(emPositionClass, "position_class", positionClasses, true)
	row.positionName = c.optionalText(emPositionName, "position_name", maxName)
	row.unitCode = c.requiredText(emUnitCode, "unit_code", maxCode)
	c.knownCode("unit_code", row.unitCode, d.units, "unit", "unit", "units")
	row.education = c.oneOf(emEducation, "education", educationLevels, false)

	gol := strings.TrimSpace(c.get(emGolongan))
	switch {
	case row.employeeType == "PPPK" && gol != "":
		c.fail("golongan", gol,
			fmt.Sprintf("golongan: PPPK tidak memiliki golongan PNS (I/a–IV/e); kosongkan, ditemukan %s", quote(gol)),
			fmt.Sprintf("golongan: a PPPK has no PNS golongan (I/a–IV/e); leave it empty, got %s", quote(gol)))
	case row.employeeType == "PNS" && gol == "":
		c.fail("golongan", gol, "golongan: wajib diisi untuk PNS (I/a … IV/e)", "golongan: required for a PNS (I/a … IV/e), the cell is empty")
	case gol != "":
		if g, ok := parseGolongan(gol); ok {
			row.golongan = g
		} else {
			c.fail("golongan", gol,
				fmt.Sprintf("golongan: harus I/a … IV/e (mis. III/b), ditemukan %s", quote(gol)),
				fmt.Sprintf("golongan: expected I/a … IV/e (such as III/b), got %s", quote(gol)))
		}
	}

	// gender and birth_date: given, they must agree with the NIP; empty,
	// the NIP says them.
	row.gender = c.oneOf(emGender, "gender", genders, false)
	if nipOK {
		nipGender := "L"
		if info.female {
			nipGender = "P"
		}
		if row.gender == "" {
			row.gender = nipGender
		} else if row.gender != nipGender {
			c.fail("gender", c.get(emGender),
				fmt.Sprintf("gender: %s tidak sesuai dengan NIP %s (digit jenis kelamin %c berarti %s)", row.gender, info.nip, info.nip[14], nipGender),
				fmt.Sprintf("gender: %s disagrees with NIP %s (gender digit %c means %s)", row.gender, info.nip, info.nip[14], nipGender))
		}
	}
	today := c.clock.today
	birth, hasBirth := c.date(emBirthDate, "birth_date", false, dateRange{min: minDate, max: today,
		minWhy: [2]string{"terlalu awal", "too early"}, maxWhy: [2]string{"di masa depan", "is in the future"}})
	switch {
	case hasBirth && nipOK && !birth.Equal(info.birth):
		c.fail("birth_date", c.get(emBirthDate),
			fmt.Sprintf("birth_date: %s tidak sesuai dengan NIP %s (lahir %s)", birth.Format("2006-01-02"), info.nip, info.birth.Format("2006-01-02")),
			fmt.Sprintf("birth_date: %s disagrees with NIP %s (born %s)", birth.Format("2006-01-02"), info.nip, info.birth.Format("2006-01-02")))
	case hasBirth:
		row.birthDate = birth
	case nipOK:
		row.birthDate = info.birth
	}

	from, hasFrom := c.date(emActiveFrom, "active_from", false, dateRange{min: earliestActive, max: c.clock.inAYear,
		minWhy: [2]string{"terlalu awal", "too early"}, maxWhy: [2]string{"lebih dari setahun di masa depan", "is more than a year ahead"}})
	if hasFrom {
		if !row.birthDate.IsZero() && from.Before(row.birthDate.AddDate(15, 0, 0)) {
			c.fail("active_from", c.get(emActiveFrom),
				fmt.Sprintf("active_from: %s sebelum usia 15 tahun (lahir %s)", from.Format("2006-01-02"), row.birthDate.Format("2006-01-02")),
				fmt.Sprintf("active_from: %s is before the age of 15 (born %s)", from.Format("2006-01-02"), row.birthDate.Format("2006-01-02")))
		} else {
			row.activeFrom = from
		}
	}
	to, hasTo := c.date(emActiveTo, "active_to", false, dateRange{min: earliestActive, max: maxDate,
		minWhy: [2]string{"terlalu awal", "too early"}, maxWhy: [2]string{"terlalu jauh", "too far"}})
	if hasTo {
		if hasFrom && to.Before(from) {
			c.fail("active_to", c.get(emActiveTo),
				fmt.Sprintf("active_to: %s sebelum active_from %s", to.Format("2006-01-02"), from.Format("2006-01-02")),
				fmt.Sprintf("active_to: %s is before active_from %s", to.Format("2006-01-02"), from.Format("2006-01-02")))
		} else {
			row.activeTo = to
		}
	}
}

func (d *employeesDataset) anyStored(ctx context.Context, ru *run) (bool, error) {
	return anyStored(ctx, ru.r.db, "employees")
}

func (d *employeesDataset) stored(ctx context.Context, ru *run, keys []string, _ []employeeRow) (map[string]employeeRow, error) {
	out := make(map[string]employeeRow, len(keys)/4)
	err := queryEach(ctx, ru.r.db, employeesStoredSQL, warehouse.Params{"keys": keys}, func(rows warehouse.Rows) error {
		var r employeeRow
		var birth, from, to *time.Time
		if err := rows.Scan(&r.nip, &r.name, &r.employeeType, &r.positionClass, &r.positionName, &r.golongan, &r.education,
			&r.unitCode, &r.gender, &birth, &from, &to); err != nil {
			return err
		}
		r.birthDate, r.activeFrom, r.activeTo = deref(birth), deref(from), deref(to)
		out[r.nip] = r
		return nil
	})
	return out, err
}

func (d *employeesDataset) same(a, b *employeeRow) bool {
	return a.nip == b.nip && a.name == b.name && a.employeeType == b.employeeType && a.positionClass == b.positionClass &&
		a.positionName == b.positionName && a.golongan == b.golongan && a.education == b.education &&
		a.unitCode == b.unitCode && a.gender == b.gender && a.birthDate.Equal(b.birthDate) &&
		a.activeFrom.Equal(b.activeFrom) && a.activeTo.Equal(b.activeTo)
}

func (d *employeesDataset) values(ru *run, r *employeeRow, dst []any) []any {
	return append(dst, &r.nip, &r.name, &r.employeeType, &r.positionClass, &r.positionName, &r.golongan, &r.education,
		&r.unitCode, &r.gender, nullDate(&r.birthDate), nullDate(&r.activeFrom), nullDate(&r.activeTo),
		ru.idV, ru.ingestedV, ru.versionV)
}

// nullDate is a Nullable(Date32) value: nil for the zero time.
func nullDate(t *time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// deref reads a Nullable date back (zero for NULL), as a calendar day at
// 00:00 UTC.
func deref(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
