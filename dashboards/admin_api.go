package dashboards

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"kinerja/ingest"
)

// The admin API (admin only, see admin.go), JSON throughout:
//
//	GET  /api/v1/admin/ingest/sources                 [sourceView]: schedule, next_run, running, last_run, watermark
//	POST /api/v1/admin/ingest/sources/{name}/run      202 ingest.Job; 404 unknown source, 409 running, 503 stopped
//	GET  /api/v1/admin/ingest/runs?source=&limit=&offset=   [ingest.RunView], newest first (limit 1–1000, default 50)
//	GET  /api/v1/admin/ingest/runs/{id}               ingest.RunView; 404
//	GET  /api/v1/admin/ingest/runs/{id}/rejects?limit=&offset=   {"run", "total", "offset", "rejects": [ingest.RejectView]}
//	POST /api/v1/admin/ingest/files?kind=&source=&profile=&unit=&sheet=
//	                                                  multipart, one or more parts named "file": 202 ingest.Job
//	GET  /api/v1/admin/ingest/jobs                    [ingest.Job], newest first
//	GET  /api/v1/admin/ingest/jobs/{id}               ingest.Job (poll until state is not "running"); 404
//
// Triggers and uploads run in the background: poll the job for the run's
// summary. `kinerja ingest file|run` does so when another process (this
// server) holds the data directory.

// sourceView is a configured source in the admin API.
type sourceView struct {
	Name      string          `json:"name"`
	Dataset   string          `json:"dataset"`
	Kind      string          `json:"kind"`
	Schedule  string          `json:"schedule"`
	Location  string          `json:"location"`
	Profile   string          `json:"profile,omitempty"`
	NextRun   *time.Time      `json:"next_run"`
	Running   bool            `json:"running"`
	LastRun   *ingest.RunView `json:"last_run"`
	Watermark string          `json:"watermark,omitempty"`
}

func (s *server) apiAdminSources(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), s.cfg.QueryTimeout)
	defer cancel()
	out := []sourceView{}
	jobs := s.cfg.Admin.Jobs
	if jobs == nil || jobs.Scheduler() == nil {
		return c.JSON(out)
	}
	last, err := ingest.LastRuns(ctx, s.cfg.DB)
	if err != nil {
		return err
	}
	now := s.cfg.Now()
	for _, si := range jobs.Scheduler().Sources() {
		v := sourceView{Name: si.Name, Dataset: string(si.Dataset), Kind: si.Kind, Schedule: si.Schedule,
			Location: ingest.RedactLocation(si.Location), Profile: si.Profile, Running: si.Running}
		next := si.Next
		if next.IsZero() {
			next = si.NextRun(now)
		}
		if !next.IsZero() {
			n := next.UTC()
			v.NextRun = &n
		}
		if r, ok := last[si.Name]; ok {
			rv := r.View()
			v.LastRun = &rv
		}
		if si.Kind == ingest.KindHTTP {
			wm, _, err := ingest.Watermark(ctx, s.cfg.DB, si.Name)
			if err != nil {
				return err
			}
			v.Watermark = wm
		}
		out = append(out, v)
	}
	return c.JSON(out)
}

func (s *server) apiAdminTrigger(c *fiber.Ctx) error {
	name := strings.Clone(c.Params("name"))
	jobs := s.cfg.Admin.Jobs
	if jobs == nil {
		return c.Status(fiber.StatusServiceUnavailable).JSON(apiError{Error: "no ingest scheduler runs in this server", RequestID: requestID(c)})
	}
	job, err := jobs.Trigger(name)
	switch {
	case errors.Is(err, ingest.ErrUnknownSource):
		return c.Status(fiber.StatusNotFound).JSON(apiError{Error: err.Error(), Param: "name", Value: name,
			Expected: "a configured source (GET /api/v1/admin/ingest/sources)", RequestID: requestID(c)})
	case errors.Is(err, ingest.ErrBusy):
		return c.Status(fiber.StatusConflict).JSON(apiError{Error: err.Error() + "; try again when its run has ended", RequestID: requestID(c)})
	case errors.Is(err, ingest.ErrStopped):
		return c.Status(fiber.StatusServiceUnavailable).JSON(apiError{Error: "the server is shutting down", RequestID: requestID(c)})
	case err != nil:
		return err
	}
	s.log.Info("ingest source triggered through the admin API", "request_id", requestID(c), "source", name, "job", job.ID)
	return c.Status(fiber.StatusAccepted).JSON(job)
}

// strictParams refuses parameters not in allowed.
func strictParams(c *fiber.Ctx, allowed ...string) *paramError {
	var bad *paramError
	c.Context().QueryArgs().VisitAll(func(k, v []byte) {
		if bad != nil {
			return
		}
		name := string(k)
		for _, a := range allowed {
			if a == name {
				return
			}
		}
		bad = &paramError{Param: name, Value: string(v), Expected: "one of the known parameters: " + strings.Join(allowed, ", "), Key: "expect.known"}
	})
	return bad
}

// intParam reads an integer parameter within [lo, hi].
func intParam(c *fiber.Ctx, name string, def, lo, hi int) (int, *paramError) {
	v := c.Query(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, &paramError{Param: name, Value: strings.Clone(v), Expected: fmt.Sprintf("an integer %d–%d", lo, hi), Key: "expect.known"}
	}
	return n, nil
}

func (s *server) apiAdminRuns(c *fiber.Ctx) error {
	if perr := strictParams(c, "source", "limit", "offset"); perr != nil {
		return badParam(c, perr)
	}
	limit, perr := intParam(c, "limit", 50, 1, 1000)
	if perr != nil {
		return badParam(c, perr)
	}
	offset, perr := intParam(c, "offset", 0, 0, 1<<30)
	if perr != nil {
		return badParam(c, perr)
	}
	ctx, cancel := context.WithTimeout(c.UserContext(), s.cfg.QueryTimeout)
	defer cancel()
	runs, err := ingest.ListRuns(ctx, s.cfg.DB, ingest.RunFilter{Source: strings.Clone(c.Query("source")), Limit: limit, Offset: offset})
	if err != nil {
		return err
	}
	out := make([]ingest.RunView, 0, len(runs))
	for _, r := range runs {
		out = append(out, r.View())
	}
	return c.JSON(out)
}

func (s *server) apiAdminRun(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), s.cfg.QueryTimeout)
	defer cancel()
	run, err := ingest.GetRun(ctx, s.cfg.DB, strings.Clone(c.Params("id")))
	if errors.Is(err, ingest.ErrRunNotFound) {
		return c.Status(fiber.StatusNotFound).JSON(apiError{Error: err.Error(), RequestID: requestID(c)})
	}
	if err != nil {
		return err
	}
	return c.JSON(run.View())
}

func (s *server) apiAdminRejects(c *fiber.Ctx) error {
	if perr := strictParams(c, "limit", "offset"); perr != nil {
		return badParam(c, perr)
	}
	limit, perr := intParam(c, "limit", 100, 1, 1000)
	if perr != nil {
		return badParam(c, perr)
	}
	offset, perr := intParam(c, "offset", 0, 0, 1<<30)
	if perr != nil {
		return badParam(c, perr)
	}
	ctx, cancel := context.WithTimeout(c.UserContext(), s.cfg.QueryTimeout)
	defer cancel()
	run, err := ingest.GetRun(ctx, s.cfg.DB, strings.Clone(c.Params("id")))
	if errors.Is(err, ingest.ErrRunNotFound) {
		return c.Status(fiber.StatusNotFound).JSON(apiError{Error: err.Error(), RequestID: requestID(c)})
	}
	if err != nil {
		return err
	}
	rejects, err := ingest.ListRejects(ctx, s.cfg.DB, run.ID, limit, offset)
	if err != nil {
		return err
	}
	total, err := ingest.CountRejects(ctx, s.cfg.DB, run.ID)
	if err != nil {
		return err
	}
	views := make([]ingest.RejectView, 0, len(rejects))
	for _, r := range rejects {
		views = append(views, r.View())
	}
	return c.JSON(fiber.Map{"run": run.View(), "total": total, "offset": offset, "rejects": views})
}

// apiAdminUpload imports uploaded files in the background.
func (s *server) apiAdminUpload(c *fiber.Ctx) error {
	if perr := strictParams(c, "kind", "source", "profile", "unit", "sheet"); perr != nil {
		return badParam(c, perr)
	}
	jobs := s.cfg.Admin.Jobs
	if jobs == nil {
		return c.Status(fiber.StatusServiceUnavailable).JSON(apiError{Error: "no ingest runner in this server", RequestID: requestID(c)})
	}
	get := query(c)
	ds, err := ingest.ParseDataset(get("kind"))
	if err != nil {
		return badParam(c, &paramError{Param: "kind", Value: get("kind"), Expected: err.Error(), Key: "expect.known"})
	}
	source := get("source")
	if source == "" {
		source = ingest.KindFile
	}
	if err := ingest.CheckSourceName(source); err != nil {
		return badParam(c, &paramError{Param: "source", Value: source, Expected: err.Error(), Key: "expect.known"})
	}
	var profile *ingest.Profile
	if name := get("profile"); name != "" {
		if profile, err = s.cfg.Admin.Profiles.Get(name); err != nil {
			return badParam(c, &paramError{Param: "profile", Value: name, Expected: err.Error(), Key: "expect.known"})
		}
	}
	form, err := c.MultipartForm()
	if err != nil {
		return badParam(c, &paramError{Param: "file", Expected: "a multipart/form-data body with one or more parts named file", Key: "expect.known"})
	}
	files := form.File["file"]
	if len(files) == 0 {
		return badParam(c, &paramError{Param: "file", Expected: "one or more parts named file", Key: "expect.known"})
	}
	dir, err := os.MkdirTemp(s.cfg.Admin.UploadDir, "kinerja-upload-")
	if err != nil {
		return fmt.Errorf("admin upload: %w", err)
	}
	cleanup := func() { os.RemoveAll(dir) }
	req := ingest.Request{Source: source, Dataset: ds, Kind: ingest.KindFile, Sheet: get("sheet")}
	var names []string
	for i, fh := range files {
		name := filepath.Base(strings.ReplaceAll(fh.Filename, `\`, "/"))
		if name == "." || name == "/" || name == "" {
			name = fmt.Sprintf("upload-%d", i+1)
		}
		dst := filepath.Join(dir, fmt.Sprintf("%03d-%s", i, name))
		if err := c.SaveFile(fh, dst); err != nil {
			cleanup()
			return fmt.Errorf("admin upload: save %s: %w", name, err)
		}
		req.Files = append(req.Files, ingest.Input{Name: name, Path: dst})
		names = append(names, name)
	}
	req.Location = "uploaded: " + strings.Join(names, ", ")
	if profile != nil || get("unit") != "" {
		if profile == nil {
			cleanup()
			return badParam(c, &paramError{Param: "unit", Value: get("unit"), Expected: "a questionnaire profile (profile=skm-kuesioner) to go with it", Key: "expect.known"})
		}
		ctx, cancel := context.WithTimeout(c.UserContext(), s.cfg.QueryTimeout)
		err := ingest.ApplyProfile(ctx, s.cfg.DB, &req, profile, ingest.ProfileOptions{Unit: get("unit")})
		cancel()
		var pue *ingest.ProfileUseError
		if errors.As(err, &pue) {
			cleanup()
			return badParam(c, &paramError{Param: "profile", Value: profile.Name, Expected: err.Error(), Key: "expect.known"})
		}
		if err != nil {
			cleanup()
			return err
		}
	}
	job, err := jobs.Import(req, cleanup)
	if errors.Is(err, ingest.ErrStopped) {
		return c.Status(fiber.StatusServiceUnavailable).JSON(apiError{Error: "the server is shutting down", RequestID: requestID(c)})
	}
	if err != nil {
		return err
	}
	s.log.Info("ingest files uploaded through the admin API", "request_id", requestID(c), "dataset", string(ds),
		"files", len(names), "job", job.ID)
	return c.Status(fiber.StatusAccepted).JSON(job)
}

func (s *server) apiAdminJobs(c *fiber.Ctx) error {
	if s.cfg.Admin.Jobs == nil {
		return c.JSON([]ingest.Job{})
	}
	return c.JSON(s.cfg.Admin.Jobs.Recent())
}

func (s *server) apiAdminJob(c *fiber.Ctx) error {
	if s.cfg.Admin.Jobs == nil {
		return c.Status(fiber.StatusNotFound).JSON(apiError{Error: "no such job", RequestID: requestID(c)})
	}
	job, err := s.cfg.Admin.Jobs.Get(strings.Clone(c.Params("id")))
	if err != nil {
		return c.Status(fiber.StatusNotFound).JSON(apiError{Error: err.Error(), RequestID: requestID(c)})
	}
	return c.JSON(job)
}
