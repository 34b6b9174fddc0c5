# Two entry points on a fresh clone: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test test-postgres lint clean-venv

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/newsbot analyze seeds/
	@echo
	@echo "The digest of the seeds (everything stored in the local workspace):"
	$(VENV)/bin/newsbot digest --since 2000-01-01

# The whole suite (SQLite and, through the db_url fixture, PostgreSQL), then the end-to-end tests again
# on PostgreSQL (those taking the database_url fixture; see tests/conftest.py).
test: $(STAMP)
	$(VENV)/bin/ruff check bot handlers tests benchmarks
	$(PY) -m mypy
	$(PY) -m pytest -q
	NEWSBOT_TEST_DATABASE=postgres $(PY) -m pytest -q

test-postgres: $(STAMP)
	NEWSBOT_TEST_DATABASE=postgres $(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check bot handlers tests benchmarks
	$(PY) -m mypy

clean-venv:
	rm -rf $(VENV)
