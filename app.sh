#!/usr/bin/env bash
# Sets everything up and starts the app on the embedded SQLite store (var/monitor.db).
# Set DATABASE_URL=postgresql://… to use PostgreSQL instead.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh requirements.txt
.venv/bin/python -m data migrate
# First start: fill an empty store with the Lạng Sơn-shaped demo (a few seconds).
.venv/bin/python -m data demo --if-empty
# No account yet: the first administrator is created here, asked at the terminal (there is no default password).
if [ -z "$(.venv/bin/python -m data list-users)" ]; then
  if [ -t 0 ]; then
    echo "» Chưa có tài khoản: tạo quản trị viên đầu tiên (no account yet: create the first administrator)"
    # The accounts page's password rule; a refused answer is said and asked again, up to 3 times
    # (data/accounts/first_admin.py). Without an administrator nobody could sign in: the app is not started.
    if ! .venv/bin/python -m data create-admin --interactive; then
      echo "» Chưa có quản trị viên nên ứng dụng chưa khởi động; chạy lại ./app.sh" \
           "(no administrator, so the app is not started; run ./app.sh again)" >&2
      exit 1
    fi
  else
    echo "» Chưa có tài khoản; tạo bằng (no account; create one with): .venv/bin/python -m data create-admin --username NAME"
  fi
fi
# The demo worker: composed desk scenes played as live cameras for one unit of the
# demo store, and the real worker on them, so Trực tiếp shows moving desks. It stops
# with the app. MONITOR_DEMO_WORKER=0 leaves it out (real cameras: python -m vision run).
# One Ctrl-C (or a TERM) stops both: each gets TERM (the worker's own stop closes its open intervals),
# and what still runs after MONITOR_STOP_GRACE_S seconds (default 15) is killed with its children,
# so a stop that hangs never leaves the script waiting. A second Ctrl-C meanwhile changes nothing.
# Exit status: 130 after Ctrl-C, 143 after TERM, else Streamlit's own.
pids=()
stop_all() {
  trap '' INT TERM
  local p alive
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for _ in $(seq $(( ${MONITOR_STOP_GRACE_S:-15} * 10 ))); do
    alive=0
    for p in "${pids[@]}"; do if kill -0 "$p" 2>/dev/null; then alive=1; fi; done
    if [ "$alive" = 0 ]; then break; fi
    sleep 0.1
  done
  for p in "${pids[@]}"; do
    if kill -0 "$p" 2>/dev/null; then
      echo "» Tiến trình $p chưa dừng: buộc dừng (process $p did not stop: killed)" >&2
      pkill -KILL -P "$p" 2>/dev/null || true
      kill -KILL "$p" 2>/dev/null || true
    fi
  done
  wait 2>/dev/null || true
}
trap 'status=$?; trap - EXIT; stop_all; exit "$status"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
if [ "${MONITOR_DEMO_WORKER:-1}" != 0 ]; then
  mkdir -p var
  echo "» Camera mẫu (demo worker) → var/demo-worker.log"
  .venv/bin/python -m vision demo >var/demo-worker.log 2>&1 &
  pids+=($!)
fi
# In the background too, so a TERM or Ctrl-C reaches this script at once and stops both.
.venv/bin/python -m streamlit run streamlit_server.py \
  --server.headless true --browser.gatherUsageStats false "$@" &
pids+=($!)
wait "${pids[-1]}"
