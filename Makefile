# Two commands: `make demo` serves the demo network; `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
PYTEST_ARGS ?= -n auto
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres
PORT ?= 8000
# Exact versions with hashes, refreshed by `make lock`; pyproject.toml keeps the ranges.
LOCK := requirements.lock
TEST_LOCK := requirements-test.lock

# A Python >= 3.12: $(PYTHON) if given, else the first that works of these.
PYTHON_CANDIDATES := python3.13 python3.12 python3 \
	$(wildcard /root/.pyenv/versions/3.13*/bin/python3) \
	$(wildcard /root/.pyenv/versions/3.12*/bin/python3) \
	$(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3) \
	$(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3)
PYTHON ?= $(shell for p in $(PYTHON_CANDIDATES); do \
	if "$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then echo "$$p"; break; fi; done)

# The oldest supported Python (3.12), for a second run of the suite: `make test` runs it
# in $(OLDEST_VENV) when it is found and older than the Python of $(VENV).
OLDEST_CANDIDATES := python3.12 \
	$(wildcard /root/.pyenv/versions/3.12*/bin/python3) \
	$(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3)
PYTHON_OLDEST ?= $(shell for p in $(OLDEST_CANDIDATES); do \
	if "$$p" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 12))' >/dev/null 2>&1; then echo "$$p"; break; fi; done)
OLDEST_VENV := .venv-3.12

# System packages: Chromium for browser tests, gettext for translations,
# poppler for reading PDFs in tests, HarfBuzz subsetting for fast PDFs; Pango and
# libthai for every PDF (libthai's dictionary breaks Thai lines at word boundaries:
# without it they break only at spaces).
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libthai0 libthai-data libharfbuzz-subset0
SYSTEM_PACKAGES := chromium gettext poppler-utils $(PDF_PACKAGES)

.PHONY: help demo demo-reset test test-here test-oldest test-sqlite test-postgres install install-test \
	system-deps system-deps-pdf system-deps-gettext messages lint format lock bench clean

help:
	@echo "make demo        install, migrate, load the demo network, serve on http://127.0.0.1:$(PORT) (PORT=8001 for another port)"
	@echo "make demo-reset  put the demo networks back exactly as shipped (other networks are left alone)"
	@echo "make test        install test dependencies and run the whole suite (SQLite, and PostgreSQL if reachable),"
	@echo "                 then again on the oldest supported Python (3.12) when it is found"
	@echo "make lint        ruff check and format check, mypy type check"
	@echo "make lock        refresh $(LOCK) and $(TEST_LOCK) (exact versions with hashes) from pyproject.toml"

$(PY):
	@if [ -z "$(PYTHON)" ]; then \
		echo "No Python 3.12 or newer found. Django 6 needs one: install Python 3.12+ or run 'make PYTHON=/path/to/python3.12 ...'." >&2; \
		exit 1; fi
	@echo "Using $(PYTHON) ($$($(PYTHON) --version))"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Exactly the locked versions, checked against their hashes; then the project itself,
# built with the locked setuptools (so nothing is fetched unchecked).
$(VENV)/.installed: $(LOCK) pyproject.toml | $(PY)
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

$(VENV)/.installed-test: $(TEST_LOCK) pyproject.toml | $(PY)
	$(BIN)/pip install --quiet --require-hashes -r $(TEST_LOCK)
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	@touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Which system libraries are missing: Pango (WeasyPrint draws text with it) and
# libthai with its dictionary (Thai line breaking at word boundaries).
HAS_LIB = { ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } | grep -q
CHECK_PDF_LIBS = \
	$(HAS_LIB) 'libpango-1.0.so.0' || missing="$$missing libpango-1.0-0"; \
	$(HAS_LIB) 'libpangoft2-1.0.so.0' || missing="$$missing libpangoft2-1.0-0"; \
	$(HAS_LIB) 'libthai.so.0' || missing="$$missing libthai0"; \
	[ -e /usr/share/libthai/thbrk.tri ] || missing="$$missing libthai-data";

# Installs missing system packages when run as root; otherwise names them.
INSTALL_MISSING = \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Installing system packages:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$packages >/dev/null; \
		else \
			echo "Missing system packages:$$missing. Install them, e.g. 'sudo apt-get install$$missing'." >&2; exit 1; \
		fi; \
	fi

system-deps:
	@missing=""; packages="$(SYSTEM_PACKAGES)"; \
	command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v msgfmt >/dev/null 2>&1 || missing="$$missing gettext"; \
	command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	$(CHECK_PDF_LIBS) \
	$(INSTALL_MISSING)

# What the demo needs to render its PDFs.
system-deps-pdf:
	@missing=""; packages="$(PDF_PACKAGES)"; \
	$(CHECK_PDF_LIBS) \
	$(INSTALL_MISSING)

messages: system-deps-gettext
	$(MANAGE) compilemessages --ignore=.venv -v 0

system-deps-gettext:
	@command -v msgfmt >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gettext >/dev/null; \
		else echo "gettext is missing (msgfmt compiles translations): 'sudo apt-get install gettext'." >&2; exit 1; fi; }

# Loading the demo again refreshes it and keeps everyone logged in; demo-reset
# throws away every change made to the demo networks.
demo: install messages system-deps-pdf
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) load_demo
	@echo
	@echo "Demo network: http://127.0.0.1:$(PORT)/  (logins are listed above; password: demo-pass-2550)"
	@echo "Background worker (report rendering) started beside the server; both stop with Ctrl+C."
	@$(MANAGE) db_worker --interval 1 & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(MANAGE) runserver 127.0.0.1:$(PORT)

demo-reset: install messages
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) load_demo --reset

# The whole suite on SQLite, then on PostgreSQL when it is reachable
# (REQUIRE_POSTGRES=1 makes an unreachable PostgreSQL a failure); then both again
# on the oldest supported Python (REQUIRE_OLDEST=1 makes its absence a failure).
test: test-here
	@if [ -z "$(PYTHON_OLDEST)" ]; then \
		if [ -n "$$REQUIRE_OLDEST" ]; then echo "Python 3.12 (the oldest supported) is required but was not found; pass PYTHON_OLDEST=/path/to/python3.12" >&2; exit 1; fi; \
		echo "Python 3.12 not found: the suite ran on $$($(PY) --version) only."; \
	elif [ "$$($(PY) -c 'import sys; print(sys.version_info[:2])')" = "$$($(PYTHON_OLDEST) -c 'import sys; print(sys.version_info[:2])')" ]; then \
		echo "$(VENV) already runs the oldest supported Python."; \
	else \
		$(MAKE) --no-print-directory test-oldest; \
	fi

# The suite on the oldest supported Python, in its own venv.
test-oldest:
	@echo "== The suite again on the oldest supported Python: $(PYTHON_OLDEST) =="
	$(MAKE) --no-print-directory test-here VENV=$(OLDEST_VENV) PYTHON=$(PYTHON_OLDEST)

# The suite with $(VENV)'s Python: SQLite, then PostgreSQL.
test-here: install-test system-deps messages
	$(MAKE) --no-print-directory test-sqlite
	@if $(PY) -c "import sys, psycopg; psycopg.connect(sys.argv[1], connect_timeout=3).close()" "$${DATABASE_URL:-$(PG_URL)}" >/dev/null 2>&1; then \
		$(MAKE) --no-print-directory test-postgres; \
	elif [ -n "$$REQUIRE_POSTGRES" ]; then \
		echo "PostgreSQL is required but not reachable at $${DATABASE_URL:-$(PG_URL)}" >&2; exit 1; \
	else \
		echo "PostgreSQL not reachable at $${DATABASE_URL:-$(PG_URL)}: tests ran on SQLite only."; \
	fi

test-sqlite:
	@echo "== Test suite on SQLite ($$($(PY) --version)) =="
	env -u DATABASE_URL DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest $(PYTEST_ARGS)

test-postgres:
	@echo "== Test suite on PostgreSQL ($$($(PY) --version)) =="
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Benchmarks (not timed tests): import, village board and reports, each printing its
# ratios from one run. On a throwaway SQLite database, migrated here and removed after;
# BENCH_DATABASE_URL=postgres://... runs them on another (rolled back, left as it was).
bench: install
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	export DATABASE_URL="$${BENCH_DATABASE_URL:-sqlite:///$$tmp/bench.sqlite3}" && \
	$(MANAGE) migrate --no-input -v 0 && \
	$(PY) tests/bench/bench_import.py && \
	$(PY) tests/bench/bench_board.py && \
	$(PY) tests/bench/bench_report.py

# Refresh the lock files from pyproject.toml's ranges, resolved on the oldest supported
# Python so that they hold there and on newer ones (check for new markers after).
LOCK_TOOLS := .venv-lock
LOCK_PYTHON := $(or $(PYTHON_OLDEST),$(PYTHON))
PIP_COMPILE = $(LOCK_TOOLS)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--all-build-deps --no-emit-index-url --no-emit-find-links --upgrade
lock:
	@[ -x $(LOCK_TOOLS)/bin/pip-compile ] || { $(LOCK_PYTHON) -m venv $(LOCK_TOOLS) && $(LOCK_TOOLS)/bin/pip install --quiet pip-tools; }
	$(PIP_COMPILE) --output-file=$(LOCK) pyproject.toml
	$(PIP_COMPILE) --extra=test --output-file=$(TEST_LOCK) pyproject.toml

clean:
	rm -rf $(VENV) $(OLDEST_VENV) $(LOCK_TOOLS) staticfiles db.sqlite3 db.sqlite3-*
