#!/usr/bin/env bash
# Make sure what the tests need is here: PostgreSQL and Redis answering on 127.0.0.1 (started if
# down), Debian's Chromium, CJK fonts and poppler (installed if missing and we may use apt-get).
set -euo pipefail

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v pdftotext >/dev/null 2>&1 || need_apt+=(poppler-utils)
fc-list 2>/dev/null | grep -qi "Noto Serif CJK" || need_apt+=(fonts-noto-cjk)
if [ -z "${DATABASE_URL:-}" ]; then
  command -v pg_ctlcluster >/dev/null 2>&1 || need_apt+=(postgresql)
fi
if [ -z "${CELERY_BROKER_URL:-}" ]; then
  command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing: ${need_apt[*]}"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need_apt[@]}"
  else
    echo "missing ${need_apt[*]}: install them (Debian: sudo apt-get install ${need_apt[*]})" >&2
    exit 1
  fi
fi

if [ -z "${DATABASE_URL:-}" ] && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
if [ -z "${CELERY_BROKER_URL:-}" ] && ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
fi
