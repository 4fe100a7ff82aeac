package analytics

import (
	"context"
	"testing"
)

// BenchmarkScaleRefreshStaff: what keeping the staff rollup exact costs
// after an ingest run of the ASN datasets, on the scale data (see
// scale_bench_test.go): the state check alone when nothing changed, a
// corrected training of the benchmark year (that year and the later ones
// rebuilt) and a corrected employee (every year they are active in).
func BenchmarkScaleRefreshStaff(b *testing.B) {
	set := scaleDataset(b)
	ctx := context.Background()
	r := NewRollups(set.db, nil)
	if _, err := r.RefreshFor(ctx, "employees"); err != nil {
		b.Fatal(err)
	}
	refresh := func() error {
		_, err := r.RefreshFor(ctx, "trainings")
		return err
	}
	var n int
	for _, c := range []struct {
		name   string
		change string
	}{
		{"unchanged", ""},
		{"training", `INSERT INTO trainings (training_id, nip, title, kind, jp, start_date, end_date, provider, _version)
SELECT training_id, nip, title, kind, jp + if({n:UInt32} % 2 = 0, 1, -1), start_date, end_date, provider, _version + 1
FROM trainings FINAL WHERE end_date BETWEEN {from:Date} AND {to:Date} ORDER BY training_id LIMIT 1`},
		{"employee", `INSERT INTO employees (nip, name, employee_type, position_class, position_name, golongan, education, unit_code, gender, birth_date, active_from, active_to, _version)
SELECT nip, name, employee_type, position_class, position_name, golongan, if({n:UInt32} % 2 = 0, 'S2', 'S1'), unit_code, gender, birth_date, active_from, active_to, _version + 1
FROM employees FINAL WHERE active_to IS NULL ORDER BY nip LIMIT 1`},
	} {
		b.Run(c.name, func(b *testing.B) {
			timedAfter(b, func() error {
				if c.change == "" {
					return nil
				}
				n++
				p := bucket(Year, set.year, 1).params()
				p["n"] = n
				return set.db.Exec(ctx, c.change, p)
			}, refresh)
		})
	}
}
