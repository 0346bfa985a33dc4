# The two quick-start commands are `make up` and `make test`; everything they need is installed here.
SHELL := /bin/bash
PYTHON ?= python3
UV := UV_PYTHON_DOWNLOADS=never $(PYTHON) -m uv
VENV := .venv/bin

.PHONY: up test setup system-deps lint stop schema

up: setup  ## local Neo4j, migrations, demo data, API on 127.0.0.1:8000
	$(VENV)/mappa up

test: setup lint  ## the whole test suite against a real Neo4j
	$(VENV)/pytest

lint: setup
	$(VENV)/ruff check app seed tests examples
	$(VENV)/mypy
	$(VENV)/mappa schema check
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

system-deps:  ## Java 17 and Maven assemble and run Neo4j; Chromium runs the explorer's tests; uv the Python side
	@if ! command -v java >/dev/null || ! command -v mvn >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && apt-get install -y -qq openjdk-17-jdk-headless maven >/dev/null; \
	  else echo "Install Java 17 and Maven (e.g. apt-get install openjdk-17-jdk-headless maven)"; exit 1; fi; \
	fi
	@if ! command -v chromium >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium not found: tests/e2e need it (apt-get install chromium); the API does not."; fi; \
	fi
	@$(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv

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
