# The two commands people need:
#   make run    the intranet on http://127.0.0.1:8000 (PORT=...), embedded defaults, no services needed
#   make test   the whole suite against throwaway PostgreSQL, Redis, Elasticsearch and Keycloak
#               (PYTEST_ARGS="tests/feed -x" to narrow it; CI=true makes every service mandatory)
# Helpers: make services / make services-stop (the same throwaway services, for a shell: `. var/services/env`).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
# Each recipe runs as one bash script, so traps and variables span its lines.
.ONESHELL:
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
VENV_PYTHON := $(VENV)/bin/python
PIP_INSTALL := $(VENV_PYTHON) -m pip install --quiet --disable-pip-version-check
# scripts/services.py needs only the standard library: it runs before the virtualenv exists.
SERVICES := $(PYTHON) scripts/services.py
PYTEST_ARGS ?=
TEST_LOG := var/test-reports/pytest.log

.PHONY: help run test lint format mutate services services-stop messages bench lock lock-upgrade wheel

help:
	@echo "make run            start the intranet on http://127.0.0.1:$${PORT:-8000} (embedded defaults)"
	echo "make test           run the tests against throwaway services (PYTEST_ARGS=... to narrow)"
	echo "make lint           ruff (lint and format check) and mypy, as tests/test_static_checks.py runs them"
	echo "make format         ruff's fixes and formatting over the repository"
	echo "make services       start throwaway PostgreSQL, Redis, Elasticsearch, Keycloak; then: . var/services/env"
	echo "make services-stop  stop them"
	echo "make bench          messaging benchmark: one daphne (Redis, PostgreSQL) against raw websockets"
	echo "make messages       update the translation catalogues (fi, sv, en) and compile them (GNU gettext)"
	echo "make lock           requirements.lock from pyproject.toml (hashes; keeps the pins it can; lock-upgrade: newest)"
	echo "make wheel          the project's wheel in dist/, as the image builds it (scripts/build_wheel.py)"
	echo "make mutate         mutation testing of the visibility rules (MODULE=people/visibility.py; docs/testing.md)"

$(VENV_PYTHON):
	$(PYTHON) -m venv $(VENV)

# Stamp files: install again only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(VENV_PYTHON)
	$(PIP_INSTALL) -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(VENV_PYTHON)
	$(PIP_INSTALL) -e '.[dev]'
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	export BASE_URL="$${BASE_URL:-http://127.0.0.1:$${PORT:-8000}}"
	$(VENV_PYTHON) manage.py migrate --noinput
	$(VENV_PYTHON) manage.py seed_demo
	exec $(VENV)/bin/daphne -b 127.0.0.1 -p $${PORT:-8000} intranet.asgi:application

test: $(VENV)/.installed-dev
	@require=""
	if [[ "$${CI:-}" =~ ^(1|true|TRUE|True|yes)$$ ]]; then
	  require="--require"
	  export REQUIRE_SERVICES=1
	fi
	# Stop the services afterwards only when this run started them (a `make services` ones stay up).
	started=0
	stop_services() {
	  if [[ $$started == 1 ]]; then started=0; $(SERVICES) stop 2>/dev/null || true; fi
	}
	trap stop_services EXIT
	trap 'exit 130' INT TERM
	if ! $(SERVICES) status --quiet; then
	  started=1
	  $(SERVICES) start $$require >/dev/null
	fi
	. var/services/env
	# Unique names per run, so runs sharing a Redis or an Elasticsearch never see each other's data.
	run_id="test-$$($(VENV_PYTHON) -c 'import uuid; print(uuid.uuid4().hex[:12])')"
	export SEARCH_INDEX_PREFIX="$$run_id" CHANNEL_LAYER_PREFIX="$$run_id" CACHE_KEY_PREFIX="$$run_id"
	mkdir -p "$$(dirname $(TEST_LOG))"
	color=""; if [[ -t 1 ]]; then color="--color=yes"; fi
	set +e
	$(VENV_PYTHON) -m pytest $$color $(PYTEST_ARGS) 2>&1 | tee $(TEST_LOG)
	status=$${PIPESTATUS[0]}
	set -e
	stop_services
	# pytest's closing line ("=== 12 passed in 3.4s ==="), repeated after the services' shutdown.
	plain="$$(sed -E 's/\x1B\[[0-9;]*[mK]//g' $(TEST_LOG))"
	summary="$$(grep -E '^=+ .* in [0-9.]+s' <<<"$$plain" | tail -n 1 || true)"
	echo "pytest exit code $$status: $${summary:-$$(tail -n 1 <<<"$$plain")}"
	exit $$status

# The messaging benchmark (bench/messaging.py) on the running services, or throwaway ones started for it.
bench: $(VENV)/.installed-dev
	started=0
	stop_services() {
	  if [[ $$started == 1 ]]; then started=0; $(SERVICES) stop 2>/dev/null || true; fi
	}
	trap stop_services EXIT
	if [[ -z "$${DATABASE_URL:-}" || -z "$${REDIS_URL:-}" ]]; then
	  # Only what the bench uses: a JVM starting beside it (Elasticsearch, Keycloak) would skew the figures.
	  if ! $(SERVICES) status --quiet; then started=1; $(SERVICES) start --only postgres,redis >/dev/null; fi
	  . var/services/env
	fi
	$(VENV_PYTHON) bench/messaging.py

services:
	$(SERVICES) start

services-stop:
	$(SERVICES) stop

# Translations: every string of the apps into intranet/locale/{fi,sv,en}, then compiled. Only the apps'
# sources are scanned (hidden folders such as .venv are skipped by default).
MESSAGES_IGNORE := --ignore=var --ignore=tests --ignore=bench --ignore=scripts --ignore=docs \
	--ignore=build --ignore=dist --ignore=node_modules --ignore='*.egg-info'
messages: $(VENV)/.installed
	for domain in django djangojs; do
	  $(VENV_PYTHON) manage.py makemessages --no-obsolete --domain $$domain \
	    --locale=fi --locale=sv --locale=en $(MESSAGES_IGNORE)
	done
	$(VENV_PYTHON) manage.py compilemessages --ignore='.*' $(MESSAGES_IGNORE)

# The production lock file (scripts/lock.sh; tests/packaging checks it matches pyproject.toml) and the wheel.
lint: $(VENV)/.installed-dev
	$(VENV_PYTHON) -m ruff check .
	$(VENV_PYTHON) -m ruff format --check .
	$(VENV_PYTHON) -m mypy

format: $(VENV)/.installed-dev
	$(VENV_PYTHON) -m ruff check --fix .
	$(VENV_PYTHON) -m ruff format .

lock: $(VENV)/.installed-dev
	scripts/lock.sh

lock-upgrade: $(VENV)/.installed-dev
	LOCK_UPGRADE=1 scripts/lock.sh

# Mutants of the visibility modules, each judged by the tests that call the mutated function, among
# the selection in [tool.mutmut] of pyproject.toml. One worker: the mutants share one kept test database
# (--reuse-db). With no argument: every mutant not run yet (mutants/ remembers results; hours).
# MODULE=people/visibility.py runs (again) that module's mutants; MUTANTS='messaging.rules.x_may_talk*'
# names mutants (shell patterns) and wins over MODULE.
MODULE ?=
MUTANTS ?= $(if $(MODULE),'$(subst /,.,$(basename $(MODULE))).*')
mutate: $(VENV)/.installed-dev
	started=0
	stop_services() {
	  if [[ $$started == 1 ]]; then started=0; $(SERVICES) stop 2>/dev/null || true; fi
	}
	trap stop_services EXIT
	trap 'exit 130' INT TERM
	if ! $(SERVICES) status --quiet; then
	  started=1
	  $(SERVICES) start >/dev/null
	fi
	. var/services/env
	run_id="mutate-$$($(VENV_PYTHON) -c 'import uuid; print(uuid.uuid4().hex[:12])')"
	export SEARCH_INDEX_PREFIX="$$run_id" CHANNEL_LAYER_PREFIX="$$run_id" CACHE_KEY_PREFIX="$$run_id"
	export HYPOTHESIS_PROFILE=mutation  # tests/conftest.py: a failing property is not shrunk
	$(VENV)/bin/mutmut run --max-children 1 $(MUTANTS)
	$(VENV)/bin/mutmut results

wheel: | $(VENV_PYTHON)
	$(VENV_PYTHON) scripts/build_wheel.py --out dist
