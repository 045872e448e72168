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
  # --no-compile, then compileall on every core: pip byte-compiles the installed files one
  # by one (31 s of a 139 s install on this 2-core machine). They must be compiled here:
  # with PYTHONDONTWRITEBYTECODE set (as on this machine) nothing else ever writes them, and
  # every process would compile pandas, SQLAlchemy, Streamlit and torch from source at import.
  pip=(.venv/bin/python -m pip install --disable-pip-version-check -q --no-compile)
  "${pip[@]}" -r "$REQ"
  "${pip[@]}" --no-deps -r requirements-nodeps.txt
  # A package pulled in the GUI build of OpenCV? It shadows the headless one.
  if .venv/bin/python -m pip show -q opencv-python >/dev/null 2>&1; then
    .venv/bin/python -m pip uninstall -q -y opencv-python
    "${pip[@]}" --force-reinstall --no-deps opencv-python-headless==4.14.0.94
  fi
  # Exit status 1 when a file does not compile: some packages ship files that are not meant to.
  .venv/bin/python -m compileall -q -j 0 "$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')" \
    >/dev/null || true
  echo "$want" > "$stamp"
fi
