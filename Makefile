# Two commands on a fresh machine:
#   make lab    set everything up and open the workbooks in JupyterLab
#   make test   set everything up and run the whole test suite
# While editing: make test-fast (the quick tests), make lint, make typecheck.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8888
VERIFIER := tests/verifier
AXE      := tests/axe
# Two pytest-xdist workers: the browser tests on one, in order, every other module on whichever is free
# (tests/conftest.py). PARALLEL= runs the suite in one process.
PARALLEL ?= -n 2

.PHONY: lab formgrader facilitate test test-fast lint typecheck setup setup-dev system-deps release kits benchmark clean \
	lite lite-serve

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or later is needed (set PYTHON=python3.x)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: $(BIN)/python requirements.txt pyproject.toml
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.runtime

setup-dev: $(VENV)/.dev

system-deps:
	scripts/install-system-deps.sh

# For participants: as on Binder, without nbgrader's facilitator tools or JupyterLab's news toasts.
lab: setup
	$(BIN)/python binder/hide_facilitator_tools.py --config-dir $(VENV)/participant-config \
		--workspaces-dir $(VENV)/participant-workspaces
	JUPYTER_CONFIG_PATH="$(CURDIR)/$(VENV)/participant-config" PATH="$(CURDIR)/$(BIN):$$PATH" \
		JUPYTERLAB_WORKSPACES_DIR="$(CURDIR)/$(VENV)/participant-workspaces" \
		$(BIN)/jupyter lab --ServerApp.root_dir=release --port=$(PORT) \
		$$([ "$$(id -u)" -eq 0 ] && echo --allow-root)

# For facilitators running a call: JupyterLab on the course folder, opened at the kits (facilitator/sessionN.ipynb),
# whose closing part reads the cohort's collected hand-ins from this folder.
facilitate: setup
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/jupyter lab --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/facilitator \
		--port=$(PORT) $$([ "$$(id -u)" -eq 0 ] && echo --allow-root)

# For facilitators: JupyterLab on the course folder, where the formgrader finds the gradebook.
formgrader: setup
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/jupyter lab --ServerApp.root_dir=. --port=$(PORT) \
		$$([ "$$(id -u)" -eq 0 ] && echo --allow-root)

# Lint, types and the whole suite all run even when one fails, so one run shows every problem.
test: setup-dev system-deps $(VERIFIER)/node_modules $(AXE)/node_modules $(VENV)/.lite lite/node_modules
	@status=0; \
	$(MAKE) --no-print-directory lint || status=1; \
	$(MAKE) --no-print-directory typecheck || status=1; \
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m pytest $(PARALLEL) || status=1; \
	exit $$status

# The independent Open Badges verifier (Node.js, exact versions from its package-lock.json) that
# tests/test_badge_signing.py checks signed badges with. Without npm that test is skipped.
$(VERIFIER)/node_modules: $(VERIFIER)/package.json $(VERIFIER)/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm not found: the badge verifier test will be skipped."; exit 0; }; \
		cd $(VERIFIER) && npm ci --no-audit --no-fund --loglevel=error && touch node_modules

# axe-core, which the browser suite injects into JupyterLab to audit the workbooks' outputs
# (tests/test_browser_accessibility.py); exact version from its package-lock.json.
$(AXE)/node_modules: $(AXE)/package.json $(AXE)/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm not found: the accessibility audit will be skipped."; exit 0; }; \
		cd $(AXE) && npm ci --no-audit --no-fund --loglevel=error && touch node_modules

# The in-browser edition (lite/build.py): a static JupyterLite site of release/ in build/lite/site that needs no
# server and, once loaded, no network. JupyterLite comes from PyPI, Pyodide's core from npm (exact versions).
$(VENV)/.lite: $(VENV)/.runtime lite/requirements.txt
	$(BIN)/python -m pip install --quiet -r lite/requirements.txt
	touch $@

lite/node_modules: lite/package.json lite/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm is needed to build the in-browser edition (Pyodide comes from npm)."; exit 1; }
	cd lite && npm ci --no-audit --no-fund --loglevel=error && touch node_modules

lite: $(VENV)/.lite lite/node_modules
	$(BIN)/python lite/build.py

# Try the site as participants would, at http://127.0.0.1:8000/ (any static web server will do).
lite-serve: lite
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory build/lite/site 8000

# The tests that need no browser, nbgrader command, PostgreSQL or Binder build: well under a minute.
test-fast: setup-dev
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m pytest -m "not slow and not browser and not lite" -q

# ruff and mypy are pinned in requirements-dev.txt and set up in pyproject.toml.
lint: setup-dev
	$(BIN)/ruff check workbooks tests benchmarks nbgrader_config.py binder/*.py lite/*.py

typecheck: setup-dev
	$(BIN)/mypy workbooks

# Regenerate release/ after editing source/ (the repository keeps no gradebook).
release: setup
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/workbooks release
	rm -f gradebook.db

# Regenerate facilitator/, each session's facilitator's kit, after changing a plan in workbooks/facilitation/.
# The kits stay out of release/: participants never get them.
kits: setup
	$(BIN)/python -m workbooks.facilitation.kit facilitator

benchmark: setup-dev
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python benchmarks/run_notebooks.py
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python benchmarks/run_pipeline.py
	$(BIN)/python benchmarks/answers_size.py

clean:
	rm -rf $(VENV) .pytest_cache .test-artifacts
