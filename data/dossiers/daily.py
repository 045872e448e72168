"""Keeps `dossier_daily` (per unit and received day) in step with `dossier`.

Every dossier figure on screen comes from this small table, so pages stay
fast on millions of dossiers. Importers call `refresh_days` with the
(unit, day) pairs they touched, old and new.
"""
from __future__ import annotations

from collections.abc import Iterable
import datetime as dt

from sqlalchemy import Connection, text

_AGG = """
SELECT d.unit_id, d.received_day, {month},
       COUNT(*),
       SUM(CASE WHEN d.channel = 'online' THEN 1 ELSE 0 END),
       SUM(CASE WHEN d.outcome IS NOT NULL THEN 1 ELSE 0 END),
       SUM(CASE WHEN d.outcome = 'early' THEN 1 ELSE 0 END),
       SUM(CASE WHEN d.outcome = 'on_time' THEN 1 ELSE 0 END),
       SUM(CASE WHEN d.outcome = 'late' THEN 1 ELSE 0 END),
       SUM(CASE WHEN d.outcome IS NULL THEN 1 ELSE 0 END)
FROM dossier d
"""
_COLS = "unit_id, day, month, received, online, resolved, early, on_time, late, in_progress"


def _agg(conn: Connection) -> str:
    if conn.dialect.name == "sqlite":
        month = "date(d.received_day, 'start of month')"
    else:
        month = "CAST(date_trunc('month', d.received_day) AS date)"
    return _AGG.format(month=month)


def rebuild_all(conn: Connection) -> None:
    conn.execute(text("DELETE FROM dossier_daily"))
    conn.execute(text(f"INSERT INTO dossier_daily ({_COLS}) {_agg(conn)} GROUP BY d.unit_id, d.received_day"))


def refresh_days(conn: Connection, pairs: Iterable[tuple[int, dt.date]]) -> None:
    """Recompute the rows for these (unit_id, day) pairs."""
    pairs = sorted(set(pairs))
    if not pairs:
        return
    # The key matters: without it SQLite scans the table once per daily row (quadratic).
    conn.execute(text(
        "CREATE TEMPORARY TABLE IF NOT EXISTS tmp_touched (unit_id INTEGER, day DATE, PRIMARY KEY (unit_id, day))"
    ))
    conn.execute(text("DELETE FROM tmp_touched"))
    # Straight to the driver: tens of thousands of pairs, no per-row SQLAlchemy processing.
    if conn.dialect.name == "sqlite":
        sql, rows = "INSERT INTO tmp_touched (unit_id, day) VALUES (?, ?)", [(int(u), d.isoformat()) for u, d in pairs]
    else:
        sql, rows = "INSERT INTO tmp_touched (unit_id, day) VALUES (%s, %s)", [(int(u), d) for u, d in pairs]
    conn.exec_driver_sql(sql, rows)
    conn.execute(text(
        "DELETE FROM dossier_daily WHERE EXISTS (SELECT 1 FROM tmp_touched t "
        "WHERE t.unit_id = dossier_daily.unit_id AND t.day = dossier_daily.day)"
    ))
    conn.execute(text(
        f"INSERT INTO dossier_daily ({_COLS}) {_agg(conn)} "
        "JOIN tmp_touched t ON t.unit_id = d.unit_id AND t.day = d.received_day "
        "GROUP BY d.unit_id, d.received_day"
    ))
    conn.execute(text("DELETE FROM tmp_touched"))
