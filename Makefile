# Claimtrail — the two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := webapp

.PHONY: run test bench install install-test chromium migrate bootstrap serve worker lint clean-venv

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# The web server runs with -OO (no docstrings: about 5 MB less in each worker); its bytecode is
# compiled here once, so that no worker compiles from source (PYTHONDONTWRITEBYTECODE may be set).
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	$(BIN)/python -OO -m compileall -q -j 0 $(VENV)/lib webapp >/dev/null
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test chromium

# Browser tests drive Debian's Chromium (browsers cannot be downloaded by Playwright here).
chromium:
	@if [ -x /usr/bin/chromium ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; \
	else echo "Chromium is missing: install Debian's 'chromium' package (apt-get install chromium) and run make test again." >&2; exit 1; fi; \
	echo "Installing Debian's chromium for the browser tests…"; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null

migrate: install
	$(BIN)/flask db upgrade

bootstrap: migrate
	$(BIN)/flask bootstrap

# The worker looks for queued jobs every 0.1 s while busy and, when idle, backs off to every
# 0.5 s at most: a job queued after a quiet spell starts within a second.
WORKER_POLL := --delay 0.1 --max-delay 0.5 --backoff 1.5

# The web server and the task queue's worker (imports, fetches, exports) run together; Ctrl+C
# stops both. A team with several app servers sets CLAIMTRAIL_REDIS_URL for both. gunicorn reads
# gunicorn.conf.py, which prints "Claimtrail is at …" once it serves.
# Threaded workers (gthread): a long download holds one thread, not a worker, and is never cut
# short by the worker timeout (see README, "Running it for a team"; bench/gunicorn_server.py).
serve:
	@$(BIN)/python -OO -m compileall -q webapp >/dev/null
	@$(BIN)/huey_consumer webapp.tasks.huey --workers 2 --worker-type thread $(WORKER_POLL) --quiet & WORKER=$$!; \
	trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python -OO -m gunicorn --workers 2 --threads 4 --bind $(HOST):$(PORT) --limit-request-line 8190 --no-control-socket --access-logfile - 'webapp:create_app(migrations=False)'

# The worker alone (when the web server runs elsewhere, e.g. under systemd).
worker: install
	$(BIN)/huey_consumer webapp.tasks.huey --workers 2 --worker-type thread $(WORKER_POLL)

run: bootstrap
	@$(MAKE) --no-print-directory serve

test: install-test
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

# The benchmark (not a test): one table of figures on SQLite and PostgreSQL, served by gunicorn.
# At scale with 1,000,000 claims by default (BENCH_CLAIMS=100000 make bench for a quicker look).
# Then copy detection over BENCH_COPY_ARTICLES articles (default 100,000) with planted copies,
# re-anchoring on revised articles, and BENCH_WATCH_ARTICLES watched articles (default 10,000)
# checked by the worker while other jobs are queued; then the suggestions: their quality on the
# hand-labelled evaluation set, and their pace over BENCH_SUGGEST_ARTICLES articles (default
# 100,000) with the reading view of a 400 KB article.
bench: $(VENV)/.installed-test
	$(BIN)/python bench/run.py $(BENCH_ARGS)
	$(BIN)/python bench/copies.py --articles $${BENCH_COPY_ARTICLES:-100000}
	$(BIN)/python bench/anchoring.py --articles $${BENCH_ANCHOR_ARTICLES:-2000}
	$(BIN)/python bench/watching.py --articles $${BENCH_WATCH_ARTICLES:-10000}
	$(BIN)/python bench/suggestion_quality.py
	$(BIN)/python bench/suggestion_speed.py --articles $${BENCH_SUGGEST_ARTICLES:-100000}

lint: install-test
	$(BIN)/python -m bandit -q -r webapp -ll
