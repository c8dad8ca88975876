# Two commands do everything on a fresh machine: `make serve` and `make test`.
# Every install comes from pinned versions: constraints.txt (PyPI), package-lock.json (npm),
# Debian's chromium and fonts-noto-core for the browser tests.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export NO_MKDOCS_2_WARNING := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help setup system-deps serve build test test-fast lint fmt bench i18n-status \
        i18n-stamp i18n-terms clean

help:
	@echo "make serve        build and serve the help center on http://127.0.0.1:8000"
	@echo "make test         lint, type-check and run every test (engine, view, site, browser)"
	@echo "make test-fast    lint and every test but the browser ones (under a minute)"
	@echo "make build        build the site into site/ (strict; site/ is replaced only on success)"
	@echo "make bench        print the benchmark tables (engine, build, estimator)"
	@echo "make lint         ruff, ruff format --check, mypy --strict and tsc"
	@echo "make fmt          format the Python code (ruff format)"
	@echo "make i18n-status  list missing and outdated translations, with what changed in English"
	@echo "make i18n-terms   list words the terminology tables rule out (pages and interface strings)"
	@echo "make i18n-stamp PAGE=docs/page.bn.md   record that a translation matches its English source"
	@echo "                 (several: PAGE=\"docs/a.bn.md docs/b.hi.md\")"
	@echo "make i18n-stamp PAGE=docs/page.md ALL=1   stamp every translation of an English page"
	@echo "                 (after a change that needs no new translation, such as a typo fixed)"

setup: $(VENV)/.installed node_modules/.installed system-deps

$(VENV)/.installed: pyproject.toml constraints.txt
	[ -x $(PY) ] || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet -c constraints.txt -e '.[site,test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian packages for the browser tests: installed only when missing.
system-deps:
	@if ! command -v chromium >/dev/null || ! dpkg -s fonts-noto-core >/dev/null 2>&1; then \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends \
	    chromium fonts-noto-core; \
	fi

serve: setup
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

# Built aside, then swapped in: a failed build never leaves a half-written site/ where a deploy
# would pick it up.
build: setup
	rm -rf site.new
	$(BIN)/mkdocs build --strict --site-dir site.new || { rm -rf site.new; exit 1; }
	rm -rf site.old; [ ! -d site ] || mv site site.old
	mv site.new site
	rm -rf site.old

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	node_modules/.bin/tsc -p tsconfig.json
	node_modules/.bin/tsc -p mkdocs_quote/static/worker/tsconfig.json

fmt: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint
	$(BIN)/pytest

test-fast: lint
	$(BIN)/pytest -m "not browser"

bench: setup
	$(PY) bench/engine.py
	$(PY) bench/build.py
	$(PY) bench/widget.py

i18n-status: setup
	$(PY) -m mkdocs_quote.plugins.helpcenter status docs

i18n-terms: setup
	$(PY) -m mkdocs_quote.checks.terms

# Several pages go in one PAGE, separated by spaces: make keeps only the last of several PAGE=.
i18n-stamp: setup
	@[ -n "$(PAGE)" ] || { echo 'usage: make i18n-stamp PAGE="docs/a.bn.md docs/b.hi.md ..." | PAGE=docs/page.md ALL=1' >&2; exit 2; }
	$(PY) -m mkdocs_quote.plugins.helpcenter stamp $(if $(ALL),--all-languages) $(PAGE)

clean:
	rm -rf site site.new site.old .pytest_cache .mypy_cache .ruff_cache
