# Two commands on a fresh machine: `make up` and `make test`. Everything else is a step of those.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install up test lint typecheck unit integration soak bench clean lock

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock scripts/ensure-system-packages.sh
	scripts/ensure-system-packages.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $(STAMP)

up: install
	$(BIN)/sitrep up samples/articles

test: install lint typecheck
	$(BIN)/pytest -q

lint: install
	$(BIN)/ruff check .

typecheck: install
	$(BIN)/mypy common/sitrep_common services/ingest/sitrep_ingest services/extract/sitrep_extract \
		services/dedupe/sitrep_dedupe services/api/sitrep_api cli/sitrep_cli

unit: install
	$(BIN)/pytest -q tests/unit

integration: install
	$(BIN)/pytest -q tests/integration

# The long runs: the fault tests again with 2,000 articles, then what is marked soak (the 5-minute load test).
soak: install
	SITREP_FAULT_ARTICLES=2000 $(BIN)/pytest -q tests/integration/test_faults.py
	$(BIN)/pytest -q -s -m soak -o addopts=""

# Re-pin after changing dependencies in pyproject.toml.
lock:
	$(BIN)/pip freeze --exclude-editable | grep -v '^sitrep' > requirements.lock

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
