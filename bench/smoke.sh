#!/usr/bin/env bash
# The smoke benchmark (CI, `make bench-smoke`): a tiny dataset in a fresh PostgreSQL database,
# then bench/smoke.py — two gunicorn processes and two Celery workers sharing that database,
# Redis and one media folder; every page answers 200 on both ports, a reminder and a PDF go
# through the workers. It checks correctness only (CI machines vary): no timing thresholds.
#
#   SMOKE_DB          database to create and drop (default cppcc_bench_smoke)
#   SMOKE_DATA        the data command (default: bench/generate.py --scale $SMOKE_SCALE once it
#                     exists, else seed_demo)
#   SMOKE_PORTS       two ports for the web processes (default "8201 8202")
#   CELERY_BROKER_URL / REDIS_URL   Redis (default databases 2 and 3 on 127.0.0.1)
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
PY=${PY:-.venv/bin/python}
SMOKE_DB=${SMOKE_DB:-cppcc_bench_smoke}
SMOKE_SCALE=${SMOKE_SCALE:-0.002}
SMOKE_PORTS=${SMOKE_PORTS:-8201 8202}
PGHOST=${PGHOST:-127.0.0.1}
if [ -z "${SMOKE_DATA:-}" ]; then
  if [ -f bench/generate.py ]; then
    SMOKE_DATA="$PY bench/generate.py --scale $SMOKE_SCALE"
  else
    SMOKE_DATA="$PY manage.py seed_demo"
  fi
fi
export DATABASE_URL="postgres://postgres@${PGHOST}:5432/${SMOKE_DB}"
export CELERY_BROKER_URL=${CELERY_BROKER_URL:-redis://127.0.0.1:6379/2}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/3}
# this run's queues and cache keys only, whoever else uses the same Redis database
export CELERY_KEY_PREFIX="smoke-$$:" CACHE_KEY_PREFIX="smoke-$$"

psql_() { psql -h "$PGHOST" -U postgres -qX -v ON_ERROR_STOP=1 "$@" >/dev/null; }
drop_db() { psql_ -c "DROP DATABASE IF EXISTS ${SMOKE_DB} WITH (FORCE)" || true; }
trap drop_db EXIT
drop_db
# UTF-8 LC_CTYPE: Chinese full-text search needs it (see README).
psql_ -c "CREATE DATABASE ${SMOKE_DB} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"

echo "== smoke: data ($SMOKE_DATA) in ${SMOKE_DB}"
# No web process has kept a page yet (this run's cache prefix is new), so the bulk load need not
# give its tables new versions statement by statement (cppcc_portal/page_cache).
case "$SMOKE_DATA" in
  *bench/generate.py*) ;;  # it runs migrate itself
  *) PAGE_CACHE=false "$PY" manage.py migrate --noinput -v0 ;;
esac
PAGE_CACHE=false $SMOKE_DATA >/dev/null
echo "== smoke: two web processes, two workers ($(($(date +%s) - started)) s so far)"
status=0
# shellcheck disable=SC2086 # two ports, split on purpose
"$PY" bench/smoke.py --ports $SMOKE_PORTS || status=$?
took=$(($(date +%s) - started))
if [ "$status" = 0 ]; then
  echo "SMOKE PASS in ${took} s"
else
  echo "SMOKE FAIL in ${took} s"
fi
exit "$status"
