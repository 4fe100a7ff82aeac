package ingest

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
)

// What the admin HTTP API (dashboards, /api/v1/admin/ingest) and the CLI
// (`kinerja ingest runs --format json`, and its calls to a running server)
// exchange about runs: the views below, and jobs — work started through the
// API that runs in the background while the caller polls for its outcome.

// RunView is a recorded run in JSON: `kinerja ingest runs --format json`
// prints a list of them, newest first. Times are RFC 3339 in UTC;
// accepted includes unchanged (accepted rows already stored as they are),
// written = accepted − unchanged.
type RunView struct {
	ID        string     `json:"id"`
	Source    string     `json:"source"`
	Dataset   string     `json:"dataset"`
	Kind      string     `json:"kind"`
	Location  string     `json:"location"`
	Status    string     `json:"status"`
	Started   time.Time  `json:"started"`
	Finished  *time.Time `json:"finished"`
	Read      uint64     `json:"read"`
	Accepted  uint64     `json:"accepted"`
	Unchanged uint64     `json:"unchanged"`
	Written   uint64     `json:"written"`
	Rejected  uint64     `json:"rejected"`
	Error     string     `json:"error"`
	Notes     []string   `json:"notes"`
}

// View returns the run as JSON sees it.
func (r Run) View() RunView {
	v := RunView{ID: r.ID, Source: r.Source, Dataset: r.Dataset, Kind: r.Kind, Location: r.Location, Status: r.Status,
		Started: r.Started.UTC(), Read: r.RowsRead, Accepted: r.RowsAccepted, Unchanged: r.RowsUnchanged,
		Rejected: r.RowsRejected, Error: r.Error, Notes: splitNotes(r.Notes)}
	if r.RowsAccepted >= r.RowsUnchanged {
		v.Written = r.RowsAccepted - r.RowsUnchanged
	}
	if r.Finished != nil {
		f := r.Finished.UTC()
		v.Finished = &f
	}
	return v
}

func splitNotes(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, "\n")
}

// RejectView is a reject in JSON. raw may hold personal data: admin only.
type RejectView struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   string `json:"column"`
	Value    string `json:"value"`
	Reason   string `json:"reason"`
	ReasonEN string `json:"reason_en"`
	Raw      string `json:"raw"`
}

// View returns the reject as JSON sees it.
func (r Reject) View() RejectView {
	return RejectView{File: r.File, Line: r.Line, Column: r.Column, Value: r.Value, Reason: r.Reason, ReasonEN: r.ReasonEN, Raw: r.Raw}
}

// SummaryView is what a run did, file by file, in JSON.
type SummaryView struct {
	RunView
	Files []FileView `json:"files"`
}

// FileView is what a run did with one file.
type FileView struct {
	Name         string         `json:"name"`
	Read         int            `json:"read"`
	Accepted     int            `json:"accepted"`
	Unchanged    int            `json:"unchanged"`
	Rejected     int            `json:"rejected"`
	Error        *FileErrorView `json:"error,omitempty"`
	Ignored      []string       `json:"ignored,omitempty"`
	Rejects      []RejectView   `json:"rejects"`
	RejectsTotal int            `json:"rejects_total"`
}

// FileErrorView is why a file could not be imported (from line on).
type FileErrorView struct {
	Line     int    `json:"line"`
	Reason   string `json:"reason"`
	ReasonEN string `json:"reason_en"`
	Retry    bool   `json:"retry"`
}

// View returns the summary as JSON sees it.
func (s RunSummary) View() SummaryView {
	v := SummaryView{RunView: RunView{ID: s.ID, Source: s.Source, Dataset: string(s.Dataset), Kind: s.Kind, Location: s.Location,
		Status: s.Status, Started: s.Started.UTC(), Read: uint64(s.Read), Accepted: uint64(s.Accepted),
		Unchanged: uint64(s.Unchanged), Written: uint64(s.Written()), Rejected: uint64(s.Rejected), Error: s.Error,
		Notes: append([]string{}, s.Notes...)}, Files: []FileView{}}
	if !s.Finished.IsZero() {
		f := s.Finished.UTC()
		v.Finished = &f
	}
	for _, f := range s.Files {
		fv := FileView{Name: f.Name, Read: f.Read, Accepted: f.Accepted, Unchanged: f.Unchanged, Rejected: f.Rejected,
			Ignored: f.Ignored, Rejects: []RejectView{}, RejectsTotal: f.RejectsTotal}
		if f.Err != nil {
			fv.Error = &FileErrorView{Line: f.Err.Line, Reason: f.Err.Reason, ReasonEN: f.Err.ReasonEN, Retry: f.Err.Retry}
		}
		for _, r := range f.Rejects {
			fv.Rejects = append(fv.Rejects, r.View())
		}
		v.Files = append(v.Files, fv)
	}
	return v
}

// Summary turns the view back into a RunSummary (for printing what a
// server did; FileError.Err is lost).
func (v SummaryView) Summary() RunSummary {
	s := RunSummary{ID: v.ID, Source: v.Source, Dataset: Dataset(v.Dataset), Kind: v.Kind, Location: v.Location,
		Status: v.Status, Started: v.Started, Read: int(v.Read), Accepted: int(v.Accepted), Unchanged: int(v.Unchanged),
		Rejected: int(v.Rejected), Error: v.Error, Notes: v.Notes}
	if v.Finished != nil {
		s.Finished = *v.Finished
	}
	for _, f := range v.Files {
		fs := FileSummary{Name: f.Name, Read: f.Read, Accepted: f.Accepted, Unchanged: f.Unchanged, Rejected: f.Rejected,
			Ignored: f.Ignored, RejectsTotal: f.RejectsTotal}
		if e := f.Error; e != nil {
			fs.Err = &FileError{File: f.Name, Line: e.Line, Reason: e.Reason, ReasonEN: e.ReasonEN, Retry: e.Retry}
		}
		for _, r := range f.Rejects {
			fs.Rejects = append(fs.Rejects, Reject{File: r.File, Line: r.Line, Column: r.Column, Value: r.Value,
				Reason: r.Reason, ReasonEN: r.ReasonEN, Raw: r.Raw})
		}
		s.Files = append(s.Files, fs)
	}
	return s
}

// Job states.
const (
	JobRunning = "running"
	JobDone    = "done"   // finished; the summary says how the run went (it may be partial or failed)
	JobFailed  = "failed" // could not run, or the run failed: Error says why
)

// Job is work started through the admin API: a source triggered, or files
// uploaded for import. Summary is nil while it runs, and when a source had
// nothing new.
type Job struct {
	ID       string       `json:"id"`
	What     string       `json:"what"`
	Source   string       `json:"source,omitempty"`
	State    string       `json:"state"`
	Started  time.Time    `json:"started"`
	Finished *time.Time   `json:"finished,omitempty"`
	Summary  *SummaryView `json:"summary,omitempty"`
	Error    string       `json:"error,omitempty"`
}

// Jobs runs admin work in the background and remembers the latest 200
// jobs. With a scheduler, triggers keep its one-run-per-source rule and
// Stop waits for every job.
type Jobs struct {
	s *Scheduler
	r *Runner

	mu    sync.Mutex
	jobs  map[string]*jobState
	order []string
}

type jobState struct {
	job  Job
	done chan struct{}
}

const keepJobs = 200

// NewJobs returns a job runner over s (nil: no sources, uploads only)
// importing with r (nil: s's runner).
func NewJobs(s *Scheduler, r *Runner) *Jobs {
	if r == nil && s != nil {
		r = s.Runner()
	}
	return &Jobs{s: s, r: r, jobs: map[string]*jobState{}}
}

// Scheduler is the scheduler whose sources the jobs trigger (may be nil).
func (j *Jobs) Scheduler() *Scheduler { return j.s }

// Runner is the runner uploads import with.
func (j *Jobs) Runner() *Runner { return j.r }

func (j *Jobs) start(what, source string) *jobState {
	st := &jobState{job: Job{ID: uuid.NewString(), What: what, Source: source, State: JobRunning, Started: time.Now().UTC()},
		done: make(chan struct{})}
	j.mu.Lock()
	defer j.mu.Unlock()
	j.jobs[st.job.ID] = st
	j.order = append(j.order, st.job.ID)
	for len(j.order) > keepJobs {
		old := j.jobs[j.order[0]]
		if old.job.State == JobRunning {
			break
		}
		delete(j.jobs, j.order[0])
		j.order = j.order[1:]
	}
	return st
}

func (j *Jobs) finish(st *jobState, sum RunSummary, err error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	now := time.Now().UTC()
	st.job.Finished = &now
	if sum.ID != "" {
		v := sum.View()
		st.job.Summary = &v
	}
	st.job.State = JobDone
	if err != nil {
		st.job.State, st.job.Error = JobFailed, err.Error()
	}
	close(st.done)
}

// Trigger runs a source now in the background. It fails at once for an
// unknown source (ErrUnknownSource), a running one (ErrBusy) or a stopped
// scheduler (ErrStopped).
func (j *Jobs) Trigger(name string) (Job, error) {
	if j.s == nil {
		return Job{}, fmt.Errorf("%w: %s (no sources are configured)", ErrUnknownSource, name)
	}
	jb, ok := j.s.byName[name]
	if !ok {
		return Job{}, fmt.Errorf("%w: %s", ErrUnknownSource, name)
	}
	jb.runningM.Lock()
	running := jb.running
	jb.runningM.Unlock()
	if running {
		return Job{}, fmt.Errorf("%s: %w", name, ErrBusy)
	}
	j.s.mu.Lock()
	stopped := j.s.stopped
	j.s.mu.Unlock()
	if stopped {
		return Job{}, ErrStopped
	}
	st := j.start("source "+name, name)
	go func() {
		sum, err := j.s.Trigger(context.Background(), name)
		j.finish(st, sum, err)
	}()
	return j.snapshot(st), nil
}

// Import imports req in the background; cleanup (may be nil) runs after,
// to remove uploaded files.
func (j *Jobs) Import(req Request, cleanup func()) (Job, error) {
	ctx, done, err := j.track()
	if err != nil {
		if cleanup != nil {
			cleanup()
		}
		return Job{}, err
	}
	names := make([]string, len(req.Files))
	for i, f := range req.Files {
		names[i] = f.Name
	}
	st := j.start("import "+strings.Join(names, ", "), req.Source)
	go func() {
		defer done()
		if cleanup != nil {
			defer cleanup()
		}
		sum, err := j.r.Import(ctx, req)
		j.finish(st, sum, err)
	}()
	return j.snapshot(st), nil
}

// track counts a job as running work of the scheduler, which Stop cancels
// and waits for.
func (j *Jobs) track() (context.Context, func(), error) {
	if j.s == nil {
		return context.Background(), func() {}, nil
	}
	s := j.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopped {
		return nil, nil, ErrStopped
	}
	s.wg.Add(1)
	ctx := s.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	return ctx, s.wg.Done, nil
}

func (j *Jobs) snapshot(st *jobState) Job {
	j.mu.Lock()
	defer j.mu.Unlock()
	return st.job
}

// ErrUnknownJob means no job has that id (or it was forgotten).
var ErrUnknownJob = errors.New("no such job")

// Get returns a job by id.
func (j *Jobs) Get(id string) (Job, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	st, ok := j.jobs[id]
	if !ok {
		return Job{}, fmt.Errorf("%w: %s", ErrUnknownJob, id)
	}
	return st.job, nil
}

// Wait waits for a job to end (or ctx) and returns it.
func (j *Jobs) Wait(ctx context.Context, id string) (Job, error) {
	j.mu.Lock()
	st, ok := j.jobs[id]
	j.mu.Unlock()
	if !ok {
		return Job{}, fmt.Errorf("%w: %s", ErrUnknownJob, id)
	}
	select {
	case <-st.done:
	case <-ctx.Done():
		return j.snapshot(st), ctx.Err()
	}
	return j.snapshot(st), nil
}

// Recent returns the jobs, newest first.
func (j *Jobs) Recent() []Job {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := make([]Job, 0, len(j.order))
	for _, id := range j.order {
		out = append(out, j.jobs[id].job)
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Started.After(out[b].Started) })
	return out
}

// RedactLocation returns a source location fit to show: a URL without
// its credentials, a directory as it is.
func RedactLocation(loc string) string {
	if strings.HasPrefix(loc, "http://") || strings.HasPrefix(loc, "https://") {
		return redactURL(loc)
	}
	return loc
}
