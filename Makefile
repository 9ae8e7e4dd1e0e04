# Two commands: `make demo` serves the demo network; `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
PYTEST_ARGS ?= -n auto
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres

# A Python >= 3.12: $(PYTHON) if given, else the first that works of these.
PYTHON_CANDIDATES := python3.13 python3.12 python3 \
	$(wildcard /root/.pyenv/versions/3.13*/bin/python3) \
	$(wildcard /root/.pyenv/versions/3.12*/bin/python3) \
	$(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3) \
	$(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3)
PYTHON ?= $(shell for p in $(PYTHON_CANDIDATES); do \
	if "$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then echo "$$p"; break; fi; done)

# System packages: Chromium for browser tests, gettext for translations,
# poppler for reading PDFs in tests, HarfBuzz subsetting for fast PDFs.
SYSTEM_PACKAGES := chromium gettext poppler-utils libharfbuzz-subset0

.PHONY: help demo test test-sqlite test-postgres install install-test system-deps lint format bench clean

help:
	@echo "make demo   install, migrate, load the demo network, serve on http://127.0.0.1:8000"
	@echo "make test   install test dependencies and run the whole suite (SQLite, and PostgreSQL if reachable)"
	@echo "make lint   ruff check and format check, mypy type check"

$(PY):
	@if [ -z "$(PYTHON)" ]; then \
		echo "No Python 3.12 or newer found. Django 6 needs one: install Python 3.12+ or run 'make PYTHON=/path/to/python3.12 ...'." >&2; \
		exit 1; fi
	@echo "Using $(PYTHON) ($$($(PYTHON) --version))"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Installs missing system packages when run as root; otherwise names them.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v msgfmt >/dev/null 2>&1 || missing="$$missing gettext"; \
	command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Installing system packages:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(SYSTEM_PACKAGES) >/dev/null; \
		else \
			echo "Missing system packages:$$missing. Install them, e.g. 'sudo apt-get install$$missing'." >&2; exit 1; \
		fi; \
	fi

messages: system-deps-gettext
	$(MANAGE) compilemessages --ignore=.venv -v 0

system-deps-gettext:
	@command -v msgfmt >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends gettext >/dev/null; \
		else echo "gettext is missing (msgfmt compiles translations): 'sudo apt-get install gettext'." >&2; exit 1; fi; }

demo: install messages
	$(MANAGE) migrate --no-input -v 0
	$(MANAGE) load_demo
	@echo
	@echo "Demo network: http://127.0.0.1:8000/  (logins are listed above; password: demo-pass-2550)"
	@echo "Background worker (report rendering) started beside the server; both stop with Ctrl+C."
	@$(MANAGE) db_worker --interval 1 & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(MANAGE) runserver 127.0.0.1:8000

# The whole suite on SQLite, then on PostgreSQL when it is reachable
# (REQUIRE_POSTGRES=1 makes an unreachable PostgreSQL a failure).
test: install-test system-deps messages
	$(MAKE) --no-print-directory test-sqlite
	@if $(PY) -c "import sys, psycopg; psycopg.connect(sys.argv[1], connect_timeout=3).close()" "$${DATABASE_URL:-$(PG_URL)}" >/dev/null 2>&1; then \
		$(MAKE) --no-print-directory test-postgres; \
	elif [ -n "$$REQUIRE_POSTGRES" ]; then \
		echo "PostgreSQL is required but not reachable at $${DATABASE_URL:-$(PG_URL)}" >&2; exit 1; \
	else \
		echo "PostgreSQL not reachable at $${DATABASE_URL:-$(PG_URL)}: tests ran on SQLite only."; \
	fi

test-sqlite:
	@echo "== Test suite on SQLite =="
	env -u DATABASE_URL DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest $(PYTEST_ARGS)

test-postgres:
	@echo "== Test suite on PostgreSQL =="
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

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 db.sqlite3-*
