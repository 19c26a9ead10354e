# rrk-triage — two commands on a fresh machine:
#   make demo   set up .venv, build the demo on the embedded default and serve it
#               (make demo PORT=8123, or TRIAGE_PORT=8123, for another port)
#   make test   set up .venv (and Chromium for the browser tests) and run every test
SHELL := /bin/bash
# The first interpreter that really runs and is 3.11 or 3.12 (a pyenv shim may exist and fail).
PYTHON ?= $(shell for p in python3.11 python3.12 python3; do \
	$$p -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 12))' 2>/dev/null \
	&& { command -v $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup node-deps demo test test-fast lint bench browser-deps clean audit

NODE_STAMP := node_modules/.installed

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 or 3.12 is required (durable_rules does not import on 3.13)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

# Node.js tools the tests drive (OpenID provider, DMN toolkit, FEEL interpreter): package-lock.json.
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm (Node.js >= 20.12) is required for the tests"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

setup: $(STAMP)

node-deps: $(NODE_STAMP)

demo: setup
	$(BIN)/triage demo $(if $(PORT),--port $(PORT))

browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
	  || echo "chromium could not be installed: browser tests will be skipped"; \
	fi

# Two processes (pytest-xdist) by default, one per core of the CI machine: PYTEST_WORKERS=0 runs
# the suite in one process, PYTEST_WORKERS=auto uses every core.
PYTEST_WORKERS ?= 2

test: setup node-deps browser-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/pytest -n $(PYTEST_WORKERS)

test-fast: setup
	$(BIN)/pytest -x -q -m "not slow and not browser and not postgres"

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

# Known vulnerabilities in the pinned set (pyproject.toml: [project] and the dev extra), looked
# up in the PyPI advisory database: needs the network, so it is not part of `make test`.
# --strict: a package that could not be looked up (offline) fails the run instead of passing.
audit: setup
	$(BIN)/python -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; \
	print('\n'.join(p['dependencies'] + p['optional-dependencies']['dev']))" \
	> $(VENV)/pinned-requirements.txt
	$(BIN)/pip-audit --strict --no-deps --progress-spinner off -r $(VENV)/pinned-requirements.txt

bench: setup
	$(BIN)/python -m evaluation.bench

clean:
	rm -rf $(VENV) node_modules var mlruns mlflow.db .pytest_cache .ruff_cache .hypothesis
