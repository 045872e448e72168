#!/usr/bin/env bash
# Creates .venv and installs the pinned requirements; a no-op when nothing changed.
# Usage: scripts/setup.sh [requirements file]   (sourced by app.sh and test.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
REQ="${1:-requirements.txt}"
PY="$(command -v python3.11 || command -v python3)"
if [ ! -x .venv/bin/python ]; then
  echo "» Tạo môi trường Python (.venv) …"
  "$PY" -m venv .venv
fi
stamp=".venv/.installed-$(basename "$REQ")"
want="$(cat requirements*.txt | sha256sum | cut -c1-16)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "» Cài đặt thư viện ($REQ) …"
  .venv/bin/python -m pip install --disable-pip-version-check -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install --disable-pip-version-check -q -r "$REQ"
  echo "$want" > "$stamp"
fi
