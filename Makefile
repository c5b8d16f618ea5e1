# The two commands of the README: `make demo` and `make test`. Everything else is their set-up.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

.PHONY: demo test setup assets messages lint format typecheck pytest bench load clean

demo: setup
	@$(BIN)/python manage.py migrate --noinput -v 0
	@$(BIN)/python manage.py seed_demo
	@PORT=$(PORT) scripts/serve-demo

test: setup
	@scripts/ensure-chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/lint-imports --no-cache
	PORTAIL_ENV=test $(BIN)/pytest $(PYTEST_ARGS)

setup: $(VENV)/.installed assets messages var
	@scripts/ensure-pdf-libs

var:
	@mkdir -p var

$(VENV)/.installed: requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install --quiet --disable-pip-version-check "uv==0.13.9"
	@$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements.lock
	@touch $@

assets: assets/.fetched

assets/.fetched: scripts/fetch-assets
	@scripts/fetch-assets
	@touch $@

messages: $(VENV)/.installed
	@$(BIN)/python manage.py compilemessages --ignore=.venv -v 0

# Regenerate the French catalogues after changing user-facing strings.
makemessages: $(VENV)/.installed
	$(BIN)/python manage.py makemessages -l fr --ignore=.venv --ignore=assets --ignore=var --no-obsolete --no-location

lock: $(VENV)/.installed
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --no-header -o requirements.lock

format: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Benchmarks at Québec scale, on a SQLite file of their own (or on DATABASE_URL when it is set).
BENCH_DB ?= var/bench.sqlite3
bench: setup
	SQLITE_PATH=$(BENCH_DB) $(MANAGE) migrate --noinput -v 0
	SQLITE_PATH=$(BENCH_DB) $(MANAGE) seed_demo --scale quebec
	SQLITE_PATH=$(BENCH_DB) $(MANAGE) bench $(BENCH_ARGS)

# The launch-day load test: gunicorn as in production, driven by wrk on the loopback, on the PostgreSQL
# database of DATABASE_URL (seeded at Québec scale unless it is); LOAD_DURATION seconds a page.
load: setup
	@scripts/load

clean:
	rm -rf $(VENV) assets var
