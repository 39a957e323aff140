# The two commands a fresh machine needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test

.PHONY: run test lint typecheck unit browser pdf-tools docs eval bench walks screenshots clean \
	catalogs extract-messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[nlp]'
	$(COMPILE_CATALOGS)
	touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,nlp,cluster]'
	$(COMPILE_CATALOGS)
	touch $@ $(STAMP_RUN)

# The interface strings' gettext catalogs (src/crepitus/locales/<code>/LC_MESSAGES/messages.po),
# compiled to the .mo files gettext reads; crepitus.i18n compiles a stale or missing one in memory,
# so this only saves that work. See docs/languages.md.
LOCALES := src/crepitus/locales
COMPILE_CATALOGS = $(BIN)/pybabel -q compile --domain messages --directory $(LOCALES)

## catalogs: compile the interface strings' catalogs after editing a .po file
catalogs: $(STAMP_RUN)
	$(COMPILE_CATALOGS) --statistics

## extract-messages: collect the interface strings from the code into messages.pot and merge
#   them into every language's messages.po (new strings arrive untranslated)
extract-messages: $(STAMP_RUN)
	$(BIN)/pybabel extract --mapping-file babel.cfg --keywords _ --keywords n_:1,2 \
	  --keywords pgettext:1c,2 --keywords typed:1c,2 --no-location --sort-output --project crepitus \
	  --output-file $(LOCALES)/messages.pot .
	$(BIN)/pybabel update --input-file $(LOCALES)/messages.pot --domain messages \
	  --output-dir $(LOCALES) --width 100 --no-fuzzy-matching

## run: install and start the main job (the web check, on the embedded default store)
run: $(STAMP_RUN)
	$(BIN)/crepitus serve

## test: install with the test extras, lint, type-check and run every test
test: $(STAMP_TEST) lint typecheck unit

lint: $(STAMP_TEST)
	$(BIN)/ruff check src tests eval bench
	$(BIN)/ruff format --check src tests eval bench

# The oldest and the newest Python the project supports (pyproject's requires-python and
# classifiers): mypy checks against each one's standard library, so a name that a newer Python
# removed fails here even where only the oldest is installed.
PYTHON_VERSIONS := 3.11 3.14

typecheck: $(STAMP_TEST)
	@for v in $(PYTHON_VERSIONS); do echo "mypy --python-version $$v"; \
	  $(BIN)/mypy --python-version $$v || exit 1; done

# on every core; a file's tests stay on one worker, so its servers and browsers start once
unit: $(STAMP_TEST) browser pdf-tools
	$(BIN)/pytest -n auto --dist loadfile --durations=15

## pdf-tools: Debian's poppler-utils (pdftotext, pdftoppm) for the report tests
pdf-tools:
	@command -v pdftoppm >/dev/null 2>&1 || { \
	  echo "installing Debian's poppler-utils for the report tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null; }

## browser: Debian's chromium (installed when missing; needs root) and axe-core from npm
browser: tests/web/node_modules/axe-core/axe.min.js
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

tests/web/node_modules/axe-core/axe.min.js: tests/web/package.json tests/web/package-lock.json
	cd tests/web && npm ci --no-audit --no-fund --loglevel=error
	touch $@

## screenshots: take the README's screenshots of every page (phone and desktop)
screenshots: $(STAMP_TEST) browser
	CREPITUS_SCREENSHOTS=docs/screenshots $(BIN)/pytest tests/web -k screenshots

## docs: regenerate the generated references in docs/
docs: $(STAMP_TEST)
	$(BIN)/python -m crepitus._docgen docs

## eval: score the dev vignettes (cases and narratives), the labelled descriptions and the real-world
#   descriptions; write docs/evaluation.md
eval: $(STAMP_TEST)
	$(BIN)/python eval/vignettes.py --write docs/evaluation.md
	$(BIN)/python eval/understanding.py --write docs/evaluation.md
	$(BIN)/python eval/realworld.py --write docs/evaluation.md

## bench: measure the engine, the web API and diary writes with several workers, and the screens
#   the check takes; write docs/benchmarks.md (needs wrk, and the PostgreSQL server at 127.0.0.1:5432)
bench: $(STAMP_TEST)
	@command -v wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python bench/throughput.py --write docs/benchmarks.md
	$(BIN)/python bench/web.py --write docs/benchmarks.md
	$(BIN)/python bench/diary_writes.py --write docs/benchmarks.md
	$(BIN)/python bench/understanding.py --write docs/benchmarks.md
	$(BIN)/python bench/batch.py --write docs/benchmarks.md
	$(BIN)/python bench/hostile.py --write docs/benchmarks.md
	$(BIN)/python bench/screens.py --write docs/benchmarks.md

## walks: drive the standard walks through the web check in chromium at phone size; write
#   docs/usability.md
walks: $(STAMP_TEST) browser
	$(BIN)/python bench/walks.py --write docs/usability.md

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis
