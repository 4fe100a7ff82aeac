package analytics

import (
	"context"
	"fmt"
	"math"
	"sort"

	"github.com/shopspring/decimal"

	"kinerja/warehouse"
)

// staffRollupDef is the "staff" rollup (warehouse migration 0009): exact
// yearly aggregates of the ASN datasets, which the training, competency,
// IP ASN and training-needs queries read instead of joining employees with
// hundreds of thousands of assessments, trainings and SKP evaluations.
//
//   - rollup_staff_asn: one row per ASN active in the year with the year's
//     facts (SKP predikat; kepemimpinan titles and fungsional count up to
//     the year's end; JP and count per training kind and year of the
//     trainings ended in the year and the nine before; the latest
//     assessment of each competency by the year's end). Training sums it,
//     IP ASN scores it in SQL (ipasn_rollup.sql).
//   - rollup_staff_competency and rollup_staff_competency_asn: those latest
//     assessments counted per unit, competency and levels, and the ASN per
//     unit and competency type by what makes them below a standard
//     (competency_rollup.sql).
//   - rollup_staff_predikat: SKP evaluations and low predikat per evaluated
//     unit (needs).
//
// None of it depends on the analytics configuration: where a configured
// value decides (the required level of a position, the IP ASN instrument),
// the rollups keep what it is applied to (the position, the training kinds
// and years) and the queries apply it, so a Service with any Config reads
// the same rollups.
//
// Freshness and exactness are the rollup framework's (rollup.go): the
// fingerprint covers the five raw tables (employees, units,
// competency_assessments, trainings, skp_evaluations), and a year is
// rebuilt when its checksum changes (rollup_staff_check.sql: the ASN active
// in the year, every unit, the SKP of the year, the assessments and
// trainings up to the year's end). A units import that adds a unit or moves
// one to another OPD therefore rebuilds every year kept, an employees
// import the years the ASN it changes are active in, an import of one
// year's assessments or trainings that year and the later ones, of its SKP
// that year alone; an import that changes nothing the rollups read rebuilds
// nothing. The rollups keep six years: up to the later of next year (so
// that a new year is ready on 1 January, before any import of it) and the
// last year with data, from five years before (measured at Mamuju scale ×
// 12, 68 000 ASN, on this 2-core machine: about 1,5 s per year to build;
// 0,2 s at Mamuju scale). A year outside them, or any year while the rollup
// is stale, is answered from the raw tables, exactly and more slowly. The
// per-ASN view of IP ASN (detail, NIP) always reads the raw tables.
var staffRollupDef = rollupDef{
	name:   "staff",
	source: "employees",
	also:   []string{"units", "competency_assessments", "trainings", "skp_evaluations"},
	check:  "rollup_staff_check.sql",
	builds: []rollupBuild{
		{"rollup_staff_asn", "rollup_staff_asn_build.sql"},
		// From rollup_staff_asn_staging: after it.
		{"rollup_staff_competency", "rollup_staff_competency_build.sql"},
		{"rollup_staff_competency_asn", "rollup_staff_competency_asn_build.sql"},
		{"rollup_staff_predikat", "rollup_staff_predikat_build.sql"},
	},
}

// staffRollup reports whether the staff rollups answer for the year: fresh
// (Rollups.Use) and holding the year. While ok, call release when done
// (release is never nil).
func (s *Service) staffRollup(ctx context.Context, year int) (ok bool, release func()) {
	ok, release = s.Rollups.Use(ctx, staffRollupDef.name)
	if !ok {
		return false, release
	}
	var n uint64
	if err := warehouse.QueryRow(ctx, s.DB, mustSQL("rollup_staff_year.sql"), warehouse.Params{"year": year}, &n); err != nil || n == 0 {
		release()
		return false, func() {}
	}
	return true, release
}

// namesWhile reads the organisation names while also runs (both are a
// few milliseconds of round trips; on the engine's pool they overlap).
func (s *Service) namesWhile(ctx context.Context, also func()) (orgNames, error) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		also()
	}()
	names, err := s.names(ctx)
	<-done
	return names, err
}

// ipasnGroupsFromRollup fills res.Groups from rollup_staff_asn, scored in
// SQL (ipasn_rollup.sql) with the instrument ins: the same sums, counts and
// categories the per-ASN path adds up in Go.
func (s *Service) ipasnGroupsFromRollup(ctx context.Context, q IPASNQuery, ins ipasnInstrument, names orgNames, res *IPASNResult) error {
	p := warehouse.Params{"year": q.Year}
	// The leadership titles of the year, matched with the phrases of each
	// class in Go (containsPhrase) as the per-ASN path does.
	var keys []string
	titles, err := s.DB.Query(ctx, mustSQL("ipasn_titles.sql"), p)
	if err != nil {
		return fmt.Errorf("ip asn by %s: leadership titles: %w", q.By, err)
	}
	defer titles.Close()
	for titles.Next() {
		var title string
		if err := titles.Scan(&title); err != nil {
			return fmt.Errorf("ip asn by %s: leadership titles: %w", q.By, err)
		}
		for class, phrases := range ins.leadershipTitles {
			for _, phrase := range phrases {
				if containsPhrase(title, phrase) {
					keys = append(keys, class+"\x1f"+title)
					break
				}
			}
		}
	}
	if err := titles.Err(); err != nil {
		return fmt.Errorf("ip asn by %s: leadership titles: %w", q.By, err)
	}
	sort.Strings(keys)

	eduNames := make([]string, 0, len(ins.kualifikasi))
	for k := range ins.kualifikasi {
		eduNames = append(eduNames, k)
	}
	sort.Strings(eduNames)
	eduPoints := make([]int64, len(eduNames))
	for i, k := range eduNames {
		eduPoints[i] = ins.kualifikasi[k]
	}
	kinNames := make([]string, 0, len(ins.kinerja))
	for k := range ins.kinerja {
		kinNames = append(kinNames, k)
	}
	sort.Strings(kinNames)
	kinPoints := make([]int64, len(kinNames))
	for i, k := range kinNames {
		kinPoints[i] = ins.kinerja[k]
	}
	var functional []string
	for c, ok := range ins.functionalClasses {
		if ok {
			functional = append(functional, c)
		}
	}
	sort.Strings(functional)
	catMins := make([]int64, len(ipasnCategories))
	for i, c := range ipasnCategories {
		catMins[i] = c.min
	}
	// technical_min: the least whole number of hundredths of a JP that
	// reaches the configured minimum (sums of JP are exact to 0,01).
	techMin := int64(math.MaxInt64)
	if h := ins.technicalMinJP.Shift(2).Ceil(); h.LessThan(decimal.NewFromInt(math.MaxInt64)) {
		techMin = h.IntPart()
	}
	p["by"] = string(q.By)
	p["types"] = ins.types
	p["edu_names"], p["edu_points"] = eduNames, eduPoints
	p["lead_keys"] = keys
	p["leadership"], p["functional"], p["technical"], p["seminar"], p["cap"] = ins.leadership, ins.functional, ins.technical, ins.seminar, ins.cap
	p["functional_classes"] = functional
	p["technical_kinds"], p["seminar_kinds"] = ins.technicalKinds, ins.seminarKinds
	p["window_year"] = q.Year - ins.windowYears + 1
	p["technical_min"] = techMin
	p["kinerja_names"], p["kinerja_points"] = kinNames, kinPoints
	p["disiplin"] = ins.disiplin
	p["cat_mins"] = catMins
	p["agency"], p["unit"] = q.Agency, q.Unit
	p["scope_agency"], p["scope_unit"] = q.Scope.Agency, q.Scope.Unit
	rows, err := s.DB.Query(ctx, mustSQL("ipasn_rollup.sql"), p)
	if err != nil {
		return fmt.Errorf("ip asn by %s: %w", q.By, err)
	}
	defer rows.Close()
	idx := map[string]int{}
	for rows.Next() {
		var code string
		var cat, n, noSKP, unknownEdu uint64
		var sums [5]int64
		if err := rows.Scan(&code, &cat, &n, &sums[0], &sums[1], &sums[2], &sums[3], &sums[4], &noSKP, &unknownEdu); err != nil {
			return fmt.Errorf("ip asn by %s: %w", q.By, err)
		}
		i, ok := idx[code]
		if !ok {
			g := IPASNGroup{Code: code}
			g.Name, g.Agency = s.nameOf(names, q.By, code)
			res.Groups = append(res.Groups, g)
			i = len(res.Groups) - 1
			idx[code] = i
		}
		g := &res.Groups[i]
		g.Employees += n
		for k := range sums {
			g.sums[k] += sums[k]
		}
		if cat < 1 || int(cat) > len(ipasnCategories) {
			return fmt.Errorf("ip asn by %s: category %d out of range (ours)", q.By, cat)
		}
		g.Counts.addN(ipasnCategories[cat-1].key, n)
		g.NoSKP += noSKP
		g.UnknownEducation += unknownEdu
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("ip asn by %s: %w", q.By, err)
	}
	return nil
}
