"""One file, one transaction, one import_batch row — for every kind of import.

The detailed export and the monthly summary differ in how they read rows and
what they write; everything around that (batch rows, the all-or-nothing rule,
skip_bad_rows, creating units, progress, rollback) lives here once.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine

from data.dossiers.importer.batches import BatchInfo, finish_batch, now_utc, record_batch, start_batch
from data.dossiers.importer.model import DONE, REJECTED, FileProblem, ImportResult, Progress, RowError
from data.dossiers.importer.reading import file_sha256
from data.dossiers.importer.unit_resolver import UnitResolver

log = logging.getLogger(__name__)

CANNOT_OPEN = "không tìm thấy hoặc không mở được tệp (cannot open file)"


class Parsed(Protocol):
    frame: pd.DataFrame
    bad: np.ndarray
    errors: tuple[RowError, ...]

    @property
    def rows_read(self) -> int: ...


@dataclass(frozen=True)
class UnitAssignment:
    """Unit id per row (planned, not yet created units are negative), rows it made bad, why."""

    ids: np.ndarray
    bad: np.ndarray
    errors: list[RowError]


@dataclass(frozen=True)
class FileKind:
    """What one kind of import does differently."""

    kind: str  # import_batch.kind
    # Read and check the whole file; raise FileProblem when it cannot be imported at all.
    parse: Callable[[Path, str], Parsed]
    assign_units: Callable[[UnitResolver, Parsed, str], UnitAssignment]
    # Write the good rows of the parsed file (unit_id real) in the caller's transaction; report rows done.
    write: Callable[[Connection, Parsed, pd.DataFrame, int, Callable[[int], None] | None], None]


def swap_planned_ids(ids: np.ndarray, created: dict[int, int]) -> np.ndarray:
    """Planned ids (-1, -2, …) replaced by the ids the store gave the created units."""
    if not created:
        return ids
    lut = np.zeros(max(-t for t in created) + 1, dtype=np.int64)
    for temp, real in created.items():
        lut[-temp] = real
    return np.where(ids < 0, lut[np.where(ids < 0, -ids, 0)], ids)


def import_file(
    engine: Engine, path: Path, spec: FileKind, *, skip_bad_rows: bool = False, province: str | None = None,
    progress: Progress | None = None, display_name: str | None = None,
) -> ImportResult:
    """Nothing is written unless the whole file (or, with skip_bad_rows, every good row) goes in."""
    path = Path(path)
    file = display_name or path.name
    try:
        sha = file_sha256(path)
    except OSError:
        return ImportResult(file, None, 0, 0, (RowError(file, 0, "", CANNOT_OPEN),), REJECTED)
    info = BatchInfo(spec.kind, file, sha, now_utc())

    def rejected(rows_read: int, rows_rejected: int, errors: Sequence[RowError]) -> ImportResult:
        batch_id = record_batch(engine, info, rows_read=rows_read, rows_rejected=rows_rejected, status=REJECTED)
        return ImportResult(file, batch_id, rows_read, 0, tuple(errors), REJECTED)

    try:
        parsed = spec.parse(path, file)
    except FileProblem as exc:
        return rejected(0, 0, [RowError(file, 0, "", str(exc))])
    total = parsed.rows_read
    if progress:
        progress(0, total)

    with engine.connect() as conn:
        tx = conn.begin()
        try:
            resolver = UnitResolver(conn, province)
            units = spec.assign_units(resolver, parsed, file)
            bad = parsed.bad | units.bad
            errors = tuple(sorted(parsed.errors + tuple(units.errors), key=lambda e: e.row))
            if errors and not skip_bad_rows:
                tx.rollback()
                return rejected(total, int(bad.sum()), errors)
            ids = units.ids[~bad]
            ids = swap_planned_ids(ids, resolver.create({int(u) for u in np.unique(ids) if u < 0}))
            good = parsed.frame[~bad].assign(unit_id=ids)
            batch_id = start_batch(conn, info)
            step = (lambda done: progress(min(done, len(good)), total)) if progress else None
            spec.write(conn, parsed, good, batch_id, step)
            finish_batch(conn, batch_id, rows_read=total, rows_imported=len(good), rows_rejected=int(bad.sum()),
                         status=DONE)
            tx.commit()
        except FileProblem as exc:
            tx.rollback()
            return rejected(total, 0, [RowError(file, 0, "", str(exc))])
        except Exception:
            tx.rollback()
            log.exception("%s import of %s failed", spec.kind, file)
            record_batch(engine, info, rows_read=total, rows_rejected=0, status="failed")
            raise
    if progress:
        progress(total, total)
    return ImportResult(file, batch_id, total, len(good), errors, DONE)


def import_each(paths: Sequence[Path], display_names: Sequence[str] | None,
                one: Callable[[Path, str | None], ImportResult]) -> list[ImportResult]:
    """Each file in order (a later file's row wins), each in its own transaction."""
    names = list(display_names) if display_names is not None else [None] * len(paths)
    if len(names) != len(paths):
        raise ValueError("display_names must name every path")
    return [one(p, n) for p, n in zip(paths, names)]
