# The README's commands. Each bootstraps .venv on a fresh machine.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: serve build test lint bench clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

serve: $(STAMP)
	$(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(STAMP)
	$(VENV)/bin/mkdocs build --strict

lint: $(STAMP)
	$(VENV)/bin/ruff check plugins tests
	$(VENV)/bin/ruff format --check plugins tests
	$(VENV)/bin/mypy

test: $(STAMP)
	$(MAKE) lint
	$(VENV)/bin/pytest

clean:
	rm -rf site $(VENV)
