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
    read -rp "Tên đăng nhập (username): " admin_user
    .venv/bin/python -m data create-admin --username "$admin_user" \
      || echo "» Chưa tạo được; sau này chạy (not created; later run): .venv/bin/python -m data create-admin --username NAME"
  else
    echo "» Chưa có tài khoản; tạo bằng (no account; create one with): .venv/bin/python -m data create-admin --username NAME"
  fi
fi
# The demo worker: composed desk scenes played as live cameras for one unit of the
# demo store, and the real worker on them, so Trực tiếp shows moving desks. It stops
# with the app. MONITOR_DEMO_WORKER=0 leaves it out (real cameras: python -m vision run).
pids=()
stop_all() { for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait || true; }
trap stop_all EXIT
trap 'exit 130' INT TERM
if [ "${MONITOR_DEMO_WORKER:-1}" != 0 ]; then
  mkdir -p var
  echo "» Camera mẫu (demo worker) → var/demo-worker.log"
  .venv/bin/python -m vision demo >var/demo-worker.log 2>&1 &
  pids+=($!)
fi
# In the background too, so a TERM or Ctrl-C reaches this script at once and stops both.
.venv/bin/python -m streamlit run streamlit_app.py \
  --server.headless true --browser.gatherUsageStats false "$@" &
pids+=($!)
wait "${pids[-1]}"
