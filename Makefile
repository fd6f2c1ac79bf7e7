# Counterpoint: `make run` to try it, `make test` to check it. `make help` lists the rest.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export DJANGO_SETTINGS_MODULE := config.settings

.DEFAULT_GOAL := help
.PHONY: help run test bench bench-scale lint fix check messages install

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Counterpoint needs Python 3.11 or newer (set PYTHON=python3.x).")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) ## create .venv and install everything

run: $(STAMP) ## migrate, load the demo data and serve on http://127.0.0.1:8000
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --no-input
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py seed_demo
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(STAMP) ## run the whole suite (PostgreSQL if DATABASE_URL says so, else SQLite)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP) ## run the benchmarks and print their tables
	$(BIN)/python bench/anchoring_bench.py
	$(BIN)/python bench/reading_bench.py
	$(BIN)/python bench/api_bench.py
	$(BIN)/python bench/extraction_bench.py

bench-scale: $(STAMP) ## load test on PostgreSQL at scale (SCALE=0.01 DURATION=60s USERS=24 WORKERS=3)
	$(BIN)/python bench/scale_bench.py

lint: $(STAMP) ## ruff check and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fix: $(STAMP) ## ruff: fix what it can and format
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: lint ## lint, layers (import-linter), types (mypy), Django's checks, missing migrations
	$(BIN)/lint-imports
	DEBUG=1 $(BIN)/mypy
	DEBUG=1 $(BIN)/python manage.py check
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

messages: $(STAMP) ## extract and compile translations (needs gettext)
	DEBUG=1 $(BIN)/python manage.py makemessages -l zh_Hans --no-location --ignore=.venv --ignore=tests --ignore=bench
	$(BIN)/python -m core.hant_messages
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv
