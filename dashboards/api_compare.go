package dashboards

import (
	"context"
	"sort"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"kinerja/analytics"
)

// GET /api/v1/compare?metric=ikm&by=all|agency|unit&period=2025-Q2&vs=previous|last-year[&agency=][&unit=][&weight=]
//
// returns analytics.CompareResult. period defaults to the current year
// (WITA), vs to previous, by to agency, metric to ikm. Unknown parameters
// and bad values are answered 400 like the other API routes.

var compareParams = []string{"metric", "by", "period", "vs", "agency", "unit", "weight"}

func (s *server) apiCompare(c *fiber.Ctx) error {
	if perr := onlyParams(c, compareParams); perr != nil {
		return badParam(c, perr)
	}
	get := query(c)
	q, perr := s.compareQuery(get)
	if perr != nil {
		return badParam(c, perr)
	}
	return answer(s, c, func(ctx context.Context) (analytics.CompareResult, error) { return s.svc.Compare(ctx, q) })
}

func (s *server) compareQuery(get func(string) string) (analytics.CompareQuery, *paramError) {
	var q analytics.CompareQuery
	var err error
	metric := strings.TrimSpace(get("metric"))
	if metric == "" {
		metric = "ikm"
	}
	if q.Metric, err = analytics.ParseCompareMetric(metric); err != nil {
		return q, &paramError{"metric", get("metric"), "one of " + strings.Join(analytics.CompareMetrics(), ", "), ""}
	}
	var perr *paramError
	if q.By, perr = byParam(get, analytics.ByAgency); perr != nil {
		return q, perr
	}
	period := strings.TrimSpace(get("period"))
	if period == "" {
		period = strconv.Itoa(s.cfg.Now().In(analytics.WITA).Year())
	}
	if q.Period, err = analytics.ParsePeriodLabel(period); err != nil {
		return q, &paramError{"period", get("period"), "2025, 2025-S1, 2025-Q2, 2025-03 or 2025-01-01..2025-03-31", ""}
	}
	if q.Vs, err = analytics.ParseBaseline(strings.TrimSpace(get("vs"))); err != nil {
		return q, &paramError{"vs", get("vs"), "previous or last-year", ""}
	}
	if q.Agency, perr = parseCode("agency", get("agency")); perr != nil {
		return q, perr
	}
	if q.Unit, perr = parseCode("unit", get("unit")); perr != nil {
		return q, perr
	}
	if q.Weight, err = analytics.ParseWeight(strings.TrimSpace(get("weight"))); err != nil {
		return q, &paramError{"weight", get("weight"), "exact or 0.111", "expect.weight"}
	}
	if err := q.Validate(); err != nil {
		return q, &paramError{"period", period, err.Error(), ""}
	}
	return q, nil
}

// onlyParams answers a parameter outside allowed (a typo such as "perod=")
// rather than ignoring it.
func onlyParams(c *fiber.Ctx, allowed []string) *paramError {
	var unknown []string
	c.Context().QueryArgs().VisitAll(func(k, _ []byte) {
		name := string(k)
		for _, a := range allowed {
			if a == name {
				return
			}
		}
		unknown = append(unknown, name)
	})
	if len(unknown) == 0 {
		return nil
	}
	sort.Strings(unknown)
	return &paramError{Param: unknown[0], Value: c.Query(unknown[0]),
		Expected: "one of the known parameters: " + strings.Join(allowed, ", "), Key: "expect.known"}
}
