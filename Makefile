# The two commands: `make demo` (serve with demo data on SQLite) and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: demo test install lint typecheck pytest clean messages

$(PY):
	python3 -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -q --upgrade pip
	# CPU torch first: any other torch spec pulls gigabytes of CUDA.
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

node_modules/axe-core/axe.min.js: package.json
	# axe-core for the accessibility checks in the browser tests (npm registry; no browser download).
	npm install --no-audit --no-fund --silent

install: $(STAMP) node_modules/axe-core/axe.min.js

demo: install
	$(VENV)/bin/matcher seed
	$(VENV)/bin/matcher serve --host 127.0.0.1 --port 8000

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	# Layers one-way and no import circles (the contracts are in pyproject.toml).
	$(VENV)/bin/lint-imports

typecheck: install
	$(VENV)/bin/mypy

pytest: install
	$(VENV)/bin/pytest

test: lint typecheck pytest

messages: install
	# The message keys the UI's code and templates use, for translators; the Swedish and English catalogs are
	# service/ui/locale/<lang>/LC_MESSAGES/messages.po (compiled by Babel in memory when the app starts).
	$(VENV)/bin/pybabel extract -F service/ui/locale/babel.cfg -k translate:1 --omit-header \
		-o service/ui/locale/messages.pot service/ui

clean:
	rm -rf $(VENV) matcher.db matcher.db-wal matcher.db-shm test-output .pytest_cache .mypy_cache
