// Package warehousetest gives tests a real ClickHouse: the embedded engine
// in a temporary directory shared by the test process (the engine allows
// one directory per process), with a fresh, migrated database per test.
// When KINERJA_TEST_CLICKHOUSE names a server DSN, tests that ask for
// Server get a database there too.
package warehousetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"

	"kinerja/warehouse"
)

var (
	dirOnce sync.Once
	dir     string
	dirErr  error
)

// Main runs the tests and removes the engine's temporary directory after.
// Call it from TestMain: func TestMain(m *testing.M) { warehousetest.Main(m) }.
func Main(m *testing.M) {
	code := m.Run()
	if dir != "" {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

func engineDir() (string, error) {
	dirOnce.Do(func() {
		dir, dirErr = os.MkdirTemp("", "kinerja-test-ch-")
	})
	return dir, dirErr
}

var nonIdent = regexp.MustCompile(`[^a-zA-Z0-9_]+`)

func dbName(t testing.TB) string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	name := strings.ToLower(nonIdent.ReplaceAllString(t.Name(), "_"))
	if len(name) > 40 {
		name = name[:40]
	}
	return fmt.Sprintf("t_%s_%s", name, hex.EncodeToString(b[:]))
}

// Open returns the embedded engine with a new database for this test,
// migrated, dropped at the end of the test.
func Open(t testing.TB) warehouse.DB {
	t.Helper()
	d, err := engineDir()
	if err != nil {
		t.Fatal(err)
	}
	return open(t, warehouse.Config{DataDir: d, Database: dbName(t)})
}

// Server returns a migrated database on the server named by
// KINERJA_TEST_CLICKHOUSE, or skips the test when it is not set.
func Server(t testing.TB) warehouse.DB {
	t.Helper()
	dsn := os.Getenv("KINERJA_TEST_CLICKHOUSE")
	if dsn == "" {
		t.Skip("KINERJA_TEST_CLICKHOUSE not set: no ClickHouse server to test against")
	}
	return open(t, warehouse.Config{DSN: dsn, Database: dbName(t)})
}

// Backends returns every backend available to run a contract test on:
// the embedded engine always, a server when KINERJA_TEST_CLICKHOUSE is set.
func Backends(t *testing.T, f func(t *testing.T, db warehouse.DB)) {
	t.Run("embedded", func(t *testing.T) { f(t, Open(t)) })
	if os.Getenv("KINERJA_TEST_CLICKHOUSE") != "" {
		t.Run("server", func(t *testing.T) { f(t, Server(t)) })
	}
}

func open(t testing.TB, cfg warehouse.Config) warehouse.DB {
	t.Helper()
	ctx := context.Background()
	db, err := warehouse.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := warehouse.Migrate(ctx, db); err != nil {
		db.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := db.Exec(context.Background(), "DROP DATABASE IF EXISTS `"+cfg.Database+"`", nil); err != nil {
			t.Logf("drop test database: %v", err)
		}
		db.Close()
	})
	return db
}
