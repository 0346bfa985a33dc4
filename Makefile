# The two quick-start commands are `make up` and `make test`; everything they need is installed here.
SHELL := /bin/bash
PYTHON ?= python3
# uv however it is installed: on PATH, in pipx's or the standalone installer's folder
# (~/.local/bin, ~/.cargo/bin), as a module of $(PYTHON); else `make setup` installs uv
# $(UV_VERSION) in a virtual environment of its own under .mappa/tools (Debian's system Python
# refuses `pip install` outside one). The Dockerfile pins the same version (a unit test holds it).
UV_VERSION := 0.13.9
UV_TOOL := $(CURDIR)/.mappa/tools/uv-$(UV_VERSION)
FIND_UV := for uv in "$$(command -v uv)" "$${PIPX_BIN_DIR:-$$HOME/.local/bin}/uv" \
  "$$HOME/.local/bin/uv" "$$HOME/.cargo/bin/uv"; do [ -x "$$uv" ] && exec echo "$$uv"; done; \
  $(PYTHON) -m uv --version >/dev/null 2>&1 && exec echo "$(PYTHON) -m uv"; \
  [ -x "$(UV_TOOL)/bin/uv" ] && echo "$(UV_TOOL)/bin/uv"; true
# Found when a recipe runs (after system-deps has installed it if need be).
UV = UV_PYTHON_DOWNLOADS=never $(shell $(FIND_UV))
VENV := .venv/bin

.PHONY: up test setup system-deps lint stop schema which-uv

up: setup  ## local Neo4j, migrations, demo data, API on 127.0.0.1:8000
	$(VENV)/mappa up

test: setup lint  ## the whole test suite against a real Neo4j
	$(VENV)/pytest

lint: setup
	$(VENV)/ruff check app dev seed bench tests examples
	$(VENV)/mypy
	$(VENV)/lint-imports
	$(VENV)/mappa schema check
	$(VENV)/mappa documents --check
	@test -x $(SCHEMA_LINT)/node_modules/.bin/eslint || { echo "$(SCHEMA_LINT) is not installed: \
	  install Node.js and npm, then run make setup again."; exit 1; }
	$(SCHEMA_LINT)/node_modules/.bin/eslint --max-warnings 0 -c $(SCHEMA_LINT)/eslint.config.mjs schema.graphql

schema: setup  ## write schema.graphql: the GraphQL schema the API serves
	$(VENV)/mappa schema > schema.graphql.new && mv schema.graphql.new schema.graphql

stop:  ## stop the local Neo4j servers (development, tests, fault tests and bench)
	-$(VENV)/mappa neo4j stop
	-MAPPA_STATE_DIR=$(CURDIR)/.mappa/test MAPPA_LOCAL_NEO4J_PORT=7688 \
	  MAPPA_LOCAL_NEO4J_CACHE_DIR=$(CURDIR)/.mappa $(VENV)/mappa neo4j stop
	-MAPPA_STATE_DIR=$(CURDIR)/.mappa/bench MAPPA_LOCAL_NEO4J_PORT=7697 \
	  MAPPA_LOCAL_NEO4J_CACHE_DIR=$(CURDIR)/.mappa $(VENV)/mappa neo4j stop
	-MAPPA_STATE_DIR=$(CURDIR)/.mappa/faults \
	  MAPPA_LOCAL_NEO4J_CACHE_DIR=$(CURDIR)/.mappa $(VENV)/mappa neo4j stop

GRAPHQL_WS_CLIENT := tests/clients/graphql-ws
SCHEMA_LINT := tools/schema-lint

setup: system-deps .venv/.synced web/node_modules/.synced $(GRAPHQL_WS_CLIENT)/node_modules/.synced \
       $(SCHEMA_LINT)/node_modules/.synced

system-deps:  ## Java 17 and Maven assemble and run Neo4j; Go builds the audit log's verifier for the tests; Chromium runs the explorer's tests; uv the Python side
	@if ! command -v java >/dev/null || ! command -v mvn >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && apt-get install -y -qq openjdk-17-jdk-headless maven >/dev/null; \
	  else echo "Install Java 17 and Maven (e.g. apt-get install openjdk-17-jdk-headless maven)"; exit 1; fi; \
	fi
	@if ! command -v go >/dev/null; then \
	  echo "Go not found: the audit log's tests check its proofs with clients/tlog-check (Go 1.26 or newer; its modules are vendored)"; exit 1; \
	fi
	@if ! command -v chromium >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium not found: tests/e2e need it (apt-get install chromium); the API does not."; fi; \
	fi
	@if [ -z "$$($(FIND_UV))" ]; then \
	  echo "uv not found: installing uv $(UV_VERSION) into $(UV_TOOL)"; \
	  if ! $(PYTHON) -m venv --help >/dev/null 2>&1 || ! $(PYTHON) -c 'import ensurepip' 2>/dev/null; then \
	    if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	      apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null; \
	    else echo "$(PYTHON) cannot make a virtual environment: install uv, or python3-venv (e.g. apt-get install python3-venv)"; exit 1; fi; \
	  fi; \
	  rm -rf "$(UV_TOOL)" && $(PYTHON) -m venv "$(UV_TOOL)" \
	    && "$(UV_TOOL)/bin/pip" install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"; \
	fi

which-uv:  ## the uv command make uses (for scripts: .ci/runtime-install)
	@$(FIND_UV)

.venv/.synced: pyproject.toml uv.lock
	$(UV) sync --frozen
	@touch $@

web/node_modules/.synced: web/package.json web/package-lock.json  ## GraphiQL's and the explorer's assets
	@if command -v npm >/dev/null; then \
	  cd web && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.synced; \
	else echo "npm not found: GraphiQL (/graphql in a browser) and the link explorer (/explore) need Node.js and npm to install their assets;" \
	  "the API works without them. Install npm, then run make setup again."; fi

$(GRAPHQL_WS_CLIENT)/node_modules/.synced: $(GRAPHQL_WS_CLIENT)/package.json $(GRAPHQL_WS_CLIENT)/package-lock.json  ## the npm graphql-ws client the alert tests drive
	@if command -v npm >/dev/null; then \
	  cd $(GRAPHQL_WS_CLIENT) && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.synced; \
	else echo "npm not found: tests/api/test_graphql_ws_client.py runs the npm graphql-ws client under Node.js;" \
	  "install Node.js and npm, then run make setup again."; fi

$(SCHEMA_LINT)/node_modules/.synced: $(SCHEMA_LINT)/package.json $(SCHEMA_LINT)/package-lock.json  ## @graphql-eslint, which lints schema.graphql
	@if command -v npm >/dev/null; then \
	  cd $(SCHEMA_LINT) && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.synced; \
	else echo "npm not found: make lint runs @graphql-eslint on schema.graphql under Node.js;" \
	  "install Node.js and npm, then run make setup again."; fi
