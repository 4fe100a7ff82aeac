package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"

	"kinerja/warehouse"
)

// Inbox is a directory that people or other systems drop CSV exports and
// XLSX workbooks into. Each Run imports the files not imported before,
// judged by content (see the package documentation for the rules).
type Inbox struct {
	name    string
	dataset Dataset
	dir     string
	// Quiet is how long a file must be left unmodified before it is taken:
	// a file still being copied is left for the next tick (default 10 s).
	Quiet time.Duration
	now   func() time.Time
	// profile, when set, reads the files (unit: its --unit).
	profile *Profile
	unit    string
}

// NewInbox returns the inbox source name over dir.
func NewInbox(name string, dataset Dataset, dir string) *Inbox {
	return &Inbox{name: name, dataset: dataset, dir: dir, Quiet: 10 * time.Second, now: time.Now}
}

func (s *Inbox) Name() string     { return s.name }
func (s *Inbox) Dataset() Dataset { return s.dataset }

var (
	filesKnownSQL = mustSQL("files_known.sql")
	filesColumns  = []string{"source", "sha256", "name", "size", "run_id", "imported_at", "_version"}
)

// inboxFile is a candidate file of one tick.
type inboxFile struct {
	name, path string
	size       int64
	mod        time.Time
	sha256     string
}

// candidates lists the files of the directory that may be imported now.
func (s *Inbox) candidates() ([]inboxFile, error) {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return nil, err
	}
	cutoff := s.now().Add(-s.Quiet)
	var out []inboxFile
	for _, e := range entries {
		name := e.Name()
		lower := strings.ToLower(name)
		if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$") ||
			!strings.HasSuffix(lower, ".csv") && !strings.HasSuffix(lower, ".xlsx") {
			continue // dotfiles, Office lock files, *.tmp, *.part and everything not CSV or XLSX
		}
		p := filepath.Join(s.dir, name)
		fi, err := os.Stat(p) // follows symlinks
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		if fi.ModTime().After(cutoff) {
			continue // may still be being written
		}
		out = append(out, inboxFile{name: name, path: p, size: fi.Size(), mod: fi.ModTime()})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out, nil
}

func hashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Run imports the new files of the inbox in one run.
func (s *Inbox) Run(ctx context.Context, r *Runner) (RunSummary, error) {
	log := r.log.With("source", s.name, "dir", s.dir)
	req := Request{Source: s.name, Dataset: s.dataset, Kind: KindInbox, Location: s.dir}
	files, err := s.candidates()
	if err != nil {
		return r.recordFailed(ctx, req, fmt.Sprintf("folder inbox tidak dapat dibaca: %v", err),
			fmt.Sprintf("the inbox directory cannot be read: %v", err))
	}
	// Hash what is there; a file that cannot be read now is tried next tick.
	byHash := map[string]bool{}
	var hashes []string
	var todo []inboxFile
	for _, f := range files {
		sum, err := hashFile(f.path)
		if err != nil {
			log.Warn("inbox file not readable, retried next tick", "file", f.name, "err", err)
			continue
		}
		if byHash[sum] {
			log.Info("inbox file is a copy of another in this tick, skipped", "file", f.name, "sha256", sum)
			continue
		}
		byHash[sum] = true
		f.sha256 = sum
		hashes = append(hashes, sum)
		todo = append(todo, f)
	}
	if len(todo) == 0 {
		return RunSummary{}, nil
	}
	known, err := s.known(ctx, r.db, hashes)
	if err != nil {
		return RunSummary{}, fmt.Errorf("inbox %s: files already imported: %w", s.name, err)
	}
	fresh := todo[:0]
	for _, f := range todo {
		if known[f.sha256] {
			continue
		}
		fresh = append(fresh, f)
		req.Files = append(req.Files, Input{Name: f.name, Path: f.path})
	}
	if len(fresh) == 0 {
		log.Debug("inbox has nothing new")
		return RunSummary{}, nil
	}
	if s.profile != nil {
		if err := ApplyProfile(ctx, r.db, &req, s.profile, ProfileOptions{Unit: s.unit}); err != nil {
			return r.recordFailed(ctx, req, "profil tidak dapat dipakai: "+err.Error(), "the profile cannot be used: "+err.Error())
		}
	}
	sum, runErr := r.Import(ctx, req)
	// Mark the files done whose outcome would not change by trying again:
	// read to the end (whatever the rejects), or refused for their content.
	// Nothing is marked when the run failed for our reasons.
	contentOnly := true
	for i := range sum.Files {
		if fe := sum.Files[i].Err; fe == nil || fe.Retry {
			contentOnly = false
		}
	}
	if runErr != nil && !contentOnly || len(sum.Files) != len(fresh) {
		return sum, runErr
	}
	if err := s.markDone(ctx, r, sum, fresh); err != nil {
		log.Error("inbox files not marked as imported; they will be imported again (without double counting)", "run_id", sum.ID, "err", err)
		if runErr == nil {
			runErr = err
		}
	}
	return sum, runErr
}

func (s *Inbox) known(ctx context.Context, db warehouse.DB, hashes []string) (map[string]bool, error) {
	rows, err := db.Query(ctx, filesKnownSQL, warehouse.Params{"source": s.name, "hashes": hashes})
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, err
		}
		out[h] = true
	}
	return out, rows.Err()
}

// markDone records in ingest_files the files of the run that are done.
// A file changed while it was imported is not marked: the next tick sees
// its new content.
func (s *Inbox) markDone(ctx context.Context, r *Runner, sum RunSummary, files []inboxFile) error {
	runID, err := uuid.Parse(sum.ID)
	if err != nil {
		return fmt.Errorf("inbox %s: run id %q: %w", s.name, sum.ID, err)
	}
	b := newBatchWriter(ctx, r.db, "ingest_files", filesColumns, 10_000)
	at := r.now().UTC()
	for i, f := range files {
		if fe := sum.Files[i].Err; fe != nil && fe.Retry {
			continue
		}
		if fi, err := os.Stat(f.path); err == nil && (fi.Size() != f.size || !fi.ModTime().Equal(f.mod)) {
			r.log.Warn("inbox file changed while imported; taken again next tick", "source", s.name, "file", f.name)
			continue
		}
		if err := b.append(s.name, f.sha256, f.name, uint64(f.size), runID, at, uint64(at.UnixNano())); err != nil {
			b.abort()
			return err
		}
	}
	return b.flush()
}
