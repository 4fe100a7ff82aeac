package analytics

import (
	"context"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"kinerja/warehouse"
)

// Fixture helpers for the fxEmployee datasets (employees, competency
// assessments, trainings, SKP evaluations), loaded with PrepareBatch as the
// ingest would write them.

// fxEmployee is one employees row; from/to "" are NULL.
type fxEmployee struct {
	nip, name, typ, class, position, education, unit string
	from, to                                         string
}

func fxDay(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func fxOptDay(s string) *time.Time {
	if s == "" {
		return nil
	}
	t := fxDay(s)
	return &t
}

func insertFxEmployees(t *testing.T, db warehouse.DB, rows []fxEmployee) {
	t.Helper()
	b, err := db.PrepareBatch(context.Background(), "employees", []string{"nip", "name", "employee_type", "position_class",
		"position_name", "golongan", "education", "unit_code", "gender", "birth_date", "active_from", "active_to", "_version"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		typ := r.typ
		if typ == "" {
			typ = "PNS"
		}
		if err := b.Append(r.nip, r.name, typ, r.class, r.position, "", r.education, r.unit, "P", nil,
			fxOptDay(r.from), fxOptDay(r.to), uint64(1)); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Send(); err != nil {
		t.Fatal(err)
	}
}

// fxAssessment is one competency_assessments row.
type fxAssessment struct {
	nip, code, name, typ string
	required, assessed   uint8
	at                   string
}

func insertFxAssessments(t *testing.T, db warehouse.DB, version uint64, rows []fxAssessment) {
	t.Helper()
	b, err := db.PrepareBatch(context.Background(), "competency_assessments", []string{"nip", "competency_code", "competency_name",
		"competency_type", "required_level", "assessed_level", "assessed_at", "method", "_version"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if err := b.Append(r.nip, r.code, r.name, r.typ, r.required, r.assessed, fxDay(r.at), "cat", version); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Send(); err != nil {
		t.Fatal(err)
	}
}

// fxTraining is one trainings row; jp as written ("19.5").
type fxTraining struct {
	id, nip, title, kind, jp, start, end string
}

func insertFxTrainings(t *testing.T, db warehouse.DB, version uint64, rows []fxTraining) {
	t.Helper()
	b, err := db.PrepareBatch(context.Background(), "trainings", []string{"training_id", "nip", "title", "kind", "jp",
		"start_date", "end_date", "provider", "_version"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		start := r.start
		if start == "" {
			start = r.end
		}
		if err := b.Append(r.id, r.nip, r.title, r.kind, decimal.RequireFromString(r.jp), fxDay(start), fxDay(r.end), "BKPSDM", version); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Send(); err != nil {
		t.Fatal(err)
	}
}

// fxSKP is one skp_evaluations row.
type fxSKP struct {
	nip, unit string
	year      uint16
	period    string
	predikat  string
}

func insertFxSKP(t *testing.T, db warehouse.DB, version uint64, rows []fxSKP) {
	t.Helper()
	b, err := db.PrepareBatch(context.Background(), "skp_evaluations", []string{"nip", "unit_code", "year", "period",
		"hasil_kerja", "perilaku_kerja", "predikat", "evaluator_nip", "_version"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if err := b.Append(r.nip, r.unit, r.year, r.period, "", "", r.predikat, "", version); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Send(); err != nil {
		t.Fatal(err)
	}
}

func decimalOf(s string) decimal.Decimal { return decimal.RequireFromString(s) }
