# Entry points. Every target bootstraps what it needs: a virtual environment in .venv with
# the pinned versions of requirements/dev.lock.txt, recreated when that file changes.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEV_LOCK := requirements/dev.lock.txt
DEV_STAMP := $(VENV)/.installed-$(shell sha256sum $(DEV_LOCK) | cut -c1-16)
PROJECT_STAMP := $(VENV)/.project-installed
CHECKOV_VENV := .venv-checkov
CHECKOV_LOCK := requirements/checkov.lock.txt
CHECKOV_STAMP := $(CHECKOV_VENV)/.installed-$(shell sha256sum $(CHECKOV_LOCK) | cut -c1-16)
PIP_FLAGS := --quiet --disable-pip-version-check --no-input

PY_SOURCES := functions orgbackup rehearsal tests bench
TEMPLATES := $(sort $(wildcard templates/*.yaml pipeline/*.yaml))
OUT := out
# The deployment configuration (deploy/config.example.yaml documents every field).
CONFIG ?= deploy/config.example.yaml
BUILDSPEC := $(BIN)/python -m rehearsal.buildspec

.PHONY: help venv lint lint-python lint-templates scan test pytest snapshots package bench demo lock clean \
	deploy-config publish bootstrap emulator

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

$(DEV_STAMP): $(DEV_LOCK)
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required")'
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install $(PIP_FLAGS) -r $(DEV_LOCK)
	@# Import the Lambda packages, orgbackup/ and rehearsal/ by name from any command run in the venv,
	@# including function folders added after the venv was made.
	$(BIN)/python -c 'import pathlib, sysconfig; pathlib.Path(sysconfig.get_paths()["purelib"], \
		"org_backup_sources.pth").write_text("$(CURDIR)/functions\n$(CURDIR)\n")'
	touch $@

# The project itself, editable, for its console scripts (backup-policy).
$(PROJECT_STAMP): $(DEV_STAMP) pyproject.toml
	$(BIN)/python -m pip install $(PIP_FLAGS) --no-deps --editable .
	touch $@

$(CHECKOV_STAMP): $(CHECKOV_LOCK)
	rm -rf $(CHECKOV_VENV)
	$(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/python -m pip install $(PIP_FLAGS) -r $(CHECKOV_LOCK)
	touch $@

venv: $(PROJECT_STAMP) ## create or refresh .venv with the pinned toolchain and the project

lint-python: $(PROJECT_STAMP)
	$(BIN)/ruff check $(PY_SOURCES)
	$(BIN)/ruff format --check $(PY_SOURCES)
	$(BIN)/mypy $(PY_SOURCES)

lint-templates: $(PROJECT_STAMP)
	$(BIN)/cfn-lint --non-zero-exit-code warning -- $(TEMPLATES)

scan: $(CHECKOV_STAMP) ## security scan of every template (checkov, offline)
	$(CHECKOV_VENV)/bin/checkov --quiet --compact --skip-download --framework cloudformation \
		$(addprefix --file ,$(TEMPLATES))

lint: lint-python lint-templates scan ## ruff, mypy, cfn-lint (warnings fail) and checkov

# CI runs the pipeline's own buildspecs through the local runner, so a broken buildspec
# fails here: validate runs `make lint` and `make deploy-config`, test runs `make pytest`.
test: $(PROJECT_STAMP) ## everything CI runs: the validate and test buildspecs (lint, then pytest)
	$(BUILDSPEC) buildspecs/validate.yml --env CONFIG=$(CONFIG)
	$(BUILDSPEC) buildspecs/test.yml

pytest: $(PROJECT_STAMP) ## pytest with coverage; JUnit and Cobertura reports in out/
	$(BIN)/pytest --cov --cov-report=term-missing:skip-covered --cov-report=xml:$(OUT)/coverage.xml \
		--junitxml=$(OUT)/junit.xml

deploy-config: $(PROJECT_STAMP) ## validate CONFIG and write the pipeline's template configuration
	$(if $(filter file,$(origin CONFIG)),@echo "CONFIG is not set: checking the example $(CONFIG) (make deploy-config CONFIG=deploy/config.yaml checks yours)")
	$(BIN)/python -m orgbackup.deploy.publish --config $(CONFIG) --no-upload --stack pipeline \
		--out $(OUT)/deploy

publish: $(PROJECT_STAMP) ## upload dist/ and policies/ where missing; write out/deploy/*.json
	$(BIN)/python -m orgbackup.deploy.publish --config $(CONFIG) --out $(OUT)/deploy

bootstrap: $(PROJECT_STAMP) ## print (EXECUTE=1: run) every bootstrap stack for CONFIG
	$(BIN)/python -m orgbackup.deploy.bootstrap --config $(CONFIG) $(if $(EXECUTE),--execute)

snapshots: $(PROJECT_STAMP) ## rebuild tests/policies/bad/*.expected.json (review the diff)
	$(BIN)/python tests/policies/update_snapshots.py

package: $(PROJECT_STAMP) ## one reproducible zip per Lambda in dist/ (rebuilt only when its inputs change)
	$(BIN)/python -m orgbackup.package --dist dist

bench: $(PROJECT_STAMP) ## run every benchmark in bench/; tables on stdout, JSON in out/bench/
	@mkdir -p $(OUT)/bench
	@set -e; for script in bench/[!_]*.py; do \
		name=$$(basename $$script .py); \
		echo "== $$name"; \
		$(BIN)/python -m bench.$$name --json $(OUT)/bench/$$name.json; \
	done

demo: package ## rehearse CONFIG in the embedded emulator: bootstrap, pipeline deploy, StackSets
	$(BIN)/python -m rehearsal.flow --config $(CONFIG)

emulator: $(PROJECT_STAMP) ## serve CONFIG's organization, policies attached, on 127.0.0.1 until Ctrl-C
	$(BIN)/python -m rehearsal.emulator.sample_org --config $(CONFIG)

lock: ## re-pin requirements/*.lock.txt from requirements/*.txt (needs the package index)
	rm -rf build/lock && mkdir -p build/lock
	$(PYTHON) -m venv build/lock/dev && build/lock/dev/bin/pip install $(PIP_FLAGS) -r requirements/dev.txt
	build/lock/dev/bin/pip freeze --all --exclude pip --exclude setuptools > $(DEV_LOCK)
	$(PYTHON) -m venv build/lock/checkov && build/lock/checkov/bin/pip install $(PIP_FLAGS) -r requirements/checkov.txt
	build/lock/checkov/bin/pip freeze --all --exclude pip --exclude setuptools > $(CHECKOV_LOCK)

clean: ## remove build outputs (keeps the virtual environments)
	rm -rf build dist $(OUT) .coverage .mypy_cache .ruff_cache .pytest_cache
