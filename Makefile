# Two commands on a fresh machine:
#   make lab    set everything up and open the workbooks in JupyterLab
#   make test   set everything up and run the whole test suite

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8888

.PHONY: lab formgrader test setup setup-dev system-deps release benchmark clean

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

lab: setup
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/jupyter lab --ServerApp.root_dir=release --port=$(PORT) \
		$$([ "$$(id -u)" -eq 0 ] && echo --allow-root)

# For facilitators: JupyterLab on the course folder, where the formgrader finds the gradebook.
formgrader: setup
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/jupyter lab --ServerApp.root_dir=. --port=$(PORT) \
		$$([ "$$(id -u)" -eq 0 ] && echo --allow-root)

test: setup-dev system-deps
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m pytest

# Regenerate release/ after editing source/ (the repository keeps no gradebook).
release: setup
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/workbooks release
	rm -f gradebook.db

benchmark: setup-dev
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python benchmarks/run_notebooks.py
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python benchmarks/run_pipeline.py

clean:
	rm -rf $(VENV) .pytest_cache .test-artifacts
