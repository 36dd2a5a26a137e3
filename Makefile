# DOT portal: `make run` serves the demo portal, `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PIP := $(BIN)/pip install -q --disable-pip-version-check
HOST ?= 127.0.0.1
PORT ?= 8000
# Extra pytest arguments: `make test ARGS="dot/core -x"`.
ARGS ?=

.PHONY: run setup test lint format messages makemessages migrate seed system-deps browser-deps venv bench clean

$(VENV)/.run-installed: pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || \
	  { echo "Python 3.11 is required (found $$($(PYTHON) --version 2>&1)); set PYTHON=/path/to/python3.11" >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) --upgrade pip
	$(PIP) -c requirements.lock -e .
	@touch $@

$(VENV)/.dev-installed: $(VENV)/.run-installed
	$(PIP) -c requirements.lock -e '.[dev]'
	@touch $@

venv: $(VENV)/.run-installed

# gettext (msgfmt/xgettext) compiles and extracts translations; installed when missing.
system-deps:
	@bin/ensure-system-deps gettext pdf

browser-deps:
	@bin/ensure-system-deps chromium

messages: venv system-deps
	$(MANAGE) compilemessages --ignore=.venv --ignore=var -v 0

migrate: venv
	$(MANAGE) migrate --noinput -v 0

seed: migrate
	$(MANAGE) seed_demo

setup: venv messages migrate
	$(MANAGE) collectstatic --noinput -v 0

run: setup
	$(MANAGE) seed_demo
	@echo "Serving the DOT portal at http://$(HOST):$(PORT)/  (Ctrl+C to stop)"
	$(BIN)/daphne -b $(HOST) -p $(PORT) config.asgi:application

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(MANAGE) makemigrations --check --dry-run -v 1

format: $(VENV)/.dev-installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

makemessages: venv system-deps
	bin/makemessages

# Lint, types, migrations check, then the suite on SQLite; with CI=true also on
# PostgreSQL + Redis, browser tests required (bin/run-tests).
test: $(VENV)/.dev-installed system-deps browser-deps messages
	bin/run-tests $(ARGS)

bench: $(VENV)/.dev-installed
	bin/run-bench

clean:
	rm -rf $(VENV) var/static var/test
