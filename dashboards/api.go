package dashboards

import (
	"context"
	"sort"
	"strings"

	"github.com/gofiber/fiber/v2"

	"kinerja/analytics"
)

// The JSON API returns analytics' own result types unchanged:
//
//	GET /api/v1/ikm?by=all|agency|unit&from=YYYY-MM-DD&to=YYYY-MM-DD[&agency=][&unit=][&weight=exact|0.111]
//	GET /api/v1/ikm/trend?…same…&grain=month|quarter|semester|year
//
// from/to default like the pages (the last 12 months in WITA). Parameters
// are checked strictly: a bad value or an unknown parameter (a typo such as
// "form=") is answered 400 with {"error", "param", "value", "expected"}
// rather than silently ignored.

var (
	ikmParams      = []string{"by", "from", "to", "agency", "unit", "weight"}
	ikmTrendParams = append(append([]string{}, ikmParams...), "grain")
)

// answer computes a document within the query timeout and answers it as
// JSON; an error goes to the app's error handler.
func answer[R any](s *server, c *fiber.Ctx, run func(ctx context.Context) (R, error)) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), s.cfg.QueryTimeout)
	defer cancel()
	res, err := run(ctx)
	if err != nil {
		return err
	}
	return c.JSON(res)
}

func (s *server) apiIKM(c *fiber.Ctx) error {
	q, _, perr := s.apiQuery(c, ikmParams)
	if perr != nil {
		return badParam(c, perr)
	}
	return answer(s, c, func(ctx context.Context) (analytics.IKMResult, error) {
		res, err := s.svc.IKM(ctx, q)
		if res.Groups == nil {
			res.Groups = []analytics.IKMGroup{}
		}
		return res, err
	})
}

func (s *server) apiIKMTrend(c *fiber.Ctx) error {
	q, g, perr := s.apiQuery(c, ikmTrendParams)
	if perr != nil {
		return badParam(c, perr)
	}
	return answer(s, c, func(ctx context.Context) (analytics.IKMTrend, error) {
		res, err := s.svc.IKMTrend(ctx, q, g)
		if res.Series == nil {
			res.Series = []analytics.IKMSeries{}
		}
		return res, err
	})
}

// apiQuery reads an IKM query from the request's parameters, allowing only
// the names in allowed.
func (s *server) apiQuery(c *fiber.Ctx, allowed []string) (analytics.IKMQuery, analytics.Grain, *paramError) {
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
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return analytics.IKMQuery{}, "", &paramError{Param: unknown[0], Value: c.Query(unknown[0]),
			Expected: "one of the known parameters: " + strings.Join(allowed, ", "), Key: "expect.known"}
	}
	get := query(c)
	f, perr := parseFilters(get, s.cfg.Now())
	if perr != nil {
		return analytics.IKMQuery{}, "", perr
	}
	by, err := analytics.ParseBy(strings.TrimSpace(get("by")))
	if err != nil {
		return analytics.IKMQuery{}, "", &paramError{"by", get("by"), "all, agency or unit", "expect.by"}
	}
	return f.ikmQuery(by), f.Grain, nil
}

func badParam(c *fiber.Ctx, e *paramError) error {
	return c.Status(fiber.StatusBadRequest).JSON(apiError{
		Error: e.Error(), Param: e.Param, Value: e.Value, Expected: e.Expected, RequestID: requestID(c),
	})
}
