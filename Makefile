# Sanshe: two commands on a fresh machine with python3 and make.
#   make run   – set everything up and serve the demo on http://127.0.0.1:8000
#   make test  – run the whole test suite (SQLite, or PostgreSQL via DATABASE_URL)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test test-browser browsers install lint format messages catalogs lock clean

run: install catalogs
	DEBUG=1 $(MANAGE) migrate --no-input
	DEBUG=1 $(MANAGE) load_demo
	DEBUG=1 DEMO_MODE=1 $(MANAGE) create_demo_accounts
	DEBUG=1 $(MANAGE) runserver 127.0.0.1:8000

test: install catalogs browsers
	DEBUG=1 $(BIN)/pytest $(PYTEST_ARGS)

# Only the browser tests (Playwright driving Debian's Chromium).
test-browser: install catalogs browsers
	DEBUG=1 $(BIN)/pytest tests/browser $(PYTEST_ARGS)

# The browser tests drive Debian's Chromium, never a downloaded browser, with the
# CJK fonts so that Chinese renders.
browsers:
	@if [ ! -x /usr/bin/chromium ] || [ ! -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ]; then \
		$(SUDO) apt-get update -q && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-noto-cjk; \
	fi

install: $(VENV)/.installed .env

# A developer checkout runs in development mode (see README, Configuration);
# production has no .env and gives its values in the environment.
.env:
	printf '# Local development settings, written by make (never used in production).\nDEBUG=1\n' > $@

$(VENV)/.installed: requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

catalogs: install
	DEBUG=1 $(MANAGE) compile_catalogs

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Extract strings into locale/ (needs GNU gettext's xgettext; developers only).
messages: install
	DEBUG=1 $(MANAGE) makemessages --locale zh_Hans --locale en --no-obsolete --ignore '.venv/*' --ignore 'staticfiles/*' --ignore 'tests/*' --ignore 'bench/*'

# Regenerate the locked requirements from pyproject.toml (developers only).
lock:
	$(PYTHON) -m pip install --quiet uv==0.13.9
	$(PYTHON) -m uv pip compile pyproject.toml -o requirements.txt --python-version 3.11 --quiet
	$(PYTHON) -m uv pip compile pyproject.toml --group dev -o requirements-dev.txt --python-version 3.11 --quiet

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 db.sqlite3-*
