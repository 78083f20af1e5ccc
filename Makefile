# Two commands do everything on a fresh machine with Python 3.11: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
DEMO_DIR := var/demo

.PHONY: run test lint bench demo clean

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
# metric caveats fixtures/ ships (an editor's changes are kept).
demo: $(VENV)/.installed-run | var
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py load_demo $(DEMO_DIR)
	$(PY) manage.py load_caveats

run: demo
	DEBUG=$${DEBUG:-true} $(PY) manage.py runserver 127.0.0.1:8000

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: lint
	$(VENV)/bin/pytest

bench: $(VENV)/.installed-dev
	$(PY) benchmarks/run.py

clean:
	rm -rf var $(VENV) .pytest_cache .ruff_cache
