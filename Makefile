# The two commands a fresh machine needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test

.PHONY: run test lint typecheck unit docs eval bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(STAMP_RUN)

## run: install and start the main job (the adaptive check in the terminal)
run: $(STAMP_RUN)
	$(BIN)/crepitus check

## test: install with the test extras, lint, type-check and run every test
test: $(STAMP_TEST) lint typecheck unit

lint: $(STAMP_TEST)
	$(BIN)/ruff check src tests eval bench
	$(BIN)/ruff format --check src tests eval bench

typecheck: $(STAMP_TEST)
	$(BIN)/mypy

unit: $(STAMP_TEST)
	$(BIN)/pytest

## docs: regenerate the generated references in docs/
docs: $(STAMP_TEST)
	$(BIN)/python -m crepitus._docgen docs

## eval: score the dev vignettes and write docs/evaluation.md
eval: $(STAMP_TEST)
	$(BIN)/python eval/vignettes.py --write docs/evaluation.md

## bench: measure assessment throughput and write docs/benchmarks.md
bench: $(STAMP_TEST)
	$(BIN)/python bench/throughput.py --write docs/benchmarks.md

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis
