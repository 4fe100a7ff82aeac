package warehouse

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// ErrNoRows is returned by QueryRow when the query returned nothing.
var ErrNoRows = errors.New("warehouse: no rows")

// Params are ClickHouse query parameters: the query names them as
// {name:Type}. Values are formatted as ClickHouse parses them in that
// position: strings as is, numbers in decimal, time.Time as
// "YYYY-MM-DD hh:mm:ss" in UTC (declare the parameter DateTime('UTC')), Date
// as YYYY-MM-DD, slices as arrays ([]string → Array(String)).
type Params map[string]any

// Date is a calendar day without a time zone, for {name:Date} parameters.
type Date struct{ time.Time }

// DateOf returns the calendar day of t in t's own location.
func DateOf(t time.Time) Date { return Date{t} }

// Millis is an instant for {name:DateTime64(3, 'UTC')} parameters: unlike a
// plain time.Time (formatted to the second for DateTime, which refuses a
// fraction), it keeps the milliseconds.
type Millis struct{ time.Time }

// MillisOf returns t as a millisecond-precision parameter.
func MillisOf(t time.Time) Millis { return Millis{t} }

// encode returns the parameter names and values in a stable order.
func (p Params) encode() (names, values []string, err error) {
	if len(p) == 0 {
		return nil, nil, nil
	}
	names = make([]string, 0, len(p))
	for k := range p {
		names = append(names, k)
	}
	sort.Strings(names)
	values = make([]string, len(names))
	for i, k := range names {
		v, err := formatParam(p[k], false)
		if err != nil {
			return nil, nil, fmt.Errorf("query parameter %s: %w", k, err)
		}
		values[i] = v
	}
	return names, values, nil
}

// strings returns the parameters as clickhouse-go's Parameters.
func (p Params) strings() (map[string]string, error) {
	names, values, err := p.encode()
	if err != nil {
		return nil, err
	}
	m := make(map[string]string, len(names))
	for i := range names {
		m[names[i]] = values[i]
	}
	return m, nil
}

var (
	escapedText = strings.NewReplacer(`\`, `\\`, "\n", `\n`, "\t", `\t`, "\r", `\r`, "\x00", `\0`)
	quotedText  = strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`, "\t", `\t`, "\r", `\r`, "\x00", `\0`)
)

// formatParam formats one value; nested values inside arrays are quoted.
func formatParam(v any, nested bool) (string, error) {
	q := func(s string) string {
		if !nested {
			// Both engines read a top-level parameter in the escaped text
			// format (as in TSV): backslash sequences are interpreted.
			return escapedText.Replace(s)
		}
		return "'" + quotedText.Replace(s) + "'"
	}
	switch x := v.(type) {
	case nil:
		return "", errors.New("nil value (use a Nullable type and \\N explicitly)")
	case string:
		return q(x), nil
	case bool:
		if x {
			return "1", nil
		}
		return "0", nil
	case int:
		return strconv.Itoa(x), nil
	case int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return fmt.Sprint(x), nil
	case float32:
		return strconv.FormatFloat(float64(x), 'g', -1, 32), nil
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64), nil
	case time.Time:
		return q(x.UTC().Format("2006-01-02 15:04:05")), nil
	case Date:
		return q(x.Format("2006-01-02")), nil
	case Millis:
		return q(x.UTC().Format("2006-01-02 15:04:05.000")), nil
	case []string:
		return formatArray(len(x), func(i int) any { return x[i] })
	case []int:
		return formatArray(len(x), func(i int) any { return x[i] })
	case []int64:
		return formatArray(len(x), func(i int) any { return x[i] })
	case []uint64:
		return formatArray(len(x), func(i int) any { return x[i] })
	case fmt.Stringer:
		return q(x.String()), nil
	default:
		return "", fmt.Errorf("unsupported parameter type %T", v)
	}
}

func formatArray(n int, at func(int) any) (string, error) {
	var b strings.Builder
	b.WriteByte('[')
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		s, err := formatParam(at(i), true)
		if err != nil {
			return "", err
		}
		b.WriteString(s)
	}
	b.WriteByte(']')
	return b.String(), nil
}

// settingsClause renders settings as " SETTINGS k = v, …" for the embedded
// engine, which takes settings only in the query text.
func settingsClause(s Settings) (string, error) {
	if len(s) == 0 {
		return "", nil
	}
	keys := make([]string, 0, len(s))
	for k := range s {
		if !validSettingName(k) {
			return "", fmt.Errorf("invalid setting name %q", k)
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(" SETTINGS ")
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(k)
		b.WriteString(" = ")
		switch v := s[k].(type) {
		case string:
			b.WriteString("'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(v) + "'")
		case bool:
			if v {
				b.WriteString("1")
			} else {
				b.WriteString("0")
			}
		default:
			s, err := formatParam(v, false)
			if err != nil {
				return "", fmt.Errorf("setting %s: %w", k, err)
			}
			b.WriteString(s)
		}
	}
	return b.String(), nil
}

func validSettingName(k string) bool {
	if k == "" {
		return false
	}
	for _, r := range k {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}
