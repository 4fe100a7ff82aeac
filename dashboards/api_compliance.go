package dashboards

import (
	"context"
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"

	"kinerja/analytics"
)

// GET /api/v1/compliance?by=all|agency|unit&from=YYYY-MM-DD&to=YYYY-MM-DD[&grain=month|quarter|semester|year][&agency=][&unit=]
// GET /api/v1/compliance?…&period=2025-Q2 (instead of from and to)
//
// returns analytics.ComplianceResult: per group and bucket the share of
// expected ASN-days on working days with an activity report, reports per
// ASN, timeliness in working days and the supervisors' review (returned
// share, latency median and p90). by defaults to agency; from/to default
// like the pages (the last 12 months in WITA); without grain the whole
// period is one bucket. Unknown parameters and bad values are answered 400.

var complianceParams = []string{"by", "from", "to", "period", "grain", "agency", "unit"}

func (s *server) apiCompliance(c *fiber.Ctx) error {
	if perr := onlyParams(c, complianceParams); perr != nil {
		return badParam(c, perr)
	}
	q, perr := s.complianceQuery(query(c))
	if perr != nil {
		return badParam(c, perr)
	}
	return answer(s, c, func(ctx context.Context) (analytics.ComplianceResult, error) { return s.svc.Compliance(ctx, q) })
}

func (s *server) complianceQuery(get func(string) string) (analytics.ComplianceQuery, *paramError) {
	var q analytics.ComplianceQuery
	var err error
	var perr *paramError
	if q.By, perr = byParam(get, analytics.ByAgency); perr != nil {
		return q, perr
	}
	if period := strings.TrimSpace(get("period")); period != "" {
		if strings.TrimSpace(get("from")) != "" || strings.TrimSpace(get("to")) != "" {
			return q, &paramError{"period", get("period"), "either period or from/to, not both", ""}
		}
		if q.Period, err = analytics.ParsePeriodLabel(period); err != nil {
			return q, &paramError{"period", get("period"), "2025, 2025-S1, 2025-Q2, 2025-03 or 2025-01-01..2025-03-31", ""}
		}
	} else {
		// The page filters' rules for from/to (and for agency and unit).
		f, perr := parseFilters(func(k string) string {
			if k == "grain" || k == "weight" {
				return ""
			}
			return get(k)
		}, s.cfg.Now())
		if perr != nil {
			return q, perr
		}
		q.Period = f.Period
	}
	if q.Period.Days() > analytics.MaxComplianceDays {
		return q, &paramError{"from", q.Period.From.Format("2006-01-02"), fmt.Sprintf("a period of at most %d days", analytics.MaxComplianceDays), ""}
	}
	if g := strings.TrimSpace(get("grain")); g != "" {
		if q.Grain, err = analytics.ParseGrain(g); err != nil {
			return q, &paramError{"grain", get("grain"), "month, quarter, semester or year", "expect.grain"}
		}
	}
	if q.Agency, perr = parseCode("agency", get("agency")); perr != nil {
		return q, perr
	}
	if q.Unit, perr = parseCode("unit", get("unit")); perr != nil {
		return q, perr
	}
	return q, nil
}
