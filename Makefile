# The README's commands. Each bootstraps .venv on a fresh machine.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: serve build build-zensical test lint bench clean

$(STAMP): pyproject.toml package.json package-lock.json
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,zensical]'
	npm ci --no-audit --no-fund --silent
	touch $(STAMP)

# --dirty: guidebook re-renders only the pages a save changed (plugins/guidebook/plugin/incremental.py)
serve: $(STAMP)
	$(VENV)/bin/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

build: $(STAMP)
	$(VENV)/bin/mkdocs build --strict

# The same site built by Zensical, Material's successor, which runs no MkDocs plugin: the export
# writes every page as Markdown, Zensical builds them (inside the export: it keeps its site_dir
# there), and `guidebook index` adds the search. ROOT is the folder holding mkdocs.yml and the
# knowledge base; ZENSICAL_SITE and ZENSICAL_WORK may be anywhere.
ROOT ?= .
ZENSICAL_SITE ?= site-zensical
ZENSICAL_WORK ?= build/zensical
build-zensical: $(STAMP)
	$(VENV)/bin/guidebook export $(ZENSICAL_WORK) --root $(ROOT)
	rm -rf $(ZENSICAL_WORK)/site $(ZENSICAL_SITE)
	$(VENV)/bin/zensical build --clean --strict -f $(ZENSICAL_WORK)/mkdocs.yml
	mv $(ZENSICAL_WORK)/site $(ZENSICAL_SITE)
	$(VENV)/bin/guidebook index $(ZENSICAL_SITE) --root $(ROOT)

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
	rm -rf site site-zensical build/zensical $(VENV) bench/work
