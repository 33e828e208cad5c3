# The README's commands. Each bootstraps .venv on a fresh machine.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Where `make serve` listens; its page is under the path of site_url (mkdocs.yml). Another port: make serve ADDR=127.0.0.1:8001
ADDR := 127.0.0.1:8000
# Compiled templates and checklist PDFs kept between builds (render/build_cache.py); safe to delete.
CACHE := .cache/guidebook

.PHONY: serve build build-zensical test lint bench clean

# The install step's prerequisites, checked before it runs anything: `make` stops with one line
# naming what is missing and how to get it. (No commas in these texts: they are $(call) arguments.)
PYTHON_HOW := install Python 3.11 or later (Debian/Ubuntu: sudo apt-get install python3 python3-venv; elsewhere https://www.python.org/downloads/)
VENV_HOW := install the venv module of python3 (Debian/Ubuntu: sudo apt-get install python3-venv)
NPM_HOW := install Node.js with npm (Debian/Ubuntu: sudo apt-get install nodejs npm; elsewhere https://nodejs.org/)
need = $(if $(shell $(2) 2>/dev/null),,$(error $(1): $(3)))

$(STAMP): pyproject.toml package.json package-lock.json
	$(call need,python3 is missing,command -v python3,$(PYTHON_HOW))
	$(call need,python3 is older than 3.11,python3 -c 'import sys; print(sys.hexversion >= 0x30B0000 or "")',$(PYTHON_HOW))
	$(call need,python3 cannot create a virtual environment,python3 -c 'import ensurepip; print(1)',$(VENV_HOW))
	$(call need,npm is missing,command -v npm,$(NPM_HOW))
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,zensical]'
	npm ci --no-audit --no-fund --silent
	touch $(STAMP)

# MkDocs serves the site under the path of site_url, as it will be published: print that address first.
SITE_PATH = $(PY) -c 'from urllib.parse import urlsplit; from mkdocs.utils.yaml import yaml_load; print(urlsplit(yaml_load(open("mkdocs.yml")).get("site_url") or "/").path or "/")'

# --dirty: guidebook re-renders only the pages a save changed (plugins/guidebook/plugin/incremental.py)
serve: $(STAMP)
	@echo "Open http://$(ADDR)$$($(SITE_PATH)) once the site is built (Ctrl+C stops the server)."
	GUIDEBOOK_CACHE=$(CACHE) $(VENV)/bin/mkdocs serve --dirty --dev-addr $(ADDR)

build: $(STAMP)
	GUIDEBOOK_CACHE=$(CACHE) $(VENV)/bin/mkdocs build --strict

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
	rm -rf site site-zensical build/zensical $(VENV) bench/work .cache
