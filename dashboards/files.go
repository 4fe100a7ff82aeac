package dashboards

import (
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/filesystem"
)

// The templates and static assets are embedded in the binary. assets/
// holds echarts.min.js, which `make deps` copies from node_modules (it is
// not committed; assets/README keeps the directory, and the embed pattern
// valid, on a fresh clone).
//
//go:embed templates/*.html assets
var embedded embed.FS

// echartsFile is the ECharts build the pages load.
const echartsFile = "echarts.min.js"

// files gives the templates and the assets, embedded or (dev) from disk.
type files struct {
	dev    bool
	root   fs.FS
	parsed *template.Template // embedded templates, parsed once
}

func newFiles(dev bool, dir string) (*files, error) {
	f := &files{dev: dev, root: embedded}
	if dev {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return nil, fmt.Errorf("dashboards dev dir %q: %w", dir, err)
		}
		if st, err := os.Stat(filepath.Join(abs, "templates")); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("dashboards --dev: %s has no templates/ directory: run from the repository root or set the directory", abs)
		}
		f.root = os.DirFS(abs)
	}
	tpl, err := parseTemplates(f.root)
	if err != nil {
		return nil, err
	}
	f.parsed = tpl
	return f, nil
}

// templates returns the page templates: parsed once when embedded, read
// from disk again on every call in dev mode.
func (f *files) templates() (*template.Template, error) {
	if !f.dev {
		return f.parsed, nil
	}
	return parseTemplates(f.root)
}

func parseTemplates(root fs.FS) (*template.Template, error) {
	tpl, err := template.New("dashboards").ParseFS(root, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("dashboards templates: %w", err)
	}
	return tpl, nil
}

// hasECharts reports whether echarts.min.js is among the assets.
func (f *files) hasECharts() bool {
	st, err := fs.Stat(f.root, "assets/"+echartsFile)
	return err == nil && st.Size() > 0
}

// handler serves the assets under /assets/. Embedded assets can be cached
// for an hour (a new binary may bring new ones);
// dev assets are never cached.
func (f *files) handler() fiber.Handler {
	sub, err := fs.Sub(f.root, "assets")
	if err != nil {
		panic(fmt.Sprintf("dashboards: assets: %v", err)) // the embed pattern guarantees the directory
	}
	maxAge := 3600
	if f.dev {
		maxAge = 0
	}
	return filesystem.New(filesystem.Config{Root: http.FS(sub), MaxAge: maxAge})
}
