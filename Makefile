PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 3

CHROMIUM := /usr/bin/chromium

.PHONY: install browser vnu proxies wrk run serve stack bench test test-postgres postgres test-browser lint \
	format content export superuser editor clean

# The virtual environment is rebuilt only when the pinned requirements change.
$(BIN)/django-admin: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

install: $(BIN)/django-admin

# Browser tests drive Debian's Chromium (never a downloaded browser); install it when missing.
browser: $(CHROMIUM)
$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	else echo "Browser tests need Debian's chromium: run 'sudo apt-get install chromium'." >&2; exit 1; fi

# The W3C Nu HTML checker for the HTML validity test: npm's vnu-jar, pinned, in .vnu/, run by
# the machine's Java (Debian's Java and npm installed when missing, as root).
VNU_VERSION := 26.9.27
vnu:
	@scripts/vnu.sh $(VNU_VERSION)

# The caching guide's tests start Debian's nginx and Varnish in front of the site.
proxies: /usr/sbin/nginx /usr/sbin/varnishd
/usr/sbin/nginx /usr/sbin/varnishd:
	@if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq nginx-light varnish; \
	else echo "The guide tests need nginx and Varnish: run 'sudo apt-get install nginx-light varnish'." >&2; exit 1; fi

# A local .env with its own random secret key, made once, so the site runs as users see it
# (DEBUG off, real 404 pages) without any key in the repository.
.env:
	printf 'DJANGO_DEBUG=false\nDJANGO_SECRET_KEY=%s\nDJANGO_ALLOWED_HOSTS=127.0.0.1,localhost\n' \
		"$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > .env

# Served by Granian as in production (one worker, reloading on code changes): Django's
# runserver refuses the hop-by-hop header fields that /try/407/ and /try/426/ send.
run: install .env content
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl-C stops)"
	$(BIN)/granian --interface wsgi config.wsgi:application --host $(HOST) --port $(PORT) \
		--workers 1 --reload --access-log

# The site as production runs it: DEBUG off, Granian (docs/benchmarks.md says why), hashed and
# compressed static files. Every setting comes from config/settings.py (environment, .env).
# Granian reads no X-Forwarded-* header: Django alone decides what to trust, as the settings say.
serve: install .env
	$(BIN)/python manage.py migrate --no-input --verbosity 0
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	@echo "Granian on http://$(HOST):$(PORT), $(WORKERS) workers"
	exec $(BIN)/granian --interface wsgi config.wsgi:application --host $(HOST) --port $(PORT) \
		--workers $(WORKERS)

# The production topology on one machine: Varnish on HOST:PORT in front of two app servers,
# PostgreSQL and Redis (Debian's packages, installed when missing); Ctrl-C stops them all.
stack: install
	$(BIN)/python scripts/stack.py

# Bounded load tests, one script per question (each says what it measures): the page side by side
# as a static file, through Varnish, from the origin (nginx and Varnish, Debian's packages, are
# installed by scripts/bench.py when missing); worker memory under cache-busting traffic; the
# Markdown render time of the longest description allowed.
bench: install wrk
	$(BIN)/python scripts/bench.py
	$(BIN)/python scripts/bench_memory.py
	$(BIN)/python scripts/bench_render.py

# wrk from Debian's package, installed when missing.
wrk: /usr/bin/wrk
/usr/bin/wrk:
	@if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq wrk; \
	else echo "make bench needs Debian's wrk: run 'sudo apt-get install wrk'." >&2; exit 1; fi

# Tests get their own throwaway settings from the environment.
test: export DJANGO_SECRET_KEY = test-only-secret-key
test: export DJANGO_ALLOWED_HOSTS = testserver,127.0.0.1,localhost
test: install browser vnu proxies lint
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest -m "not servers"

# The suite again on PostgreSQL (Debian's server, installed and started when missing, as root)
# with Redis as the shared cache (scripts/with-redis.sh starts one and stops it afterwards), and
# the end-to-end tests over several servers (marked `servers`), which need both.
PG_URL := postgres://httpstatus:httpstatus@127.0.0.1:5432/httpstatus
test-postgres: export DJANGO_SECRET_KEY = test-only-secret-key
test-postgres: export DJANGO_ALLOWED_HOSTS = testserver,127.0.0.1,localhost
test-postgres: export DATABASE_URL = $(PG_URL)
test-postgres: install browser vnu proxies postgres
	scripts/with-redis.sh $(BIN)/pytest

postgres:
	@scripts/postgres.sh

test-browser: export DJANGO_SECRET_KEY = test-only-secret-key
test-browser: export DJANGO_ALLOWED_HOSTS = testserver,127.0.0.1,localhost
test-browser: install browser
	$(BIN)/pytest -m browser

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

content: install .env
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py create_editor_group
	$(BIN)/python manage.py load_content

export: install .env
	$(BIN)/python manage.py export_content

superuser: install .env
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py createsuperuser

# Give an existing account the editor role: make editor NAME=alice
editor: install .env
	@test -n "$(NAME)" || { echo "Usage: make editor NAME=username" >&2; exit 1; }
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py create_editor_group --add "$(NAME)"

clean:
	rm -rf $(VENV) staticfiles .cache .pytest_cache .ruff_cache .hypothesis .vnu
