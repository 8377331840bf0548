# session-credits — every command sets up what it needs (idempotently) first.
#   make demo   build the package and serve the dashboard with a sample studio on 127.0.0.1:8080
#   make test   every test layer, ending with one "N passed, M failed" line
#   make pkg    build the npm package into pkg/
#   make bench  benchmark figures (bench/results.json)
#   make fuzz   fuzz every target (FUZZ_SECONDS each, default 600)
#   make new-command NAME=fooBar   the skeleton of a new command (scripts/new-command.mjs)
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/node_modules/.bin:$(PATH)

.PHONY: setup pkg test demo bench fuzz lint clean new-command

setup:
	@./scripts/setup.sh

pkg: setup
	@./scripts/build-pkg.sh

test: setup
	@./scripts/test-all.sh

demo: pkg
	@npm --prefix www install --no-audit --no-fund --loglevel=error
	@npm --prefix www run build
	@echo "Serving the dashboard at http://127.0.0.1:$${PORT:-8080}/ (Ctrl-C to stop)"
	@node www/server.mjs

bench: pkg
	@./bench/run.sh

fuzz: setup
	@./scripts/setup-fuzz.sh
	@./scripts/fuzz.sh

new-command:
	@node scripts/new-command.mjs $(NAME)

lint: setup
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown -- -D warnings

clean:
	rm -rf target pkg www/dist test-results
