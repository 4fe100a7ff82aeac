// Package dashboards is Kinerja's web server (Fiber): the dashboard pages,
// the JSON API and the health check. A page is a list of widgets; a widget
// is data from analytics, a chart (ECharts options built with go-echarts)
// and a table of the same numbers. Widgets load concurrently behind their
// own error boundaries.
//
// Pages are rendered with our own html/template templates, not go-echarts'
// page templates: each chart's options go into a
// <script type="application/json"> block and one small embedded script
// (assets/dashboard.js) initialises every chart. So the page has no inline
// code at all (it is served with a strict Content-Security-Policy), labels
// are formatted in Go (88,31), and nothing on a page comes from another
// origin: ECharts itself is served from the binary under /assets/.
//
// Routes:
//
//	GET /                   Kepuasan Masyarakat (IKM) page; filters in the query string
//	GET /api/v1/ikm         analytics.IKMResult as JSON
//	GET /api/v1/ikm/trend   analytics.IKMTrend as JSON
//	GET /api/v1/skp         analytics.SKPResult as JSON (api_skp.go)
//	GET /api/v1/compliance  analytics.ComplianceResult as JSON (api_compliance.go)
//	GET /api/v1/competency  analytics.CompetencyResult as JSON
//	GET /api/v1/training    analytics.TrainingResult as JSON
//	GET /api/v1/ip-asn      analytics.IPASNResult as JSON (per ASN only with detail=asn or nip=)
//	GET /api/v1/needs       analytics.NeedsResult as JSON
//	GET /healthz            pings the warehouse
//	GET /admin/ingest       ingest admin (admin only): sources, runs, rejects; its API
//	                        under /api/v1/admin/ingest (admin.go, admin_api.go)
//	GET /assets/…           embedded static files (echarts.min.js, dashboard.js, dashboard.css)
package dashboards

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/google/uuid"

	"kinerja/analytics"
	"kinerja/warehouse"
)

// Config is what the web server needs.
type Config struct {
	Analytics *analytics.Service // required
	DB        warehouse.DB       // required: /healthz pings it
	Logger    *slog.Logger       // default: slog.Default()
	// Dev reads templates and assets from Dir on every request instead of
	// the copies embedded in the binary.
	Dev bool
	Dir string // with Dev: the directory holding templates/ and assets/ (default "dashboards")
	// PemdaName names the whole regional government on pages (default: the
	// analytics service's PemdaName).
	PemdaName string
	// QueryTimeout bounds the queries of one request (default 30s).
	QueryTimeout time.Duration
	// Now is the clock that sets the default period (default time.Now).
	Now func() time.Time
	// Admin serves the ingest admin pages and API (admin.go).
	Admin AdminConfig
}

// Validate fills defaults and checks the required fields.
func (c *Config) Validate() error {
	if c.Analytics == nil {
		return errors.New("dashboards: Config.Analytics is required")
	}
	if c.DB == nil {
		return errors.New("dashboards: Config.DB is required")
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.Dir == "" {
		c.Dir = "dashboards"
	}
	if c.PemdaName == "" {
		c.PemdaName = c.Analytics.PemdaName
	}
	if c.QueryTimeout <= 0 {
		c.QueryTimeout = 30 * time.Second
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return nil
}

// server holds the handlers' shared state; it is built once by New and
// holds nothing request-specific.
type server struct {
	cfg   Config
	svc   *analytics.Service
	log   *slog.Logger
	files *files
}

// New builds the Fiber app. It logs an error (it does not fail) when
// echarts.min.js is missing from the assets: pages then show their tables
// and say "run make deps" where the charts would be.
func New(cfg Config) (*fiber.App, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	fl, err := newFiles(cfg.Dev, cfg.Dir)
	if err != nil {
		return nil, err
	}
	s := &server{cfg: cfg, svc: cfg.Analytics, log: cfg.Logger, files: fl}
	if !fl.hasECharts() {
		s.log.Error("echarts.min.js missing from dashboards/assets: charts cannot be drawn; run make deps and rebuild",
			"dev", cfg.Dev, "dir", cfg.Dir)
	}

	app := fiber.New(fiber.Config{
		AppName:               "kinerja",
		DisableStartupMessage: true,
		ErrorHandler:          s.errorHandler,
		ReadTimeout:           30 * time.Second,
		WriteTimeout:          2 * time.Minute,
		IdleTimeout:           2 * time.Minute,
		ReadBufferSize:        16 << 10,       // long filter URLs
		BodyLimit:             MaxUploadBytes, // admin uploads of files to import
	})
	app.Use(s.requestID, s.logRequests, recover.New(recover.Config{
		EnableStackTrace: true,
		StackTraceHandler: func(c *fiber.Ctx, e any) {
			s.log.Error("handler panicked", "request_id", requestID(c), "path", c.Path(), "panic", fmt.Sprint(e))
		},
	}), securityHeaders)

	app.Get("/", s.ikmPage)
	app.Get("/api/v1/ikm", s.apiIKM)
	app.Get("/api/v1/ikm/trend", s.apiIKMTrend)
	app.Get("/api/v1/compare", s.apiCompare)
	app.Get("/api/v1/competency", s.apiCompetency)
	app.Get("/api/v1/training", s.apiTraining)
	app.Get("/api/v1/ip-asn", s.apiIPASN)
	app.Get("/api/v1/needs", s.apiNeeds)
	app.Get("/api/v1/skp", s.apiSKP)
	app.Get("/api/v1/compliance", s.apiCompliance)
	app.Get("/healthz", s.healthz)
	s.adminRoutes(app)
	app.Use("/assets", fl.handler())
	return app, nil
}

// requestIDKey keys the request id in the fiber locals.
type requestIDKey struct{}

// requestID gives every request a random UUIDv4 id (never a counter that
// would leak the request volume), returned in X-Request-ID and logged.
func (s *server) requestID(c *fiber.Ctx) error {
	id := uuid.NewString()
	c.Locals(requestIDKey{}, id)
	c.Set(fiber.HeaderXRequestID, id)
	return c.Next()
}

func requestID(c *fiber.Ctx) string {
	id, _ := c.Locals(requestIDKey{}).(string)
	return id
}

// logRequests logs every request once it is answered. Errors from the
// handlers are turned into responses here, so the status logged is the one
// the client got.
func (s *server) logRequests(c *fiber.Ctx) error {
	start := time.Now()
	if err := c.Next(); err != nil {
		if herr := s.errorHandler(c, err); herr != nil {
			c.Status(fiber.StatusInternalServerError)
		}
	}
	status := c.Response().StatusCode()
	level := slog.LevelInfo
	switch {
	case status >= 500:
		level = slog.LevelError
	case c.Path() == "/healthz" || strings.HasPrefix(c.Path(), "/assets/"):
		level = slog.LevelDebug
	}
	s.log.Log(c.UserContext(), level, "request",
		"method", c.Method(), "path", c.Path(), "status", status,
		"duration_ms", time.Since(start).Milliseconds(), "bytes", len(c.Response().Body()),
		"request_id", requestID(c))
	return nil
}

// contentSecurityPolicy allows nothing from other origins and no inline
// scripts. Inline styles stay allowed: ECharts writes its tooltips as HTML
// with style attributes.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"

func securityHeaders(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentSecurityPolicy, contentSecurityPolicy)
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Set(fiber.HeaderReferrerPolicy, "same-origin")
	c.Set(fiber.HeaderXFrameOptions, "SAMEORIGIN")
	return c.Next()
}

// apiError is the JSON body of every API error. For a bad parameter it
// names the parameter, the value received and what was expected.
type apiError struct {
	Error     string `json:"error"`
	Param     string `json:"param,omitempty"`
	Value     string `json:"value,omitempty"`
	Expected  string `json:"expected,omitempty"`
	RequestID string `json:"request_id,omitempty"`
}

// errorHandler answers errors that escaped a handler: JSON under /api/ and
// for /healthz, a small HTML page elsewhere. Internal details are logged,
// not shown.
func (s *server) errorHandler(c *fiber.Ctx, err error) error {
	code := fiber.StatusInternalServerError
	msg := "internal error"
	var fe *fiber.Error
	if errors.As(err, &fe) {
		code, msg = fe.Code, fe.Message
	}
	if code >= 500 {
		s.log.Error("request failed", "request_id", requestID(c), "path", c.Path(), "err", err)
		msg = "internal error: the server could not answer; the log has the details under this request id"
	}
	if isAPI(c.Path()) {
		return c.Status(code).JSON(apiError{Error: msg, RequestID: requestID(c)})
	}
	l := langOf(c)
	key := "error.page"
	if code == fiber.StatusNotFound {
		key = "error.notfound"
	}
	var buf bytes.Buffer
	tpl, terr := s.files.templates()
	if terr == nil {
		terr = tpl.ExecuteTemplate(&buf, "error", errorPage{L: l, Title: l.T(key), Code: code, RequestID: requestID(c)})
	}
	if terr != nil {
		s.log.Error("error page failed", "request_id", requestID(c), "err", terr)
		buf.Reset()
		buf.WriteString(template.HTMLEscapeString(fmt.Sprintf("%d %s (%s)", code, l.T(key), requestID(c))))
	}
	c.Type("html", "utf-8")
	return c.Status(code).Send(buf.Bytes())
}

type errorPage struct {
	L         Lang
	Title     string
	Code      int
	RequestID string
}

func isAPI(path string) bool {
	return strings.HasPrefix(path, "/api/") || path == "/healthz"
}

// healthz answers 200 when the warehouse answers a ping within 5 seconds,
// 503 otherwise.
func (s *server) healthz(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), 5*time.Second)
	defer cancel()
	if err := s.cfg.DB.Ping(ctx); err != nil {
		s.log.Error("health check failed", "request_id", requestID(c), "err", err)
		return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": "unavailable", "error": "warehouse does not answer", "request_id": requestID(c)})
	}
	return c.JSON(fiber.Map{"status": "ok", "backend": s.cfg.DB.Backend()})
}
