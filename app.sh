#!/usr/bin/env bash
# Sets everything up and starts the app on the embedded SQLite store (var/monitor.db).
# Set DATABASE_URL=postgresql://… to use PostgreSQL instead.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh requirements.txt
.venv/bin/python -m data migrate
# First start: fill an empty store with the Lạng Sơn-shaped demo (a few seconds).
.venv/bin/python -m data demo --if-empty
exec .venv/bin/python -m streamlit run streamlit_app.py \
  --server.headless true --browser.gatherUsageStats false "$@"
