package warehouse

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// LibEnv names the environment variable that overrides where libchdb.so is.
const LibEnv = "KINERJA_CHDB_LIB"

// npmLib is where `npm ci` puts the engine, relative to a node_modules parent.
var npmLib = filepath.Join("node_modules", "@chdb", "lib-linux-x64-gnu", "libchdb.so")

// FindLib returns the path of libchdb.so: explicit (flag or KINERJA_CHDB_LIB)
// if given, else node_modules/ in the working directory or any parent, next
// to the executable or in its parent (bin/kinerja in the repository), then
// the usual system library directories. When nothing is found the error lists
// every place it looked and how to install the engine.
func FindLib(explicit string) (string, error) {
	if explicit == "" {
		explicit = os.Getenv(LibEnv)
	}
	if explicit != "" {
		if _, err := os.Stat(explicit); err != nil {
			return "", fmt.Errorf("%w: %s (from --chdb-lib or %s): %v", ErrEngineMissing, explicit, LibEnv, err)
		}
		return explicit, nil
	}
	var tried []string
	seen := map[string]bool{}
	try := func(p string) bool {
		if p == "" || seen[p] {
			return false
		}
		seen[p] = true
		tried = append(tried, p)
		st, err := os.Stat(p)
		return err == nil && !st.IsDir()
	}
	var dirs []string
	if wd, err := os.Getwd(); err == nil {
		for d := wd; ; d = filepath.Dir(d) {
			dirs = append(dirs, d)
			if filepath.Dir(d) == d {
				break
			}
		}
	}
	if exe, err := os.Executable(); err == nil {
		if r, err := filepath.EvalSymlinks(exe); err == nil {
			exe = r
		}
		d := filepath.Dir(exe)
		dirs = append(dirs, d, filepath.Dir(d))
	}
	for _, d := range dirs {
		if p := filepath.Join(d, npmLib); try(p) {
			return p, nil
		}
	}
	for _, p := range []string{"/usr/local/lib/libchdb.so", "/usr/lib/libchdb.so", "/usr/lib/x86_64-linux-gnu/libchdb.so"} {
		if try(p) {
			return p, nil
		}
	}
	return "", fmt.Errorf("%w; looked in:\n  %s\ninstall it with `npm ci` (or `make deps`) in the repository, "+
		"or set %s to the path of libchdb.so (npm package @chdb/lib-linux-x64-gnu@26.7.3-stable.1)",
		ErrEngineMissing, strings.Join(tried, "\n  "), LibEnv)
}
