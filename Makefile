PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 3
CHROMIUM := /usr/bin/chromium

# Each set-up step prints one line, a failing one ends with what to do: scripts/step.sh for the
# installs (before there is a Django to run), manage.py prepare_site for everything after.
MANAGE := $(BIN)/python manage.py
# Granian (docs/benchmarks.md says why) with the options of scripts/servers.py, started by
# scripts/serve.py so that it ends with make however make ends.
SERVE := $(BIN)/python scripts/serve.py --host $(HOST) --port $(PORT)

.PHONY: install install-runtime lock port-free browser vnu images proxies wrk go rack node-frameworks run serve \
	stack bench test \
	test-postgres postgres test-browser lint format content export superuser logins editor clean

# .venv gets the exact versions of a lock file (requirements/*.txt, made by `make lock` from the
# ranges in pyproject.toml), installed by uv; again only when that lock changes. The runtime set
# is all that make run, make serve and production need; the test set adds the test tools.
$(VENV)/.runtime-installed: requirements/runtime.txt
	@PYTHON=$(PYTHON) scripts/install.sh requirements/runtime.txt
	@touch $@
$(VENV)/.test-installed: requirements/test.txt
	@PYTHON=$(PYTHON) scripts/install.sh requirements/test.txt
	@touch $@

install: $(VENV)/.test-installed .env
install-runtime: $(VENV)/.runtime-installed .env

# Regenerate both locks from pyproject.toml after changing a range or adding a package; versions
# already locked stay unless the ranges exclude them (`make lock UPGRADE=1` moves all to newest).
lock: install-runtime
	@for set in runtime test; do \
		$(BIN)/uv pip compile pyproject.toml --quiet --universal --python-version 3.11 \
			$$([ $$set = test ] && echo --group test) $(if $(UPGRADE),--upgrade) \
			--custom-compile-command "make lock" --output-file requirements/$$set.txt \
		|| exit 1; echo "-> requirements/$$set.txt: $$(grep -cE '^[a-z0-9]' requirements/$$set.txt) packages"; \
	done

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

# The preview image for shared links and the touch icon, drawn in HTML and photographed by
# Debian's Chromium into static/ (the PNGs are committed; run this after changing their design).
images: install browser
	$(BIN)/python scripts/share_images.py

# The guides' measuring tests start Debian's nginx and Varnish and run curl; the stored-pages
# tests start Varnish with scripts/varnish.vcl, which needs the xkey vmod.
XKEY := /usr/lib/x86_64-linux-gnu/varnish/vmods/libvmod_xkey.so
proxies: /usr/sbin/nginx /usr/sbin/varnishd /usr/bin/curl $(XKEY)
/usr/sbin/nginx /usr/sbin/varnishd /usr/bin/curl $(XKEY):
	@if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq nginx-light varnish varnish-modules curl; \
	else echo "The proxy tests need nginx, Varnish and curl: run 'sudo apt-get install nginx-light varnish varnish-modules curl'." >&2; exit 1; fi

# A local .env with its own random secret key, made once by the first install, so the site runs
# as users see it (DEBUG off, real 404 pages) and manage.py works in the checkout, without any key
# in the repository.
.env:
	@echo "-> Writing .env: DEBUG off, a new random secret key, local host names"
	@printf 'DJANGO_DEBUG=false\nDJANGO_SECRET_KEY=%s\nDJANGO_ALLOWED_HOSTS=127.0.0.1,localhost\n' \
		"$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > .env

# Served by Granian as in production (one worker, started again when a file of code changes:
# never for what the site itself writes, its database or its cache): Django's runserver refuses
# the hop-by-hop header fields that /try/407/ and /try/426/ send.
run: port-free install-runtime
	@$(MANAGE) prepare_site migrate group content static
	@echo "-> Serving at http://$(HOST):$(PORT)/ (Ctrl-C stops)"
	@exec $(SERVE) --workers 1 --reload

# Checked before anything is installed, so a taken port costs no time.
port-free:
	@$(PYTHON) scripts/servers.py $(HOST) $(PORT) \
		"use another port: make $(or $(filter run serve,$(MAKECMDGOALS)),run) PORT=$$(($(PORT) + 1))"

# The site as production runs it: DEBUG off, Granian, hashed and compressed static files. Every
# setting comes from config/settings.py (environment, .env), as for every other process.
serve: port-free install-runtime
	@$(MANAGE) prepare_site migrate static
	@echo "-> Granian at http://$(HOST):$(PORT), $(WORKERS) workers"
	@exec $(SERVE) --workers $(WORKERS)

# The production topology on one machine: Varnish on HOST:PORT in front of two app servers,
# PostgreSQL and Redis (Debian's packages, installed when missing); Ctrl-C stops them all.
stack: install-runtime
	@$(BIN)/python scripts/stack.py

# Bounded load tests, one script per question (each says what it measures): the page side by side
# as a static file, through Varnish, from the origin (nginx and Varnish, Debian's packages, are
# installed by scripts/bench.py when missing); worker memory under cache-busting traffic; the
# Markdown render time of the longest description allowed; the word difference time of the
# longest texts allowed; an uncached page render's CPU time.
bench: install wrk
	$(BIN)/python scripts/bench.py
	$(BIN)/python scripts/bench_memory.py
	$(BIN)/python scripts/bench_render.py
	$(BIN)/python scripts/bench_diff.py
	$(BIN)/python scripts/bench_page_render.py

# wrk from Debian's package, installed when missing.
wrk: /usr/bin/wrk
/usr/bin/wrk:
	@if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq wrk; \
	else echo "make bench needs Debian's wrk: run 'sudo apt-get install wrk'." >&2; exit 1; fi

# Go's net/http and Ruby's Rack, Debian's packages, installed when missing: the code pages show
# their status names, checked against them in the tests (tests/test_frameworks.py); the redirect
# guide's tests build and measure a net/http client (tests/redirect_client.go).
go: /usr/bin/go
/usr/bin/go:
	@if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq golang-go; \
	else echo "The tests need Debian's golang-go: run 'sudo apt-get install golang-go'." >&2; exit 1; fi

rack: /usr/bin/rackup
/usr/bin/rackup:
	@if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq ruby-rack; \
	else echo "The tests need Debian's ruby-rack: run 'sudo apt-get install ruby-rack'." >&2; exit 1; fi

# Express and NestJS, pinned by tests/node/package-lock.json, installed into tests/node/node_modules
# (git-ignored) by the machine's npm (Debian's npm when missing, as root); again only when the
# lock changes. The tests check the status names against them and run the Express lines.
node-frameworks: tests/node/node_modules/.package-lock.json
tests/node/node_modules/.package-lock.json: tests/node/package-lock.json
	@command -v npm >/dev/null || if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq npm; \
	else echo "The tests need npm: run 'sudo apt-get install npm'." >&2; exit 1; fi
	@npm ci --prefix tests/node --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

# One worker per core, each with its own database and caches (files stay on one worker: see
# addopts in pyproject.toml).
PYTEST_PARALLEL := --numprocesses auto

# The suite's own settings come from pyproject.toml ([tool.pytest.ini_options] env), so a bare
# `pytest` works as well; tests/test_project.py runs Django's checks and the migrations check.
test: install browser vnu proxies go rack node-frameworks lint
	$(BIN)/pytest $(PYTEST_PARALLEL)

# On PostgreSQL (Debian's server, installed and started when missing, as root) with Redis as the
# shared cache (scripts/with-redis.sh starts one and stops it afterwards): the tests whose result
# can depend on the database (marked `database`), and the end-to-end tests over several servers
# (marked `servers`), which need both. The rest does not touch what differs between databases.
PG_URL := postgres://httpstatus:httpstatus@127.0.0.1:5432/httpstatus
test-postgres: export DATABASE_URL = $(PG_URL)
test-postgres: install browser vnu proxies postgres
	scripts/with-redis.sh $(BIN)/pytest $(PYTEST_PARALLEL) --servers -m "database or servers"

postgres:
	@scripts/postgres.sh

test-browser: install browser
	$(BIN)/pytest -m browser

# The hooks of .pre-commit-config.yaml on every file: django-upgrade, ruff and djade.
lint: install
	$(BIN)/pre-commit run --all-files --show-diff-on-failure

# The same hooks, letting them rewrite the files; the second run fails only on what no tool
# can fix by itself (a ruff finding to fix by hand).
format: install
	@$(BIN)/pre-commit run --all-files >/dev/null || $(BIN)/pre-commit run --all-files

# Migrate, create the editor group, load the content: one process, one line per step.
content: install-runtime .env
	@$(MANAGE) prepare_site

export: install-runtime .env
	$(BIN)/python manage.py export_content

# Asks for a name, e-mail and password (interactive); `make logins` asks nothing.
superuser: install-runtime .env
	@$(MANAGE) prepare_site migrate
	$(MANAGE) createsuperuser

# Without questions, for scripts and first deploys: a superuser and/or an editor from
# environment variables (README, "Admin logins"); accounts that exist are left alone.
logins: install-runtime .env
	@$(MANAGE) prepare_site migrate
	@$(MANAGE) create_logins

# Give an existing account the editor role: make editor NAME=alice
editor: install-runtime .env
	@test -n "$(NAME)" || { echo "Usage: make editor NAME=username" >&2; exit 1; }
	@$(MANAGE) prepare_site migrate
	$(MANAGE) create_editor_group --add "$(NAME)"

clean:
	rm -rf $(VENV) staticfiles .cache .pytest_cache .ruff_cache .hypothesis .vnu
