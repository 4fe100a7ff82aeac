package dashboards

import (
	"bytes"
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"kinerja/ingest"
)

// The ingest admin: who may see it, and its pages.
//
//	GET  /admin/ingest                      sources (schedule, last run, next run, "Jalankan sekarang"),
//	                                        recent runs (?source=, ?offset=), jobs started here
//	POST /admin/ingest/sources/{name}/run   run a source now (in the background), back to the page
//	GET  /admin/ingest/runs/{id}            one run and its rejects (?offset=), 100 per page
//
// and the admin API under /api/v1/admin/ingest (admin_api.go).
//
// Access. Rejects hold raw input rows (NIP, names, comments: personal
// data), so every admin page and admin API call is for administrators
// only. Until login exists, a request is admitted when it comes from a
// loopback address (the server's own machine: the CLI, a browser on the
// server, an SSH tunnel) without proxy headers (X-Forwarded-For, Forwarded,
// X-Real-IP: a reverse proxy on the same machine would otherwise make every
// visitor look local), or when it carries "Authorization: Bearer T" with T
// equal to KINERJA_ADMIN_TOKEN (AdminConfig.Token) when that is set. Others
// get 403 with the rule spelled out.
//
// CSRF. A POST is accepted when its Origin (or, without one, its Referer)
// names this server's host, or — for programs, which send neither — when
// it carries the header X-Kinerja-Client (a browser cannot send a custom
// header to another origin without a CORS preflight, which this server
// never grants), or a valid admin token. The security headers set
// Referrer-Policy: same-origin, so same-origin forms keep their Referer.

// AdminConfig is what the admin pages need.
type AdminConfig struct {
	// Jobs runs the triggers and uploads; its scheduler lists the sources.
	// Nil: the pages list runs only, and triggering and uploads answer 503.
	Jobs *ingest.Jobs
	// Profiles are the import profiles uploads may name (nil: the built-ins).
	Profiles *ingest.Profiles
	// Token, when set (from KINERJA_ADMIN_TOKEN), admits requests from any
	// address that send it as a bearer token.
	Token string
	// UploadDir is where uploads wait for their import (default: the
	// system's temporary directory).
	UploadDir string
}

// MaxUploadBytes bounds a request body, and so one upload of files
// (Fiber's BodyLimit).
const MaxUploadBytes = 128 << 20

// adminClientHeader marks a request sent by a program (the CLI).
const adminClientHeader = "X-Kinerja-Client"

func (s *server) adminRoutes(app *fiber.App) {
	if s.cfg.Admin.Profiles == nil {
		s.cfg.Admin.Profiles = ingest.BuiltinProfiles()
	}
	pages := app.Group("/admin", s.adminOnly)
	pages.Get("/ingest", s.adminIngestPage)
	pages.Post("/ingest/sources/:name/run", s.adminTriggerForm)
	pages.Get("/ingest/runs/:id", s.adminRunPage)
	api := app.Group("/api/v1/admin", s.adminOnly)
	api.Get("/ingest/sources", s.apiAdminSources)
	api.Post("/ingest/sources/:name/run", s.apiAdminTrigger)
	api.Get("/ingest/runs", s.apiAdminRuns)
	api.Get("/ingest/runs/:id", s.apiAdminRun)
	api.Get("/ingest/runs/:id/rejects", s.apiAdminRejects)
	api.Post("/ingest/files", s.apiAdminUpload)
	api.Get("/ingest/jobs", s.apiAdminJobs)
	api.Get("/ingest/jobs/:id", s.apiAdminJob)
}

// adminOnly admits administrators (see above) and checks POSTs for CSRF.
func (s *server) adminOnly(c *fiber.Ctx) error {
	token := s.validToken(c)
	if !token && !fromLoopback(c) {
		s.log.Warn("admin request refused", "request_id", requestID(c), "path", c.Path(), "ip", c.IP())
		return s.adminDenied(c, fiber.StatusForbidden, "admin.denied")
	}
	if c.Method() == fiber.MethodPost && !token && !sameOrigin(c) {
		s.log.Warn("admin POST refused: not same-origin", "request_id", requestID(c), "path", c.Path(),
			"origin", c.Get(fiber.HeaderOrigin), "referer", c.Get(fiber.HeaderReferer))
		return s.adminDenied(c, fiber.StatusForbidden, "admin.csrf")
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Next()
}

func (s *server) validToken(c *fiber.Ctx) bool {
	want := s.cfg.Admin.Token
	h := c.Get(fiber.HeaderAuthorization)
	if want == "" || len(h) < 8 || !strings.EqualFold(h[:7], "bearer ") {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(strings.TrimSpace(h[7:])), []byte(want)) == 1
}

// fromLoopback tells a request from this machine that no proxy forwarded.
func fromLoopback(c *fiber.Ctx) bool {
	for _, h := range []string{fiber.HeaderXForwardedFor, "Forwarded", "X-Real-Ip", fiber.HeaderXForwardedHost} {
		if c.Get(h) != "" {
			return false
		}
	}
	return c.Context().RemoteIP().IsLoopback()
}

// sameOrigin tells a POST sent from this server's own pages, or by a
// program (see the CSRF note above).
func sameOrigin(c *fiber.Ctx) bool {
	host := string(c.Request().URI().Host())
	if o := c.Get(fiber.HeaderOrigin); o != "" {
		u, err := url.Parse(o)
		return err == nil && u.Host != "" && strings.EqualFold(u.Host, host)
	}
	if r := c.Get(fiber.HeaderReferer); r != "" {
		u, err := url.Parse(r)
		return err == nil && u.Host != "" && strings.EqualFold(u.Host, host)
	}
	return c.Get(adminClientHeader) != ""
}

// adminDenied answers a refused admin request: JSON under /api/, a page
// that says the rule elsewhere.
func (s *server) adminDenied(c *fiber.Ctx, code int, key string) error {
	l := langOf(c)
	if isAPI(c.Path()) {
		return c.Status(code).JSON(apiError{Error: EN.T(key), RequestID: requestID(c)})
	}
	return s.renderAdmin(c, code, "admin_denied", adminPage{L: l, Title: l.T("admin.title"), PemdaName: s.cfg.PemdaName,
		LangURL: langURL(c, l), Message: l.T(key), Access: l.T("admin.access")})
}

// adminPage is what the admin templates see.
type adminPage struct {
	L         Lang
	Title     string
	PemdaName string
	LangURL   string
	Access    string
	Message   string
	Notices   []adminNotice

	HasJobs bool
	Sources []adminSource
	Jobs    []adminJob
	Source  string // the runs filter
	Names   []string
	Runs    []adminRun
	Prev    string
	Next    string

	Run          *adminRun
	Rejects      []ingest.Reject
	RejectsFrom  int
	RejectsTo    int
	RejectsTotal uint64
}

type adminNotice struct {
	Text  string
	Error bool
}

type adminSource struct {
	Name, Dataset, Kind, Schedule, Location, Profile, Next, Watermark string
	Running                                                           bool
	Last                                                              *adminRun
}

type adminRun struct {
	ID, URL, Source, Dataset, Kind, Location, Status, StatusLabel string
	Started, Finished, Duration                                   string
	Read, Accepted, Unchanged, Written, Rejected                  string
	Error                                                         string
	Notes                                                         []string
}

type adminJob struct {
	What, State, Started, Error, RunURL, Status, StatusLabel string
}

func (s *server) newAdminRun(l Lang, r ingest.Run) adminRun {
	v := r.View()
	out := adminRun{ID: r.ID, URL: "/admin/ingest/runs/" + url.PathEscape(r.ID), Source: r.Source, Dataset: r.Dataset,
		Kind: r.Kind, Location: ingest.RedactLocation(r.Location), Status: r.Status, StatusLabel: l.T("admin.status." + r.Status),
		Started: l.DateTime(r.Started), Read: l.Int(v.Read), Accepted: l.Int(v.Accepted), Unchanged: l.Int(v.Unchanged),
		Written: l.Int(v.Written), Rejected: l.Int(v.Rejected), Error: r.Error, Notes: v.Notes}
	if r.Finished != nil {
		out.Finished = l.DateTime(*r.Finished)
		out.Duration = l.duration(r.Finished.Sub(r.Started))
	}
	return out
}

// duration writes how long a run took: "0,4 dtk", "12 dtk", "3 mnt 4 dtk",
// "1 jam 2 mnt" ("s", "min", "h" in English).
func (l Lang) duration(d time.Duration) string {
	sec, mn, hr := "dtk", "mnt", "jam"
	if l == EN {
		sec, mn, hr = "s", "min", "h"
	}
	switch {
	case d < 0:
		return "–"
	case d < 10*time.Second:
		return l.Decimal(d.Seconds(), 1) + " " + sec
	case d < time.Minute:
		return strconv.Itoa(int(d.Seconds())) + " " + sec
	case d < time.Hour:
		return fmt.Sprintf("%d %s %d %s", int(d.Minutes()), mn, int(d.Seconds())%60, sec)
	}
	return fmt.Sprintf("%d %s %d %s", int(d.Hours()), hr, int(d.Minutes())%60, mn)
}

const adminRunsPage = 50
const adminRejectsPage = 100

// adminIngestPage lists the sources, the jobs started here and the runs.
func (s *server) adminIngestPage(c *fiber.Ctx) error {
	l := langOf(c)
	ctx, cancel := context.WithTimeout(c.UserContext(), s.cfg.QueryTimeout)
	defer cancel()
	source := strings.Clone(c.Query("source"))
	offset := max(0, c.QueryInt("offset", 0))
	d := adminPage{L: l, Title: l.T("admin.title"), PemdaName: s.cfg.PemdaName, LangURL: langURL(c, l),
		Access: l.T("admin.access"), Source: source, HasJobs: s.cfg.Admin.Jobs != nil}
	for _, k := range []struct{ param, key string }{{"started", "admin.started"}, {"busy", "admin.busy"},
		{"unknown", "admin.unknown"}, {"stopped", "admin.stopped"}} {
		if v := c.Query(k.param); v != "" {
			d.Notices = append(d.Notices, adminNotice{Text: fmt.Sprintf(l.T(k.key), v), Error: k.param != "started"})
		}
	}
	last, err := ingest.LastRuns(ctx, s.cfg.DB)
	if err != nil {
		return fmt.Errorf("admin ingest page: %w", err)
	}
	if jobs := s.cfg.Admin.Jobs; jobs != nil {
		if sched := jobs.Scheduler(); sched != nil {
			now := s.cfg.Now()
			for _, si := range sched.Sources() {
				src := adminSource{Name: si.Name, Dataset: string(si.Dataset), Kind: si.Kind, Schedule: si.Schedule,
					Location: ingest.RedactLocation(si.Location), Profile: si.Profile, Running: si.Running}
				next := si.Next
				if next.IsZero() {
					next = si.NextRun(now)
				}
				if !next.IsZero() {
					src.Next = l.DateTime(next)
				}
				if r, ok := last[si.Name]; ok {
					ar := s.newAdminRun(l, r)
					src.Last = &ar
				}
				if si.Kind == ingest.KindHTTP {
					if wm, _, err := ingest.Watermark(ctx, s.cfg.DB, si.Name); err == nil {
						src.Watermark = wm
					}
				}
				d.Sources = append(d.Sources, src)
			}
		}
		for i, j := range jobs.Recent() {
			if i == 10 {
				break
			}
			aj := adminJob{What: j.What, State: l.T("admin.job." + j.State), Started: l.DateTime(j.Started), Error: j.Error}
			switch {
			case strings.HasPrefix(j.What, "source "):
				aj.What = l.T("admin.job.source") + " " + j.Source
			case strings.HasPrefix(j.What, "import "):
				aj.What = l.T("admin.job.import") + " " + strings.TrimPrefix(j.What, "import ")
			}
			if j.State == ingest.JobDone && j.Summary == nil {
				aj.State = l.T("admin.job.nothing")
			}
			if j.Summary != nil {
				aj.RunURL = "/admin/ingest/runs/" + url.PathEscape(j.Summary.ID)
				aj.Status, aj.StatusLabel = j.Summary.Status, l.T("admin.status."+j.Summary.Status)
			}
			d.Jobs = append(d.Jobs, aj)
		}
	}
	for name := range last {
		d.Names = append(d.Names, name)
	}
	sort.Strings(d.Names)
	runs, err := ingest.ListRuns(ctx, s.cfg.DB, ingest.RunFilter{Source: source, Limit: adminRunsPage + 1, Offset: offset})
	if err != nil {
		return fmt.Errorf("admin ingest page: %w", err)
	}
	if len(runs) > adminRunsPage {
		runs = runs[:adminRunsPage]
		d.Next = pageURL(c, "offset", offset+adminRunsPage)
	}
	if offset > 0 {
		d.Prev = pageURL(c, "offset", max(0, offset-adminRunsPage))
	}
	for _, r := range runs {
		d.Runs = append(d.Runs, s.newAdminRun(l, r))
	}
	return s.renderAdmin(c, fiber.StatusOK, "admin_ingest", d)
}

// adminRunPage shows one run and a page of its rejects.
func (s *server) adminRunPage(c *fiber.Ctx) error {
	l := langOf(c)
	ctx, cancel := context.WithTimeout(c.UserContext(), s.cfg.QueryTimeout)
	defer cancel()
	id := strings.Clone(c.Params("id"))
	run, err := ingest.GetRun(ctx, s.cfg.DB, id)
	if errors.Is(err, ingest.ErrRunNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	offset := max(0, c.QueryInt("offset", 0))
	rejects, err := ingest.ListRejects(ctx, s.cfg.DB, run.ID, adminRejectsPage, offset)
	if err != nil {
		return err
	}
	total, err := ingest.CountRejects(ctx, s.cfg.DB, run.ID)
	if err != nil {
		return err
	}
	ar := s.newAdminRun(l, run)
	d := adminPage{L: l, Title: l.T("admin.run") + " " + run.Source, PemdaName: s.cfg.PemdaName, LangURL: langURL(c, l),
		Access: l.T("admin.access"), Run: &ar, Rejects: rejects, RejectsFrom: offset + 1, RejectsTo: offset + len(rejects), RejectsTotal: total}
	if uint64(offset+adminRejectsPage) < total {
		d.Next = pageURL(c, "offset", offset+adminRejectsPage)
	}
	if offset > 0 {
		d.Prev = pageURL(c, "offset", max(0, offset-adminRejectsPage))
	}
	return s.renderAdmin(c, fiber.StatusOK, "admin_run", d)
}

// adminTriggerForm runs a source from the page's button and goes back.
func (s *server) adminTriggerForm(c *fiber.Ctx) error {
	name := strings.Clone(c.Params("name"))
	q := url.Values{}
	if jobs := s.cfg.Admin.Jobs; jobs == nil {
		q.Set("unknown", name)
	} else if _, err := jobs.Trigger(name); err != nil {
		switch {
		case errors.Is(err, ingest.ErrBusy):
			q.Set("busy", name)
		case errors.Is(err, ingest.ErrStopped):
			q.Set("stopped", name)
		default:
			q.Set("unknown", name)
		}
	} else {
		q.Set("started", name)
		s.log.Info("ingest source triggered from the admin page", "request_id", requestID(c), "source", name)
	}
	return c.Redirect("/admin/ingest?"+q.Encode(), fiber.StatusSeeOther)
}

func (s *server) renderAdmin(c *fiber.Ctx, status int, name string, d adminPage) error {
	tpl, err := s.files.templates()
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := tpl.ExecuteTemplate(&buf, name, d); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	c.Type("html", "utf-8")
	return c.Status(status).Send(buf.Bytes())
}

// langURL is this page in the other language.
func langURL(c *fiber.Ctx, l Lang) string {
	return pageURL(c, "lang", string(l.Other()))
}

// pageURL is this page's URL with one query parameter set.
func pageURL(c *fiber.Ctx, key string, value any) string {
	q := url.Values{}
	c.Context().QueryArgs().VisitAll(func(k, v []byte) { q.Add(string(k), string(v)) })
	for _, drop := range []string{"started", "busy", "unknown", "stopped"} {
		q.Del(drop)
	}
	q.Set(key, fmt.Sprint(value))
	return c.Path() + "?" + q.Encode()
}
