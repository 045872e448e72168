#!/usr/bin/env bash
# Sets everything up and runs the whole test suite: once on SQLite, then the
# store tests again on PostgreSQL (127.0.0.1:5432, database test).
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh requirements-dev.txt
export TEST_DATABASE_URL_PG="${TEST_DATABASE_URL_PG:-postgresql://postgres@127.0.0.1:5432/test}"
scripts/ensure-postgres.sh "$TEST_DATABASE_URL_PG"

echo "» Tests (SQLite)"
.venv/bin/python -m pytest -q "$@"
echo "» Store tests (every test using a store) again on PostgreSQL"
TEST_DATABASE_URL="$TEST_DATABASE_URL_PG" .venv/bin/python -m pytest -q -m store "$@"
