"""Instants as UTC epoch seconds inside SQL, so period sums run in the store, not per row in Python.

SQLite keeps DateTime as ISO text: julianday() reads it (millisecond
resolution; sums are rounded to the millisecond in pandas). PostgreSQL has
extract(epoch …). Reading ~100k datetimes back into Python costs ~0.4 s; the
numbers cost a fraction of that.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Float, Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement

from domain.timezone import LOCAL_TZ

DAY_S = 86_400
EPOCH_DAY = dt.date(1970, 1, 1)


class epoch(FunctionElement):  # noqa: N801 - reads like a SQL function
    """epoch(column) → float seconds since 1970-01-01 UTC."""

    type = Float()
    inherit_cache = True


@compiles(epoch, "sqlite")
def _epoch_sqlite(element, compiler, **kw) -> str:
    arg = compiler.process(element.clauses, **kw)
    return f"((julianday({arg}) - 2440587.5) * 86400.0)"


@compiles(epoch, "postgresql")
def _epoch_pg(element, compiler, **kw) -> str:
    arg = compiler.process(element.clauses, **kw)
    return f"CAST(EXTRACT(EPOCH FROM {arg}) AS DOUBLE PRECISION)"


class day_number(FunctionElement):  # noqa: N801
    """day_number(epoch seconds) → whole days since 1970-01-01, rounded down (the argument is ≥ 0)."""

    type = Integer()
    inherit_cache = True


@compiles(day_number, "sqlite")
def _day_sqlite(element, compiler, **kw) -> str:
    return f"CAST(({compiler.process(element.clauses, **kw)}) / {DAY_S} AS INTEGER)"


@compiles(day_number, "postgresql")
def _day_pg(element, compiler, **kw) -> str:
    # PostgreSQL's CAST rounds to nearest; FLOOR rounds down.
    return f"CAST(FLOOR(({compiler.process(element.clauses, **kw)}) / {DAY_S}) AS INTEGER)"


def day_count(day: dt.date) -> int:
    return (day - EPOCH_DAY).days


def local_offset_s(day: dt.date) -> int:
    """Seconds local time runs ahead of UTC on `day` (Việt Nam: +7 h, no daylight saving since 1975)."""
    noon = dt.datetime.combine(day, dt.time(12), LOCAL_TZ)
    return int(noon.utcoffset().total_seconds())


class greatest(FunctionElement):  # noqa: N801
    type = Float()
    inherit_cache = True


class least(FunctionElement):  # noqa: N801
    type = Float()
    inherit_cache = True


@compiles(greatest, "sqlite")
def _greatest_sqlite(element, compiler, **kw) -> str:
    return f"max({compiler.process(element.clauses, **kw)})"


@compiles(least, "sqlite")
def _least_sqlite(element, compiler, **kw) -> str:
    return f"min({compiler.process(element.clauses, **kw)})"


@compiles(greatest, "postgresql")
def _greatest_pg(element, compiler, **kw) -> str:
    return f"GREATEST({compiler.process(element.clauses, **kw)})"


@compiles(least, "postgresql")
def _least_pg(element, compiler, **kw) -> str:
    return f"LEAST({compiler.process(element.clauses, **kw)})"
