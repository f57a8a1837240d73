# `make test` and `make demo` each set up .venv on first use; nothing else is needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: test demo bench bench-quick lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# One pytest worker per CPU (pytest-xdist); `pytest` alone runs in one process.
test: $(STAMP)
	$(BIN)/python -m pytest -n auto

# The whole workflow on the bundled sample: safe to run twice (nothing changes the
# second time). Check findings are shown, not fatal.
demo: $(STAMP)
	$(BIN)/l10n import demo/captures/wetland-birds.txt
	$(BIN)/l10n extract
	$(BIN)/l10n update
	-$(BIN)/l10n check
	-$(BIN)/l10n check --sources
	$(BIN)/l10n build
	$(BIN)/l10n report
	$(BIN)/python demo/confirm.py

BENCH_VENV := bench/.venv
BENCH_STAMP := $(BENCH_VENV)/.installed

# The benchmark's own venv: the Translate Toolkit (the peer) lives there, never in the
# product's dependencies.
$(BENCH_STAMP): pyproject.toml
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet --upgrade pip
	# The peer at its best: RapidFuzz is its fast fuzzy matcher (`[levenshtein]`), which
	# pot2po otherwise replaces with a pure-Python one. httpx2: the desk's figures.
	$(BENCH_VENV)/bin/pip install --quiet "translate-toolkit[levenshtein]==3.20.4" httpx2
	$(BENCH_VENV)/bin/pip install --quiet -e .
	touch $(BENCH_STAMP)

# The browser's tree (docs/browser-tree.md) and the decoding cost (docs/decoding.md) run
# in the product's venv: they read the corpus with the tests' helpers (and chromium).
# After every change (a few minutes): a slice of the corpus, every table printed,
# BENCHMARKS.md left as the last full run wrote it.
bench-quick: $(BENCH_STAMP)
	$(BENCH_VENV)/bin/python bench/run.py --quick

bench: $(BENCH_STAMP) $(STAMP)
	$(BENCH_VENV)/bin/python bench/run.py $(BENCH_ARGS)
	$(BIN)/python bench/bench_tree.py --quiet
	$(BIN)/python bench/bench_tree.py --quiet --broken
	$(BIN)/python bench/bench_tree.py --speed
	$(BIN)/python bench/bench_decoding.py

lint: $(STAMP)
	$(BIN)/ruff check l10n tests
	$(BIN)/mypy

clean:
	rm -rf $(VENV) $(BENCH_VENV) site
