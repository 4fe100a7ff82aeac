package ingest

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"kinerja/warehouse"
)

// The kill test runs the import in child processes of the test binary
// (the embedded engine serves one data directory per process), kills one
// with SIGKILL in the middle of its writes, and checks that a rerun gives
// the totals of one clean import.

const (
	killRows      = 300_000
	killBatchRows = 20_000
)

// Environment of a child: what to do, in which data directory, with which file.
const (
	envKillMode = "KINERJA_TEST_KILL_MODE" // import | totals
	envKillDir  = "KINERJA_TEST_KILL_DIR"
	envKillFile = "KINERJA_TEST_KILL_FILE"
)

// writeActivityCSV writes n activity reports, the same for the same n.
func writeActivityCSV(tb testing.TB, path string, n int) {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString(activityHeader)
	nips := []string{nipMansur, nipJumriah, nipMarkus, nipNurlina, nipDaniel}
	units := []string{"PKM-MAMUJU", "PKM-KALUKKU", "DUKCAPIL", "DPMPTSP"}
	statuses := []string{"approved", "approved", "approved", "returned", "submitted"}
	day0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		day := day0.AddDate(0, 0, i%500)
		sub := day.Add(time.Duration(8*3600+i%30000) * time.Second)
		status := statuses[i%len(statuses)]
		reviewed, reviewer := "", ""
		if status != "submitted" {
			reviewed, reviewer = sub.Add(20*time.Hour).Format("2006-01-02 15:04:05"), nipDaniel
		}
		fmt.Fprintf(w, "LH-%07d,%s,%s,%s,%s,\"Menyusun laporan, kegiatan %d\",Dokumen,%d,%s,%s,%s\n",
			i, nips[i%len(nips)], units[i%len(units)], day.Format("2006-01-02"), sub.Format("2006-01-02 15:04:05"),
			i%97, 1+i%9, status, reviewed, reviewer)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
}

// sendCounter tells the parent (on stdout) each time a batch of table is
// written, and leaves a little time after it to be killed in.
type sendCounter struct {
	warehouse.DB
	table string
	n     int
}

func (s *sendCounter) PrepareBatch(ctx context.Context, table string, columns []string) (warehouse.Batch, error) {
	b, err := s.DB.PrepareBatch(ctx, table, columns)
	if err != nil || table != s.table {
		return b, err
	}
	return &countedBatch{Batch: b, s: s}, nil
}

type countedBatch struct {
	warehouse.Batch
	s *sendCounter
}

func (b *countedBatch) Send() error {
	if err := b.Batch.Send(); err != nil {
		return err
	}
	b.s.n++
	fmt.Printf("SENT %d\n", b.s.n)
	time.Sleep(30 * time.Millisecond)
	return nil
}

// TestKillChild is the child process: it does what envKillMode says in
// envKillDir and reports on stdout. It is skipped in a normal test run.
func TestKillChild(t *testing.T) {
	mode := os.Getenv(envKillMode)
	if mode == "" {
		t.Skip("child process of TestKillMidImport")
	}
	ctx := context.Background()
	db, err := warehouse.Open(ctx, warehouse.Config{DataDir: os.Getenv(envKillDir)})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := warehouse.Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	switch mode {
	case "import":
		// As kinerja ingest file does: this process holds the data
		// directory, so a run still "running" is one a dead process left.
		if n, err := MarkInterrupted(ctx, db, time.Now()); err != nil {
			t.Fatal(err)
		} else if n > 0 {
			fmt.Printf("INTERRUPTED %d\n", n)
		}
		r := NewRunner(db, nil)
		units := writeFile(t, t.TempDir(), "units.csv", unitsCSV)
		if _, err := r.Import(ctx, Request{Source: "file", Dataset: Units, Files: []Input{{Path: units}}}); err != nil {
			t.Fatal(err)
		}
		r = NewRunner(&sendCounter{DB: db, table: "activity_reports"}, nil)
		r.batchRows, r.chunkRows = killBatchRows, killBatchRows/4
		sum, err := r.Import(ctx, Request{Source: "app", Dataset: ActivityReports, Files: []Input{{Path: os.Getenv(envKillFile)}}})
		if err != nil {
			t.Fatal(err)
		}
		fmt.Printf("DONE %d %d %d %d\n", sum.Read, sum.Accepted, sum.Written(), sum.Rejected)
	case "totals":
		var n, ids, running uint64
		var qty float64
		var approved uint64
		if err := warehouse.QueryRow(ctx, db, `SELECT count(), uniqExact(report_id), sum(quantity), countIf(status = 'approved')
FROM activity_reports FINAL WHERE source = 'app'`, nil, &n, &ids, &qty, &approved); err != nil {
			t.Fatal(err)
		}
		var interrupted uint64
		if err := warehouse.QueryRow(ctx, db, "SELECT countIf(status = 'running'), countIf(status = 'failed' AND startsWith(error, 'interrupted')) FROM ingest_runs FINAL",
			nil, &running, &interrupted); err != nil {
			t.Fatal(err)
		}
		fmt.Printf("TOTALS %d %d %.0f %d\n", n, ids, qty, approved)
		fmt.Printf("RUNS running %d interrupted %d\n", running, interrupted)
	}
}

// child runs the test binary as a child in mode; onLine sees each line of
// its stdout and may kill it.
func child(t *testing.T, mode, dir, file string, onLine func(line string, p *os.Process)) (lines []string, killed bool) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestKillChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), envKillMode+"="+mode, envKillDir+"="+dir, envKillFile+"="+file)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if onLine != nil {
			onLine(sc.Text(), cmd.Process)
		}
	}
	err = cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
		return lines, true
	}
	if err != nil {
		t.Fatalf("child %s: %v\n%s", mode, err, strings.Join(lines, "\n"))
	}
	return lines, false
}

func lineWith(lines []string, prefix string) string {
	for _, l := range lines {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	return ""
}

// kill -9 in the middle of a large import, then a rerun: the same totals
// as one clean import, nothing lost, nothing doubled.
func TestKillMidImport(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes and imports 300 000 rows three times")
	}
	if os.Getenv(envKillMode) != "" {
		t.Skip("in a child")
	}
	tmp := t.TempDir()
	file := filepath.Join(tmp, "lh.csv")
	writeActivityCSV(t, file, killRows)
	killedDir, cleanDir := filepath.Join(tmp, "killed"), filepath.Join(tmp, "clean")

	sent := 0
	lines, killed := child(t, "import", killedDir, file, func(line string, p *os.Process) {
		if strings.HasPrefix(line, "SENT ") {
			sent++
			if sent == 3 {
				_ = p.Signal(syscall.SIGKILL)
			}
		}
	})
	if !killed || lineWith(lines, "DONE") != "" {
		t.Fatalf("the import was not killed mid-run: %q", lines)
	}
	partial, _ := child(t, "totals", killedDir, "", nil)
	var n, ids, approved uint64
	var qty float64
	if _, err := fmt.Sscanf(lineWith(partial, "TOTALS"), "TOTALS %d %d %f %d", &n, &ids, &qty, &approved); err != nil {
		t.Fatalf("totals after the kill: %q: %v", partial, err)
	}
	if n == 0 || n >= killRows {
		t.Fatalf("after the kill %d rows stored, want some but not all %d", n, killRows)
	}
	t.Logf("killed after %d batches: %d of %d rows stored", sent, n, killRows)
	if got := lineWith(partial, "RUNS"); got != "RUNS running 1 interrupted 0" {
		t.Errorf("after the kill: %q, want the killed run still marked running", got)
	}

	rerun, _ := child(t, "import", killedDir, file, nil)
	var read, accepted, written, rejected int
	if _, err := fmt.Sscanf(lineWith(rerun, "DONE"), "DONE %d %d %d %d", &read, &accepted, &written, &rejected); err != nil {
		t.Fatalf("rerun: %q: %v", rerun, err)
	}
	if read != killRows || accepted != killRows || rejected != 0 || written > killRows-int(n) {
		t.Errorf("rerun read %d accepted %d written %d rejected %d; %d were stored before", read, accepted, written, rejected, n)
	}
	if got := lineWith(rerun, "INTERRUPTED"); got != "INTERRUPTED 1" {
		t.Errorf("the rerun said %q, want the killed run marked interrupted", got)
	}
	after, _ := child(t, "totals", killedDir, "", nil)
	if got := lineWith(after, "RUNS"); got != "RUNS running 0 interrupted 1" {
		t.Errorf("after the rerun: %q, want no run left running and one interrupted", got)
	}
	child(t, "import", cleanDir, file, nil)
	clean, _ := child(t, "totals", cleanDir, "", nil)
	if got, want := lineWith(after, "TOTALS"), lineWith(clean, "TOTALS"); got != want || got == "" {
		t.Errorf("after the kill and a rerun %q, one clean import %q", got, want)
	}
	if !strings.HasPrefix(lineWith(clean, "TOTALS"), fmt.Sprintf("TOTALS %d %d ", killRows, killRows)) {
		t.Errorf("clean import totals %q, want %d rows", lineWith(clean, "TOTALS"), killRows)
	}
}
