"""Bad-row reports that count every error but keep only the first few per column.

A file of 200,000 bad rows must not build 800,000 error objects (nor a page
that lists them): every error is counted per column, and only the first
`limit` of each column (by row) are kept as `RowError`s to show.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from data.dossiers.importer.model import ColumnCount, RowError

ERRORS_PER_COLUMN = 20

# A fixed reason, or one built from the position (within the `rows` given) of a kept error.
Reason = str | Callable[[int], str]


@dataclass(frozen=True)
class ErrorReport:
    """The kept errors (sorted by row) and the full count of every column's errors."""

    shown: tuple[RowError, ...] = ()
    columns: tuple[ColumnCount, ...] = ()
    limit: int = ERRORS_PER_COLUMN

    @property
    def total(self) -> int:
        return sum(c.errors for c in self.columns)

    @property
    def truncated(self) -> bool:
        return self.total > len(self.shown)

    @classmethod
    def of(cls, errors: Iterable[RowError], limit: int = ERRORS_PER_COLUMN) -> ErrorReport:
        """A report of a few errors known one by one (a whole-file problem)."""
        log = ErrorLog(limit)
        for e in errors:
            log.add_one(e)
        return log.report()

    def merged(self, other: ErrorReport) -> ErrorReport:
        """Both reports as one: counts added, the first `limit` per column kept, rows in order
        (at the same row, this report's errors before the other's)."""
        counts: dict[str, int] = {}
        for c in (*self.columns, *other.columns):
            counts[c.column] = counts.get(c.column, 0) + c.errors
        return ErrorReport(_first_per_column(sorted((*self.shown, *other.shown), key=lambda e: e.row), self.limit),
                           tuple(ColumnCount(k, v) for k, v in counts.items()), self.limit)


def _first_per_column(errors: Iterable[RowError], limit: int) -> tuple[RowError, ...]:
    kept: list[RowError] = []
    seen: dict[str, int] = {}
    for e in errors:
        if seen.get(e.column, 0) < limit:
            seen[e.column] = seen.get(e.column, 0) + 1
            kept.append(e)
    return tuple(kept)


class ErrorLog:
    """Collects the errors of one pass over a file (mutable; `report()` hands out the frozen result)."""

    def __init__(self, limit: int = ERRORS_PER_COLUMN):
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self.limit = limit
        self._counts: dict[str, int] = {}
        # (row, order, sequence, error); at most `limit` per column after every add.
        self._kept: dict[str, list[tuple[int, int, int, RowError]]] = {}
        self._seq = 0

    def add(self, file: str, rows: np.ndarray, column: str, reason: Reason, order: int = 0) -> None:
        """Errors on `rows` (the row numbers the user sees); a callable `reason` runs only for kept ones."""
        rows = np.asarray(rows)
        if not len(rows):
            return
        self._counts[column] = self._counts.get(column, 0) + len(rows)
        take = np.argsort(rows, kind="stable")[: self.limit] if len(rows) > self.limit else range(len(rows))
        fresh = []
        for k in take:
            text = reason(int(k)) if callable(reason) else reason
            fresh.append((int(rows[k]), order, self._seq, RowError(file, int(rows[k]), column, text)))
            self._seq += 1
        self._keep(column, fresh)

    def add_one(self, error: RowError, order: int = 0) -> None:
        self._counts[error.column] = self._counts.get(error.column, 0) + 1
        self._keep(error.column, [(error.row, order, self._seq, error)])
        self._seq += 1

    def _keep(self, column: str, fresh: list[tuple[int, int, int, RowError]]) -> None:
        kept = self._kept.setdefault(column, [])
        kept.extend(fresh)
        if len(kept) > self.limit:
            kept.sort(key=lambda t: (t[0], t[1], t[2]))
            del kept[self.limit:]

    def report(self) -> ErrorReport:
        items = sorted((t for kept in self._kept.values() for t in kept), key=lambda t: (t[0], t[1], t[2]))
        return ErrorReport(tuple(t[3] for t in items),
                           tuple(ColumnCount(c, n) for c, n in self._counts.items()), self.limit)
