# Two commands do everything on a fresh machine with Python 3.11: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
DEMO_DIR := var/demo

.PHONY: run test lint bench load demo static clean

$(VENV)/bin/python:
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml requirements.lock | $(VENV)/bin/python
	$(PY) -m pip install --quiet -c requirements.lock -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml requirements.lock | $(VENV)/bin/python
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $@ $(VENV)/.installed-run

var:
	mkdir -p var

# Fictional demo trusts in NHS England's file format, loaded through the real importer.
# Files already imported (same sha256) are skipped, so this is safe to repeat; so are the
# reference data and the metric caveats fixtures/ ships (an editor's changes are kept).
demo: static | var
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py load_demo $(DEMO_DIR)
	$(PY) manage.py load_reference
	$(PY) manage.py load_caveats

# Hashed, brotli- and gzip-compressed copies of the static files in var/staticfiles, as a
# deployment serves them (WhiteNoise); unchanged files are skipped.
static: $(VENV)/.installed-run | var
	$(PY) manage.py collectstatic --no-input -v 0

run: demo
	DEBUG=$${DEBUG:-true} $(PY) manage.py runserver 127.0.0.1:8000

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: lint
	$(VENV)/bin/pytest

# In-process timings and weights, then gunicorn on the real data measured with wrk
# (apt-get install -y wrk); PostgreSQL's lt_bench database when it answers (BENCH_DATABASE_URL).
bench: $(VENV)/.installed-dev static
	$(PY) benchmarks/run.py
	$(PY) benchmarks/http_bench.py

# Publication day: 200 connections for 60 s, an import and a publication in the middle.
load: $(VENV)/.installed-dev
	$(PY) benchmarks/load.py

clean:
	rm -rf var $(VENV) .pytest_cache .ruff_cache
