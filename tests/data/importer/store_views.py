"""Read the store back as plain Python values, the same on SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from data.dossiers.daily import rebuild_all
from domain.timezone import as_utc


def _date(value) -> dt.date:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _stamp(value):
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return as_utc(value)


def dossiers(engine) -> dict[str, dict]:
    """code -> stored values, unit as its name; times aware UTC."""
    sql = text(
        "SELECT d.code, u.name, d.procedure, d.field, d.channel, d.received_at, d.received_day, d.due_at, "
        "d.resolved_at, d.returned_at, d.outcome, d.status FROM dossier d JOIN unit u ON u.id = d.unit_id"
    )
    out = {}
    with engine.connect() as c:
        for r in c.execute(sql):
            out[r[0]] = {
                "unit": r[1], "procedure": r[2], "field": r[3], "channel": r[4], "received_at": _stamp(r[5]),
                "received_day": _date(r[6]), "due_at": _stamp(r[7]), "resolved_at": _stamp(r[8]),
                "returned_at": _stamp(r[9]), "outcome": r[10], "status": r[11],
            }
    return out


def units(engine) -> dict[str, tuple[str, str | None]]:
    """name -> (level_code, parent name)."""
    sql = text("SELECT u.name, u.level_code, p.name FROM unit u LEFT JOIN unit p ON p.id = u.parent_id")
    with engine.connect() as c:
        return {r[0]: (r[1], r[2]) for r in c.execute(sql)}


def daily(engine) -> dict[tuple[str, dt.date], tuple[int, ...]]:
    """(unit name, day) -> (received, online, resolved, early, on_time, late, in_progress)."""
    sql = text(
        "SELECT u.name, d.day, d.received, d.online, d.resolved, d.early, d.on_time, d.late, d.in_progress "
        "FROM dossier_daily d JOIN unit u ON u.id = d.unit_id"
    )
    with engine.connect() as c:
        return {(r[0], _date(r[1])): tuple(int(v) for v in r[2:]) for r in c.execute(sql)}


def daily_rebuilt(engine) -> dict[tuple[str, dt.date], tuple[int, ...]]:
    """What dossier_daily would hold if rebuilt from scratch (inside a rolled-back transaction)."""
    sql = text(
        "SELECT u.name, d.day, d.received, d.online, d.resolved, d.early, d.on_time, d.late, d.in_progress "
        "FROM dossier_daily d JOIN unit u ON u.id = d.unit_id"
    )
    with engine.connect() as c:
        tx = c.begin()
        rebuild_all(c)
        out = {(r[0], _date(r[1])): tuple(int(v) for v in r[2:]) for r in c.execute(sql)}
        tx.rollback()
    return out


def batches(engine) -> list[dict]:
    sql = text("SELECT id, kind, file_name, file_sha256, rows_read, rows_imported, rows_rejected, status "
               "FROM import_batch ORDER BY id")
    with engine.connect() as c:
        return [dict(r._mapping) for r in c.execute(sql)]


def count(engine, table: str) -> int:
    with engine.connect() as c:
        return c.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one()


def path_errors(engine) -> list[str]:
    """Units whose materialised path is not their parent's path + their id + '/'."""
    sql = text("SELECT u.id, u.path, p.path FROM unit u LEFT JOIN unit p ON p.id = u.parent_id")
    with engine.connect() as c:
        return [f"{uid}: {path}" for uid, path, parent_path in c.execute(sql)
                if path != f"{parent_path or '/'}{uid}/"]
