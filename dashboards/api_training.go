package dashboards

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"kinerja/analytics"
)

// GET /api/v1/training?by=all|agency|unit&year=Y[&agency=][&unit=]
//
// returns analytics.TrainingResult: per group the ASN active in the year,
// JP total and mean, how many reached 20 JP and the share, for all ASN and
// per employee type (by_type.PNS is the figure PP 11/2017 art. 203(4)
// binds). year defaults to the last calendar year that has ended; by to
// agency.

var trainingParams = []string{"by", "year", "agency", "unit"}

func (s *server) apiTraining(c *fiber.Ctx) error {
	if perr := onlyParams(c, trainingParams); perr != nil {
		return badParam(c, perr)
	}
	get := query(c)
	g, perr := s.staffGroupParams(get, analytics.ByAgency)
	if perr != nil {
		return badParam(c, perr)
	}
	q := analytics.TrainingQuery{By: g.by, Year: g.year, Agency: g.agency, Unit: g.unit}
	return answer(s, c, func(ctx context.Context) (analytics.TrainingResult, error) { return s.svc.Training(ctx, q) })
}
