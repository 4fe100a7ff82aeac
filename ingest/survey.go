package ingest

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"kinerja/warehouse"
)

// surveyRow is one SKM questionnaire (PermenPANRB 14/2017).
type surveyRow struct {
	responseID, unitCode, service string
	submittedAt                   time.Time
	u                             [9]uint8
	gender                        string
	age                           uint8
	hasAge                        bool
	education, occupation         string
	comment                       string
}

// Canonical survey columns, in the order of surveyRequired then surveyOptional.
const (
	svResponseID = iota
	svUnitCode
	svSubmittedAt
	svU1 // u1..u9 follow
)

const (
	svService = svU1 + 9 + iota
	svGender
	svAge
	svEducation
	svOccupation
	svComment
)

var (
	surveyRequired = []string{"response_id", "unit_code", "submitted_at", "u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9"}
	surveyOptional = []string{"service", "gender", "age", "education", "occupation", "comment"}
	surveyInsert   = []string{"source", "response_id", "unit_code", "service", "submitted_at",
		"u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9", "gender", "age", "education", "occupation", "comment",
		"ingest_run_id", "ingested_at", "_version"}
	surveyStoredSQL = mustSQL("survey_stored.sql")
	unitCodesSQL    = mustSQL("unit_codes.sql")
	surveyAnySQL    = mustSQL("survey_any.sql")
)

// Limits of survey values (characters).
const (
	maxCode    = 100
	maxName    = 200
	maxComment = 10_000
	minAge     = 10
	maxAge     = 120
	// futureSlack is how far after the import a submitted_at may be (clocks differ).
	futureSlack = 5 * time.Minute
)

// earliest is the first acceptable submitted_at: 2000-01-01 00:00 WITA.
var earliest = time.Date(2000, 1, 1, 0, 0, 0, 0, wita)

type surveyDataset struct {
	ru    *run
	units map[string]struct{}
}

func (d *surveyDataset) table() string           { return "survey_responses" }
func (d *surveyDataset) required() []string      { return surveyRequired }
func (d *surveyDataset) optional() []string      { return surveyOptional }
func (d *surveyDataset) keyColumn() string       { return "response_id" }
func (d *surveyDataset) insertColumns() []string { return surveyInsert }
func (d *surveyDataset) key(row *surveyRow) string {
	return row.responseID
}

// begin loads the known units: a survey row must name one of them.
func (d *surveyDataset) begin(ctx context.Context, ru *run) error {
	d.ru = ru
	var err error
	d.units, err = knownUnits(ctx, ru)
	return err
}

func (d *surveyDataset) parse(c *rowCheck, row *surveyRow) {
	row.responseID = c.requiredText(svResponseID, "response_id", maxCode)
	row.unitCode = c.requiredText(svUnitCode, "unit_code", maxCode)
	if row.unitCode != "" {
		if _, ok := d.units[row.unitCode]; !ok {
			c.fail("unit_code", row.unitCode,
				fmt.Sprintf("unit_code: unit %s tidak dikenal; impor data unit (units) terlebih dahulu", quote(row.unitCode)),
				fmt.Sprintf("unit_code: unknown unit %s; import it with the units first", quote(row.unitCode)))
		}
	}
	row.submittedAt, _ = c.dateTime(svSubmittedAt, "submitted_at", true)
	for i := range row.u {
		row.u[i] = c.answer(svU1+i, surveyRequired[svU1+i])
	}
	row.service = c.optionalText(svService, "service", maxName)
	row.gender = c.gender(svGender, "gender")
	row.age, row.hasAge = c.age(svAge, "age")
	row.education = c.optionalText(svEducation, "education", maxName)
	row.occupation = c.optionalText(svOccupation, "occupation", maxName)
	row.comment = c.get(svComment)
	if len(row.comment) > maxComment {
		if n := utf8.RuneCountInString(row.comment); n > maxComment {
			c.fail("comment", row.comment,
				fmt.Sprintf("comment: terlalu panjang (%d karakter, paling banyak %d); biasanya tanda kutip yang tidak tertutup menelan baris-baris berikutnya", n, maxComment),
				fmt.Sprintf("comment: too long (%d characters, at most %d); usually an unclosed quote that swallowed the rows after it", n, maxComment))
		}
	}
}

func (d *surveyDataset) accept(*rowCheck, *surveyRow) {}

func (d *surveyDataset) anyStored(ctx context.Context, ru *run) (bool, error) {
	var n uint64
	err := warehouse.QueryRow(ctx, ru.r.db, surveyAnySQL, warehouse.Params{"source": ru.source}, &n)
	return n > 0, err
}

func (d *surveyDataset) stored(ctx context.Context, ru *run, keys []string, _ []surveyRow) (map[string]surveyRow, error) {
	rows, err := ru.r.db.Query(ctx, surveyStoredSQL, warehouse.Params{"source": ru.source, "keys": keys})
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[string]surveyRow, len(keys)/4)
	for rows.Next() {
		var r surveyRow
		var age *uint8
		if err := rows.Scan(&r.responseID, &r.unitCode, &r.service, &r.submittedAt,
			&r.u[0], &r.u[1], &r.u[2], &r.u[3], &r.u[4], &r.u[5], &r.u[6], &r.u[7], &r.u[8],
			&r.gender, &age, &r.education, &r.occupation, &r.comment); err != nil {
			return nil, err
		}
		if age != nil {
			r.age, r.hasAge = *age, true
		}
		out[r.responseID] = r
	}
	return out, rows.Err()
}

func (d *surveyDataset) same(a, b *surveyRow) bool {
	return a.responseID == b.responseID && a.unitCode == b.unitCode && a.service == b.service &&
		a.submittedAt.Unix() == b.submittedAt.Unix() && a.u == b.u && a.gender == b.gender &&
		a.hasAge == b.hasAge && (!a.hasAge || a.age == b.age) &&
		a.education == b.education && a.occupation == b.occupation && a.comment == b.comment
}

func (d *surveyDataset) values(ru *run, r *surveyRow, dst []any) []any {
	var age any
	if r.hasAge {
		age = &r.age
	}
	return append(dst, ru.sourceV, &r.responseID, &r.unitCode, &r.service, &r.submittedAt,
		r.u[0], r.u[1], r.u[2], r.u[3], r.u[4], r.u[5], r.u[6], r.u[7], r.u[8],
		&r.gender, age, &r.education, &r.occupation, &r.comment, ru.idV, ru.ingestedV, ru.versionV)
}

func (d *surveyDataset) finish(context.Context, *run) error { return nil }

// requiredText returns the trimmed cell of column i, failing when it is
// empty or longer than max characters.
func (c *rowCheck) requiredText(i int, name string, max int) string {
	v := strings.TrimSpace(c.get(i))
	if v == "" {
		c.fail(name, v, name+": wajib diisi", name+": required, the cell is empty")
		return ""
	}
	return c.limit(name, v, max)
}

// optionalText returns the trimmed cell of column i ("" when absent),
// failing when it is longer than max characters.
func (c *rowCheck) optionalText(i int, name string, max int) string {
	return c.limit(name, strings.TrimSpace(c.get(i)), max)
}

func (c *rowCheck) limit(name, v string, max int) string {
	if len(v) > max {
		if n := utf8.RuneCountInString(v); n > max {
			c.fail(name, v,
				fmt.Sprintf("%s: terlalu panjang (%d karakter, paling banyak %d)", name, n, max),
				fmt.Sprintf("%s: too long (%d characters, at most %d)", name, n, max))
		}
	}
	return v
}

// answer parses one element's answer: an integer 1–4.
func (c *rowCheck) answer(i int, name string) uint8 {
	v := strings.TrimSpace(c.get(i))
	if len(v) == 1 && v[0] >= '1' && v[0] <= '4' {
		return v[0] - '0'
	}
	if v == "" {
		c.fail(name, v, name+": wajib diisi (bilangan bulat 1–4)", name+": required (an integer 1–4), the cell is empty")
		return 0
	}
	c.fail(name, v,
		fmt.Sprintf("%s: nilai harus bilangan bulat 1–4, ditemukan %s", name, quote(v)),
		fmt.Sprintf("%s: expected an integer 1–4, got %s", name, quote(v)))
	return 0
}

// gender parses L/P (either case) or empty.
func (c *rowCheck) gender(i int, name string) string {
	v := strings.TrimSpace(c.get(i))
	switch v {
	case "", "L", "P":
		return v
	case "l", "p":
		return strings.ToUpper(v)
	}
	c.fail(name, v,
		fmt.Sprintf("%s: harus L, P atau kosong, ditemukan %s", name, quote(v)),
		fmt.Sprintf("%s: expected L, P or empty, got %s", name, quote(v)))
	return ""
}

// age parses an integer minAge–maxAge or empty.
func (c *rowCheck) age(i int, name string) (uint8, bool) {
	v := strings.TrimSpace(c.get(i))
	if v == "" {
		return 0, false
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < minAge || n > maxAge {
		c.fail(name, v,
			fmt.Sprintf("%s: harus bilangan bulat %d–%d atau kosong, ditemukan %s", name, minAge, maxAge, quote(v)),
			fmt.Sprintf("%s: expected an integer %d–%d or empty, got %s", name, minAge, maxAge, quote(v)))
		return 0, false
	}
	return uint8(n), true
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// daysIn is the number of days of month m (1–12) of year y.
func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
