package dashboards

import (
	"context"
	"strings"
	"unicode"

	"github.com/gofiber/fiber/v2"

	"kinerja/analytics"
)

// GET /api/v1/ip-asn?by=all|agency|unit&year=Y[&agency=][&unit=][&detail=asn][&nip=]
//
// returns analytics.IPASNResult. The aggregate per group is the default and
// carries no personal data ("personal_data": false). detail=asn adds every
// ASN's score with NIP and name, nip= one ASN's: personal data (UU
// 27/2022), answered only when personalDataAllowed says so, with
// "personal_data": true and Cache-Control: no-store. year defaults to the
// last calendar year that has ended; by to agency. The instrument values
// taken as assumptions are listed in "assumptions".

var ipasnParams = []string{"by", "year", "agency", "unit", "detail", "nip"}

func (s *server) apiIPASN(c *fiber.Ctx) error {
	if perr := onlyParams(c, ipasnParams); perr != nil {
		return badParam(c, perr)
	}
	get := query(c)
	g, perr := s.staffGroupParams(get, analytics.ByAgency)
	if perr != nil {
		return badParam(c, perr)
	}
	q := analytics.IPASNQuery{By: g.by, Year: g.year, Agency: g.agency, Unit: g.unit}
	switch d := strings.TrimSpace(get("detail")); d {
	case "":
	case "asn":
		q.Detail = true
	default:
		return badParam(c, &paramError{"detail", d, "asn (per-ASN scores with NIP and name) or nothing", ""})
	}
	if nip := strings.TrimSpace(get("nip")); nip != "" {
		if len(nip) > 32 || strings.IndexFunc(nip, func(r rune) bool { return !unicode.IsDigit(r) && !unicode.IsLetter(r) }) >= 0 {
			return badParam(c, &paramError{"nip", nip, "a NIP or NI PPPK (digits)", ""})
		}
		q.NIP = strings.Clone(nip)
	}
	if (q.Detail || q.NIP != "") && !s.personalDataAllowed(c) {
		return c.Status(fiber.StatusForbidden).JSON(apiError{
			Error:     "personal data (NIP, names) is not available to this role; ask for the aggregate without detail= and nip=",
			RequestID: requestID(c),
		})
	}
	if q.Detail || q.NIP != "" {
		c.Set(fiber.HeaderCacheControl, "no-store")
	}
	return answer(s, c, func(ctx context.Context) (analytics.IPASNResult, error) { return s.svc.IPASN(ctx, q) })
}

// personalDataAllowed is the one gate of personal data (NIP with name) in
// the API (UU 27/2022: only the roles that need it). There are no logins
// yet, so it admits whom the admin pages admit, which hold personal data
// too (admin.go): the server's own machine without a proxy in between
// (the CLI, a browser on the server) or a request with the admin token.
// When roles arrive, this decides from the user's role.
func (s *server) personalDataAllowed(c *fiber.Ctx) bool { return s.validToken(c) || fromLoopback(c) }
