package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"kinerja/dashboards"
	"kinerja/ingest"
	"kinerja/warehouse"
)

// Through the running server. The embedded engine allows one process per
// data directory, and `kinerja serve` holds it while it runs. So when a
// `kinerja ingest` command finds the directory held (*warehouse.LockedError)
// by the process that DATA/serve.json names, it sends the work to that
// server's admin API instead — files uploaded, sources triggered, runs and
// rejects read — and prints the same output. --server URL does so
// directly (a server on another machine: set KINERJA_ADMIN_TOKEN to its
// admin token). Otherwise it says exactly what to do.

// serveInfo is DATA/serve.json: how to reach the `kinerja serve` whose
// data directory this is. serve writes it once it listens and removes it
// when it stops.
type serveInfo struct {
	PID     int       `json:"pid"`
	URL     string    `json:"url"`
	Started time.Time `json:"started"`
	Version string    `json:"version"`
}

const serveInfoFile = "serve.json"

// writeServeInfo writes DATA/serve.json for a server listening on addr
// and returns the function that removes it.
func writeServeInfo(dataDir string, addr net.Addr) (func(), error) {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return nil, fmt.Errorf("serve.json: %w", err)
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "127.0.0.1" // listening on every address: this machine reaches it on loopback
	}
	info := serveInfo{PID: os.Getpid(), URL: "http://" + net.JoinHostPort(host, port), Started: time.Now().UTC(), Version: version}
	b, _ := json.MarshalIndent(info, "", "  ")
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, fmt.Errorf("serve.json: %w", err)
	}
	path := filepath.Join(dataDir, serveInfoFile)
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return nil, fmt.Errorf("serve.json: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return nil, fmt.Errorf("serve.json: %w", err)
	}
	return func() {
		if cur, err := readServeInfo(dataDir); err == nil && cur.PID == info.PID {
			os.Remove(path)
		}
	}, nil
}

func readServeInfo(dataDir string) (serveInfo, error) {
	var info serveInfo
	b, err := os.ReadFile(filepath.Join(dataDir, serveInfoFile))
	if err != nil {
		return info, err
	}
	if err := json.Unmarshal(b, &info); err != nil || info.URL == "" {
		return info, fmt.Errorf("%s is not a serve.json: %v", filepath.Join(dataDir, serveInfoFile), err)
	}
	return info, nil
}

// adminClient talks to a running server's admin API.
type adminClient struct {
	base  string
	token string
	http  *http.Client
}

func newAdminClient(base string) *adminClient {
	return &adminClient{base: strings.TrimRight(base, "/"), token: os.Getenv("KINERJA_ADMIN_TOKEN"), http: &http.Client{}}
}

// remoteFor returns a client for the server holding the data directory,
// when openErr says another process holds it; otherwise openErr (with what
// to do).
func (e *env) remoteFor(ctx context.Context, openErr error) (*adminClient, error) {
	var le *warehouse.LockedError
	if !errors.As(openErr, &le) {
		return nil, openErr
	}
	info, err := readServeInfo(e.dataDir)
	if err != nil {
		return nil, fmt.Errorf("%w\n(no running kinerja serve announced itself in %s, so the work cannot go through it: stop the process that holds the directory and run the command again)",
			openErr, filepath.Join(e.dataDir, serveInfoFile))
	}
	if le.PID > 0 && info.PID != le.PID {
		return nil, fmt.Errorf("%w\n(%s names process %d, not the process %d that holds the directory: stop that process and run the command again)",
			openErr, filepath.Join(e.dataDir, serveInfoFile), info.PID, le.PID)
	}
	c := newAdminClient(info.URL)
	if err := c.ping(ctx); err != nil {
		return nil, fmt.Errorf("%w\n(the kinerja serve of %s at %s does not answer: %v; wait until it is up, or stop it and run the command again)",
			openErr, filepath.Join(e.dataDir, serveInfoFile), info.URL, err)
	}
	fmt.Fprintf(e.stderr, "kinerja serve (process %d) holds %s: sending the work to it at %s\n", info.PID, e.dataDir, info.URL)
	return c, nil
}

func (c *adminClient) ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/healthz", nil)
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthz answered %s", resp.Status)
	}
	return nil
}

// call sends a request to the admin API and decodes a 2xx answer into out.
func (c *adminClient) call(ctx context.Context, method, path string, body io.Reader, contentType string, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("X-Kinerja-Client", "kinerja-cli/"+version)
	req.Header.Set("Accept", "application/json")
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("server %s: %w", c.base, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("server %s: %w", c.base, err)
	}
	if resp.StatusCode/100 != 2 {
		var ae struct {
			Error string `json:"error"`
		}
		_ = json.Unmarshal(b, &ae)
		msg := ae.Error
		if msg == "" {
			msg = strings.TrimSpace(string(b))
		}
		switch resp.StatusCode {
		case http.StatusForbidden:
			return fmt.Errorf("server %s refused: %s (run the command on the server machine, or set KINERJA_ADMIN_TOKEN to the server's admin token)", c.base, msg)
		case http.StatusBadRequest, http.StatusNotFound:
			return usagef("server %s: %s", c.base, msg)
		case http.StatusRequestEntityTooLarge:
			return fmt.Errorf("server %s: the files are larger than one upload may be (%d MB): copy them into an inbox directory of the server instead, or stop it and run the command again",
				c.base, dashboards.MaxUploadBytes>>20)
		}
		return fmt.Errorf("server %s: %s (%s)", c.base, msg, resp.Status)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(b, out); err != nil {
		return fmt.Errorf("server %s: unexpected answer to %s %s: %v", c.base, method, path, err)
	}
	return nil
}

// upload sends files for import (multipart, streamed) and returns the job.
func (c *adminClient) upload(ctx context.Context, q url.Values, files []string) (ingest.Job, error) {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		err := func() error {
			for _, f := range files {
				in, err := os.Open(f)
				if err != nil {
					return err
				}
				part, err := mw.CreateFormFile("file", filepath.Base(f))
				if err == nil {
					_, err = io.Copy(part, in)
				}
				in.Close()
				if err != nil {
					return err
				}
			}
			return mw.Close()
		}()
		pw.CloseWithError(err)
	}()
	var job ingest.Job
	err := c.call(ctx, http.MethodPost, "/api/v1/admin/ingest/files?"+q.Encode(), pr, mw.FormDataContentType(), &job)
	pr.CloseWithError(err)
	return job, err
}

func (c *adminClient) trigger(ctx context.Context, source string) (ingest.Job, error) {
	var job ingest.Job
	err := c.call(ctx, http.MethodPost, "/api/v1/admin/ingest/sources/"+url.PathEscape(source)+"/run", nil, "", &job)
	return job, err
}

// wait polls a job until it ends.
func (c *adminClient) wait(ctx context.Context, job ingest.Job) (ingest.Job, error) {
	delay := 200 * time.Millisecond
	for job.State == ingest.JobRunning {
		select {
		case <-ctx.Done():
			return job, fmt.Errorf("stopped waiting for job %s on %s (it goes on there): %w", job.ID, c.base, ctx.Err())
		case <-time.After(delay):
		}
		delay = min(delay*2, 2*time.Second)
		if err := c.call(ctx, http.MethodGet, "/api/v1/admin/ingest/jobs/"+url.PathEscape(job.ID), nil, "", &job); err != nil {
			return job, err
		}
	}
	return job, nil
}

// remoteSource is a source as the admin API lists it.
type remoteSource struct {
	Name      string          `json:"name"`
	Dataset   string          `json:"dataset"`
	Kind      string          `json:"kind"`
	Schedule  string          `json:"schedule"`
	Location  string          `json:"location"`
	Profile   string          `json:"profile"`
	NextRun   *time.Time      `json:"next_run"`
	Running   bool            `json:"running"`
	LastRun   *ingest.RunView `json:"last_run"`
	Watermark string          `json:"watermark"`
}

func (c *adminClient) sources(ctx context.Context) ([]remoteSource, error) {
	var out []remoteSource
	err := c.call(ctx, http.MethodGet, "/api/v1/admin/ingest/sources", nil, "", &out)
	return out, err
}

func (c *adminClient) runs(ctx context.Context, source string, limit int) ([]ingest.RunView, error) {
	q := url.Values{"limit": {strconv.Itoa(max(1, min(limit, 1000)))}}
	if source != "" {
		q.Set("source", source)
	}
	var out []ingest.RunView
	err := c.call(ctx, http.MethodGet, "/api/v1/admin/ingest/runs?"+q.Encode(), nil, "", &out)
	return out, err
}

func (c *adminClient) rejects(ctx context.Context, runID string, limit int) (ingest.RunView, uint64, []ingest.RejectView, error) {
	var out struct {
		Run     ingest.RunView      `json:"run"`
		Total   uint64              `json:"total"`
		Rejects []ingest.RejectView `json:"rejects"`
	}
	err := c.call(ctx, http.MethodGet, "/api/v1/admin/ingest/runs/"+url.PathEscape(runID)+"/rejects?limit="+strconv.Itoa(max(1, min(limit, 1000))), nil, "", &out)
	return out.Run, out.Total, out.Rejects, err
}
