#!/usr/bin/env bash
# Sets everything up, checks the package layers (import-linter), and runs the whole test suite in four
# passes: every test on SQLite but the worker runs; the worker runs (marker worker_run: the worker end to
# end in real time, tests/vision/conftest.py), one at a time, on SQLite; the store tests again on
# PostgreSQL (127.0.0.1:5432, database test); the browser tests (the running app in Debian's headless
# Chromium).
# The passes run at the same time, each into its own log, printed in that order when all are done: much
# of the suite waits (worker runs in real time, streams, the browser) rather than computes, so the passes
# fill each other's waits on the machine's cores; the worker runs, whose assertions depend on keeping up
# with real time, share the machine with the others but never with each other. Each pass prints its 25
# slowest steps (--durations). Within a pass, pytest-xdist hands whole files to its processes (module
# fixtures are built once), the longest files first (tests/conftest.py).
# TEST_WORKERS: processes for the SQLite pass (default: one per core; PostgreSQL gets half). On this 2-core
# machine 2 + 1 beat 3 + 2: a fresh clone in 11 min 18 s against 12 min 6 s, 100 CPU-s less (every process
# imports torch, Ultralytics, Streamlit and loads its own models), with PostgreSQL still done first.
# TEST_SEQUENTIAL=1 runs the passes one after the other, with live output.
set -euo pipefail
cd "$(dirname "$0")"
# Byte-code is gitignored; without it every xdist worker and every command a test starts compiles the
# project again (collection 16 s vs 9 s CPU per process here, where the machine sets this variable).
unset PYTHONDONTWRITEBYTECODE
LOGS="var/test-logs"
mkdir -p "$LOGS"
# The browser test's Chromium, from Debian's packages (we run as root; once per machine), installed while
# pip installs the Python packages.
chromium_pid=""
if [ ! -x /usr/bin/chromium ]; then
  echo "» Cài Chromium (Debian) cho kiểm thử trình duyệt (installing chromium for the browser test, in the background)"
  ( export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium ) >"$LOGS/chromium-install.log" 2>&1 &
  chromium_pid=$!
fi
scripts/setup.sh requirements-dev.txt
export TEST_DATABASE_URL_PG="${TEST_DATABASE_URL_PG:-postgresql://postgres@127.0.0.1:5432/test}"
scripts/ensure-postgres.sh "$TEST_DATABASE_URL_PG"

echo "» Import layers (import-linter, .importlinter)"
.venv/bin/lint-imports

cores="$(nproc)"
workers="${TEST_WORKERS:-$cores}"
pg_workers=$(( (workers + 1) / 2 ))
# More test processes than cores: one inference thread per model, not one per core in every process.
export MONITOR_INFERENCE_THREADS="${MONITOR_INFERENCE_THREADS:-1}"
# Each pass its own temporary folder: pytest prunes old numbered ones, and four sessions run at once.
tmp="$(mktemp -d -t monitor-tests-XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
sqlite_pass=(.venv/bin/python -m pytest -q --basetemp "$tmp/sqlite" -m "not worker_run and not browser" -n "$workers" --dist loadfile
             --no-loadscope-reorder --durations=25 "$@")
runs_pass=(.venv/bin/python -m pytest -q --basetemp "$tmp/runs" -m worker_run --durations=25 "$@")
# Only tests whose point is SQL rerun on PostgreSQL: not the worker runs (timing; their writes are the store
# writer's, whose tests rerun here), not the page tests (drawing; every read a page makes is a data/ function
# tested on both), not a training run (marker training; the model registry's tests rerun here).
pg_pass=(env TEST_DATABASE_URL="$TEST_DATABASE_URL_PG" .venv/bin/python -m pytest -q
         -m "store and not worker_run and not page and not training"
         --basetemp "$tmp/postgresql" -n "$pg_workers" --dist loadfile --no-loadscope-reorder --durations=25 "$@")
browser_pass=(.venv/bin/python -m pytest -q --basetemp "$tmp/browser" -m browser --durations=25 tests/browser)

wait_chromium() {
  if [ -n "$chromium_pid" ] && ! wait "$chromium_pid"; then
    cat "$LOGS/chromium-install.log" >&2
    echo "Lỗi: không cài được Chromium (apt-get install chromium failed)" >&2
    return 1
  fi
}

if [ "${TEST_SEQUENTIAL:-0}" = "1" ]; then
  echo "» Tests (SQLite)"; "${sqlite_pass[@]}"
  echo "» Worker runs (SQLite, one at a time)"; "${runs_pass[@]}"
  echo "» Store tests again on PostgreSQL (not the worker runs, pages or training)"; "${pg_pass[@]}"
  wait_chromium
  echo "» Browser test: every page of the running app in headless Chromium (screenshots in var/screenshots)"
  "${browser_pass[@]}"
  exit 0
fi

echo "» Four passes at once ($workers processes on SQLite, one for the worker runs, $pg_workers on PostgreSQL, the browser): logs in $LOGS/"
start=$SECONDS
"${sqlite_pass[@]}" >"$LOGS/sqlite.log" 2>&1 & sqlite=$!
"${runs_pass[@]}" >"$LOGS/worker-runs.log" 2>&1 & runs=$!
"${pg_pass[@]}" >"$LOGS/postgresql.log" 2>&1 & pg=$!
( wait_chromium && "${browser_pass[@]}" ) >"$LOGS/browser.log" 2>&1 & browser=$!
status=0
nargs=$#
report() {  # name, pid, log, title
  local rc=0
  wait "$2" || rc=$?
  echo
  echo "» $4"
  cat "$3"
  echo "» $1: exit $rc (reported $((SECONDS - start)) s after the start of the passes)"
  # 5 = no test collected: a pass with no test among the files named on the command line.
  if [ "$rc" -ne 0 ] && ! { [ "$rc" -eq 5 ] && [ "$nargs" -gt 0 ]; }; then status=1; fi
}
report SQLite "$sqlite" "$LOGS/sqlite.log" "Tests (SQLite)"
report "Worker runs" "$runs" "$LOGS/worker-runs.log" "Worker runs (SQLite, one at a time)"
report PostgreSQL "$pg" "$LOGS/postgresql.log" "Store tests again on PostgreSQL (not the worker runs, pages or training)"
report Browser "$browser" "$LOGS/browser.log" "Browser test: every page of the running app in headless Chromium (screenshots in var/screenshots)"
exit "$status"
