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

.PHONY: install run test test-backend lint format schema dev bench fuzz clean

install: $(INSTALL_STAMP) ## Create .venv and install everything (quick when nothing changed)

$(INSTALL_STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade "pip>=24"
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

run: install ## Migrate, load demo data if empty, serve on HOST:PORT with gunicorn
	$(SUPPORTDESK) migrate --noinput
	$(SUPPORTDESK) seed_demo --count 300 --if-empty --no-progress
	$(SUPPORTDESK) collectstatic --noinput --verbosity 0
	@echo "Support Desk is at http://$(HOST):$(PORT)/  (API: /api/, docs: /api/docs/)"
	$(BIN)/gunicorn support_desk.config.wsgi:application --bind $(HOST):$(PORT) \
		--workers $(WEB_CONCURRENCY) --threads 4 --access-logfile - --graceful-timeout 10

test: install test-backend ## The whole suite

test-backend:
	$(BIN)/pytest -p no:cacheprovider -n 2 --dist loadfile

lint: install ## ruff + mypy
	$(BIN)/ruff check backend
	$(BIN)/ruff format --check backend
	$(BIN)/mypy

schema: install ## Write the OpenAPI schema the web app's types are generated from
	$(SUPPORTDESK) spectacular --format openapi-json --validate --fail-on-warn --file frontend/openapi.json

format: install
	$(BIN)/ruff check --fix backend
	$(BIN)/ruff format backend

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache
