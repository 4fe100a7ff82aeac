package dashboards

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"kinerja/analytics"
)

// GET /api/v1/needs?year=Y[&agency=]
//
// returns analytics.NeedsResult: every unit in scope ranked by its
// training-needs priority, with rank (equal scores share one), score,
// components and the top reasons in Indonesian and English. year defaults
// to the last calendar year that has ended.

var needsParams = []string{"year", "agency"}

func (s *server) apiNeeds(c *fiber.Ctx) error {
	if perr := onlyParams(c, needsParams); perr != nil {
		return badParam(c, perr)
	}
	get := query(c)
	var q analytics.NeedsQuery
	var perr *paramError
	if q.Year, perr = s.yearParam(get); perr != nil {
		return badParam(c, perr)
	}
	if q.Agency, perr = parseCode("agency", get("agency")); perr != nil {
		return badParam(c, perr)
	}
	return answer(s, c, func(ctx context.Context) (analytics.NeedsResult, error) { return s.svc.Needs(ctx, q) })
}
