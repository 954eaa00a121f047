# The two commands of the README: `make run` and `make test`. Only Python 3.11+ is assumed.
PYTHON ?= python3
VENV := .venv
UV := $(VENV)/bin/uv
BIN := $(VENV)/bin
UV_VERSION := 0.13.8
export DJANGO_SETTINGS_MODULE := mahalleh.config.settings
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test venv demo lint typecheck check clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# The lockfile (uv.lock) pins every package; --frozen refuses to run if it is out of date.
$(VENV)/.synced: $(BIN)/python pyproject.toml uv.lock
	UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --frozen --inexact --quiet
	touch $@

venv: $(VENV)/.synced

demo: venv
	$(BIN)/mahalleh migrate --noinput -v0
	$(BIN)/mahalleh load_demo

run: demo
	@$(BIN)/mahalleh demo_logins
	$(BIN)/mahalleh runserver $(HOST):$(PORT)

test: venv
	$(BIN)/mahalleh check --fail-level WARNING
	$(BIN)/mahalleh makemigrations --check --dry-run -v0
	$(BIN)/pytest $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports

typecheck: venv
	$(BIN)/mypy src

check: lint typecheck test

bench: venv
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) mahalleh.sqlite3 staticfiles media
