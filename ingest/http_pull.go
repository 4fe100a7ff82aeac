package ingest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"
)

// naturalKeys are the canonical columns that identify a record of each
// dataset (see ingest.go), for keeping the latest version of a record a
// pull returned twice.
var naturalKeys = map[Dataset][]string{
	"units":                  {"unit_code"},
	"survey":                 {"response_id"},
	"employees":              {"nip"},
	"activity_reports":       {"report_id"},
	"skp_evaluations":        {"nip", "year", "period"},
	"organisation_ratings":   {"agency_code", "year"},
	"competency_assessments": {"nip", "competency_code", "assessed_at"},
	"trainings":              {"training_id", "nip"},
}

// pull is one run's fetch: the records spooled to a temporary file, how
// far they reach, and why the fetch stopped early, if it did.
type pull struct {
	s         *HTTPSource
	token     string
	watermark string
	started   time.Time

	err     *fetchError
	records int // records fetched (JSON) or read (CSV)
	pages   int

	path   string // the spool
	w      *bufio.Writer
	f      *os.File
	fields map[string]struct{}
	keyOf  [][]string // per key part, the source fields that may hold it
	kept   map[string]keptRecord
	dups   int

	maxUpd    time.Time
	maxUpdRaw string
	csvName   string
	took      time.Duration // fetching
}

type keptRecord struct {
	ordinal int
	upd     time.Time
	hasUpd  bool
}

func (p *pull) close() {
	if p.f != nil {
		p.f.Close()
	}
	if p.path != "" {
		os.Remove(p.path)
	}
}

func (p *pull) inputName() string { return "GET " + redactURL(p.s.location) }

// nextWatermark is where the next pull starts: the greatest updated_at
// fetched, else the time this pull started; "" when that is not later
// than the current watermark.
func (p *pull) nextWatermark() string {
	next := p.maxUpdRaw
	nt := p.maxUpd
	if next == "" {
		nt = p.started
		next = p.started.In(wita).Format(time.RFC3339)
	}
	if cur, ok := parseWatermark(p.watermark); ok && !nt.After(cur) {
		return ""
	}
	return next
}

// noteUpdated tracks the greatest updated_at.
func (p *pull) noteUpdated(v string) (time.Time, bool) {
	t, ok := parseWatermark(v)
	if ok && t.After(p.maxUpd) {
		p.maxUpd, p.maxUpdRaw = t, strings.TrimSpace(v)
	}
	return t, ok
}

func (p *pull) spool() error {
	f, err := os.CreateTemp("", "kinerja-pull-*")
	if err != nil {
		return err
	}
	p.f, p.path = f, f.Name()
	p.w = bufio.NewWriterSize(f, 256<<10)
	return nil
}

// pageError is a fetch error at page n.
func pageError(n int, u string, e *fetchError) *fetchError {
	e.what = fmt.Sprintf("page %d (GET %s)", n, redactURL(u))
	return e
}

// fetchJSON pages through the API into the spool.
func (p *pull) fetchJSON(ctx context.Context) {
	s := p.s
	if err := p.spool(); err != nil {
		p.err = &fetchError{what: "spool", permanent: true, reason: "berkas sementara tidak dapat dibuat: " + err.Error(),
			reasonEN: "cannot create a temporary file: " + err.Error()}
		return
	}
	p.fields = map[string]struct{}{}
	p.kept = map[string]keptRecord{}
	p.keyOf = p.keyFields()
	since := s.sinceParam(p.watermark)
	cursor, page := "", s.opts.PageStart
	enc := json.NewEncoder(p.w)
	defer func() {
		if err := p.w.Flush(); err != nil && p.err == nil {
			p.err = &fetchError{what: "spool", permanent: true, reason: "berkas sementara: " + err.Error(), reasonEN: "temporary file: " + err.Error()}
		}
	}()
	for n := 1; ; n++ {
		u, err := s.requestURL(since, cursor, page)
		if err != nil {
			p.err = &fetchError{what: "location", permanent: true, reason: "alamat tidak valid: " + err.Error(), reasonEN: "invalid location: " + err.Error()}
			return
		}
		if n > s.opts.MaxPages {
			p.err = pageError(n, u, &fetchError{permanent: true,
				reason:   fmt.Sprintf("lebih dari %d halaman; naikkan options.max_pages bila memang sebanyak itu", s.opts.MaxPages),
				reasonEN: fmt.Sprintf("more than %d pages; raise options.max_pages if there really are that many", s.opts.MaxPages)})
			return
		}
		var pg jsonPage
		if ferr := s.do(ctx, "", u, p.token, func(resp *http.Response) *attemptError {
			pg = jsonPage{}
			return s.readPage(resp, &pg)
		}); ferr != nil {
			p.err = pageError(n, u, ferr)
			return
		}
		p.pages++
		for _, rec := range pg.records {
			p.add(rec)
			if err := enc.Encode(rec); err != nil {
				p.err = &fetchError{what: "spool", permanent: true, reason: "berkas sementara: " + err.Error(), reasonEN: "temporary file: " + err.Error()}
				return
			}
		}
		if len(pg.records) == 0 {
			return
		}
		switch s.opts.Paging {
		case "cursor":
			if pg.next == "" {
				return
			}
			if pg.next == cursor {
				p.err = pageError(n, u, &fetchError{permanent: true,
					reason:   "API memberi cursor yang sama dua kali; penarikan dihentikan agar tidak berulang tanpa akhir",
					reasonEN: "the API returned the same cursor twice; the pull stops rather than loop"})
				return
			}
			cursor = pg.next
		case "page":
			if len(pg.records) < s.opts.Limit {
				return
			}
			page++
		default:
			return
		}
	}
}

// keyFields returns, per part of the dataset's natural key, the source
// fields that hold it (through the profile's columns).
func (p *pull) keyFields() [][]string {
	if len(p.s.opts.Key) > 0 {
		out := make([][]string, len(p.s.opts.Key))
		for i, k := range p.s.opts.Key {
			out[i] = []string{k}
		}
		return out
	}
	var out [][]string
	for _, c := range naturalKeys[p.s.dataset] {
		alts := []string{c}
		if p.s.profile != nil {
			if names, ok := p.s.profile.Columns[c]; ok {
				alts = names
			}
		}
		out = append(out, alts)
	}
	return out
}

// recordKey returns the natural key of a flattened record ("" when it
// has none, which the dataset then rejects).
func (p *pull) recordKey(rec map[string]string) string {
	if len(p.keyOf) == 0 {
		return ""
	}
	var b strings.Builder
	any := false
	for i, alts := range p.keyOf {
		if i > 0 {
			b.WriteByte(0x1f)
		}
		for _, a := range alts {
			if v, ok := rec[a]; ok {
				v = strings.TrimSpace(v)
				any = any || v != ""
				b.WriteString(v)
				break
			}
		}
	}
	if !any {
		return ""
	}
	return b.String()
}

// add counts a fetched record: its fields, its updated_at, and which
// version of its key is kept.
func (p *pull) add(rec map[string]string) {
	p.records++
	for k := range rec {
		if _, ok := p.fields[k]; !ok {
			p.fields[k] = struct{}{}
		}
	}
	upd, hasUpd := p.noteUpdated(rec[p.s.opts.UpdatedField])
	key := p.recordKey(rec)
	if key == "" {
		return
	}
	prev, seen := p.kept[key]
	if !seen {
		p.kept[key] = keptRecord{p.records, upd, hasUpd}
		return
	}
	p.dups++
	if hasUpd && prev.hasUpd && upd.Before(prev.upd) {
		return // the one kept is newer
	}
	p.kept[key] = keptRecord{p.records, upd, hasUpd}
}

// jsonPage is one page of records, flattened.
type jsonPage struct {
	records []map[string]string
	next    string
}

// readPage reads and checks one JSON page.
func (s *HTTPSource) readPage(resp *http.Response, pg *jsonPage) *attemptError {
	limit := int64(s.opts.MaxBodyMB) << 20
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return transient("jawaban terpotong ("+err.Error()+")", "the body was cut short ("+err.Error()+")")
	}
	if int64(len(body)) > limit {
		return permanent(fmt.Sprintf("halaman lebih besar dari %d MB; kecilkan options.limit", s.opts.MaxBodyMB),
			fmt.Sprintf("a page larger than %d MB; lower options.limit", s.opts.MaxBodyMB))
	}
	if resp.ContentLength >= 0 && int64(len(body)) != resp.ContentLength {
		return transient(fmt.Sprintf("jawaban terpotong (%d dari %d byte)", len(body), resp.ContentLength),
			fmt.Sprintf("the body was cut short (%d of %d bytes)", len(body), resp.ContentLength))
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return transient("JSON tidak valid, mungkin terpotong ("+err.Error()+")", "invalid JSON, probably cut short ("+err.Error()+")")
	}
	if _, err := dec.Token(); err != io.EOF {
		return transient("JSON tidak valid: ada data setelah dokumen", "invalid JSON: data after the document")
	}
	data, ok := lookupPath(doc, s.opts.DataField)
	arr, isArr := data.([]any)
	if ok && data == nil {
		isArr = true // "data": null, as some APIs write an empty page
	}
	if !ok || !isArr {
		return permanent(fmt.Sprintf("bentuk JSON tidak sesuai: tidak ada larik %q", s.opts.DataField),
			fmt.Sprintf("unexpected JSON: no array at %q", s.opts.DataField))
	}
	pg.records = make([]map[string]string, 0, len(arr))
	for i, el := range arr {
		obj, ok := el.(map[string]any)
		if !ok {
			return permanent(fmt.Sprintf("bentuk JSON tidak sesuai: %s[%d] bukan objek", s.opts.DataField, i),
				fmt.Sprintf("unexpected JSON: %s[%d] is not an object", s.opts.DataField, i))
		}
		rec := make(map[string]string, len(obj))
		for k, v := range obj {
			flatten(k, v, rec)
		}
		pg.records = append(pg.records, rec)
	}
	if s.opts.Paging == "cursor" {
		next, _ := lookupPath(doc, s.opts.NextCursorField)
		switch c := next.(type) {
		case nil:
		case string:
			pg.next = c
		case json.Number:
			pg.next = c.String()
		default:
			return permanent(fmt.Sprintf("bentuk JSON tidak sesuai: %s bukan teks", s.opts.NextCursorField),
				fmt.Sprintf("unexpected JSON: %s is not a string", s.opts.NextCursorField))
		}
	}
	return nil
}

// lookupPath returns the value at a dotted path ("." or "" for the document).
func lookupPath(doc any, path string) (any, bool) {
	if path == "" || path == "." {
		return doc, true
	}
	cur := doc
	for _, part := range strings.Split(path, ".") {
		obj, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = obj[part]; !ok {
			return nil, false
		}
	}
	return cur, true
}

// flatten writes a JSON value into out as cells.
func flatten(name string, v any, out map[string]string) {
	switch x := v.(type) {
	case nil:
		out[name] = ""
	case string:
		out[name] = x
	case json.Number:
		out[name] = x.String()
	case bool:
		out[name] = strconv.FormatBool(x)
	case map[string]any:
		if len(x) == 0 {
			out[name] = ""
		}
		for k, vv := range x {
			flatten(name+"."+k, vv, out)
		}
	default:
		b, _ := json.Marshal(x)
		out[name] = string(b)
	}
}

// open reads the spool as a Table (Input.Open).
func (p *pull) open() (Table, io.Closer, error) {
	if p.s.format == FormatCSV {
		return OpenTable(p.path, p.csvName, "")
	}
	f, err := os.Open(p.path)
	if err != nil {
		return nil, nil, &FileError{File: p.inputName(), Err: err, Retry: true,
			Reason: "berkas sementara hilang: " + err.Error(), ReasonEN: "the temporary file is gone: " + err.Error()}
	}
	for _, k := range p.s.opts.Fields {
		p.fields[k] = struct{}{}
	}
	// updated_at is the pull's bookkeeping, not the dataset's, unless a
	// profile maps it.
	dropUpd := true
	if p.s.profile != nil {
		for _, names := range p.s.profile.Columns {
			for _, n := range names {
				dropUpd = dropUpd && n != p.s.opts.UpdatedField
			}
		}
	}
	header := make([]string, 0, len(p.fields))
	for k := range p.fields {
		if dropUpd && k == p.s.opts.UpdatedField {
			continue
		}
		header = append(header, k)
	}
	sort.Strings(header)
	idx := make(map[string]int, len(header))
	for i, h := range header {
		idx[h] = i
	}
	t := &spoolTable{p: p, name: p.inputName(), header: header, idx: idx, dec: json.NewDecoder(bufio.NewReaderSize(f, 256<<10)),
		out: make([]string, len(header))}
	t.hints.Notes = append(t.hints.Notes, fmt.Sprintf("%d rekaman diambil dari %d halaman sejak %s dalam %s (records fetched from pages since the watermark, in that time)",
		p.records, p.pages, orDash(p.watermark), p.took.Round(100*time.Millisecond)))
	if p.dups > 0 {
		t.hints.Notes = append(t.hints.Notes, fmt.Sprintf("%d rekaman datang dua kali dalam penarikan ini; versi terbaru yang diimpor (records received twice: the latest version imported)", p.dups))
	}
	return t, f, nil
}

func orDash(s string) string {
	if s == "" {
		return "awal (the beginning)"
	}
	return s
}

// spoolTable reads the spooled records of a JSON pull.
type spoolTable struct {
	p       *pull
	name    string
	header  []string
	idx     map[string]int
	dec     *json.Decoder
	ordinal int
	out     []string
	hints   Hints
	ended   bool
}

func (t *spoolTable) Name() string     { return t.name }
func (t *spoolTable) Header() []string { return t.header }
func (t *spoolTable) Hints() Hints     { return t.hints }

func (t *spoolTable) Next() (Record, error) {
	for {
		if t.ended {
			return Record{}, io.EOF
		}
		var rec map[string]string
		if err := t.dec.Decode(&rec); err != nil {
			t.ended = true
			if err != io.EOF {
				return Record{}, &FileError{File: t.name, Line: t.ordinal + 1, Err: err, Retry: true,
					Reason: "berkas sementara rusak: " + err.Error(), ReasonEN: "the temporary file is damaged: " + err.Error()}
			}
			if e := t.p.err; e != nil {
				return Record{}, &FileError{File: t.name, Line: t.ordinal + 1, Err: e, Retry: true,
					Reason:   "penarikan berhenti di " + e.Reason() + "; rekaman sebelumnya diimpor, watermark tidak maju",
					ReasonEN: "the pull stopped at " + e.Error() + "; the records before it were imported, the watermark did not move"}
			}
			return Record{}, io.EOF
		}
		t.ordinal++
		if key := t.p.recordKey(rec); key != "" && t.p.kept[key].ordinal != t.ordinal {
			continue // an older version of a record received again later
		}
		for i := range t.out {
			t.out[i] = ""
		}
		for k, v := range rec {
			if i, ok := t.idx[k]; ok {
				t.out[i] = v
			}
		}
		return Record{Line: t.ordinal, Cells: t.out}, nil
	}
}

// fetchCSV downloads one CSV (or XLSX) body into the spool and reads it
// once to count its records and find the greatest updated_at.
func (p *pull) fetchCSV(ctx context.Context) {
	s := p.s
	if err := p.spool(); err != nil {
		p.err = &fetchError{what: "spool", permanent: true, reason: "berkas sementara tidak dapat dibuat: " + err.Error(),
			reasonEN: "cannot create a temporary file: " + err.Error()}
		return
	}
	u, err := s.requestURL(s.sinceParam(p.watermark), "", 0)
	if err != nil {
		p.err = &fetchError{what: "location", permanent: true, reason: "alamat tidak valid: " + err.Error(), reasonEN: "invalid location: " + err.Error()}
		return
	}
	p.csvName = p.inputName()
	if ferr := s.do(ctx, "", u, p.token, func(resp *http.Response) *attemptError {
		if _, err := p.f.Seek(0, io.SeekStart); err != nil {
			return permanent("berkas sementara: "+err.Error(), "temporary file: "+err.Error())
		}
		if err := p.f.Truncate(0); err != nil {
			return permanent("berkas sementara: "+err.Error(), "temporary file: "+err.Error())
		}
		n, err := io.Copy(p.f, resp.Body)
		if err != nil {
			return transient("jawaban terpotong ("+err.Error()+")", "the body was cut short ("+err.Error()+")")
		}
		if resp.ContentLength >= 0 && n != resp.ContentLength {
			return transient(fmt.Sprintf("jawaban terpotong (%d dari %d byte)", n, resp.ContentLength),
				fmt.Sprintf("the body was cut short (%d of %d bytes)", n, resp.ContentLength))
		}
		return nil
	}); ferr != nil {
		ferr.what = "GET " + redactURL(u)
		p.err = ferr
		return
	}
	p.pages = 1
	if err := p.f.Sync(); err != nil {
		p.err = &fetchError{what: "spool", permanent: true, reason: "berkas sementara: " + err.Error(), reasonEN: "temporary file: " + err.Error()}
		return
	}
	t, c, err := OpenTable(p.path, p.csvName, "")
	if err != nil {
		var fe *FileError
		if errors.As(err, &fe) && fe.Line <= 1 && strings.Contains(fe.ReasonEN, "empty") {
			return // an empty body: nothing new
		}
		p.records = 1 // let the run record why the body cannot be read
		return
	}
	defer c.Close()
	upd := -1
	for i, h := range t.Header() {
		if normalizeHeader(h) == normalizeHeader(s.opts.UpdatedField) {
			upd = i
		}
	}
	for {
		rec, err := t.Next()
		if err == io.EOF {
			return
		}
		p.records++
		if err != nil {
			var re *RowError
			if errors.As(err, &re) {
				continue
			}
			return // the import meets the same error and records it
		}
		if upd >= 0 && upd < len(rec.Cells) {
			p.noteUpdated(rec.Cells[upd])
		}
	}
}
