# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# Local development and tests run with DEBUG; production never reads this file.
export DJANGO_DEBUG ?= 1

.PHONY: install run test lint format messages pull-translations check ci bench backup restore fonts screenshots

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade "pip>=25.1"
	$(BIN)/pip install --quiet --group dev
	touch $@

run: install
	$(MANAGE) compilemessages --verbosity 0
	$(MANAGE) migrate --no-input
	$(MANAGE) load_content
	$(MANAGE) createinitialrevisions --verbosity 0
	$(MANAGE) make_logo_renditions --verbosity 0
	$(MANAGE) runserver 127.0.0.1:8000

test: install
	$(MANAGE) compilemessages --verbosity 0
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Extract every interface string into the catalogue (without source-location noise),
# say what was added, removed and is still untranslated or fuzzy, generate the Serbian
# Cyrillic catalogue from the Latin one, and compile both (core/management/
# commands/messages.py). A broken entry stops it, named by file and line.
# Translators edit locale/sr_Latn/LC_MESSAGES/django.po only (see TRANSLATING.md).
messages: install
	$(MANAGE) messages

# Bring what translators saved on the translation screen in production into the
# repository: FROM is the catalogue downloaded from the screen ("Download the catalogue")
# or a copy of the site's TRANSLATIONS_DIR folder. Then `make messages`; commit the result.
pull-translations: install
	$(if $(FROM),,$(error make pull-translations needs FROM=<the downloaded catalogue>))
	$(MANAGE) pull_translations "$(FROM)"
	$(MANAGE) messages

ci: lint test

# The site's typeface (static/fonts/README.md): Noto Sans from Debian's fonts-noto-core,
# subset to WOFF2. The built files are committed; this is only for changing them.
fonts: install
	$(MANAGE) build_fonts

# How fast the site is under gunicorn with production settings, as a ratio of a bare
# Django app served beside it (bench/run.py; README, "Benchmark"). About 10 minutes on
# 2 cores; longer: make bench BENCH_ARGS="--duration 10 --concurrency 1,16,64 --soak-seconds 300"
bench: install
	$(MANAGE) compilemessages --verbosity 0
	env -u DJANGO_DEBUG $(BIN)/python -m bench.run $(BENCH_ARGS)

# Every page type at 390 and 1280 px, light and dark, in every language, into
# screenshots/ (not committed): a server of its own on a free port, over a database of
# its own with the content loaded (tests/e2e/screenshots.py; Chromium at /usr/bin/chromium).
screenshots: install
	$(MANAGE) compilemessages --verbosity 0
	$(BIN)/python -m tests.e2e.screenshots

# Backups (README, "Deploying"): the database and the uploaded media files in one folder,
# backups/<UTC time> unless BACKUP=... names another (never overwritten). A restore
# replaces the whole database: make restore BACKUP=backups/<time> CONFIRM=yes
backup: install
	$(MANAGE) backup $(if $(BACKUP),--output "$(BACKUP)")

restore: install
	$(if $(BACKUP),,$(error make restore needs BACKUP=<a backup folder>))
	$(MANAGE) restore "$(BACKUP)" $(if $(filter yes,$(CONFIRM)),--yes)
