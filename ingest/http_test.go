package ingest

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"kinerja/warehouse"
	"kinerja/warehouse/warehousetest"
)

// fakeAPI serves units in the JSON contract of HTTPSource: records
// ordered by (updated_at, unit_code), updated_since strictly after, an
// integer cursor into the filtered list, limit, and a bearer token.
type fakeAPI struct {
	mu       sync.Mutex
	records  []map[string]any
	token    string
	requests []*http.Request
	// fault, when set, may answer a request instead (n counts requests from 1).
	fault func(w http.ResponseWriter, r *http.Request, n int) bool
}

func unitRecord(code, name string, updated time.Time) map[string]any {
	return map[string]any{"unit_code": code, "unit_name": name, "agency_code": "DINKES", "agency_name": "Dinas Kesehatan",
		"kind": "puskesmas", "kecamatan": nil, "updated_at": updated.Format(time.RFC3339)}
}

func (f *fakeAPI) add(recs ...map[string]any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.records = append(f.records, recs...)
	sort.SliceStable(f.records, func(i, j int) bool {
		a, b := f.records[i], f.records[j]
		if a["updated_at"] != b["updated_at"] {
			return a["updated_at"].(string) < b["updated_at"].(string)
		}
		return a["unit_code"].(string) < b["unit_code"].(string)
	})
}

func (f *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.requests = append(f.requests, r.Clone(context.Background()))
	n := len(f.requests)
	recs := append([]map[string]any(nil), f.records...)
	fault := f.fault
	f.mu.Unlock()
	if fault != nil && fault(w, r, n) {
		return
	}
	if r.Header.Get("Authorization") != "Bearer "+f.token {
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"error":"unauthorized"}`))
		return
	}
	q := r.URL.Query()
	if s := q.Get("updated_since"); s != "" {
		since, err := time.Parse(time.RFC3339, s)
		if err != nil {
			http.Error(w, "bad updated_since", http.StatusBadRequest)
			return
		}
		var kept []map[string]any
		for _, rec := range recs {
			if t, _ := time.Parse(time.RFC3339, rec["updated_at"].(string)); t.After(since) {
				kept = append(kept, rec)
			}
		}
		recs = kept
	}
	limit, _ := strconv.Atoi(q.Get("limit"))
	if limit <= 0 {
		limit = 1000
	}
	start := 0
	if c := q.Get("cursor"); c != "" {
		start, _ = strconv.Atoi(c)
	}
	if p := q.Get("page"); p != "" {
		pn, _ := strconv.Atoi(p)
		start = (pn - 1) * limit
	}
	end := min(start+limit, len(recs))
	start = min(start, end)
	var next any
	if end < len(recs) {
		next = strconv.Itoa(end)
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"data": recs[start:end], "next_cursor": next})
}

func (f *fakeAPI) requestCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.requests)
}

func (f *fakeAPI) query(i int) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests[i].URL.RawQuery
}

func newHTTPTestSource(t *testing.T, url string, c SourceConfig) (*HTTPSource, *[]time.Duration) {
	t.Helper()
	if c.Name == "" {
		c.Name = "api"
	}
	if c.Dataset == "" {
		c.Dataset = Units
	}
	c.Kind, c.Location, c.Schedule = KindHTTP, url, "@hourly"
	if c.AuthEnv == "" {
		c.AuthEnv = "KINERJA_TEST_API_TOKEN"
	}
	t.Setenv(c.AuthEnv, "s3cret")
	s, err := NewHTTPSource(c)
	if err != nil {
		t.Fatal(err)
	}
	var waits []time.Duration
	var mu sync.Mutex
	s.sleep = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		waits = append(waits, d)
		mu.Unlock()
		return ctx.Err()
	}
	return s, &waits
}

var t0 = time.Date(2025, 6, 1, 8, 0, 0, 0, wita)

func TestHTTPPullCursorAndWatermark(t *testing.T) {
	db := warehousetest.Open(t)
	r := newTestRunner(t, db)
	ctx := context.Background()
	api := &fakeAPI{token: "s3cret"}
	for i := 0; i < 25; i++ {
		api.add(unitRecord(fmt.Sprintf("PKM-%02d", i), fmt.Sprintf("Puskesmas %d", i), t0.Add(time.Duration(i)*time.Minute)))
	}
	ts := httptest.NewServer(api)
	defer ts.Close()
	src, _ := newHTTPTestSource(t, ts.URL+"/api/v1/units?fixed=1", SourceConfig{HTTP: HTTPOptions{Limit: 10}})

	sum, err := src.Run(ctx, r)
	if err != nil || sum.Status != StatusOK || sum.Read != 25 || sum.Written() != 25 || sum.Kind != KindHTTP {
		t.Fatalf("first pull: %v %+v", err, sum)
	}
	if n := api.requestCount(); n != 3 {
		t.Errorf("%d requests for 25 records by 10, want 3", n)
	}
	if ign := sum.Files[0].Ignored; len(ign) != 0 {
		t.Errorf("columns ignored: %v (updated_at is the pull's, not the dataset's)", ign)
	}
	for i, want := range []string{"fixed=1&limit=10", "cursor=10&fixed=1&limit=10", "cursor=20&fixed=1&limit=10"} {
		if got := api.query(i); got != want {
			t.Errorf("request %d: %s, want %s", i+1, got, want)
		}
	}
	wm, _, err := Watermark(ctx, db, "api")
	if err != nil || wm != t0.Add(24*time.Minute).Format(time.RFC3339) {
		t.Fatalf("watermark %q %v", wm, err)
	}
	if n := count(t, db, "SELECT count() FROM units FINAL", nil); n != 25 {
		t.Fatalf("%d units stored", n)
	}

	// Nothing new: no run, and the request asks from the watermark.
	again, err := src.Run(ctx, r)
	if err != nil || again.ID != "" {
		t.Fatalf("second pull made a run: %v %+v", err, again)
	}
	if got := api.query(3); !strings.Contains(got, "updated_since="+strings.ReplaceAll(wmEscape(wm), ":", "%3A")) {
		t.Errorf("second pull asked %s, want updated_since=%s", got, wm)
	}

	// Three new units and one renamed: only those come, the renamed one
	// replaces the old row.
	api.add(unitRecord("PKM-03", "Puskesmas Tiga (baru)", t0.Add(time.Hour)))
	for i := 25; i < 28; i++ {
		api.add(unitRecord(fmt.Sprintf("PKM-%02d", i), fmt.Sprintf("Puskesmas %d", i), t0.Add(time.Hour+time.Duration(i)*time.Second)))
	}
	third, err := src.Run(ctx, r)
	if err != nil || third.Read != 4 || third.Written() != 4 || third.Unchanged != 0 {
		t.Fatalf("third pull: %v %+v", err, third)
	}
	if n := count(t, db, "SELECT count() FROM units FINAL", nil); n != 28 {
		t.Errorf("%d units stored, want 28", n)
	}
	if n := count(t, db, "SELECT count() FROM units FINAL WHERE unit_name = 'Puskesmas Tiga (baru)'", nil); n != 1 {
		t.Errorf("the correction did not replace the old row")
	}
}

func wmEscape(s string) string { return strings.ReplaceAll(s, "+", "%2B") }

func TestHTTPRetriesThenSuccess(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fault func(w http.ResponseWriter, r *http.Request, n int) bool
		waits int // retries expected
	}{
		{"503 twice", func(w http.ResponseWriter, r *http.Request, n int) bool {
			if n <= 2 {
				w.WriteHeader(http.StatusServiceUnavailable)
				return true
			}
			return false
		}, 2},
		{"429 with Retry-After", func(w http.ResponseWriter, r *http.Request, n int) bool {
			if n == 1 {
				w.Header().Set("Retry-After", "7")
				w.WriteHeader(http.StatusTooManyRequests)
				return true
			}
			return false
		}, 1},
		{"body shorter than its Content-Length", func(w http.ResponseWriter, r *http.Request, n int) bool {
			if n != 1 {
				return false
			}
			hj, _ := w.(http.Hijacker)
			conn, buf, _ := hj.Hijack()
			buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"data\":[{\"unit_code\":")
			buf.Flush()
			conn.Close()
			return true
		}, 1},
		{"JSON cut short with a matching length", func(w http.ResponseWriter, r *http.Request, n int) bool {
			if n != 1 {
				return false
			}
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(`{"data":[{"unit_code":"PKM-00","unit_na`))
			return true
		}, 1},
		{"connection dropped", func(w http.ResponseWriter, r *http.Request, n int) bool {
			if n != 1 {
				return false
			}
			hj, _ := w.(http.Hijacker)
			conn, _, _ := hj.Hijack()
			conn.Close()
			return true
		}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := warehousetest.Open(t)
			r := newTestRunner(t, db)
			api := &fakeAPI{token: "s3cret", fault: tc.fault}
			api.add(unitRecord("PKM-00", "Puskesmas Nol", t0), unitRecord("PKM-01", "Puskesmas Satu", t0.Add(time.Minute)))
			ts := httptest.NewServer(api)
			defer ts.Close()
			src, waits := newHTTPTestSource(t, ts.URL, SourceConfig{})
			sum, err := src.Run(context.Background(), r)
			if err != nil || sum.Status != StatusOK || sum.Written() != 2 {
				t.Fatalf("%v %+v", err, sum)
			}
			if len(*waits) != tc.waits {
				t.Errorf("%d waits %v, want %d", len(*waits), *waits, tc.waits)
			}
			if tc.name == "429 with Retry-After" && (*waits)[0] != 7*time.Second {
				t.Errorf("waited %v, want the Retry-After of 7s", (*waits)[0])
			}
			if wm, _, _ := Watermark(context.Background(), db, "api"); wm != t0.Add(time.Minute).Format(time.RFC3339) {
				t.Errorf("watermark %q", wm)
			}
		})
	}
}

func TestBackoff(t *testing.T) {
	for n, want := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second, 6: 30 * time.Second, 40: 30 * time.Second} {
		for i := 0; i < 50; i++ {
			if d := backoff(time.Second, n); d < want/2 || d > want {
				t.Fatalf("retry %d waited %v, want %v–%v", n, d, want/2, want)
			}
		}
	}
}

// A source that fails in the middle of a pull: the pages before are
// imported, the run says why it stopped, the watermark stays, and the next
// run fetches the same pages again without double counting.
func TestHTTPFailsMidPull(t *testing.T) {
	db := warehousetest.Open(t)
	r := newTestRunner(t, db)
	ctx := context.Background()
	broken := true
	api := &fakeAPI{token: "s3cret"}
	api.fault = func(w http.ResponseWriter, req *http.Request, n int) bool {
		if broken && req.URL.Query().Get("cursor") == "5" {
			w.WriteHeader(http.StatusBadGateway)
			w.Write([]byte("upstream down"))
			return true
		}
		return false
	}
	for i := 0; i < 12; i++ {
		api.add(unitRecord(fmt.Sprintf("PKM-%02d", i), "Puskesmas", t0.Add(time.Duration(i)*time.Minute)))
	}
	ts := httptest.NewServer(api)
	defer ts.Close()
	src, waits := newHTTPTestSource(t, ts.URL, SourceConfig{HTTP: HTTPOptions{Limit: 5, Retries: 2}})
	sum, err := src.Run(ctx, r)
	if err == nil || !strings.Contains(err.Error(), "page 2") || !strings.Contains(err.Error(), "502") {
		t.Fatalf("err %v", err)
	}
	if sum.Status != StatusPartial || sum.Written() != 5 || !strings.Contains(sum.Error, "gave up after 3 attempts") {
		t.Fatalf("summary %+v", sum)
	}
	if len(*waits) != 2 {
		t.Errorf("%d retries, want 2", len(*waits))
	}
	run, _ := GetRun(ctx, db, sum.ID)
	if run.Status != StatusPartial || !strings.Contains(run.Error, "page 2") {
		t.Errorf("recorded run %+v", run)
	}
	if wm, _, _ := Watermark(ctx, db, "api"); wm != "" {
		t.Fatalf("watermark advanced to %q after a failed pull", wm)
	}
	broken = false
	sum, err = src.Run(ctx, r)
	if err != nil || sum.Status != StatusOK || sum.Read != 12 || sum.Unchanged != 5 || sum.Written() != 7 {
		t.Fatalf("rerun: %v %+v", err, sum)
	}
	if n := count(t, db, "SELECT count() FROM units FINAL", nil); n != 12 {
		t.Errorf("%d units, want 12", n)
	}
	if wm, _, _ := Watermark(ctx, db, "api"); wm != t0.Add(11*time.Minute).Format(time.RFC3339) {
		t.Errorf("watermark %q", wm)
	}
}

func TestHTTPPermanentFailures(t *testing.T) {
	for _, tc := range []struct {
		name     string
		fault    func(w http.ResponseWriter, r *http.Request, n int) bool
		token    string
		requests int    // requests made
		want     string // in the run's error
	}{
		{"401", nil, "wrong", 1, "check the token in the variable KINERJA_TEST_API_TOKEN"},
		{"404", func(w http.ResponseWriter, r *http.Request, n int) bool {
			http.NotFound(w, r)
			return true
		}, "", 1, "not found (HTTP 404 Not Found: 404 page not found); check the location"},
		{"wrong shape", func(w http.ResponseWriter, r *http.Request, n int) bool {
			w.Write([]byte(`{"items":[]}`))
			return true
		}, "", 1, `no array at "data"`},
		{"record not an object", func(w http.ResponseWriter, r *http.Request, n int) bool {
			w.Write([]byte(`{"data":[1,2]}`))
			return true
		}, "", 1, "data[0] is not an object"},
		{"always invalid JSON", func(w http.ResponseWriter, r *http.Request, n int) bool {
			w.Write([]byte(`<html>maintenance</html>`))
			return true
		}, "", 5, "invalid JSON"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := warehousetest.Open(t)
			r := newTestRunner(t, db)
			api := &fakeAPI{token: "s3cret", fault: tc.fault}
			api.add(unitRecord("PKM-00", "Puskesmas", t0))
			ts := httptest.NewServer(api)
			defer ts.Close()
			src, _ := newHTTPTestSource(t, ts.URL, SourceConfig{})
			if tc.token != "" {
				t.Setenv("KINERJA_TEST_API_TOKEN", tc.token)
			}
			sum, err := src.Run(context.Background(), r)
			if err == nil || sum.Status != StatusFailed || !strings.Contains(sum.Error, tc.want) {
				t.Fatalf("err %v, summary %+v; want a failed run saying %q", err, sum, tc.want)
			}
			if n := api.requestCount(); n != tc.requests {
				t.Errorf("%d requests, want %d", n, tc.requests)
			}
			run, err := GetRun(context.Background(), db, sum.ID)
			if err != nil || run.Status != StatusFailed || !strings.Contains(run.Error, tc.want) || run.Kind != KindHTTP {
				t.Errorf("recorded %+v %v", run, err)
			}
		})
	}
	t.Run("token given in code", func(t *testing.T) {
		db := warehousetest.Open(t)
		api := &fakeAPI{token: "s3cret"}
		api.add(unitRecord("PKM-00", "Puskesmas", t0))
		ts := httptest.NewServer(api)
		defer ts.Close()
		s, err := NewHTTPSource(SourceConfig{Name: "api", Dataset: Units, Kind: KindHTTP, Location: ts.URL, Schedule: "@hourly", Token: "s3cret"})
		if err != nil {
			t.Fatal(err)
		}
		if sum, err := s.Run(context.Background(), newTestRunner(t, db)); err != nil || sum.Written() != 1 {
			t.Errorf("%v %+v", err, sum)
		}
	})
	t.Run("token variable not set", func(t *testing.T) {
		db := warehousetest.Open(t)
		api := &fakeAPI{token: "s3cret"}
		ts := httptest.NewServer(api)
		defer ts.Close()
		src, _ := newHTTPTestSource(t, ts.URL, SourceConfig{AuthEnv: "KINERJA_TEST_UNSET_TOKEN"})
		t.Setenv("KINERJA_TEST_UNSET_TOKEN", "")
		sum, err := src.Run(context.Background(), newTestRunner(t, db))
		if err == nil || !strings.Contains(sum.Error, "KINERJA_TEST_UNSET_TOKEN") || api.requestCount() != 0 {
			t.Errorf("%v %+v, %d requests", err, sum, api.requestCount())
		}
	})
}

// A record changed while the pull paged comes twice: its latest version
// is imported, once.
func TestHTTPRecordTwiceInOnePull(t *testing.T) {
	db := warehousetest.Open(t)
	r := newTestRunner(t, db)
	api := &fakeAPI{token: "s3cret"}
	api.add(unitRecord("PKM-00", "Lama", t0), unitRecord("PKM-01", "Satu", t0.Add(time.Minute)),
		unitRecord("PKM-02", "Dua", t0.Add(2*time.Minute)), unitRecord("PKM-00", "Baru", t0.Add(3*time.Minute)))
	ts := httptest.NewServer(api)
	defer ts.Close()
	src, _ := newHTTPTestSource(t, ts.URL, SourceConfig{HTTP: HTTPOptions{Limit: 2}})
	sum, err := src.Run(context.Background(), r)
	if err != nil || sum.Status != StatusOK || sum.Read != 3 || sum.Written() != 3 {
		t.Fatalf("%v %+v", err, sum)
	}
	if n := count(t, db, "SELECT count() FROM units FINAL WHERE unit_code = 'PKM-00' AND unit_name = 'Baru'", nil); n != 1 {
		t.Errorf("the latest version was not kept")
	}
	if !strings.Contains(strings.Join(sum.Notes, "\n"), "1 rekaman datang dua kali") {
		t.Errorf("notes %q", sum.Notes)
	}
}

func TestHTTPPageNumbers(t *testing.T) {
	db := warehousetest.Open(t)
	r := newTestRunner(t, db)
	api := &fakeAPI{token: "s3cret"}
	for i := 0; i < 6; i++ {
		api.add(unitRecord(fmt.Sprintf("PKM-%02d", i), "Puskesmas", t0.Add(time.Duration(i)*time.Minute)))
	}
	ts := httptest.NewServer(api)
	defer ts.Close()
	src, _ := newHTTPTestSource(t, ts.URL, SourceConfig{HTTP: HTTPOptions{Paging: "page", Limit: 3, LimitParam: "limit"}})
	sum, err := src.Run(context.Background(), r)
	if err != nil || sum.Read != 6 {
		t.Fatalf("%v %+v", err, sum)
	}
	// Pages 1 and 2 are full, page 3 is empty and ends the pull.
	if n := api.requestCount(); n != 3 || !strings.Contains(api.query(2), "page=3") {
		t.Errorf("%d requests, last %s", n, api.query(n-1))
	}
}

// An API with other field names, nested objects and another envelope,
// mapped by a profile and options.
func TestHTTPMappedAPI(t *testing.T) {
	db := warehousetest.Open(t)
	r := newTestRunner(t, db)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.Header.Get("X-Api-Key") != "s3cret" {
			w.WriteHeader(http.StatusForbidden)
			return
		}
		if req.URL.Query().Get("since") != "" {
			w.Write([]byte(`{"result":{"items":[]}}`))
			return
		}
		w.Write([]byte(`{"result":{"items":[
		  {"kode":"PKM-A","nama":"Puskesmas A","opd":{"kode":"DINKES","nama":"Dinas Kesehatan"},"jenis":"PKM","diubah":"2025-06-01 08:00:00","tags":["a","b"]},
		  {"kode":"PKM-B","nama":"Puskesmas B","opd":{"kode":"DINKES","nama":"Dinas Kesehatan"},"jenis":"PKM","diubah":"2025-06-01 09:00:00","tags":[]}
		]}}`))
	}))
	defer ts.Close()
	p, err := ParseProfile("api.yaml", "api", []byte(`
dataset: units
columns:
  unit_code: kode
  unit_name: nama
  agency_code: opd.kode
  agency_name: opd.nama
  kind: jenis
values:
  kind: {PKM: puskesmas}
`))
	if err != nil {
		t.Fatal(err)
	}
	src, _ := newHTTPTestSource(t, ts.URL, SourceConfig{Profile: "api", ProfileDef: p, HTTP: HTTPOptions{
		AuthHeader: "X-Api-Key", AuthScheme: "none", Paging: "none", DataField: "result.items",
		UpdatedField: "diubah", SinceParam: "since"}})
	sum, err := src.Run(context.Background(), r)
	if err != nil || sum.Status != StatusOK || sum.Written() != 2 {
		t.Fatalf("%v %+v", err, sum)
	}
	if n := count(t, db, "SELECT count() FROM units FINAL WHERE kind = 'puskesmas' AND agency_code = 'DINKES'", nil); n != 2 {
		t.Errorf("%d mapped units", n)
	}
	if wm, _, _ := Watermark(context.Background(), db, "api"); wm != "2025-06-01 09:00:00" {
		t.Errorf("watermark %q", wm)
	}
	if again, err := src.Run(context.Background(), r); err != nil || again.ID != "" {
		t.Errorf("second pull: %v %+v", err, again)
	}
}

func TestHTTPCSV(t *testing.T) {
	db := warehousetest.Open(t)
	r := newTestRunner(t, db)
	var mu sync.Mutex
	var queries []string
	body := unitsCSV
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		mu.Lock()
		queries = append(queries, req.URL.RawQuery)
		mu.Unlock()
		if req.Header.Get("Authorization") != "Bearer s3cret" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "text/csv")
		if req.URL.Query().Get("updated_since") != "" {
			w.Write([]byte("unit_code,unit_name,agency_code,agency_name,kind,kecamatan\n"))
			return
		}
		bw := bufio.NewWriter(w)
		bw.WriteString(body)
		bw.Flush()
	}))
	defer ts.Close()
	src, _ := newHTTPTestSource(t, ts.URL+"/export.csv", SourceConfig{Format: FormatCSV})
	before := time.Now().Add(-time.Second)
	sum, err := src.Run(context.Background(), r)
	if err != nil || sum.Status != StatusOK || sum.Written() != 4 {
		t.Fatalf("%v %+v", err, sum)
	}
	wm, _, _ := Watermark(context.Background(), db, "api")
	at, err := time.Parse(time.RFC3339, wm)
	if err != nil || at.Before(before.Truncate(time.Second)) || at.After(time.Now()) {
		t.Errorf("watermark %q: want the time the pull started", wm)
	}
	again, err := src.Run(context.Background(), r)
	if err != nil || again.ID != "" {
		t.Errorf("second pull: %v %+v", err, again)
	}
	if len(queries) != 2 || queries[0] != "" || !strings.HasPrefix(queries[1], "updated_since=") {
		t.Errorf("queries %q", queries)
	}
}

func TestRedactURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://api.example.org/v1/x?limit=5":                 "https://api.example.org/v1/x?limit=5",
		"https://api.example.org/v1/x?api_key=abc&limit=5":     "https://api.example.org/v1/x?api_key=%E2%80%A6&limit=5",
		"https://user:pw@api.example.org/v1/x?access_token=zz": "https://%E2%80%A6@api.example.org/v1/x?access_token=%E2%80%A6",
	} {
		if got := redactURL(in); got != want {
			t.Errorf("%s → %s, want %s", in, got, want)
		}
	}
}

var _ = warehouse.Params{}
