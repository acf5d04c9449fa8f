# The project's vocabulary. `make run` and `make test` work on a fresh machine with only
# Python 3.11+ and make: everything else (a venv, the packages, the database) is made here.
# Tests that need PostgreSQL, Redis or Chromium skip without them; CI (.ci/run) has them all.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# Re-install only when the declared dependencies change.
DEPS_STAMP := $(VENV)/.deps-installed
# npm ci only when the lock file changes; axe-core is the only package.
AXE := node_modules/axe-core/axe.min.js
PYTEST_ARGS ?=
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help deps setup static run test lint format bench messages backup restore clean

help:
	@echo "make run       set up, load demo data and start the app on http://127.0.0.1:$(PORT)/"
	@echo "make test      lint, then the test suite (PYTEST_ARGS='-k login -x' passes through)"
	@echo "make lint      ruff check and ruff format --check"
	@echo "make format    ruff format and ruff check --fix"
	@echo "make bench     the benchmarks under bench/"
	@echo "make messages  update and compile the nb/nn/en translations (needs gettext)"
	@echo "make setup     venv, packages, migrate, collectstatic"
	@echo "make backup    the database and the private files into BACKUP_DIR (default var/backups)"
	@echo "make restore BACKUP=var/backups/avvik-...  bring one back into an empty database"

$(PY):
	$(PYTHON) -c 'import sys; sys.exit("Avvik needs Python 3.11 or newer" if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)

$(DEPS_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

deps: $(DEPS_STAMP)

setup: deps static
	@mkdir -p "$${AVVIK_VAR_DIR:-var}"
	$(PY) manage.py migrate --noinput

# Pages render through production's manifest storage, so a template that names a missing
# static file fails in the tests as it would in production.
static: deps
	$(PY) manage.py collectstatic --noinput --verbosity 0

run: setup
	PORT=$(PORT) VENV=$(VENV) bin/run-embedded

# axe-core for the browser tests' accessibility checks. Without npm the browser tests
# skip (outside CI), so a missing npm is not an error here.
$(AXE): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "npm not found: the browser tests' accessibility checks will skip"; \
	fi

test: deps $(AXE) lint static
	@$(BIN)/pytest $(PYTEST_ARGS) || { rc=$$?; \
		if [ $$rc -eq 5 ]; then echo "pytest ran no tests: that is a failure, not a pass" >&2; fi; \
		exit $$rc; }

lint: deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: deps
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Pages render through the manifest storage: collectstatic first, as on a fresh clone.
bench: deps static
	@if [ -f bench/run.py ]; then $(PY) bench/run.py; else echo "No benchmarks yet (bench/run.py)."; fi

messages: deps
	$(PY) manage.py makemessages -l nb -l nn -l en --no-location --ignore '$(VENV)/*' --ignore 'node_modules/*' --ignore 'var/*' --ignore 'tests/*' --ignore 'bench/*'
	@# The msgids are the English text: a new msgid (or a fuzzy guess for one) becomes its
	@# own English msgstr. The English wording is changed in the code, not in the catalogue.
	msgattrib --clear-fuzzy --empty -o locale/en/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po
	msgen -o locale/en/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po
	$(PY) manage.py compilemessages --ignore '$(VENV)/*' --ignore 'node_modules/*'

# The database (pg_dump on PostgreSQL, SQLite's online backup) and MEDIA_ROOT, with a
# manifest of row counts and checksums that `make restore` checks the result against.
backup: deps
	$(PY) manage.py backup

restore: deps
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=var/backups/avvik-YYYYMMDD-HHMMSS" >&2; exit 2; }
	$(PY) manage.py restore "$(BACKUP)" $(if $(FORCE),--force)

clean:
	rm -rf $(VENV) node_modules .pytest_cache .ruff_cache
