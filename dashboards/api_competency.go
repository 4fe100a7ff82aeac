package dashboards

import (
	"context"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"kinerja/analytics"
)

// GET /api/v1/competency?by=all|agency|unit&year=Y[&type=teknis|manajerial|sosial_kultural][&agency=][&unit=]
//
// returns analytics.CompetencyResult. year defaults to the last calendar
// year that has ended (WITA), as for the other yearly staff metrics
// (training, ip-asn, needs); by defaults to unit. Unknown parameters and bad
// values are answered 400 like the other API routes. The scope is empty
// until logins exist; it will come from the user's role.

var competencyParams = []string{"by", "year", "type", "agency", "unit"}

func (s *server) apiCompetency(c *fiber.Ctx) error {
	if perr := onlyParams(c, competencyParams); perr != nil {
		return badParam(c, perr)
	}
	get := query(c)
	g, perr := s.staffGroupParams(get, analytics.ByUnit)
	if perr != nil {
		return badParam(c, perr)
	}
	q := analytics.CompetencyQuery{By: g.by, Year: g.year, Agency: g.agency, Unit: g.unit}
	typ, err := analytics.ParseCompetencyType(strings.TrimSpace(get("type")))
	if err != nil {
		return badParam(c, &paramError{"type", get("type"), "teknis, manajerial or sosial_kultural", ""})
	}
	q.Type = typ
	return answer(s, c, func(ctx context.Context) (analytics.CompetencyResult, error) { return s.svc.Competency(ctx, q) })
}

// yearParam reads year=YYYY; missing means the last calendar year that has
// ended (WITA), the first whose yearly staff data are complete.
func (s *server) yearParam(get func(string) string) (int, *paramError) {
	v := strings.TrimSpace(get("year"))
	if v == "" {
		return s.cfg.Now().In(analytics.WITA).Year() - 1, nil
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < 1900 || y > 9999 || len(v) != 4 {
		return 0, &paramError{"year", v, "a year such as 2025", ""}
	}
	return y, nil
}

// staffGroup is by=, year=, agency= and unit=, which the yearly staff
// metrics share.
type staffGroup struct {
	by           analytics.By
	year         int
	agency, unit string
}

// staffGroupParams reads a staffGroup, by= defaulting to def.
func (s *server) staffGroupParams(get func(string) string, def analytics.By) (g staffGroup, perr *paramError) {
	if g.by, perr = byParam(get, def); perr != nil {
		return g, perr
	}
	if g.year, perr = s.yearParam(get); perr != nil {
		return g, perr
	}
	if g.agency, perr = parseCode("agency", get("agency")); perr != nil {
		return g, perr
	}
	g.unit, perr = parseCode("unit", get("unit"))
	return g, perr
}

// byParam reads by=all|agency|unit with a default.
func byParam(get func(string) string, def analytics.By) (analytics.By, *paramError) {
	v := strings.TrimSpace(get("by"))
	if v == "" {
		return def, nil
	}
	b, err := analytics.ParseBy(v)
	if err != nil {
		return "", &paramError{"by", v, "all, agency or unit", "expect.by"}
	}
	return b, nil
}
