# Kinerja — two commands do everything on a fresh machine:
#   make run    install the engine and assets, build, load the demo, serve http://localhost:8080
#   make test   the whole test suite (what CI runs through .ci/run)

GO      ?= go
ADDR    ?= :8080
DATA    ?= ./data
BIN     := bin/kinerja
ECHARTS := dashboards/assets/echarts.min.js
export CGO_ENABLED ?= 0

# Browser tests drive Debian's chromium headless; `make test` installs it when
# missing (apt-get, as root or through sudo). KINERJA_BROWSER_TESTS=skip opts out.
KINERJA_BROWSER_TESTS ?= require
export KINERJA_BROWSER_TESTS

.PHONY: help deps browser build run test bench vet fmt clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

$(ECHARTS): node_modules/.installed
	cp node_modules/echarts/dist/echarts.min.js $@

deps: node_modules/.installed $(ECHARTS) ## install the embedded ClickHouse engine and ECharts through npm

build: deps ## build bin/kinerja
	$(GO) build -o $(BIN) ./cmd/kinerja

run: build ## build, load the Kabupaten Mamuju demo on first start and serve the dashboards
	$(BIN) serve --addr $(ADDR) --data $(DATA) --demo

browser: ## install Debian's chromium for the browser tests (unless KINERJA_BROWSER_TESTS=skip)
	@if [ "$(KINERJA_BROWSER_TESTS)" = skip ] || command -v chromium >/dev/null 2>&1; then exit 0; fi; \
	  SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  echo "installing chromium for the browser tests (apt-get)"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null

test: deps browser ## run every test against the embedded engine (and headless chromium)
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 30m ./...

bench: deps ## run the benchmarks (see README: Measuring)
	$(GO) test -run '^$$' -bench . -benchtime 1x -timeout 60m ./...

fmt: ## gofmt the tree
	gofmt -w $$(git ls-files '*.go')

clean: ## remove build output (not the data directory)
	rm -rf bin $(ECHARTS)
