#!/usr/bin/env bash
# `make test`: static checks, then the suite on SQLite and on a throwaway PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export PYTHONDONTWRITEBYTECODE=1
# Tests never touch the embedded install's ./var.
SUPPORTDESK_VAR_DIR=$(mktemp -d /tmp/supportdesk-test-var.XXXXXX)
export SUPPORTDESK_VAR_DIR
# A developer's own PostgreSQL and Redis (DATABASE_URL, REDIS_URL set before `make test`) serve
# the PostgreSQL pass, the production layout; otherwise throwaway ones are started. The SQLite
# passes are the embedded default and see neither (their processes share the database cache).
OWN_DATABASE_URL=${DATABASE_URL:-}
OWN_REDIS_URL=${REDIS_URL:-}
unset DATABASE_URL REDIS_URL

source scripts/services/debian.sh
source scripts/services/postgres.sh
source scripts/services/redis.sh
ensure_debian_packages
cleanup() { pg_stop; redis_stop; rm -rf "$SUPPORTDESK_VAR_DIR"; }
trap cleanup EXIT

step() { printf '\n=== %s\n' "$*"; }

step "ruff"
$BIN/ruff check .
$BIN/ruff format --check .
step "mypy"
$BIN/mypy
step "import-linter"
$BIN/lint-imports
step "migrations are up to date"
DJANGO_SETTINGS_MODULE=supportdesk.config.settings.test $BIN/supportdesk makemigrations --check --dry-run

step "tests on SQLite"
$BIN/pytest -p no:cacheprovider -m "not postgres_only and not browser" "$@"

step "browser tests (Chromium, real ASGI server) on SQLite"
# Playwright's sync API owns an event loop: kept apart from the asyncio tests.
$BIN/pytest -p no:cacheprovider -m browser "$@"

step "tests on PostgreSQL and Redis"
if [ -n "$OWN_DATABASE_URL" ]; then export DATABASE_URL=$OWN_DATABASE_URL; else pg_start; fi
if [ -n "$OWN_REDIS_URL" ]; then export REDIS_URL=$OWN_REDIS_URL; else redis_start; fi
# The pure cores do not touch a database; running them twice proves nothing.
$BIN/pytest -p no:cacheprovider -m "not browser" tests \
    --ignore=tests/businesstime --ignore=tests/diagnostics --ignore=tests/collect "$@"
