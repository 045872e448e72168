#!/usr/bin/env bash
# Makes sure the PostgreSQL the store tests use answers; starts the local cluster if it is down.
set -euo pipefail
url="$1"
ok() { psql "$url" -qAtc 'select 1' >/dev/null 2>&1; }
if ok; then exit 0; fi
if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  echo "» Khởi động PostgreSQL …"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  for _ in $(seq 1 30); do ok && exit 0; sleep 1; done
fi
echo "Lỗi: không kết nối được PostgreSQL tại $url (PostgreSQL not reachable; set TEST_DATABASE_URL_PG)" >&2
exit 1
