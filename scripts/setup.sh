#!/usr/bin/env bash
# Creates .venv and installs the pinned requirements; a no-op when nothing changed.
# Usage: scripts/setup.sh [requirements file]   (called by app.sh and test.sh)
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
  # --no-compile: pip would byte-compile every installed file (31 s of 139 s measured on this
  # 2-core machine, most of it never imported); Python compiles what it imports, once, on first use.
  pip=(.venv/bin/python -m pip install --disable-pip-version-check -q --no-compile)
  "${pip[@]}" -r "$REQ"
  "${pip[@]}" --no-deps -r requirements-nodeps.txt
  # A package pulled in the GUI build of OpenCV? It shadows the headless one.
  if .venv/bin/python -m pip show -q opencv-python >/dev/null 2>&1; then
    .venv/bin/python -m pip uninstall -q -y opencv-python
    "${pip[@]}" --force-reinstall --no-deps opencv-python-headless==4.14.0.94
  fi
  echo "$want" > "$stamp"
fi
