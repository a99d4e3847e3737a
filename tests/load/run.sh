#!/usr/bin/env bash
# Seed companies into a database of its own, serve it with gunicorn on 127.0.0.1, measure each page.
#   LOAD_COMPANIES=2000 LOAD_SECONDS=30 LOAD_CONNECTIONS=50 tests/load/run.sh
# Knobs: LOAD_DB (database, default huiqi_load), LOAD_PORT, LOAD_WORKERS (gunicorn workers, 2),
# LOAD_REUSE=1 (keep an already seeded LOAD_DB), LOAD_REDIS_URL (the cache, as deployed; empty: per-process
# memory), LOAD_PATHS (the pages; the first is the trivial view; "/me/@user" measures /me/ as that user).
set -euo pipefail
cd "$(dirname "$0")/../.."
DB="${LOAD_DB:-huiqi_load}"
PORT="${LOAD_PORT:-8765}"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB" DJANGO_DEBUG=false DJANGO_HTTPS=false \
  DJANGO_SECRET_KEY="load-test-$(date +%s)-not-for-production" CELERY_TASK_ALWAYS_EAGER=true \
  REDIS_URL="${LOAD_REDIS_URL-redis://127.0.0.1:6379/0}" CACHE_KEY_PREFIX="load-$$"
seeded() { [ "$(psql -h 127.0.0.1 -U postgres -Atc 'select count(*) from eligibility_company' "$DB" 2>/dev/null || echo 0)" -gt 1 ]; }
if [ "${LOAD_REUSE:-}" != 1 ] || ! seeded; then
  dropdb -h 127.0.0.1 -U postgres --if-exists "$DB"; createdb -h 127.0.0.1 -U postgres "$DB"
  .venv/bin/python manage.py migrate --noinput >/dev/null
  # The demo accounts (qiye is measured too) in this local database only; the server listens on 127.0.0.1.
  DEMO_ACCOUNTS=true .venv/bin/python manage.py seed_demo >/dev/null
  .venv/bin/python manage.py shell < tests/load/seed.py >/dev/null
fi
.venv/bin/python manage.py migrate --noinput >/dev/null  # a reused database may predate the code
COOKIES=()
while read -r _ label cookie; do COOKIES+=(--login "$label=$cookie"); done \
  < <(.venv/bin/python manage.py shell < tests/load/cookies.py 2>/dev/null | grep '^COOKIE ')
.venv/bin/python manage.py collectstatic --noinput >/dev/null
.venv/bin/gunicorn config.wsgi:application --bind "127.0.0.1:$PORT" --workers "${LOAD_WORKERS:-2}" \
  --log-level warning &
GUNICORN=$!
trap 'kill $GUNICORN' EXIT
sleep 1
echo "# $(date -u '+%Y-%m-%d %H:%M UTC') companies=$(psql -h 127.0.0.1 -U postgres -Atc 'select count(*) from eligibility_company' "$DB") $(uptime | sed 's/.*load/load/')"
# shellcheck disable=SC2086
.venv/bin/python tests/load/loadtest.py --base "http://127.0.0.1:$PORT" --seconds "${LOAD_SECONDS:-20}" \
  --connections "${LOAD_CONNECTIONS:-20}" "${COOKIES[@]}" \
  ${LOAD_PATHS:-/healthz/live /policies/ /policies/?q=人工智能 /me/@load0 /me/@qiye /api/policies/}
echo "# after: $(uptime | sed 's/.*load/load/')"
