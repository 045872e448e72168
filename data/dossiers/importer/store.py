"""Writing parsed dossiers: staging table, one upsert, then the daily read model.

Rows reach a temporary staging table through the raw driver (executemany on
SQLite, COPY on PostgreSQL) — per-row ORM inserts would be 20x slower — and
move into `dossier` with one INSERT … SELECT … ON CONFLICT (code) DO UPDATE,
so the newest row for a code wins. `dossier_daily` is refreshed for every
(unit, received day) touched: the new values and those being overwritten.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from contextlib import contextmanager

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import Connection, Date, Integer, not_, select, text

from data.access import Scope
from data.dossiers.daily import refresh_days
from data.dossiers.importer.model import UnitMove, WriteCounts
from data.schema import Dossier, Unit

STAGE = "dossier_stage"
COLUMNS = ("code", "unit_id", "procedure", "field", "channel", "received_at", "received_day",
           "due_at", "resolved_at", "returned_at", "outcome", "status")
TIMESTAMPS = ("received_at", "due_at", "resolved_at", "returned_at")
CHUNK = 20_000
LOOKUP_CHUNK = 5_000  # codes per IN (…) list; well under SQLite's 32,766 bound parameters

# Timestamps travel as epoch seconds and days as days since 1970: ints bind and copy
# faster than text, and the database formats them (the parsers keep whole seconds).
_STAGE_TYPES = {
    "sqlite": dict.fromkeys(COLUMNS, "TEXT") | dict.fromkeys((*TIMESTAMPS, "received_day", "unit_id"), "INTEGER"),
    "postgresql": dict.fromkeys(COLUMNS, "text") | dict.fromkeys((*TIMESTAMPS, "received_day", "unit_id"), "bigint"),
}
_FROM_STAGE = {
    # Exactly the text SQLAlchemy's DateTime/Date write on SQLite.
    "sqlite": {**{c: f"datetime({c}, 'unixepoch') || '.000000'" for c in TIMESTAMPS},
               "received_day": "date(received_day * 86400, 'unixepoch')"},
    "postgresql": {**{c: f"to_timestamp({c})" for c in TIMESTAMPS},
                   "received_day": "DATE '1970-01-01' + CAST(received_day AS integer)"},
}
# Low-cardinality text: one shared Python str per distinct value (SQLite caches its UTF-8).
_SHARED = ("procedure", "field", "channel", "outcome", "status")


def _column_values(frame: pd.DataFrame, name: str) -> list:
    """One column as driver-ready Python values (None for missing)."""
    values = frame[name]
    if name in TIMESTAMPS or name == "received_day":
        unit = "D" if name == "received_day" else "s"
        arr = values.to_numpy().astype(f"datetime64[{unit}]")
        return np.where(np.isnat(arr), None, arr.astype(np.int64)).tolist()
    if name == "unit_id":
        return values.astype("int64").tolist()
    arr = pa.array(values, from_pandas=True)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if name in _SHARED:
        enc = pc.dictionary_encode(arr)
        uniques = np.array(enc.dictionary.to_pylist() + [None], dtype=object)
        return uniques[np.asarray(pc.fill_null(enc.indices, len(enc.dictionary)))].tolist()
    return arr.to_pylist()


def _stage(conn: Connection, frame: pd.DataFrame, progress: Callable[[int], None] | None) -> None:
    dialect = conn.dialect.name
    types = _STAGE_TYPES[dialect]
    cols = ", ".join(f"{c} {types[c]}" for c in COLUMNS)
    if dialect == "sqlite":
        conn.execute(text(f"CREATE TEMP TABLE IF NOT EXISTS {STAGE} ({cols})"))
    else:
        conn.execute(text(f"CREATE TEMP TABLE IF NOT EXISTS {STAGE} ({cols}) ON COMMIT DROP"))
    conn.execute(text(f"DELETE FROM {STAGE}"))
    rows = list(zip(*(_column_values(frame, c) for c in COLUMNS)))
    raw = conn.connection.dbapi_connection
    cur = raw.cursor()
    try:
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start: start + CHUNK]
            if dialect == "sqlite":
                marks = ", ".join("?" * len(COLUMNS))
                cur.executemany(f"INSERT INTO {STAGE} ({', '.join(COLUMNS)}) VALUES ({marks})", chunk)
            else:
                with cur.copy(f"COPY {STAGE} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                    for row in chunk:
                        copy.write_row(row)
            if progress:
                progress(start + len(chunk))
    finally:
        cur.close()
    if dialect != "sqlite":
        conn.execute(text(f"ANALYZE {STAGE}"))


def _overwritten(conn: Connection) -> tuple[set[tuple[int, dt.date]], int, int]:
    """(unit, day) of the stored rows about to be overwritten (a re-import may move them), how many
    rows that is, and how many of them change unit — one pass over the staged codes."""
    sql = text(f"SELECT d.unit_id, d.received_day, COUNT(*), "
               f"SUM(CASE WHEN d.unit_id <> s.unit_id THEN 1 ELSE 0 END) "
               f"FROM {STAGE} s JOIN dossier d ON d.code = s.code GROUP BY d.unit_id, d.received_day")
    pairs, updated, moved = set(), 0, 0
    for u, d, n, m in conn.execute(sql.columns(unit_id=Integer, received_day=Date)):
        pairs.add((u, d))
        updated += int(n)
        moved += int(m or 0)
    return pairs, updated, moved


def _moves(conn: Connection) -> tuple[UnitMove, ...]:
    """The staged rows that put a stored dossier under another unit, by (old unit, new unit), most first."""
    sql = text(f"SELECT d.unit_id, s.unit_id, COUNT(*) FROM {STAGE} s JOIN dossier d ON d.code = s.code "
               f"WHERE d.unit_id <> s.unit_id GROUP BY d.unit_id, s.unit_id")
    pairs = [(int(a), int(b), int(n)) for a, b, n in conn.execute(sql)]
    ids = {u for a, b, _ in pairs for u in (a, b)}
    names = dict(conn.execute(select(Unit.id, Unit.name).where(Unit.id.in_(ids))).all()) if ids else {}
    return tuple(UnitMove(a, names.get(a, str(a)), b, names.get(b, str(b)), n)
                 for a, b, n in sorted(pairs, key=lambda p: (-p[2], names.get(p[0], ""), names.get(p[1], ""))))


def codes_outside(conn: Connection, scope: Scope, codes: Sequence[str]) -> set[str]:
    """Those of `codes` already stored under a unit outside `scope` (an import may not overwrite them)."""
    if scope.whole_province:
        return set()
    found: set[str] = set()
    for start in range(0, len(codes), LOOKUP_CHUNK):
        chunk = list(codes[start: start + LOOKUP_CHUNK])
        stmt = (select(Dossier.code).join(Unit, Unit.id == Dossier.unit_id)
                .where(Dossier.code.in_(chunk), not_(scope.unit_clause(Unit.path))))
        found.update(conn.execute(stmt).scalars())
    return found


def _upsert(conn: Connection, batch_id: int) -> None:
    convert = _FROM_STAGE[conn.dialect.name]
    select_cols = ", ".join(convert.get(c, c) for c in COLUMNS)
    # SQLite needs a WHERE to parse INSERT … SELECT … ON CONFLICT.
    where = " WHERE true" if conn.dialect.name == "sqlite" else ""
    updates = ", ".join(f"{c} = excluded.{c}" for c in (*COLUMNS[1:], "batch_id"))
    conn.execute(
        text(f"INSERT INTO dossier ({', '.join(COLUMNS)}, batch_id) SELECT {select_cols}, :batch "
             f"FROM {STAGE}{where} ON CONFLICT (code) DO UPDATE SET {updates}"),
        {"batch": batch_id},
    )


def new_pairs(frame: pd.DataFrame) -> set[tuple[int, dt.date]]:
    pairs = frame[["unit_id", "received_day"]].drop_duplicates()
    days = pairs["received_day"].to_numpy().astype("datetime64[D]").astype(object)
    return set(zip(pairs["unit_id"].astype("int64").tolist(), days))


def write_dossiers(conn: Connection, frame: pd.DataFrame, batch_id: int,
                   progress: Callable[[int], None] | None = None) -> WriteCounts:
    """Upsert `frame` (one row per code, COLUMNS) in the caller's transaction."""
    if frame.empty:
        return WriteCounts()
    with _big_sqlite_cache(conn):
        _stage(conn, frame, progress)
        old, updated, moved = _overwritten(conn)
        moves = _moves(conn) if moved else ()
        touched = old | new_pairs(frame)
        _upsert(conn, batch_id)
        conn.execute(text(f"DROP TABLE IF EXISTS {STAGE}"))
        refresh_days(conn, touched)
    return WriteCounts(len(frame) - updated, updated, moved, moves)


@contextmanager
def _big_sqlite_cache(conn: Connection):
    """A bulk upsert touches pages all over the indexes, and SQLite's 2 MB default cache
    thrashes. The pooled connection gets its own size back afterwards."""
    if conn.dialect.name != "sqlite":
        yield
        return
    before = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql("PRAGMA cache_size = -262144")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {int(before)}")


def dedupe_last(frame: pd.DataFrame) -> pd.DataFrame:
    """The later row of a file wins for a repeated code."""
    keep = ~frame["code"].duplicated(keep="last").to_numpy()
    return frame[keep] if not keep.all() else frame

