package analytics

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"kinerja/warehouse"
)

// Unit is a service or work unit inside an OPD.
type Unit struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Agency string `json:"agency"` // code of its OPD
	Kind   string `json:"kind"`   // dinas, puskesmas, sekolah, kelurahan, …
}

// Agency is an OPD with its units, sorted by name.
type Agency struct {
	Code  string `json:"code"`
	Name  string `json:"name"`
	Units []Unit `json:"units"`
}

// Organisation is the OPD → unit tree, OPD sorted by name. It feeds the
// filter dropdowns and the labels of the dashboards.
type Organisation struct {
	Agencies []Agency `json:"agencies"`
}

// Agency returns the OPD with the given code.
func (o Organisation) Agency(code string) (Agency, bool) {
	for _, a := range o.Agencies {
		if a.Code == code {
			return a, true
		}
	}
	return Agency{}, false
}

// Unit returns the unit with the given code.
func (o Organisation) Unit(code string) (Unit, bool) {
	for _, a := range o.Agencies {
		for _, u := range a.Units {
			if u.Code == code {
				return u, true
			}
		}
	}
	return Unit{}, false
}

// Organisation returns every OPD and unit. A unit whose OPD has no row in
// agencies still appears, under an OPD named by its code, so that no data is
// unreachable from the filters.
func (s *Service) Organisation(ctx context.Context) (Organisation, error) {
	ctx = warehouse.WithSettings(ctx, warehouse.Settings{"log_comment": "analytics.organisation"})
	rows, err := s.DB.Query(ctx, mustSQL("org.sql"), nil)
	if err != nil {
		return Organisation{}, fmt.Errorf("organisation: %w", err)
	}
	defer rows.Close()
	agencies := map[string]*Agency{}
	agency := func(code string) *Agency {
		a, ok := agencies[code]
		if !ok {
			a = &Agency{Code: code, Name: code}
			agencies[code] = a
		}
		return a
	}
	for rows.Next() {
		var kind, code, name, agencyCode, unitKind string
		if err := rows.Scan(&kind, &code, &name, &agencyCode, &unitKind); err != nil {
			return Organisation{}, fmt.Errorf("organisation: %w", err)
		}
		if kind == "agency" {
			a := agency(code)
			if name != "" {
				a.Name = name
			}
			continue
		}
		if name == "" {
			name = code
		}
		a := agency(agencyCode)
		a.Units = append(a.Units, Unit{Code: code, Name: name, Agency: agencyCode, Kind: unitKind})
	}
	if err := rows.Err(); err != nil {
		return Organisation{}, fmt.Errorf("organisation: %w", err)
	}
	var o Organisation
	for _, a := range agencies {
		sort.Slice(a.Units, func(i, j int) bool {
			return lessName(a.Units[i].Name, a.Units[j].Name, a.Units[i].Code, a.Units[j].Code)
		})
		o.Agencies = append(o.Agencies, *a)
	}
	sort.Slice(o.Agencies, func(i, j int) bool {
		return lessName(o.Agencies[i].Name, o.Agencies[j].Name, o.Agencies[i].Code, o.Agencies[j].Code)
	})
	return o, nil
}

func lessName(a, b, codeA, codeB string) bool {
	la, lb := strings.ToLower(a), strings.ToLower(b)
	if la != lb {
		return la < lb
	}
	return codeA < codeB
}

// SurveyExtent says whether there are survey responses at all and which days
// (WITA) they span; dashboards use it to suggest a period with data.
type SurveyExtent struct {
	Responses   uint64    // approximate (counted before duplicates merge); 0 = none at all
	First, Last time.Time // midnight WITA of the first and the last day with responses
}

// SurveyExtent returns the days spanned by all survey responses.
func (s *Service) SurveyExtent(ctx context.Context) (SurveyExtent, error) {
	ctx = warehouse.WithSettings(ctx, warehouse.Settings{"log_comment": "analytics.survey_extent"})
	var e SurveyExtent
	var first, last time.Time
	if err := warehouse.QueryRow(ctx, s.DB, mustSQL("survey_extent.sql"), nil, &e.Responses, &first, &last); err != nil {
		return e, fmt.Errorf("survey extent: %w", err)
	}
	if e.Responses == 0 {
		return SurveyExtent{}, nil
	}
	// Dates come back as calendar days: keep the day, put it in WITA.
	e.First = time.Date(first.Year(), first.Month(), first.Day(), 0, 0, 0, 0, WITA)
	e.Last = time.Date(last.Year(), last.Month(), last.Day(), 0, 0, 0, 0, WITA)
	return e, nil
}
