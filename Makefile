# The two commands of a fresh machine: `make up` and `make test`. See README.md.
.PHONY: up down test build lint unit int e2e newman fuzz topics runtime-status runtime-reset seed replay redrive bench bench-smoke chaos chaos-small loadgen

up:            ## start the runtime (Kafka, FerretDB, Redis), the topics and every service
	@bash scripts/up.sh

down:          ## stop every service and runtime server
	@bash scripts/down.sh

test:          ## lint, unit, integration, end-to-end, newman, leak check (real servers)
	@bash scripts/test.sh

build:
	@bash scripts/ensure-deps.sh && npm run --silent build

lint:
	@npm run --silent lint && npm run --silent typecheck

unit:
	@npx jest --selectProjects unit

int:
	@KEEP_RUNTIME=1 npx jest --selectProjects integration --runInBand

e2e: build
	@KEEP_RUNTIME=1 npx jest --selectProjects e2e --runInBand

bench:         ## P1-P4 benchmarks beside their baselines on an isolated runtime: bench/results/<time>.json + table (BENCH_EVENTS=200000 for a smaller scale; see bench/README.md)
	@bash bench/run.sh

bench-smoke:   ## the benchmark at a tiny size on the running (test) runtime: fails only on wrong results, never on timings
	@bash bench/run.sh --smoke

chaos:         ## broker and database outages, SIGKILLs, poison records on a runtime of its own: table + bench/results/chaos-<time>.json (see bench/README.md#chaos)
	@bash bench/chaos.sh $(if $(SCENARIOS),--scenarios $(SCENARIOS))

chaos-small:   ## every chaos scenario at a small size on the test runtime (a step of make test)
	@bash bench/chaos.sh --small

seed:          ## load the demo data through the public APIs (after make up)
	@node scripts/seed.mjs

loadgen:       ## (after make up) orders directly and through Dapr service invocation while orders restarts
	@npm run --silent build && bash scripts/loadgen.sh

newman:
	@bash scripts/newman.sh

fuzz:          ## schemathesis against every service's OpenAPI document, >= 1,000 requests each: running services (make up), or START=1 for fresh ones of its own
	@$(if $(START),npm run --silent build && )bash scripts/fuzz.sh $(if $(START),--start)

topics:
	@node dist/tools/topics/main.js

replay:        ## rebuild views from the topics: make replay VIEW=accounts|catalog|orders|catalogue|alerts|history|replicas|all [DRY_RUN=1] (see tools/replay/README.md)
	@node dist/tools/replay/main.js $(VIEW) $(if $(DRY_RUN),--dry-run) $(REPLAY_ARGS)

redrive:       ## send dead letters back through their consumers, each once: make redrive ARGS="--dry-run [--topic T] [--code C] [--group G] [--since ISO] [--until ISO]" (after make build; see README.md, Redrive)
	@node dist/tools/redrive/main.js $(ARGS)

runtime-status:
	@bash scripts/runtime/status.sh; bash scripts/services.sh status

runtime-reset:
	@bash scripts/runtime/reset.sh
