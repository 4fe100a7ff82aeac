package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/google/uuid"

	"kinerja/warehouse"
)

// KindHTTP is a source pulled over HTTP.
const KindHTTP = "http"

// HTTPSource pulls a dataset from a web API (JSON, paged) or a CSV export
// over HTTP, fetching only what changed since its watermark.
//
// # The JSON contract (the first supported shape; the demo feed serves it)
//
//	GET {location}?updated_since=RFC3339&cursor=C&limit=N
//	Authorization: Bearer $TOKEN            (token from the variable auth_env names)
//	→ 200 {"data":[{…canonical fields of the dataset…, "updated_at":"RFC3339"}, …],
//	       "next_cursor":"…"|null}
//
// The first request of a pull carries updated_since (the watermark; absent
// on the first pull ever) and limit; each next one adds cursor = the
// previous page's next_cursor, until it is null or empty, or a page comes
// back empty. Every name is configurable (HTTPOptions), and page-number
// paging (page=1, 2, … until a page is shorter than limit) and single
// requests are supported, so real APIs can be mapped; a profile maps their
// field names and values onto the dataset's.
//
// A record's fields become the columns of a Table: strings as they are,
// numbers as written, true/false, null as empty, nested objects as
// "parent.child" columns, arrays as their JSON text. The header is the
// union of every record's fields (plus HTTPOptions.Fields). A record
// received twice in one pull (changed while the pull paged) is imported
// once, in its latest version (greatest updated_at, else the later one), by
// the dataset's natural key. Rejects name the input "GET {location}" and a
// record by its position in the pull (line 1 = the first record).
//
// # CSV (and XLSX) over HTTP
//
// format: csv fetches one body — canonical CSV, or whatever the profile
// maps; an XLSX body is recognised by its content — with updated_since
// (configurable, or off) set to the watermark. The body is spooled to a
// temporary file and imported like a file.
//
// # Faults
//
// Each request has a timeout (30 s). Transient failures are retried with
// exponential backoff and full jitter (1 s, 2 s, 4 s, … capped at 30 s; 4
// retries): connection errors and resets, timeouts, 5xx, 408 and 429 (a
// Retry-After up to 2 minutes is honoured), a body shorter than its
// Content-Length, and JSON that does not parse (a body cut short). A
// permanent failure — another 4xx (401: check the token; 404: check the
// location), JSON of the wrong shape, too many pages — or retries used up
// ends the pull: the records fetched before it are imported, the run is
// recorded as partial or failed with the cause, and the watermark stays
// where it was, so the next run fetches the same pages again (re-importing
// them changes nothing).
//
// # Watermark
//
// After a pull whose data was written (the run is ok or partial because of
// rejected rows, never after a fetch failure or a warehouse error), the
// source's watermark in ingest_watermarks becomes the greatest updated_at
// fetched, as the API wrote it; when records carry no updated_at (a CSV
// export), the time the pull started. The next pull asks for records
// updated after it (minus HTTPOptions.Overlap). A pull that returns
// nothing records no run.
type HTTPSource struct {
	name     string
	dataset  Dataset
	location string
	opts     HTTPOptions
	authEnv  string
	token    string // when no authEnv
	format   string
	profile  *Profile
	unit     string
	client   *http.Client
	now      func() time.Time
	sleep    func(ctx context.Context, d time.Duration) error
}

// HTTPOptions tune an HTTP source (the `options:` of a source in the
// config file). Zero values take the defaults shown.
type HTTPOptions struct {
	// AuthHeader carries the token (default Authorization); AuthScheme is
	// written before it (default Bearer; "none" for a bare token, as in
	// X-API-Key headers).
	AuthHeader string `yaml:"auth_header"`
	AuthScheme string `yaml:"auth_scheme"`
	// Paging is cursor (default for json), page, or none (one request; the
	// only choice for csv).
	Paging string `yaml:"paging"`
	// Limit is the page size asked for (default 1000), in LimitParam
	// (default limit; "none" to not send it).
	Limit      int    `yaml:"limit"`
	LimitParam string `yaml:"limit_param"`
	// CursorParam (default cursor) and PageParam (default page, counting
	// from PageStart, default 1).
	CursorParam string `yaml:"cursor_param"`
	PageParam   string `yaml:"page_param"`
	PageStart   int    `yaml:"page_start"`
	// SinceParam carries the watermark (default updated_since; "none" to
	// fetch everything every time), written as SinceFormat: rfc3339
	// (default: as the API wrote it), date (YYYY-MM-DD in WITA) or unix.
	SinceParam  string `yaml:"since_param"`
	SinceFormat string `yaml:"since_format"`
	// DataField (default data) holds the records and NextCursorField
	// (default next_cursor) the cursor; "a.b" reaches into objects.
	DataField       string `yaml:"data_field"`
	NextCursorField string `yaml:"next_cursor_field"`
	// UpdatedField names the record's last-change time (default
	// updated_at), which sets the watermark.
	UpdatedField string `yaml:"updated_field"`
	// Fields are columns every record has even when the first records
	// omit them (APIs that leave out null fields).
	Fields []string `yaml:"fields"`
	// Key names the fields that identify a record, to keep its latest
	// version when a pull returns it twice (default: the dataset's natural
	// key, through the profile's column names).
	Key []string `yaml:"key"`
	// Query adds fixed query parameters to every request.
	Query map[string]string `yaml:"query"`
	// Timeout bounds one request (default 30s); Retries is how many times
	// a transient failure is retried (default 4; "-1" for none) with
	// Backoff as the first wait (default 1s, doubling, at most 30s).
	Timeout time.Duration `yaml:"timeout"`
	Retries int           `yaml:"retries"`
	Backoff time.Duration `yaml:"backoff"`
	// MaxPages stops a pull that does not end (default 100000).
	MaxPages int `yaml:"max_pages"`
	// Overlap is taken off the watermark when asking (default 0), for APIs
	// whose updated_at may be written late.
	Overlap time.Duration `yaml:"overlap"`
	// MaxBodyMB bounds one JSON page (default 64).
	MaxBodyMB int `yaml:"max_body_mb"`
}

// Formats of an HTTP source.
const (
	FormatJSON = "json"
	FormatCSV  = "csv"
)

// withDefaults fills the defaults of o for format.
func (o HTTPOptions) withDefaults(format string) HTTPOptions {
	def := func(s *string, v string) {
		if *s == "" {
			*s = v
		}
	}
	def(&o.AuthHeader, "Authorization")
	def(&o.AuthScheme, "Bearer")
	if format == FormatCSV {
		def(&o.Paging, "none")
	}
	def(&o.Paging, "cursor")
	if o.Limit == 0 {
		o.Limit = 1000
	}
	def(&o.LimitParam, "limit")
	def(&o.CursorParam, "cursor")
	def(&o.PageParam, "page")
	if o.PageStart == 0 {
		o.PageStart = 1
	}
	def(&o.SinceParam, "updated_since")
	def(&o.SinceFormat, "rfc3339")
	def(&o.DataField, "data")
	def(&o.NextCursorField, "next_cursor")
	def(&o.UpdatedField, "updated_at")
	if o.Timeout == 0 {
		o.Timeout = 30 * time.Second
	}
	if o.Retries == 0 {
		o.Retries = 4
	} else if o.Retries < 0 {
		o.Retries = 0
	}
	if o.Backoff == 0 {
		o.Backoff = time.Second
	}
	if o.MaxPages == 0 {
		o.MaxPages = 100_000
	}
	if o.MaxBodyMB == 0 {
		o.MaxBodyMB = 64
	}
	return o
}

// validate checks options with their defaults filled in.
func (o HTTPOptions) validate(format string) []string {
	var p []string
	switch o.Paging {
	case "cursor", "page", "none":
		if format == FormatCSV && o.Paging != "none" {
			p = append(p, fmt.Sprintf("options.paging %q: a csv source is one request (paging: none)", o.Paging))
		}
	default:
		p = append(p, fmt.Sprintf("options.paging %q: want cursor, page or none", o.Paging))
	}
	if o.Limit < 1 || o.Limit > 1_000_000 {
		p = append(p, fmt.Sprintf("options.limit %d: want 1–1000000", o.Limit))
	}
	switch o.SinceFormat {
	case "rfc3339", "date", "unix":
	default:
		p = append(p, fmt.Sprintf("options.since_format %q: want rfc3339, date or unix", o.SinceFormat))
	}
	if o.Timeout < 0 || o.Backoff < 0 || o.Overlap < 0 {
		p = append(p, "options: timeout, backoff and overlap cannot be negative")
	}
	if o.Retries > 20 {
		p = append(p, fmt.Sprintf("options.retries %d: at most 20", o.Retries))
	}
	if o.MaxPages < 0 || o.MaxBodyMB < 0 {
		p = append(p, "options: max_pages and max_body_mb cannot be negative")
	}
	if !httpHeaderName.MatchString(o.AuthHeader) {
		p = append(p, fmt.Sprintf("options.auth_header %q: not a header name", o.AuthHeader))
	}
	return p
}

var (
	httpHeaderName = regexp.MustCompile(`^[A-Za-z0-9-]+$`)
	envName        = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
)

// NewHTTPSource returns the HTTP source a configuration describes (see
// SourceConfig.Validate for the checks).
func NewHTTPSource(c SourceConfig) (*HTTPSource, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	format := c.Format
	if format == "" {
		format = FormatJSON
	}
	opts := c.HTTP.withDefaults(format)
	return &HTTPSource{name: c.Name, dataset: c.Dataset, location: c.Location, opts: opts, authEnv: c.AuthEnv, token: c.Token,
		format: format, profile: c.ProfileDef, unit: c.Unit,
		client: &http.Client{Timeout: opts.Timeout}, now: time.Now, sleep: sleepCtx}, nil
}

func (s *HTTPSource) Name() string     { return s.name }
func (s *HTTPSource) Dataset() Dataset { return s.dataset }

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

var (
	watermarkGetSQL = mustSQL("http_watermark.sql")
	watermarkCols   = []string{"source", "watermark", "run_id", "updated", "_version"}
)

// Watermark returns how far a source's pulls have got ("" before the
// first) and when it was set.
func Watermark(ctx context.Context, db warehouse.DB, source string) (string, time.Time, error) {
	var wm string
	var at time.Time
	err := warehouse.QueryRow(ingestCtx(ctx, "watermark"), db, watermarkGetSQL, warehouse.Params{"source": source}, &wm, &at)
	if errors.Is(err, warehouse.ErrNoRows) {
		return "", time.Time{}, nil
	}
	if err != nil {
		return "", time.Time{}, fmt.Errorf("watermark of %s: %w", source, err)
	}
	return wm, at, nil
}

// SetWatermark records a source's watermark (written by the run runID).
func SetWatermark(ctx context.Context, db warehouse.DB, source, watermark, runID string, at time.Time) error {
	id, err := uuid.Parse(runID)
	if err != nil {
		id = uuid.Nil
	}
	b, err := db.PrepareBatch(ctx, "ingest_watermarks", watermarkCols)
	if err != nil {
		return fmt.Errorf("set watermark of %s: %w", source, err)
	}
	if err := b.Append(source, watermark, id, at.UTC(), uint64(at.UnixNano())); err != nil {
		b.Abort()
		return fmt.Errorf("set watermark of %s: %w", source, err)
	}
	if err := b.Send(); err != nil {
		return fmt.Errorf("set watermark of %s: %w", source, err)
	}
	return nil
}

// Run pulls what changed since the watermark and imports it in one run.
func (s *HTTPSource) Run(ctx context.Context, r *Runner) (RunSummary, error) {
	log := r.log.With("source", s.name, "location", redactURL(s.location))
	req := Request{Source: s.name, Dataset: s.dataset, Kind: KindHTTP, Location: redactURL(s.location)}
	wm, _, err := Watermark(ctx, r.db, s.name)
	if err != nil {
		return RunSummary{}, fmt.Errorf("http source %s: %w", s.name, err)
	}
	token := s.token
	if s.authEnv != "" {
		if token = os.Getenv(s.authEnv); token == "" {
			return r.recordFailed(ctx, req,
				fmt.Sprintf("variabel lingkungan %s (token sumber ini) kosong atau tidak diset", s.authEnv),
				fmt.Sprintf("the environment variable %s (this source's token) is empty or not set", s.authEnv))
		}
	}
	pull := &pull{s: s, token: token, watermark: wm, started: s.now()}
	defer pull.close()
	log.Debug("http pull started", "watermark", wm)
	if s.format == FormatCSV {
		pull.fetchCSV(ctx)
	} else {
		pull.fetchJSON(ctx)
	}
	pull.took = s.now().Sub(pull.started)
	log.Info("http pull fetched", "records", pull.records, "pages", pull.pages, "elapsed", pull.took.String(), "complete", pull.err == nil)
	if ctx.Err() != nil && pull.records == 0 {
		return RunSummary{}, ctx.Err()
	}
	if pull.records == 0 {
		if pull.err == nil {
			log.Debug("http source has nothing new", "watermark", wm)
			return RunSummary{}, nil
		}
		return r.recordFailed(ctx, req, pull.err.Reason(), pull.err.Error())
	}
	req.Files = []Input{{Name: pull.inputName(), Open: pull.open}}
	if s.profile != nil {
		if err := ApplyProfile(ctx, r.db, &req, s.profile, ProfileOptions{Unit: s.unit}); err != nil {
			return r.recordFailed(ctx, req, "profil tidak dapat dipakai: "+err.Error(), "the profile cannot be used: "+err.Error())
		}
	}
	sum, err := r.Import(ctx, req)
	if err != nil {
		return sum, err
	}
	if pull.err != nil {
		return sum, fmt.Errorf("http source %s: %s; the watermark stays at %q, the next run fetches again from there", s.name, pull.err.Error(), wm)
	}
	next := pull.nextWatermark()
	if next != "" && next != wm {
		if err := SetWatermark(ctx, r.db, s.name, next, sum.ID, s.now()); err != nil {
			log.Error("watermark not advanced; the next run fetches the same records again (no double counting)", "run_id", sum.ID, "err", err)
			return sum, err
		}
		log.Info("watermark advanced", "run_id", sum.ID, "from", wm, "to", next)
	}
	return sum, nil
}

// fetchError is why a pull stopped: a permanent failure, or transient
// failures that outlasted the retries.
type fetchError struct {
	what      string // "page 3 (GET …)"
	permanent bool
	reason    string // Bahasa Indonesia
	reasonEN  string
	attempts  int
}

func (e *fetchError) Error() string {
	s := e.what + ": " + e.reasonEN
	if !e.permanent {
		s += fmt.Sprintf(" (gave up after %d attempts)", e.attempts)
	}
	return s
}

// Reason says it in Bahasa Indonesia.
func (e *fetchError) Reason() string {
	s := e.what + ": " + e.reason
	if !e.permanent {
		s += fmt.Sprintf(" (menyerah setelah %d percobaan)", e.attempts)
	}
	return s
}

// attemptError is the outcome of one request.
type attemptError struct {
	permanent  bool
	reason     string
	reasonEN   string
	retryAfter time.Duration
}

func transient(id, en string) *attemptError { return &attemptError{reason: id, reasonEN: en} }
func permanent(id, en string) *attemptError {
	return &attemptError{permanent: true, reason: id, reasonEN: en}
}

// do runs one request with the retries: fn reads a response; its error
// says whether trying again may help.
func (s *HTTPSource) do(ctx context.Context, what, rawURL, token string, fn func(*http.Response) *attemptError) *fetchError {
	var last *attemptError
	for attempt := 0; attempt <= s.opts.Retries; attempt++ {
		if attempt > 0 {
			wait := backoff(s.opts.Backoff, attempt)
			if last.retryAfter > 0 {
				wait = last.retryAfter
			}
			if err := s.sleep(ctx, wait); err != nil {
				return &fetchError{what: what, permanent: true, attempts: attempt,
					reason: "dihentikan: " + err.Error(), reasonEN: "stopped: " + err.Error()}
			}
		}
		last = s.once(ctx, rawURL, token, fn)
		if last == nil {
			return nil
		}
		if ctx.Err() != nil {
			return &fetchError{what: what, permanent: true, attempts: attempt + 1,
				reason: "dihentikan: " + ctx.Err().Error(), reasonEN: "stopped: " + ctx.Err().Error()}
		}
		if last.permanent {
			return &fetchError{what: what, permanent: true, attempts: attempt + 1, reason: last.reason, reasonEN: last.reasonEN}
		}
	}
	return &fetchError{what: what, attempts: s.opts.Retries + 1, reason: last.reason, reasonEN: last.reasonEN}
}

// backoff is the wait before retry n (1-based): base·2^(n-1), at most
// 30 s, with full jitter over its upper half.
func backoff(base time.Duration, n int) time.Duration {
	d := base << (n - 1)
	if d > 30*time.Second || d <= 0 {
		d = 30 * time.Second
	}
	return d/2 + rand.N(d/2+1)
}

// once sends one GET and hands the response to fn.
func (s *HTTPSource) once(ctx context.Context, rawURL, token string, fn func(*http.Response) *attemptError) *attemptError {
	hreq, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return permanent("alamat tidak valid: "+err.Error(), "invalid location: "+err.Error())
	}
	hreq.Header.Set("User-Agent", "kinerja-ingest")
	if s.format == FormatCSV {
		hreq.Header.Set("Accept", "text/csv, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;q=0.9, */*;q=0.1")
	} else {
		hreq.Header.Set("Accept", "application/json")
	}
	if token != "" {
		v := token
		if sch := s.opts.AuthScheme; !strings.EqualFold(sch, "none") && !strings.HasPrefix(strings.ToLower(token), strings.ToLower(sch)+" ") {
			v = sch + " " + token
		}
		hreq.Header.Set(s.opts.AuthHeader, v)
	}
	resp, err := s.client.Do(hreq)
	if err != nil {
		return netError(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		excerpt, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
		return statusError(resp, strings.TrimSpace(string(excerpt)), s.authEnv)
	}
	return fn(resp)
}

// netError classifies a transport error: all are worth another try
// (refused, reset, timeouts, DNS hiccups) except a malformed URL.
func netError(err error) *attemptError {
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		err = ue.Err
	}
	msg := err.Error()
	switch {
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		return transient("waktu habis menunggu jawaban server", "timed out waiting for the server")
	case errors.Is(err, syscall.ECONNREFUSED):
		return transient("koneksi ditolak (server mati atau alamat/port salah)", "connection refused (server down, or wrong host/port)")
	case errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return transient("koneksi terputus", "connection reset or closed: "+msg)
	case strings.Contains(msg, "unsupported protocol scheme"):
		return permanent("alamat harus http:// atau https://", "the location must be http:// or https://")
	}
	return transient("gagal terhubung: "+msg, "could not connect: "+msg)
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// statusError classifies a non-200 answer.
func statusError(resp *http.Response, excerpt, authEnv string) *attemptError {
	code := resp.StatusCode
	status := fmt.Sprintf("HTTP %d %s", code, http.StatusText(code))
	if excerpt != "" {
		status += ": " + truncate(excerpt, 200)
	}
	switch {
	case code == http.StatusTooManyRequests || code == http.StatusRequestTimeout || code >= 500:
		e := transient("server sedang bermasalah atau sibuk ("+status+")", "the server failed or is busy ("+status+")")
		e.retryAfter = retryAfter(resp.Header.Get("Retry-After"))
		return e
	case code == http.StatusUnauthorized || code == http.StatusForbidden:
		hint, hintEN := "periksa token", "check the token"
		if authEnv != "" {
			hint, hintEN = "periksa token di variabel "+authEnv, "check the token in the variable "+authEnv
		} else {
			hint, hintEN = "sumber ini tidak mengirim token: atur auth_env", "this source sends no token: set auth_env"
		}
		return permanent("akses ditolak ("+status+"); "+hint, "access refused ("+status+"); "+hintEN)
	case code == http.StatusNotFound:
		return permanent("alamat tidak ditemukan ("+status+"); periksa location", "not found ("+status+"); check the location")
	}
	return permanent("permintaan ditolak ("+status+")", "request refused ("+status+")")
}

// retryAfter reads a Retry-After header (seconds or a date), at most 2 minutes.
func retryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	var d time.Duration
	if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil {
		d = time.Duration(n) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = time.Until(t)
	}
	return max(0, min(d, 2*time.Minute))
}

// requestURL builds the URL of one request.
func (s *HTTPSource) requestURL(since, cursor string, page int) (string, error) {
	u, err := url.Parse(s.location)
	if err != nil {
		return "", err
	}
	q := u.Query()
	for k, v := range s.opts.Query {
		q.Set(k, v)
	}
	if since != "" && !strings.EqualFold(s.opts.SinceParam, "none") {
		q.Set(s.opts.SinceParam, since)
	}
	if s.opts.Paging != "none" && !strings.EqualFold(s.opts.LimitParam, "none") {
		q.Set(s.opts.LimitParam, strconv.Itoa(s.opts.Limit))
	}
	switch s.opts.Paging {
	case "cursor":
		if cursor != "" {
			q.Set(s.opts.CursorParam, cursor)
		}
	case "page":
		q.Set(s.opts.PageParam, strconv.Itoa(page))
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// sinceParam writes the watermark as the API wants it ("" for none).
func (s *HTTPSource) sinceParam(wm string) string {
	if wm == "" {
		return ""
	}
	t, ok := parseWatermark(wm)
	if !ok {
		return wm
	}
	if s.opts.Overlap > 0 {
		t = t.Add(-s.opts.Overlap)
	}
	switch s.opts.SinceFormat {
	case "date":
		return t.In(wita).Format("2006-01-02")
	case "unix":
		return strconv.FormatInt(t.Unix(), 10)
	}
	if s.opts.Overlap > 0 {
		return t.Format(time.RFC3339Nano)
	}
	return wm
}

// parseWatermark reads an updated_at value: RFC 3339, or the formats the
// datasets read (WITA without an offset).
func parseWatermark(v string) (time.Time, bool) {
	v = strings.TrimSpace(v)
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t, true
	}
	if t, ok := parseDateTime(v, false); ok {
		return t, true
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 946_684_800 && n < 4_102_444_800 {
		return time.Unix(n, 0), true
	}
	return time.Time{}, false
}

var secretParam = regexp.MustCompile(`(?i)(token|key|secret|password|passwd|signature|sig|auth)`)

// redactURL hides credentials in a URL written to runs and logs.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	if u.User != nil {
		u.User = url.User("…")
	}
	q := u.Query()
	changed := false
	for k := range q {
		if secretParam.MatchString(k) {
			q.Set(k, "…")
			changed = true
		}
	}
	if changed {
		u.RawQuery = q.Encode()
	}
	return u.String()
}
