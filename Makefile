# Two commands do everything on a fresh machine: `make serve` and `make test`.
# Every install comes from pinned versions: constraints.txt (PyPI), package-lock.json (npm),
# Debian's chromium and fonts-noto-core for the browser tests.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export NO_MKDOCS_2_WARNING := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help setup system-deps serve build test lint bench i18n-status i18n-stamp clean

help:
	@echo "make serve        build and serve the help center on http://127.0.0.1:8000"
	@echo "make test         lint, type-check and run every test (engine, site, browser)"
	@echo "make build        build the site into site/ (strict)"
	@echo "make bench        print the benchmark tables (engine, build, estimator)"
	@echo "make lint         ruff and mypy only"
	@echo "make i18n-status  list missing and outdated translations"
	@echo "make i18n-stamp PAGE=docs/page.bn.md   record that a translation matches its English source"

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
	$(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8000

build: setup
	$(VENV)/bin/mkdocs build --strict --site-dir site

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

test: lint
	$(VENV)/bin/pytest

bench: setup
	$(PY) bench/engine.py
	$(PY) bench/build.py
	$(PY) bench/widget.py

i18n-status: setup
	$(PY) -m mkdocs_quote.plugins.helpcenter.status status docs

i18n-stamp: setup
	@[ -n "$(PAGE)" ] || { echo "usage: make i18n-stamp PAGE=docs/page.bn.md" >&2; exit 2; }
	$(PY) -m mkdocs_quote.plugins.helpcenter.status stamp $(PAGE)

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache
