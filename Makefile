# Two commands on a fresh machine (Python 3.11+, make, apt): `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test lint build-db bench browser services loadtest clean

$(VENV)/.runtime-installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements-dev.txt $(VENV)/.runtime-installed
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

## Install, build the database if missing, serve on 127.0.0.1:$(PORT). Chromium (for the PNG, PDF
## and PPTX exports) is installed with apt when missing and possible; without it the app still runs.
run: $(VENV)/.runtime-installed
	@bash scripts/install_chromium.sh --optional
	$(PY) -m dti build-db --if-missing
	$(PY) -m streamlit run app.py --server.address 127.0.0.1 --server.port $(PORT) \
		--server.headless true --browser.gatherUsageStats false

## Debian's chromium and fonts for the browser tests (never a downloaded browser).
browser:
	@bash scripts/install_chromium.sh

## Debian's postgresql and nginx (the tests start a private PostgreSQL; the load test starts nginx).
services:
	@bash scripts/install_test_services.sh

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/sqlfluff lint queries

## Install what tests need, then lint and run the whole suite (browser tests included).
test: $(VENV)/.dev-installed browser services lint
	$(PY) -m pytest

build-db: $(VENV)/.runtime-installed
	$(PY) -m dti build-db

## Measure every performance target (about 8 min): prints a table, writes bench/results.json and bench/README.md.
bench: $(VENV)/.dev-installed browser
	$(PY) -m bench

## App replicas behind nginx on loopback against one process (about 6 min): prints a table.
loadtest: $(VENV)/.dev-installed services
	$(PY) -m bench.proxy_load

clean:
	rm -rf $(VENV) data/db tests/artifacts .pytest_cache .ruff_cache bench/generated bench/results.json
