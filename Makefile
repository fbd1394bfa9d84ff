# The project's front door: `make demo` runs the app, `make test` runs every check, `make bench` the benchmarks.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
DEMO_PASSWORD ?= commissioning-demo
export DEMO_PASSWORD
PIP := $(BIN)/pip install --quiet --disable-pip-version-check
# pytest runs on every core (pytest-xdist); the tests on the seeded demo councils run first (tests/demo.py).
PYTEST_WORKERS ?= auto
PYTEST_PARALLEL := -n $(PYTEST_WORKERS)

.PHONY: demo test bench lint typecheck check-imports pytest frontend chromium install install-test clean help

help:
	@echo "make demo   install, build, migrate, seed the demo council and serve on http://127.0.0.1:$(PORT)"
	@echo "make test   install the test needs and run ruff, mypy, import-linter and pytest (browser tests included)"
	@echo "make bench  run the benchmarks in bench/"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-base: requirements/base.txt | $(BIN)/python
	$(PIP) -r requirements/base.txt
	touch $@

$(VENV)/.installed-test: requirements/test.txt requirements/base.txt | $(BIN)/python
	$(PIP) -r requirements/test.txt
	touch $@ $(VENV)/.installed-base

install: $(VENV)/.installed-base
install-test: $(VENV)/.installed-test

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

frontend/dist/.built: node_modules/.installed frontend/build.mjs $(wildcard frontend/scss/*.scss frontend/src/*)
	npm run --silent build
	touch $@

frontend: frontend/dist/.built

# Browser tests drive Debian's chromium (never a downloaded browser).
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "Installing Debian's chromium for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

demo: install frontend
	DJANGO_SETTINGS_MODULE=config.settings.demo $(BIN)/python manage.py migrate --noinput -v0
	DJANGO_SETTINGS_MODULE=config.settings.demo $(BIN)/python manage.py seed_demo --scale district
	@# A year of published spend, in the background (make demo does not wait for it): see ADR 0025.
	(DJANGO_SETTINGS_MODULE=config.settings.demo $(BIN)/python manage.py seed_spend --scale district > seed-spend.log 2>&1 &)
	DJANGO_SETTINGS_MODULE=config.settings.demo $(BIN)/python manage.py collectstatic --noinput -v0
	@scripts/print-demo-logins
	PORT=$(PORT) scripts/serve-demo

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-test
	$(BIN)/mypy

check-imports: install-test
	$(BIN)/lint-imports --no-cache

pytest: install-test frontend chromium
	$(BIN)/pytest $(PYTEST_PARALLEL)

test: lint typecheck check-imports pytest

bench: install-test frontend
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) node_modules frontend/dist staticfiles db.sqlite3 db.sqlite3-*
