# The two commands of the README: `make run` and `make test`. Only Python 3.11+ is assumed.
PYTHON ?= python3
VENV := .venv
UV := $(VENV)/bin/uv
BIN := $(VENV)/bin
UV_VERSION := 0.13.8
export DJANGO_SETTINGS_MODULE := mahalleh.config.settings
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve test venv demo lint typecheck check clean bench

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

# The production server (gunicorn, static files by whitenoise, DEBUG=0) on the same database as `make run`:
# plain HTTP, local use only (deployments go behind a TLS proxy). The key is made once, kept out of git.
# DEBUG=0 turns every HTTPS protection on; over plain HTTP they are turned off here (no redirect to
# https://, cookies without Secure, no HSTS), and only here.
SERVE_HTTP_ENV := SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 SECURE_HSTS_SECONDS=0
SECRET_KEY_FILE := .local/secret_key

$(SECRET_KEY_FILE): | $(BIN)/python
	mkdir -p $(dir $@)
	umask 077 && $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@

serve: venv $(SECRET_KEY_FILE)
	$(BIN)/mahalleh migrate --noinput -v0
	SECRET_KEY="$$(cat $(SECRET_KEY_FILE))" DEBUG=0 $(SERVE_HTTP_ENV) ALLOWED_HOSTS=127.0.0.1,localhost HOST=$(HOST) PORT=$(PORT) \
		$(BIN)/gunicorn -c src/mahalleh/config/gunicorn.py

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
	rm -rf $(VENV) mahalleh.sqlite3 staticfiles media .local
