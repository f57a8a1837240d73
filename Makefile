# `make test` and `make demo` each set up .venv on first use; nothing else is needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: test demo lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

test: $(STAMP)
	$(BIN)/python -m pytest

demo: $(STAMP)
	$(BIN)/l10n extract
	$(BIN)/l10n update
	@echo
	@echo "Templates: locales/*.pot (one per article in source/)."
	@echo "Catalogs:  locales/<locale>/*.po; open one in Poedit, or read it in a text editor."

lint: $(STAMP)
	$(BIN)/ruff check l10n tests
	$(BIN)/mypy

clean:
	rm -rf $(VENV) site
