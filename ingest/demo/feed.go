package demo

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Feed simulates the API of the Pemda's web reporting app ("e-Kinerja")
// and the export of its survey app, backed by the deterministic generator,
// so that HTTP sources can be exercised without the real systems
// (`kinerja demo serve`, and `kinerja serve --demo`).
//
// # Endpoints
//
//	GET /api/v1/activity-reports   activity reports (laporan kegiatan)
//	GET /api/v1/skp-evaluations    SKP evaluations per ASN and period
//	GET /api/v1/employees          ASN master data
//	GET /api/v1/units              the organisation (OPD → unit)
//	GET /exports/survey.csv        SKM questionnaires as canonical CSV
//	GET /healthz                   {"status":"ok","now":…}, no token needed
//
// Every other path needs the header "Authorization: Bearer TOKEN"
// (FeedOptions.Token): a missing or wrong token gets 401.
//
// # JSON contract (the four /api/v1 endpoints)
//
//	GET {path}?updated_since=RFC3339&cursor=C&limit=N
//	→ 200 {"data":[{…,"updated_at":"RFC3339"}, …], "next_cursor":"C2"|null}
//
// In detail:
//
//   - Each record has the canonical field names of its dataset (the CSV
//     headers ActivityHeader, SKPHeader, EmployeesHeader, UnitsHeader) plus
//     updated_at. Text and dates are strings (dates YYYY-MM-DD, times RFC
//     3339 with the WITA offset, "2025-03-04T16:31:07+08:00"); quantity and
//     year are JSON numbers; an empty optional value (reviewed_at and
//     reviewer_nip of an unreviewed report, golongan of a PPPK, active_to of
//     an active employee, kecamatan of a kabupaten-wide unit) is null.
//   - Records are ordered by (updated_at, id), id being the natural key
//     (report_id; nip/year/period; nip; unit_code). A record appears once,
//     in its state as of the snapshot, with updated_at the time of its
//     last change up to then.
//   - updated_since (optional): only records updated strictly after it.
//     RFC 3339 with an offset; a '+' of the offset that arrived as a space
//     (an unencoded query) is accepted.
//   - limit (optional): 1–5000, default 1000.
//   - cursor (optional): next_cursor of the previous page, opaque. It pins
//     the snapshot ("now") of the first page, so that paging through a
//     pull is consistent however long it takes: changes after the snapshot
//     come with the next pull (updated_since = the greatest updated_at
//     seen). next_cursor is null on the last page.
//   - A bad limit, updated_since or cursor (or a cursor of another path)
//     gets 400. Errors are {"error":"code","message":"…"}.
//
// # The simulated clock
//
// "Now" is FeedOptions.Now (the wall clock by default) and the data follows
// it: an activity report appears when it is submitted (the same afternoon,
// the next day or, for the late ones, up to the 5th of the next month),
// changes when its supervisor reviews it (approved or returned), and most
// returned reports come back revised (status submitted, quantity fixed)
// and are approved later; a few approved reports get their quantity
// corrected days afterwards. SKP evaluations appear after the end of their
// period (within days to weeks, per OPD, on working days) and a few are
// corrected later (ratings changed within the same predikat, so the
// organisation's distribution holds). Employee records change when they
// join, at each golongan or grade step, and when they leave (published at
// 07:00 WITA on the day). Units are static. For a given clock the answers
// are deterministic: the same options and the same "now" give the same
// bytes. Polled every few minutes during a working day the activity feed
// returns new reports and reviews as they come in.
//
// What appears as of a cutoff agrees with the generator's CSV files: the
// activity reports the feed serves as of midnight after day To are exactly
// the rows WriteActivity writes for that range, in the same state, except
// the revised and corrected reports, which carry their newer state.
//
// # Range and memory
//
// Activity reports are served for activity days from FeedOptions.From
// (default: the first day of the month two months before today, the
// window of the demo's inbox files); SKP evaluations for the periods of
// the year before From's year onwards; employees who worked at some day
// since that year; the survey export for any days asked. Nothing is held
// for years: activity reports are generated per activity day on demand and
// kept in a cache of at most FeedOptions.CacheRecords reports; every event
// of a report lies within feedLag days of its activity day, which bounds
// the days a page must look at.
//
// # Faults
//
// FeedOptions.Faults injects the failures an HTTP source must survive,
// deterministically by seed and request number: 503 Service Unavailable,
// slow answers, and truncated bodies (a Content-Length larger than the
// body sent, the connection then closed; or a complete response whose JSON
// is cut in the middle; the CSV export is cut by aborting the stream).
// /healthz is never faulted.
type Feed struct {
	opt     FeedOptions
	from    time.Time // first activity day served (WITA midnight)
	skpFrom time.Time // 1 January of the first SKP year; employees who left before it are not served
	token   []byte
	log     *slog.Logger
	days    *lifeCache
	seq     atomic.Int64 // requests to faultable endpoints
	mux     *http.ServeMux

	mu  sync.Mutex
	gen *Generator
	skp map[int][]skpLife // per year, the whole life of its evaluations
}

// Feed paths, for configuring HTTP sources against the feed.
const (
	FeedPathActivity  = "/api/v1/activity-reports"
	FeedPathSKP       = "/api/v1/skp-evaluations"
	FeedPathEmployees = "/api/v1/employees"
	FeedPathUnits     = "/api/v1/units"
	FeedPathSurveyCSV = "/exports/survey.csv"
	FeedPathHealth    = "/healthz"
)

// FeedPaths maps a dataset name to the feed path that serves it.
var FeedPaths = map[string]string{
	DatasetActivityReports: FeedPathActivity,
	DatasetSKPEvaluations:  FeedPathSKP,
	DatasetEmployees:       FeedPathEmployees,
	DatasetUnits:           FeedPathUnits,
	DatasetSurvey:          FeedPathSurveyCSV,
}

// DefaultFeedToken is the bearer token when FeedOptions.Token is empty: a
// demo on the loopback interface needs no secret, but it still needs a
// token so that sources exercise their auth header.
const DefaultFeedToken = "demo-ekinerja"

// Page sizes of the JSON endpoints.
const (
	FeedDefaultLimit = 1000
	FeedMaxLimit     = 5000
)

// FeedOptions configure a Feed.
type FeedOptions struct {
	// Seed and Scale are the generator's (see Options).
	Seed  uint64
	Scale float64
	// From is the first activity day the app has (WITA). Zero: the first
	// day of the month two months before Now's day.
	From time.Time
	// Now is the simulated clock; nil means time.Now.
	Now func() time.Time
	// Token is the bearer token clients must send; empty means
	// DefaultFeedToken.
	Token string
	// Faults to inject; zero injects none.
	Faults Faults
	// CacheRecords bounds the generated activity reports kept between
	// requests (about 60 bytes each); 0 means 1 000 000. A page that needs
	// more days than fit still works, generating them again.
	CacheRecords int
	// Logger gets one debug line per request and the faults injected; nil
	// discards.
	Logger *slog.Logger
}

// Faults choose which requests fail. Rates are shares of requests, 0–1;
// which requests is decided by (Seed, request number), so the same
// sequence of requests meets the same faults.
type Faults struct {
	// FailRate answers 503 Service Unavailable.
	FailRate float64
	// SlowRate delays the answer by SlowDelay (default 2 s) before the
	// headers: a client with a shorter timeout gives up.
	SlowRate  float64
	SlowDelay time.Duration
	// TruncateRate sends a truncated body: half the time a Content-Length
	// larger than the body followed by a closed connection, half the time
	// a complete response whose JSON is cut. The CSV export is cut by
	// aborting the stream.
	TruncateRate float64
	// Plan, when set, decides every request's fault instead of the rates
	// (seq counts faultable requests from 0), for tests that need a fault
	// at a given request.
	Plan func(seq int64, r *http.Request) Fault
}

// Fault is what happens to one request.
type Fault struct {
	Unavailable bool          // answer 503
	Delay       time.Duration // wait before answering
	Truncate    Truncation
}

// Truncation is how a body is cut.
type Truncation int

const (
	TruncateNone Truncation = iota
	// TruncateShort declares the full Content-Length, sends half the body
	// and closes the connection (the client reads an unexpected EOF).
	TruncateShort
	// TruncateCut sends a complete HTTP response whose body is the first
	// half of the JSON (the client gets invalid JSON).
	TruncateCut
)

func (t Truncation) String() string {
	switch t {
	case TruncateShort:
		return "short"
	case TruncateCut:
		return "cut"
	}
	return "none"
}

// NewFeed builds a feed; errors are the caller's (bad options).
func NewFeed(opt FeedOptions) (*Feed, error) {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Token == "" {
		opt.Token = DefaultFeedToken
	}
	if opt.CacheRecords <= 0 {
		opt.CacheRecords = 1_000_000
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	fl := opt.Faults
	for _, r := range []struct {
		name string
		v    float64
	}{{"fail rate", fl.FailRate}, {"slow rate", fl.SlowRate}, {"truncate rate", fl.TruncateRate}} {
		if math.IsNaN(r.v) || r.v < 0 || r.v > 1 {
			return nil, fmt.Errorf("feed %s %g: want a share between 0 and 1", r.name, r.v)
		}
	}
	if fl.FailRate+fl.TruncateRate > 1 {
		return nil, fmt.Errorf("feed fail rate %g + truncate rate %g: want at most 1 together", fl.FailRate, fl.TruncateRate)
	}
	if fl.SlowDelay < 0 {
		return nil, fmt.Errorf("feed slow delay %s: want a positive duration", fl.SlowDelay)
	}
	if opt.Faults.SlowDelay == 0 {
		opt.Faults.SlowDelay = 2 * time.Second
	}
	now := opt.Now().In(wita)
	if opt.From.IsZero() {
		opt.From = time.Date(now.Year(), now.Month()-2, 1, 0, 0, 0, 0, wita)
	}
	from := dateOf(opt.From)
	if from.Year() < 2001 || from.Year() > 2099 {
		return nil, fmt.Errorf("feed from %s: want a day between 2001 and 2099", from.Format("2006-01-02"))
	}
	f := &Feed{
		opt:     opt,
		from:    from,
		skpFrom: time.Date(from.Year()-1, 1, 1, 0, 0, 0, 0, wita),
		token:   []byte(opt.Token),
		log:     opt.Logger,
		days:    newLifeCache(opt.CacheRecords),
		skp:     map[int][]skpLife{},
	}
	g, err := f.newGenerator(max(now.Year(), from.Year()))
	if err != nil {
		return nil, err
	}
	f.gen = g
	g.roster() // the first request should not pay for it
	f.mux = http.NewServeMux()
	f.mux.HandleFunc(FeedPathHealth, f.serveHealth)
	f.mux.HandleFunc(FeedPathActivity, f.data(FeedPathActivity, f.activityPage))
	f.mux.HandleFunc(FeedPathSKP, f.data(FeedPathSKP, f.skpPage))
	f.mux.HandleFunc(FeedPathEmployees, f.data(FeedPathEmployees, f.employeesPage))
	f.mux.HandleFunc(FeedPathUnits, f.data(FeedPathUnits, f.unitsPage))
	f.mux.HandleFunc(FeedPathSurveyCSV, f.guard(f.serveSurvey))
	f.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "not_found", "no such endpoint: "+r.URL.Path)
	})
	return f, nil
}

// newGenerator builds the generator for "now" in year y: its range ends a
// year later, so that the intake cohorts of this year and the next are in
// the roster (the range does not change anything drawn before, see the
// package doc).
func (f *Feed) newGenerator(y int) (*Generator, error) {
	g, err := New(Options{Seed: f.opt.Seed, Scale: f.opt.Scale, From: f.skpFrom,
		To: time.Date(min(y+1, 2100), 12, 31, 0, 0, 0, 0, wita)})
	if err != nil {
		return nil, fmt.Errorf("feed options: %w", err)
	}
	return g, nil
}

// generator returns a generator whose roster covers asof, building a new
// one when the clock has moved into the last year of the current range.
func (f *Feed) generator(asof time.Time) *Generator {
	f.mu.Lock()
	defer f.mu.Unlock()
	if y := asof.In(wita).Year(); y >= f.gen.opt.To.Year() && y < 2100 {
		if g, err := f.newGenerator(y); err == nil {
			f.gen = g
		}
	}
	return f.gen
}

// Options returns the options with defaults filled in.
func (f *Feed) Options() FeedOptions { return f.opt }

// From is the first activity day the feed serves.
func (f *Feed) From() time.Time { return f.from }

// ServeHTTP serves the feed.
func (f *Feed) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	defer func() {
		f.log.Debug("feed request", "method", r.Method, "path", r.URL.Path, "query", r.URL.RawQuery,
			"status", rec.status, "rows", rec.rows, "bytes", rec.bytes, "fault", rec.fault,
			"duration_ms", time.Since(start).Milliseconds())
	}()
	f.mux.ServeHTTP(rec, r)
}

// recorder keeps what the request log needs.
type recorder struct {
	http.ResponseWriter
	status int
	rows   int
	bytes  int64
	fault  string
}

func (r *recorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection's Flush.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func (f *Feed) serveHealth(w http.ResponseWriter, r *http.Request) {
	if !allowGet(w, r) {
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "now": f.opt.Now().In(wita).Format(time.RFC3339)})
}

// allowGet answers 405 to anything but GET and HEAD.
func allowGet(w http.ResponseWriter, r *http.Request) bool {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return true
	}
	w.Header().Set("Allow", "GET, HEAD")
	writeError(w, http.StatusMethodNotAllowed, "method_not_allowed", "only GET is served")
	return false
}

// guard wraps a data endpoint: method, injected unavailability and delay,
// then the token. The truncation, if any, is left to the handler.
func (f *Feed) guard(next func(w http.ResponseWriter, r *http.Request, fault Fault)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !allowGet(w, r) {
			return
		}
		fault := f.faultFor(f.seq.Add(1)-1, r)
		rec, _ := w.(*recorder)
		if fault.Delay > 0 {
			if rec != nil {
				rec.fault = "slow"
			}
			t := time.NewTimer(fault.Delay)
			select {
			case <-t.C:
			case <-r.Context().Done():
				t.Stop()
				return
			}
		}
		if fault.Unavailable {
			if rec != nil {
				rec.fault = "unavailable"
			}
			writeError(w, http.StatusServiceUnavailable, "unavailable", "e-Kinerja sedang sibuk, coba lagi nanti (injected fault)")
			return
		}
		if !f.authorised(r) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="e-Kinerja demo"`)
			writeError(w, http.StatusUnauthorized, "unauthorized", "missing or wrong bearer token in the Authorization header")
			return
		}
		if fault.Truncate != TruncateNone && rec != nil {
			rec.fault = "truncate-" + fault.Truncate.String()
		}
		next(w, r, fault)
	}
}

func (f *Feed) authorised(r *http.Request) bool {
	h := r.Header.Get("Authorization")
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(strings.TrimSpace(tok)), f.token) == 1
}

// faultFor decides request seq's fault: Plan if set, else the rates, from
// draws keyed by (seed, seq).
func (f *Feed) faultFor(seq int64, r *http.Request) Fault {
	fl := f.opt.Faults
	if fl.Plan != nil {
		return fl.Plan(seq, r)
	}
	var out Fault
	if fl.FailRate == 0 && fl.SlowRate == 0 && fl.TruncateRate == 0 {
		return out
	}
	x := unitDraw(f.opt.Seed, "feed-fault", seq)
	switch {
	case x < fl.FailRate:
		out.Unavailable = true
	case x < fl.FailRate+fl.TruncateRate:
		out.Truncate = TruncateShort
		if unitDraw(f.opt.Seed, "feed-truncate", seq) < 0.5 {
			out.Truncate = TruncateCut
		}
	}
	if unitDraw(f.opt.Seed, "feed-slow", seq) < fl.SlowRate {
		out.Delay = fl.SlowDelay
	}
	return out
}

// unitDraw is a number in [0, 1) fixed by (seed, what, n).
func unitDraw(seed uint64, what string, n int64) float64 {
	return float64(mix(key(seed, what)^mix(uint64(n)))>>11) / float64(1<<53)
}

// feedError is a request the client got wrong (400).
type feedError struct{ code, msg string }

func (e *feedError) Error() string { return e.msg }

func badRequest(code, format string, a ...any) error {
	return &feedError{code, fmt.Sprintf(format, a...)}
}

// query is a parsed page request of a JSON endpoint.
type query struct {
	asof  time.Time // the snapshot
	now   int64     // asof in Unix seconds (floor): events at or before it are visible
	after position  // records strictly after this (updated_at, id)
	limit int
}

// position orders records: by updated_at (Unix seconds), then id.
type position struct {
	sec int64
	id  string
}

// maxID sorts after every id (ids are ASCII).
const maxID = "\xff"

func (p position) before(q position) bool {
	return p.sec < q.sec || p.sec == q.sec && p.id < q.id
}

// parseQuery reads updated_since, cursor and limit.
func (f *Feed) parseQuery(path string, r *http.Request) (query, error) {
	v := r.URL.Query()
	q := query{asof: f.opt.Now(), after: position{sec: math.MinInt64}, limit: FeedDefaultLimit}
	if s := v.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > FeedMaxLimit {
			return q, badRequest("bad_limit", "limit %q: want an integer from 1 to %d", s, FeedMaxLimit)
		}
		q.limit = n
	}
	if s := v.Get("updated_since"); s != "" {
		t, err := parseSince(s)
		if err != nil {
			return q, badRequest("bad_updated_since", "updated_since %q: want an RFC 3339 time with an offset, e.g. 2025-03-01T08:00:00+08:00", s)
		}
		q.after = position{sec: floorUnix(t), id: maxID}
	}
	if s := v.Get("cursor"); s != "" {
		asof, p, err := decodeCursor(path, s)
		if err != nil {
			return q, badRequest("bad_cursor", "cursor %q: %v; start again without a cursor", s, err)
		}
		if asof.Before(q.asof) {
			q.asof = asof // a cursor from the future (a clock moved back) cannot see ahead
		}
		if q.after.before(p) {
			q.after = p
		}
	}
	q.now = floorUnix(q.asof)
	return q, nil
}

func parseSince(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil && strings.Contains(s, " ") {
		// "…T08:00:00+08:00" sent unencoded arrives with a space for '+'.
		t, err = time.Parse(time.RFC3339Nano, strings.Replace(s, " ", "+", 1))
	}
	return t, err
}

// floorUnix is t in whole Unix seconds, rounded down (Unix does).
func floorUnix(t time.Time) int64 { return t.Unix() }

// Cursors are "v1|path|asof (Unix ns)|updated_at (Unix s)|id" in
// unpadded base64url: opaque to clients, checked on the way back.
func encodeCursor(path string, asof time.Time, p position) string {
	s := "v1|" + path + "|" + strconv.FormatInt(asof.UnixNano(), 10) + "|" + strconv.FormatInt(p.sec, 10) + "|" + p.id
	return base64.RawURLEncoding.EncodeToString([]byte(s))
}

func decodeCursor(path, c string) (time.Time, position, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return time.Time{}, position{}, errors.New("not a cursor this feed gave")
	}
	parts := strings.SplitN(string(b), "|", 5)
	if len(parts) != 5 || parts[0] != "v1" {
		return time.Time{}, position{}, errors.New("not a cursor this feed gave")
	}
	if parts[1] != path {
		return time.Time{}, position{}, fmt.Errorf("a cursor of %s, not of %s", parts[1], path)
	}
	ns, err1 := strconv.ParseInt(parts[2], 10, 64)
	sec, err2 := strconv.ParseInt(parts[3], 10, 64)
	if err1 != nil || err2 != nil || parts[4] == "" {
		return time.Time{}, position{}, errors.New("not a cursor this feed gave")
	}
	return time.Unix(0, ns), position{sec: sec, id: parts[4]}, nil
}

// page is one answer of a JSON endpoint: the records (JSON-encodable) and,
// when more follow, the position of the last one.
type page struct {
	data []any
	next *position
}

// data serves a JSON endpoint from its page function.
func (f *Feed) data(path string, list func(q query) page) http.HandlerFunc {
	return f.guard(func(w http.ResponseWriter, r *http.Request, fault Fault) {
		q, err := f.parseQuery(path, r)
		if err != nil {
			var fe *feedError
			if errors.As(err, &fe) {
				writeError(w, http.StatusBadRequest, fe.code, fe.msg)
				return
			}
			writeError(w, http.StatusInternalServerError, "internal", err.Error())
			return
		}
		p := list(q)
		var buf bytes.Buffer
		buf.WriteString(`{"data":[`)
		for i, d := range p.data {
			if i > 0 {
				buf.WriteByte(',')
			}
			b, err := json.Marshal(d)
			if err != nil { // our own structs: a bug
				writeError(w, http.StatusInternalServerError, "internal", "encode record: "+err.Error())
				return
			}
			buf.Write(b)
		}
		buf.WriteString(`],"next_cursor":`)
		if p.next != nil {
			b, _ := json.Marshal(encodeCursor(path, q.asof, *p.next))
			buf.Write(b)
		} else {
			buf.WriteString("null")
		}
		buf.WriteString("}\n")
		if rec, ok := w.(*recorder); ok {
			rec.rows = len(p.data)
		}
		w.Header().Set("X-Feed-Now", q.asof.In(wita).Format(time.RFC3339Nano))
		writeBody(w, "application/json; charset=utf-8", buf.Bytes(), fault.Truncate)
	})
}

// writeBody sends a complete body, or a truncated one.
func writeBody(w http.ResponseWriter, contentType string, body []byte, t Truncation) {
	w.Header().Set("Content-Type", contentType)
	switch t {
	case TruncateShort:
		// Declare everything, send half: the server closes the connection
		// after a short body and the client reads an unexpected EOF.
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(http.StatusOK)
		w.Write(body[:len(body)/2])
	case TruncateCut:
		body = body[:len(body)/2]
		fallthrough
	default:
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(http.StatusOK)
		w.Write(body)
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, _ := json.Marshal(v)
	b = append(b, '\n')
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	w.Write(b)
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]string{"error": code, "message": msg})
}

// witaDay is the WITA calendar day of the instant t, as midnight WITA
// (dateOf would take a midnight in another zone for that zone's day).
func witaDay(t time.Time) time.Time { return dateOf(t.In(wita)) }

// wita3339 formats a time as RFC 3339 in WITA.
func wita3339(t time.Time) string { return t.In(wita).Format(time.RFC3339) }

// Serve serves the feed on addr until ctx is done, then shuts down
// (waiting up to five seconds for requests in flight).
func (f *Feed) Serve(ctx context.Context, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("feed listen %s: %w", addr, err)
	}
	return f.serve(ctx, ln)
}

func (f *Feed) serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{Handler: f, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(f.log.Handler(), slog.LevelDebug)}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return fmt.Errorf("feed serve: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
	}
	<-done
	return nil
}

// StartFeed starts a feed on addr ("127.0.0.1:0" picks a free port) in the
// background and returns its base URL ("http://127.0.0.1:PORT"; a wildcard
// host is reported as 127.0.0.1) and a stop function that shuts it down
// and waits for it (calling it again does nothing). The feed also stops
// when ctx is done.
func StartFeed(ctx context.Context, addr string, opt FeedOptions) (url string, stop func(), err error) {
	f, err := NewFeed(opt)
	if err != nil {
		return "", nil, err
	}
	return f.Start(ctx, addr)
}

// Start serves the feed in the background; see StartFeed.
func (f *Feed) Start(ctx context.Context, addr string) (url string, stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", nil, fmt.Errorf("feed listen %s: %w", addr, err)
	}
	ctx, cancel := context.WithCancel(ctx)
	served := make(chan struct{})
	go func() {
		defer close(served)
		if err := f.serve(ctx, ln); err != nil {
			f.log.Error("feed stopped", "err", err)
		}
	}()
	host, port, _ := net.SplitHostPort(ln.Addr().String())
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	stop = sync.OnceFunc(func() {
		cancel()
		<-served
	})
	return "http://" + net.JoinHostPort(host, port), stop, nil
}
