package dashboards

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"kinerja/analytics"
)

// GET /api/v1/skp?by=all|agency|unit&year=2025[&period=ANNUAL|Q1..Q4][&agency=][&unit=]
//
// returns analytics.SKPResult: per group the predikat counts and shares,
// the OPD's organisation predikat and whether its distribution keeps the
// pattern (PermenPANRB 6/2022), with the violations in words. by defaults
// to agency, year to the last year that has ended (WITA), period to
// ANNUAL. Unknown parameters and bad values are answered 400.

var skpParams = []string{"by", "year", "period", "agency", "unit"}

func (s *server) apiSKP(c *fiber.Ctx) error {
	if perr := onlyParams(c, skpParams); perr != nil {
		return badParam(c, perr)
	}
	q, perr := s.skpQuery(query(c))
	if perr != nil {
		return badParam(c, perr)
	}
	return answer(s, c, func(ctx context.Context) (analytics.SKPResult, error) { return s.svc.SKP(ctx, q) })
}

func (s *server) skpQuery(get func(string) string) (analytics.SKPQuery, *paramError) {
	var q analytics.SKPQuery
	var err error
	var perr *paramError
	if q.By, perr = byParam(get, analytics.ByAgency); perr != nil {
		return q, perr
	}
	if q.Year, perr = s.yearParam(get); perr != nil {
		return q, perr
	}
	if q.Period, err = analytics.ParseSKPPeriod(get("period")); err != nil {
		return q, &paramError{"period", get("period"), "ANNUAL, Q1, Q2, Q3 or Q4", ""}
	}
	if q.Agency, perr = parseCode("agency", get("agency")); perr != nil {
		return q, perr
	}
	if q.Unit, perr = parseCode("unit", get("unit")); perr != nil {
		return q, perr
	}
	return q, nil
}
