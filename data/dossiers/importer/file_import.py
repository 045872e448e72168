"""One file, one transaction, one import_batch row — for every kind of import.

The detailed export and the monthly summary differ in how they read rows and
what they write; everything around that (size limits, the importing scope,
batch rows and the audit entry, the all-or-nothing rule, skip_bad_rows,
creating units, progress, rollback) lives here once.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine

from data.access import AccessDenied, Scope
from data.dossiers.importer.batches import (
    BatchInfo, audit_import, finish_batch, now_utc, record_batch, start_batch,
)
from data.dossiers.importer.errors import ErrorReport
from data.dossiers.importer.limits import ImportLimits, check_file
from data.dossiers.importer.model import (
    DONE, REJECTED, ColumnCount, FileProblem, ImportResult, Progress, RowError, WriteCounts,
)
from data.dossiers.importer.reading import file_sha256
from data.dossiers.importer.unit_resolver import UnitResolver

log = logging.getLogger(__name__)

CANNOT_OPEN = "không tìm thấy hoặc không mở được tệp (cannot open file)"


class Parsed(Protocol):
    frame: pd.DataFrame  # has a "row" column: the row number the user sees
    bad: np.ndarray
    errors: ErrorReport

    @property
    def rows_read(self) -> int: ...


@dataclass(frozen=True)
class UnitAssignment:
    """Unit id per row (planned, not yet created units are negative), rows it made bad, why, and
    which of them name a unit outside the importing scope."""

    ids: np.ndarray
    bad: np.ndarray
    errors: ErrorReport
    refused: np.ndarray


@dataclass(frozen=True)
class ScopeCheck:
    """Rows that would change records outside the scope, and why."""

    refused: np.ndarray
    errors: ErrorReport


@dataclass(frozen=True)
class FileKind:
    """What one kind of import does differently."""

    kind: str  # import_batch.kind
    # Read and check the whole file; raise FileProblem when it cannot be imported at all.
    parse: Callable[[Path, str], Parsed]
    assign_units: Callable[[UnitResolver, Parsed, str], UnitAssignment]
    # Write the good rows of the parsed file (unit_id real) in the caller's transaction; report rows done.
    write: Callable[[Connection, Parsed, pd.DataFrame, int, Callable[[int], None] | None], WriteCounts]
    # Rows whose stored record lies outside the scope (a dossier code of another district); None: no such rows.
    outside_scope: Callable[[Connection, Scope, Parsed, str], ScopeCheck] | None = None


def swap_planned_ids(ids: np.ndarray, created: dict[int, int]) -> np.ndarray:
    """Planned ids (-1, -2, …) replaced by the ids the store gave the created units."""
    if not created:
        return ids
    lut = np.zeros(max(-t for t in created) + 1, dtype=np.int64)
    for temp, real in created.items():
        lut[-temp] = real
    return np.where(ids < 0, lut[np.where(ids < 0, -ids, 0)], ids)


def require_importer(scope: Scope) -> None:
    """Importing changes every figure of the units it touches: administrators only."""
    if not scope.can_configure:
        raise AccessDenied(f"tài khoản {scope.username!r} không được nhập dữ liệu "
                           f"(account {scope.username!r} may not import)")


def import_file(
    engine: Engine, path: Path, spec: FileKind, *, scope: Scope, limits: ImportLimits = ImportLimits(),
    skip_bad_rows: bool = False, province: str | None = None, progress: Progress | None = None,
    display_name: str | None = None,
) -> ImportResult:
    """Nothing is written unless the whole file (or, with skip_bad_rows, every good row) goes in, and
    nothing outside `scope`; every import, whatever its outcome, leaves an audit entry."""
    require_importer(scope)
    path = Path(path)
    file = display_name or path.name
    try:
        sha = file_sha256(path)
    except OSError:
        result = ImportResult(file, None, 0, 0, (RowError(file, 0, "", CANNOT_OPEN),), REJECTED,
                              error_columns=(ColumnCount("", 1),))
        with engine.begin() as conn:
            audit_import(conn, scope, BatchInfo(spec.kind, file, None, now_utc()), result)
        return result
    info = BatchInfo(spec.kind, file, sha, now_utc())

    def rejected(rows_read: int, rows_bad: int, errors: ErrorReport, refused: int = 0,
                 status: str = REJECTED) -> ImportResult:
        with engine.begin() as conn:
            batch_id = record_batch(conn, info, rows_read=rows_read, rows_rejected=rows_bad, status=status)
            result = ImportResult(file, batch_id, rows_read, 0, errors.shown, REJECTED, rows_bad, errors.columns,
                                  refused=refused)
            audit_import(conn, scope, info, result if status == REJECTED else replace(result, status=status))
        return result

    def whole_file(exc: FileProblem) -> ErrorReport:
        return ErrorReport.of([RowError(file, 0, "", str(exc))], limits.errors_per_column)

    try:
        check_file(path, limits)  # before any parser sees the file
        parsed = spec.parse(path, file)
    except FileProblem as exc:
        return rejected(0, 0, whole_file(exc))
    total = parsed.rows_read
    if progress:
        progress(0, total)

    with engine.connect() as conn:
        tx = conn.begin()
        try:
            resolver = UnitResolver(conn, province, scope)
            units = spec.assign_units(resolver, parsed, file)
            refused, errors = units.refused, parsed.errors.merged(units.errors)
            if spec.outside_scope is not None:
                check = spec.outside_scope(conn, scope, parsed, file)
                refused, errors = refused | check.refused, errors.merged(check.errors)
            bad = parsed.bad | units.bad | refused
            if errors.total and not skip_bad_rows:
                tx.rollback()
                return rejected(total, int(bad.sum()), errors, int(refused.sum()))
            ids = units.ids[~bad]
            ids = swap_planned_ids(ids, resolver.create({int(u) for u in np.unique(ids) if u < 0}))
            good = parsed.frame[~bad].assign(unit_id=ids)
            batch_id = start_batch(conn, info)
            step = (lambda done: progress(min(done, len(good)), total)) if progress else None
            counts = spec.write(conn, parsed, good, batch_id, step)
            finish_batch(conn, batch_id, rows_read=total, rows_imported=len(good), rows_rejected=int(bad.sum()),
                         status=DONE)
            result = ImportResult(file, batch_id, total, len(good), errors.shown, DONE, int(bad.sum()),
                                  errors.columns, counts.added, counts.updated, counts.moved, int(refused.sum()),
                                  counts.moves)
            audit_import(conn, scope, info, result)
            tx.commit()
        except FileProblem as exc:
            tx.rollback()
            return rejected(total, 0, whole_file(exc))
        except Exception:
            tx.rollback()
            log.exception("%s import of %s failed", spec.kind, file)
            rejected(total, 0, ErrorReport(), status="failed")
            raise
    if progress:
        progress(total, total)
    return result


def import_each(paths: Sequence[Path], display_names: Sequence[str] | None,
                one: Callable[[Path, str | None], ImportResult]) -> list[ImportResult]:
    """Each file in order (a later file's row wins), each in its own transaction."""
    names = list(display_names) if display_names is not None else [None] * len(paths)
    if len(names) != len(paths):
        raise ValueError("display_names must name every path")
    return [one(p, n) for p, n in zip(paths, names)]
