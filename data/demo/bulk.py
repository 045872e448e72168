"""Fast inserts for the big demo tables through the raw DBAPI connection.

SQLite gets `executemany` with the exact text SQLAlchemy itself stores
(DateTime: naive UTC 'YYYY-MM-DD HH:MM:SS.ffffff', Date: 'YYYY-MM-DD');
PostgreSQL gets `COPY … FROM STDIN` with explicit '+00' offsets. Both run
inside the caller's SQLAlchemy transaction. Text values must not contain
tabs, newlines or backslashes (demo values are fixed catalogue strings).
"""
from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator, Sequence

import numpy as np
from sqlalchemy import Connection, text

US_PER_S = 1_000_000
DAY_S = 86_400


class BulkWriter:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.dialect = conn.dialect.name
        self.raw = conn.connection.driver_connection

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    def datetimes(self, utc_us: np.ndarray, null: np.ndarray | None = None) -> list:
        """Microseconds since the epoch (UTC) → values for a DateTime(timezone=True) column."""
        utc_us = np.asarray(utc_us, dtype=np.int64)
        if len(utc_us) == 0:
            return []
        if np.any(utc_us % US_PER_S):
            text = np.datetime_as_string(utc_us.astype("datetime64[us]"), unit="us")
            codes = text.view(np.uint32).reshape(len(text), -1)
            codes[:, 10] = ord(" ")  # 'T' → ' ', SQLAlchemy's SQLite layout
            suffix = "" if self.is_sqlite else "+00"
            return _with_nulls(np.char.add(text, suffix) if suffix else text, null)
        # Whole seconds (all demo times): join a date table and a clock table, far faster.
        seconds = utc_us // US_PER_S
        days, clock = np.divmod(seconds, DAY_S)
        first = int(days.min())
        dates = _date_table(first, int(days.max()))
        text = dates[days - first] + _clock_table(self.is_sqlite)[clock]
        if null is not None:
            text[np.asarray(null, dtype=bool)] = None
        return text.tolist()

    def dates(self, days: np.ndarray, null: np.ndarray | None = None) -> list:
        """numpy datetime64[D] → values for a Date column."""
        n = np.asarray(days, dtype="datetime64[D]").astype(np.int64)
        if len(n) == 0:
            return []
        first = int(n.min())
        text = _date_table(first, int(n.max()))[n - first]
        if null is not None:
            text[np.asarray(null, dtype=bool)] = None
        return text.tolist()

    def booleans(self, values: np.ndarray) -> list:
        values = np.asarray(values, dtype=bool)
        if self.is_sqlite:
            return values.astype(np.int64).tolist()
        return np.where(values, "t", "f").tolist()

    def write(self, table: str, columns: Sequence[str], data: Sequence[Sequence]) -> int:
        """Insert one batch given column-wise (lists or numpy arrays of equal length)."""
        with self.stream(table, columns) as put:
            return put(data)

    @contextlib.contextmanager
    def stream(self, table: str, columns: Sequence[str]) -> Iterator[Callable[[Sequence[Sequence]], int]]:
        """A `put(batch)` function for many batches into one table.

        On PostgreSQL all batches go through one COPY whose sending runs in a
        worker thread, so the server stores one batch while Python formats the next.
        """
        if self.is_sqlite:
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
            cur = self.raw.cursor()
            try:
                yield lambda data: self._executemany(cur, sql, table, data)
            finally:
                cur.close()
            return
        from psycopg.copy import QueuedLibpqWriter

        with self.raw.cursor() as cur:
            with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN",
                          writer=QueuedLibpqWriter(cur)) as copy:
                def put(data: Sequence[Sequence]) -> int:
                    n = _checked_length(table, data)
                    if n:
                        cols = [_copy_text(c) for c in data]
                        copy.write("\n".join(map("\t".join, zip(*cols))) + "\n")
                    return n

                yield put

    @staticmethod
    def _executemany(cur, sql: str, table: str, data: Sequence[Sequence]) -> int:
        n = _checked_length(table, data)
        if n:
            cur.executemany(sql, zip(*[c.tolist() if isinstance(c, np.ndarray) else c for c in data]))
        return n


def _checked_length(table: str, data: Sequence[Sequence]) -> int:
    n = len(data[0])
    if any(len(col) != n for col in data):
        raise ValueError(f"{table}: columns of unequal length")
    return n


@contextlib.contextmanager
def secondary_indexes_deferred(conn: Connection, table: str) -> Iterator[None]:
    """Drop `table`'s non-key indexes for a bulk load and recreate them from their own DDL after.

    Building an index once is much cheaper than updating it row by row. The DDL
    is read back from the catalogue, so the indexes come back exactly as migrated.
    """
    if conn.dialect.name == "sqlite":
        found = conn.execute(text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = :t AND sql IS NOT NULL"
        ), {"t": table}).all()
    else:
        found = conn.execute(text(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i "
            "WHERE i.schemaname = current_schema() AND i.tablename = :t AND NOT EXISTS ("
            "  SELECT 1 FROM pg_constraint c WHERE c.conindid = to_regclass(quote_ident(i.schemaname) || '.' "
            "  || quote_ident(i.indexname)))"
        ), {"t": table}).all()
    for name, _ in found:
        conn.execute(text(f'DROP INDEX "{name}"'))
    yield
    for _, ddl in found:
        conn.execute(text(ddl))


def _date_table(first: int, last: int) -> np.ndarray:
    """'YYYY-MM-DD' for every day number from first to last, as Python strings."""
    days = np.arange(first, last + 1, dtype=np.int64).astype("datetime64[D]")
    return np.datetime_as_string(days, unit="D").astype(object)


@functools.cache
def _clock_table(sqlite: bool) -> np.ndarray:
    """' HH:MM:SS.000000' (+ '+00' for PostgreSQL) for every second of a day."""
    suffix = ".000000" if sqlite else ".000000+00"
    return np.array([f" {s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}{suffix}" for s in range(DAY_S)],
                    dtype=object)


def _with_nulls(text: np.ndarray, null: np.ndarray | None) -> list:
    if null is None or not np.any(null):
        return text.tolist()
    out = text.astype(object)
    out[np.asarray(null, dtype=bool)] = None
    return out.tolist()


def _copy_text(col: Sequence) -> Sequence[str]:
    """COPY text for one column; list columns hold one type (plus None for NULL)."""
    if isinstance(col, np.ndarray):
        if col.dtype.kind == "f":
            return [repr(v) for v in col.tolist()]
        return col.astype(str).tolist()
    has_null = None in col
    sample = next((v for v in col if v is not None), "")
    if isinstance(sample, str):
        return ["\\N" if v is None else v for v in col] if has_null else col
    return ["\\N" if v is None else str(v) for v in col]
