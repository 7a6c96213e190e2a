# Two commands do everything (see README):
#   make run   — the portal with demo data on the embedded defaults (SQLite, filesystem broker)
#   make test  — the whole test suite, browser tests included, on PostgreSQL and Redis
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test install install-dev lint format services clean bench bench-smoke

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	PORT=$(PORT) $(PY) scripts/rundev.py

# Uses DATABASE_URL and CELERY_BROKER_URL when set; otherwise the machine's own PostgreSQL and
# Redis on 127.0.0.1, started if they are down (scripts/ensure_test_services.sh).
test: install-dev
	bash scripts/ensure_test_services.sh
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/cppcc_portal} \
	CELERY_BROKER_URL=$${CELERY_BROKER_URL:-redis://127.0.0.1:6379/14} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/13} \
	$(PY) -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

lint: install-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: install-dev
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

# The benchmark (bench/, README "性能基准与横向扩展"): demo scale, then full scale, then bench/RESULTS.md.
# Needs a PostgreSQL server on 127.0.0.1, Redis and wrk; takes about an hour. BENCH_DB_* are
# created (dropped first); BENCH_FULL_DATA fills the full-scale one.
BENCH_DB_DEMO ?= cppcc_bench_demo
BENCH_DB_FULL ?= cppcc_bench_full
BENCH_FULL_DATA ?= $(PY) bench/generate.py --scale 1
BENCH_NOTE ?=
bench: install-dev
	BENCH_DB=$(BENCH_DB_DEMO) BENCH_DATA="$(PY) manage.py seed_demo" bash bench/run.sh demo
	BENCH_DB=$(BENCH_DB_FULL) BENCH_DATA="$(BENCH_FULL_DATA)" bash bench/run.sh full
	$(PY) bench/report.py --note "$(BENCH_NOTE)"

# The small version CI runs: two web processes and two workers on one fresh database, checked
# for correctness only. SMOKE_DATA overrides the data command (see bench/smoke.sh).
bench-smoke: install-dev
	bash bench/smoke.sh

clean:
	rm -rf var
