# seedance-contract: every developer and CI entry point. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

UV ?= $(shell command -v uv 2>/dev/null || echo python3 -m uv)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.seedance-setup

PORT ?= 4010
# pytest-xdist workers for `make test`: the suite waits on servers and task lifecycles much of
# the time, so 4 keep 2 cores busy. Whole files go to the workers in collection order, the
# files reading the harness campaign last (contract_tests/fakes/harness_fixtures.py).
WORKERS ?= 4
UPSTREAM ?=
FROM ?=
BASE_URL ?=
API_KEY ?=
TARGET ?=
MAX_BILLABLE ?=
PLAN ?=
RATE ?=
REPLAY ?=
RECORD ?=
MODELS ?=
export BASE_URL API_KEY TARGET MAX_BILLABLE PLAN RATE REPLAY RECORD MODELS
# `make record` writes here unless DIR=… says otherwise: one folder per kind of target.
DIR ?= recordings/$(if $(filter live,$(TARGET)),live,$(if $(BASE_URL),server,mock))

.PHONY: help setup generate check-generated lint lint-spec test pytest-workers test-deep contract-test record mock drift vendor bench docs clean

help: ## list every target (defaults shown are the values in force now)
	@awk -v port="$(PORT)" -v workers="$(WORKERS)" 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / \
		{ text = $$2; gsub(/@PORT@/, port, text); gsub(/@WORKERS@/, workers, text); \
		  printf "  make %-16s %s\n", $$1, text }' \
		$(MAKEFILE_LIST)

$(STAMP): pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen --all-extras
	@touch $(STAMP)

setup: $(STAMP) ## create .venv with uv from uv.lock (installs uv with pip if missing)

generate: $(STAMP) ## bundle openapi/seedance.yaml and regenerate generated_client/ (byte-identical on a re-run)
	$(PY) scripts/bundle_spec.py
	$(PY) scripts/generate_client.py

check-generated: $(STAMP) ## fail when openapi/seedance.yaml or generated_client/ differ from what `make generate` makes
	$(PY) scripts/check_generated.py

lint: $(STAMP) ## ruff check, ruff format --check, mypy --strict, workflow validation
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	@if compgen -G ".github/workflows/*.yml" >/dev/null; then \
		$(VENV)/bin/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml; fi

lint-spec: $(STAMP) ## report where the spec's prose and schema disagree (reports/spec-lint.md)
	$(VENV)/bin/seedance lint-spec $(if $(SPEC),--spec "$(SPEC)") $(if $(STRICT),--strict)

test: $(STAMP) ## the whole offline suite: lint, check-generated and pytest on @WORKERS@ workers (WORKERS=…), side by side
	@$(MAKE) --no-print-directory -j3 lint check-generated pytest-workers

# The suite starts ~150 Python processes (workers, commands, harness runs): it keeps their
# bytecode (__pycache__/, git-ignored) even when PYTHONDONTWRITEBYTECODE is set, or each would
# compile the package again (~20 CPU-s of a run on 2 cores).
pytest-workers: $(STAMP)
	env -u PYTHONDONTWRITEBYTECODE $(VENV)/bin/pytest -n $(WORKERS) --dist loadfile --no-loadscope-reorder

test-deep: $(STAMP) ## the slow tier: the mock against schemathesis with thousands of examples
	$(VENV)/bin/pytest -m deep

contract-test: $(STAMP) ## contract suite vs the embedded mock, every vendored model (MODELS=a,b: those only); BASE_URL=… API_KEY=… [MAX_BILLABLE=N] or TARGET=live; REPLAY=DIR judges a recording offline
	$(VENV)/bin/seedance contract-test

record: $(STAMP) ## run the contract suite and keep every exchange in DIR (default recordings/mock; BASE_URL=… / TARGET=live MAX_BILLABLE=N)
	@test -z "$(REPLAY)" || { echo "make record: REPLAY is set; a recording is made against a target" >&2; exit 2; }
	$(VENV)/bin/seedance contract-test --record "$(DIR)"

mock: $(STAMP) ## serve the mock gateway on 127.0.0.1:@PORT@ (PORT=…; key: SEEDANCE_API_KEY, else sk-mock)
	$(VENV)/bin/seedance mock --port $(PORT)

drift: $(STAMP) ## compare every vendored page with its own published copy (UPSTREAM=url, path or directory of pages; default each page's lock URL)
	@$(VENV)/bin/seedance drift $(if $(UPSTREAM),--upstream "$(UPSTREAM)") \
		$(if $(FAIL_ON),--fail-on $(FAIL_ON)) $(if $(FORMAT),--format $(FORMAT)); code=$$?; \
	case $$code in 0) ;; 1) echo "make drift: DRIFT (seedance drift exit 1)" >&2 ;; \
		2) echo "make drift: UNREADABLE (seedance drift exit 2)" >&2 ;; \
		*) echo "make drift: seedance drift exit $$code" >&2 ;; esac; exit $$code

vendor: $(STAMP) ## adopt a new upstream: make vendor FROM=url-or-path (bundles, generates, lints in a scratch tree; writes nothing unless all pass)
	@test -n "$(FROM)" || { echo "usage: make vendor FROM=url-or-path" >&2; exit 2; }
	$(PY) scripts/vendor_spec.py --from "$(FROM)"

bench: $(STAMP) ## benchmarks: mock throughput vs ceiling vs Prism, contract-test wall time
	$(PY) scripts/bench.py

docs: $(STAMP) ## build the documentation (docs/, mkdocs.yml) into site/; any warning fails
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict

clean: ## remove caches, reports and the built docs (keeps .venv)
	rm -rf reports site .pytest_cache .mypy_cache .ruff_cache
	find . -name __pycache__ -type d -prune -not -path './.venv/*' -exec rm -rf {} +
