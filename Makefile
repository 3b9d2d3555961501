# Every developer command of Support Desk. `make run` and `make test` are the two that matter.
SHELL := /bin/bash
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
SUPPORTDESK := $(BIN)/supportdesk
HOST ?= 127.0.0.1
PORT ?= 8000
WEB_CONCURRENCY ?= 2
SIZE ?= 10000
INSTALL_STAMP := $(VENV)/.installed
# Processes started without DJANGO_SETTINGS_MODULE run the production settings; the local
# commands here name the development ones (the tests name theirs in pyproject.toml).
LOCAL_SETTINGS := support_desk.config.settings.base
run dev schema: export DJANGO_SETTINGS_MODULE ?= $(LOCAL_SETTINGS)

FRONTEND := frontend
NPM_STAMP := $(FRONTEND)/node_modules/.package-lock.json
WEB_BUILD := $(FRONTEND)/dist/index.html
# The real OpenID Connect provider the single sign-on tests run (oidc-provider, pinned).
OIDC_PROVIDER := backend/tests/sso/provider
OIDC_PROVIDER_STAMP := $(OIDC_PROVIDER)/node_modules/.package-lock.json
WEB_SOURCES := $(shell find $(FRONTEND)/src $(FRONTEND)/index.html $(FRONTEND)/vite.config.ts $(FRONTEND)/tsconfig.json -type f 2>/dev/null)

.PHONY: install run test test-backend test-web test-e2e lint format schema dev bench fuzz clean

install: $(INSTALL_STAMP) $(WEB_BUILD) $(OIDC_PROVIDER_STAMP) ## Create .venv, install everything and build the web app (quick when nothing changed)

$(INSTALL_STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

# npm ci writes node_modules/.package-lock.json, so it reruns only when the lockfile changes.
$(NPM_STAMP): $(FRONTEND)/package-lock.json
	cd $(FRONTEND) && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(OIDC_PROVIDER_STAMP): $(OIDC_PROVIDER)/package-lock.json
	cd $(OIDC_PROVIDER) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(WEB_BUILD): $(NPM_STAMP) $(WEB_SOURCES)
	cd $(FRONTEND) && npm run build --silent

run: install ## Migrate, load demo data if empty, serve on HOST:PORT with gunicorn
	$(SUPPORTDESK) migrate --noinput
	$(SUPPORTDESK) seed_demo --count 300 --if-empty --no-progress
	$(SUPPORTDESK) assist backfill
	$(SUPPORTDESK) collectstatic --noinput --verbosity 0
	@echo "Support Desk is at http://$(HOST):$(PORT)/  (API: /api/, docs: /api/docs/)"
	$(SUPPORTDESK) serve --bind $(HOST):$(PORT) --workers $(WEB_CONCURRENCY)

test: install test-backend test-web test-e2e ## The whole suite: backend, web app units, browser end-to-end

test-backend:
	$(BIN)/pytest -p no:cacheprovider -n 2 --dist loadfile

test-web:
	cd $(FRONTEND) && npm test --silent

test-e2e: ## Playwright in Debian's chromium, against a real backend on a temporary database
	cd $(FRONTEND) && CI=$${CI:-} E2E_SKIP_BUILD=1 npx playwright test

dev: install ## The API on :8000 and Vite's dev server (with a proxy to it) on :5173
	$(SUPPORTDESK) migrate --noinput
	$(SUPPORTDESK) seed_demo --count 300 --if-empty --no-progress
	$(SUPPORTDESK) assist backfill
	trap 'kill 0' EXIT; DEBUG=true $(SUPPORTDESK) runserver $(HOST):8000 & cd $(FRONTEND) && npm run dev

lint: install ## ruff + mypy + import-linter (the architecture's contracts), Biome + tsc
	$(BIN)/ruff check backend bench
	$(BIN)/ruff format --check backend bench
	$(BIN)/mypy
	$(BIN)/lint-imports
	cd $(FRONTEND) && npm run lint --silent

schema: install ## Write the OpenAPI schema the web app's types are generated from
	$(SUPPORTDESK) spectacular --format openapi-json --validate --fail-on-warn --file $(FRONTEND)/openapi.json
	cd $(FRONTEND) && npm run gen:api --silent

format: install
	$(BIN)/ruff check --fix backend bench
	$(BIN)/ruff format backend bench

bench: install ## Benchmark the API on SIZE demo tickets (PostgreSQL + Redis on 127.0.0.1), then the similar-ticket index: bench/results/
	$(BIN)/python bench/run.py --size $(SIZE)
	$(BIN)/python bench/assist/similar_index.py --size $(SIZE)

fuzz: install ## Schemathesis against a served app: more cases per operation, stateful phase, status codes checked
	FUZZ_LONG=1 $(BIN)/pytest -p no:cacheprovider backend/tests/fuzz -v

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache $(FRONTEND)/node_modules $(FRONTEND)/dist
