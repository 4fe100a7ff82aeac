package warehouse_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"kinerja/warehouse"
	"kinerja/warehouse/warehousetest"
)

func TestMain(m *testing.M) {
	if dir := os.Getenv("KINERJA_TEST_LOCK_HOLDER"); dir != "" {
		lockHolder(dir)
		return
	}
	warehousetest.Main(m)
}

func TestMigrateIsIdempotent(t *testing.T) {
	warehousetest.Backends(t, func(t *testing.T, db warehouse.DB) {
		ctx := context.Background()
		// warehousetest already migrated; a second run applies nothing.
		again, err := warehouse.Migrate(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if len(again) != 0 {
			t.Fatalf("second Migrate applied %d migrations, want 0", len(again))
		}
		all, _ := warehouse.Migrations()
		applied, err := warehouse.Applied(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if len(applied) != len(all) {
			t.Fatalf("applied %d of %d migrations", len(applied), len(all))
		}
		for _, table := range []string{"agencies", "units", "employees", "activity_reports", "skp_evaluations",
			"organisation_ratings", "survey_responses", "competency_assessments", "trainings", "ingest_runs", "ingest_rejects"} {
			var n uint64
			if err := warehouse.QueryRow(ctx, db, "SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = {t:String}",
				warehouse.Params{"t": table}, &n); err != nil {
				t.Fatal(err)
			}
			if n != 1 {
				t.Errorf("table %s missing after migration", table)
			}
		}
	})
}

func TestInsertAndReadBack(t *testing.T) {
	warehousetest.Backends(t, func(t *testing.T, db warehouse.DB) {
		ctx := context.Background()
		b, err := db.PrepareBatch(ctx, "survey_responses", []string{"source", "response_id", "unit_code", "service",
			"submitted_at", "u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9", "gender", "age", "comment", "_version"})
		if err != nil {
			t.Fatal(err)
		}
		wita := time.FixedZone("WITA", 8*3600)
		at := time.Date(2025, 3, 31, 23, 30, 0, 0, wita) // still March in WITA, already … March in UTC too
		// A comment with blank lines and SQL-looking text must arrive verbatim:
		// data is streamed, never inlined in SQL.
		nasty := "bagus\n\n\nDROP TABLE units; -- 'quoted' \"x\""
		age := uint8(41)
		if err := b.Append("t", "r1", "U1", "KTP", at, uint8(4), uint8(3), uint8(3), uint8(4), uint8(3), uint8(2), uint8(2), uint8(3), uint8(4), "P", &age, nasty, uint64(1)); err != nil {
			t.Fatal(err)
		}
		if err := b.Append("t", "r2", "U1", "KK", at.Add(time.Hour), uint8(1), uint8(1), uint8(1), uint8(1), uint8(1), uint8(1), uint8(1), uint8(1), uint8(1), "", nil, "", uint64(1)); err != nil {
			t.Fatal(err)
		}
		if err := b.Send(); err != nil {
			t.Fatal(err)
		}
		rows, err := db.Query(ctx, `SELECT response_id, submitted_at, toStartOfMonth(submitted_at), u1, age, comment
FROM survey_responses FINAL WHERE unit_code = {unit:String} ORDER BY response_id`, warehouse.Params{"unit": "U1"})
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		type row struct {
			id      string
			at      time.Time
			month   time.Time
			u1      uint8
			age     *uint8
			comment string
		}
		var got []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.at, &r.month, &r.u1, &r.age, &r.comment); err != nil {
				t.Fatal(err)
			}
			got = append(got, r)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 {
			t.Fatalf("got %d rows, want 2", len(got))
		}
		if !got[0].at.Equal(at) {
			t.Errorf("submitted_at = %v, want %v", got[0].at, at)
		}
		if m := got[0].month.Format("2006-01-02"); m != "2025-03-01" {
			t.Errorf("month in WITA = %s, want 2025-03-01", m)
		}
		// 2025-04-01 00:30 WITA is 2025-03-31 16:30 UTC: April in WITA.
		if m := got[1].month.Format("2006-01-02"); m != "2025-04-01" {
			t.Errorf("month of r2 in WITA = %s, want 2025-04-01", m)
		}
		if got[0].comment != nasty {
			t.Errorf("comment = %q, want %q", got[0].comment, nasty)
		}
		if got[0].age == nil || *got[0].age != 41 || got[1].age != nil {
			t.Errorf("ages = %v, %v", got[0].age, got[1].age)
		}
		var units uint64
		if err := warehouse.QueryRow(ctx, db, "SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = 'units'", nil, &units); err != nil || units != 1 {
			t.Fatalf("units table gone? %d %v", units, err)
		}
	})
}

func TestParams(t *testing.T) {
	warehousetest.Backends(t, func(t *testing.T, db warehouse.DB) {
		ctx := context.Background()
		var s string
		var d time.Time
		var joined string
		var ts, ms time.Time
		err := warehouse.QueryRow(ctx, db, "SELECT {s:String}, {d:Date} + 1, arrayStringConcat({a:Array(String)}, '|'), {t:DateTime('UTC')}, {ms:DateTime64(3, 'UTC')}", warehouse.Params{
			"s":  "it's a \\ test\n",
			"d":  warehouse.DateOf(time.Date(2024, 2, 28, 0, 0, 0, 0, time.UTC)),
			"a":  []string{"a'b", "c,d", "]", `back\slash`, "new\nline"},
			"t":  time.Date(2025, 1, 1, 8, 0, 0, 0, time.FixedZone("WITA", 8*3600)),
			"ms": warehouse.MillisOf(time.Date(2025, 1, 1, 8, 0, 0, 789e6, time.FixedZone("WITA", 8*3600))),
		}, &s, &d, &joined, &ts, &ms)
		if err != nil {
			t.Fatal(err)
		}
		if s != "it's a \\ test\n" {
			t.Errorf("string param came back as %q", s)
		}
		if d.Format("2006-01-02") != "2024-02-29" {
			t.Errorf("date param + 1 = %s", d.Format("2006-01-02"))
		}
		if want := "a'b|c,d|]|back\\slash|new\nline"; joined != want {
			t.Errorf("array param came back as %q, want %q", joined, want)
		}
		if !ts.Equal(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("time param = %v", ts)
		}
		if !ms.Equal(time.Date(2025, 1, 1, 0, 0, 0, 789e6, time.UTC)) {
			t.Errorf("millisecond time param = %v, want the milliseconds kept", ms)
		}
	})
}

// chdb-node saw parameters of parallel queries clobber each other: prove
// that ours do not, on the pool the server uses.
func TestConcurrentParameterizedQueries(t *testing.T) {
	db := warehousetest.Open(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 400)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				want := fmt.Sprintf("g%d-i%d", g, i)
				var got string
				var k uint64
				if err := warehouse.QueryRow(ctx, db, "SELECT {v:String}, {k:UInt64} FROM numbers(1)", warehouse.Params{"v": want, "k": uint64(i)}, &got, &k); err != nil {
					errs <- err
					return
				}
				if got != want || k != uint64(i) {
					errs <- fmt.Errorf("asked %s/%d, got %s/%d", want, i, got, k)
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestErrorsAreTyped(t *testing.T) {
	warehousetest.Backends(t, func(t *testing.T, db warehouse.DB) {
		err := db.Exec(context.Background(), "SELECT * FROM no_such_table", nil)
		var ce *warehouse.Error
		if !errors.As(err, &ce) {
			t.Fatalf("error %v (%T) is not *warehouse.Error", err, err)
		}
		if ce.Code != warehouse.CodeUnknownTable || ce.Name != "UNKNOWN_TABLE" {
			t.Errorf("code %d name %q, want 60 UNKNOWN_TABLE", ce.Code, ce.Name)
		}
	})
}

func TestQueryFormat(t *testing.T) {
	warehousetest.Backends(t, func(t *testing.T, db warehouse.DB) {
		out, err := db.QueryFormat(context.Background(), "SELECT number, toString(number * 2) FROM numbers(3) WHERE number < {n:UInt8}", "CSV", warehouse.Params{"n": 2})
		if err != nil {
			t.Fatal(err)
		}
		if string(out) != "0,\"0\"\n1,\"2\"\n" {
			t.Errorf("CSV output %q", out)
		}
	})
}

func TestSettingsFromContext(t *testing.T) {
	db := warehousetest.Open(t)
	ctx := warehouse.WithSettings(context.Background(), warehouse.Settings{"log_comment": "it's widget"})
	var v string
	if err := warehouse.QueryRow(ctx, db, "SELECT getSetting('log_comment') -- trailing comment", nil, &v); err != nil {
		t.Fatal(err)
	}
	if v != "it's widget" {
		t.Errorf("log_comment = %q", v)
	}
}

func TestSplitStatements(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want []string
	}{
		{"two", "SELECT 1; SELECT 2;", []string{"SELECT 1", "SELECT 2"}},
		{"semicolon in string", "SELECT ';' ; SELECT 2", []string{"SELECT ';'", "SELECT 2"}},
		{"comment only dropped", "-- a;\nSELECT 1;\n-- end;\n", []string{"-- a;\nSELECT 1"}},
		{"block comment", "/* ; */ SELECT 1", []string{"/* ; */ SELECT 1"}},
		{"escaped quote", `SELECT 'a\';b'; SELECT 3`, []string{`SELECT 'a\';b'`, "SELECT 3"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := warehouse.SplitStatements(tc.in)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// lockHolder runs in a child process: it opens dir and waits to be killed.
func lockHolder(dir string) {
	db, err := warehouse.Open(context.Background(), warehouse.Config{DataDir: dir})
	if err != nil {
		fmt.Println("ERR", err)
		os.Exit(1)
	}
	defer db.Close()
	fmt.Println("READY")
	time.Sleep(time.Minute)
}

func TestLockedDirectorySaysWhoHoldsIt(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run", "^$")
	cmd.Env = append(os.Environ(), "KINERJA_TEST_LOCK_HOLDER="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	buf := make([]byte, 256)
	n, _ := out.Read(buf)
	if !strings.Contains(string(buf[:n]), "READY") {
		t.Fatalf("lock holder said %q", buf[:n])
	}
	err = warehouse.ProbeLock(dir)
	if !errors.Is(err, warehouse.ErrLocked) {
		t.Fatalf("ProbeLock = %v, want ErrLocked", err)
	}
	msg := err.Error()
	for _, want := range []string{dir, fmt.Sprint(cmd.Process.Pid), "one process per directory"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q does not mention %q", msg, want)
		}
	}
}

func TestFindLibSaysWhereItLooked(t *testing.T) {
	t.Setenv(warehouse.LibEnv, "/nonexistent/libchdb.so")
	_, err := warehouse.FindLib("")
	if !errors.Is(err, warehouse.ErrEngineMissing) || !strings.Contains(err.Error(), "/nonexistent/libchdb.so") {
		t.Fatalf("FindLib = %v", err)
	}
	t.Setenv(warehouse.LibEnv, "")
	wd, _ := os.Getwd()
	t.Chdir(t.TempDir())
	p, err := warehouse.FindLib("")
	_ = wd
	if err == nil {
		// The test binary lives in a temp dir; only a system-wide install can be found.
		if !strings.HasPrefix(p, "/usr") {
			t.Fatalf("found %s from an empty directory", p)
		}
		return
	}
	if !strings.Contains(err.Error(), "npm ci") || !strings.Contains(err.Error(), "node_modules") {
		t.Errorf("message does not say how to install: %v", err)
	}
}
