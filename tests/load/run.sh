#!/usr/bin/env bash
# Seed companies into a database of its own, serve it with gunicorn on 127.0.0.1, measure each page.
#   LOAD_COMPANIES=2000 LOAD_SECONDS=20 LOAD_CONNECTIONS=20 tests/load/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
DB="${LOAD_DB:-huiqi_load}"
PORT="${LOAD_PORT:-8765}"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB" DJANGO_DEBUG=false DJANGO_HTTPS=false \
  DJANGO_SECRET_KEY="load-test-$(date +%s)-not-for-production" CELERY_TASK_ALWAYS_EAGER=true REDIS_URL=
dropdb -h 127.0.0.1 -U postgres --if-exists "$DB"; createdb -h 127.0.0.1 -U postgres "$DB"
.venv/bin/python manage.py migrate --noinput >/dev/null
.venv/bin/python manage.py seed_demo --policies-only >/dev/null
COOKIE="$(.venv/bin/python manage.py shell < tests/load/seed.py | sed -n 's/^COOKIE //p')"
.venv/bin/python manage.py collectstatic --noinput >/dev/null
.venv/bin/gunicorn config.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 --log-level warning &
GUNICORN=$!
trap 'kill $GUNICORN' EXIT
sleep 1
.venv/bin/python tests/load/loadtest.py --base "http://127.0.0.1:$PORT" --seconds "${LOAD_SECONDS:-20}" \
  --connections "${LOAD_CONNECTIONS:-20}" --cookie "$COOKIE" \
  /favicon.ico /policies/ "/policies/?q=人工智能" /me/ /api/policies/
