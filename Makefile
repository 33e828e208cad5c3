# The README's commands. Each bootstraps .venv on a fresh machine.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: serve build test lint bench clean

$(STAMP): pyproject.toml package.json package-lock.json
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	npm ci --no-audit --no-fund --silent
	touch $(STAMP)

# --dirty: guidebook re-renders only the pages a save changed (plugins/guidebook/plugin/incremental.py)
serve: $(STAMP)
	$(VENV)/bin/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

build: $(STAMP)
	$(VENV)/bin/mkdocs build --strict

lint: $(STAMP)
	$(VENV)/bin/ruff check plugins tests
	$(VENV)/bin/ruff format --check plugins tests
	$(VENV)/bin/mypy

test: $(STAMP)
	$(MAKE) lint
	$(VENV)/bin/pytest

# The performance benchmark (bench/run.py): writes BENCHMARKS.md. Quick run: make bench SIZES=100
SIZES ?= 100,1000,10000
bench: $(STAMP)
	$(PY) -m bench.run --sizes $(SIZES)

clean:
	rm -rf site $(VENV) bench/work
