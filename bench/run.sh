#!/usr/bin/env bash
# One scale of the benchmark (`make bench` runs demo, then full): make the database, fill it, then
# the load run, the daily reminder run and (full scale) the 1,000-proposal compilation, each
# writing bench/results/*-<label>.json for bench/report.py.
#
#   bash bench/run.sh demo|full
#   BENCH_DB      database name (required); dropped and made again unless BENCH_KEEP_DB=1
#   BENCH_DATA    the command that fills it (seed_demo, bench/generate.py --scale 1)
#   BENCH_ARGS    extra arguments for bench/loadrun.py (e.g. "--seconds 20")
set -euo pipefail
cd "$(dirname "$0")/.."
label=${1:?usage: bench/run.sh demo|full}
PY=${PY:-.venv/bin/python}
PGHOST=${PGHOST:-127.0.0.1}
: "${BENCH_DB:?set BENCH_DB}" "${BENCH_DATA:?set BENCH_DATA}"
export DATABASE_URL="postgres://postgres@${PGHOST}:5432/${BENCH_DB}"
export CELERY_BROKER_URL=${CELERY_BROKER_URL:-redis://127.0.0.1:6379/2}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/3}

psql_() { psql -h "$PGHOST" -U postgres -qX -v ON_ERROR_STOP=1 "$@" >/dev/null; }
if [ "${BENCH_KEEP_DB:-0}" != 1 ]; then
  psql_ -c "DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)"
  psql_ -c "CREATE DATABASE ${BENCH_DB} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
  "$PY" manage.py migrate --noinput -v0
  echo "== ${label}: ${BENCH_DATA}"
  $BENCH_DATA
fi
psql_ -d "$BENCH_DB" -c "VACUUM ANALYZE"
# shellcheck disable=SC2086 # extra arguments, split on purpose
"$PY" bench/loadrun.py --label "$label" ${BENCH_ARGS:-}
"$PY" bench/reminders.py --label "$label"
if [ "$label" = full ] || [ "${BENCH_COMPILATION:-0}" = 1 ]; then
  "$PY" bench/compilation.py --label "$label"
fi
