#!/usr/bin/env bash
# Sets everything up, checks the package layers (import-linter), and runs the whole test suite: once on SQLite, then the
# store tests again on PostgreSQL (127.0.0.1:5432, database test), then the
# browser test (the running app in Debian's headless Chromium).
# Both passes run on every core (pytest-xdist; a test file stays on one worker, so
# its module fixtures are built once; the longest files go first, tests/conftest.py)
# and print the 25 slowest steps.
set -euo pipefail
cd "$(dirname "$0")"
# Byte-code is gitignored; without it every xdist worker and every command a test starts compiles the
# project again (collection 16 s vs 9 s CPU per process here, where the machine sets this variable).
unset PYTHONDONTWRITEBYTECODE
scripts/setup.sh requirements-dev.txt
# The browser test's Chromium, from Debian's packages (we run as root; once per machine).
if [ ! -x /usr/bin/chromium ]; then
  echo "» Cài Chromium (Debian) cho kiểm thử trình duyệt (installing chromium for the browser test)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
export TEST_DATABASE_URL_PG="${TEST_DATABASE_URL_PG:-postgresql://postgres@127.0.0.1:5432/test}"
scripts/ensure-postgres.sh "$TEST_DATABASE_URL_PG"

echo "» Import layers (import-linter, .importlinter)"
.venv/bin/lint-imports

PARALLEL=(-n "${TEST_WORKERS:-auto}" --dist loadfile --no-loadscope-reorder --durations=25)
echo "» Tests (SQLite)"
.venv/bin/python -m pytest -q "${PARALLEL[@]}" "$@"
# Worker runs end to end (marker worker_run, tests/vision/conftest.py) test timing, not
# SQL: their writes are the store writer's, whose tests rerun here.
echo "» Store tests (every test using a store, but the worker runs) again on PostgreSQL"
TEST_DATABASE_URL="$TEST_DATABASE_URL_PG" .venv/bin/python -m pytest -q -m "store and not worker_run" "${PARALLEL[@]}" "$@"
echo "» Browser test: every page of the running app in headless Chromium (screenshots in var/screenshots)"
.venv/bin/python -m pytest -q -m browser --durations=25 tests/browser
