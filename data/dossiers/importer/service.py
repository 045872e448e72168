"""Importing detailed dossier exports (the skeleton around it: file_import.py)."""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine

from data.access import Scope
from data.dossiers.importer.errors import ErrorLog
from data.dossiers.importer.file_import import FileKind, ScopeCheck, UnitAssignment, import_each, import_file
from data.dossiers.importer.headers import LABELS, REQUIRED, ColumnMap, HeaderVocabulary
from data.dossiers.importer.limits import ImportLimits
from data.dossiers.importer.model import FileProblem, ImportResult, Progress, WriteCounts
from data.dossiers.importer.reading import read_sheet
from data.dossiers.importer.rows import ParsedRows, parse_rows
from data.dossiers.importer.store import COLUMNS, codes_outside, dedupe_last, write_dossiers
from data.dossiers.importer.unit_resolver import UnitResolver

KIND = "dossiers"
NO_HEADER = (
    "không tìm thấy dòng tiêu đề trong 30 dòng đầu: cần cột Mã hồ sơ và ít nhất 3 cột khác "
    "như Ngày tiếp nhận, Đơn vị xử lý, Hình thức nộp (no header row found)"
)


def _check_required(columns: ColumnMap) -> None:
    missing = [LABELS[f] for f in REQUIRED if f not in columns.positions]
    if missing:
        raise FileProblem(f"thiếu cột bắt buộc: {', '.join(missing)} (missing required columns)")


def _codes(values: pd.Series) -> tuple[np.ndarray, list]:
    """Distinct-value codes (missing -> its own code) and the distinct values."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    return codes.astype(np.int64), [None if pd.isna(u) else u for u in uniques]


OUTSIDE_CODE = ("mã hồ sơ này đã có trong kho, thuộc một đơn vị ngoài phạm vi quản lý của tài khoản; "
                "không được ghi đè hay chuyển đơn vị")


def _assign_units(resolver: UnitResolver, parsed: ParsedRows, columns: ColumnMap, file: str,
                  error_limit: int) -> UnitAssignment:
    """Unit id for every row that is otherwise good (planned ids are negative)."""
    frame = parsed.frame
    n = len(frame)
    ids = np.zeros(n, dtype=np.int64)
    bad = np.zeros(n, dtype=bool)
    refused = np.zeros(n, dtype=bool)
    log = ErrorLog(error_limit)
    candidates = np.flatnonzero(~parsed.bad)
    if not len(candidates):
        return UnitAssignment(ids, bad, log.report(), refused)
    sub = frame.iloc[candidates]
    (u, units), (lv, levels), (p, parents) = (_codes(sub[c]) for c in ("unit", "level_code", "parent"))
    combined = (u * (len(levels) + 1) + lv) * (len(parents) + 1) + p
    distinct, inverse = np.unique(combined, return_inverse=True)
    rows = frame["row"].to_numpy()
    for g, key in enumerate(distinct.tolist()):
        key, pi = divmod(key, len(parents) + 1)
        ui, li = divmod(key, len(levels) + 1)
        match = resolver.resolve(units[ui], levels[li], parents[pi])
        members = candidates[inverse == g]
        if match.id is not None:
            ids[members] = match.id
            continue
        bad[members] = True
        refused[members] = match.outside_scope
        log.add(file, rows[members], columns.label(match.column), match.error)
    return UnitAssignment(ids, bad, log.report(), refused)


def _codes_outside(conn: Connection, scope: Scope, parsed: ParsedRows, columns: ColumnMap, file: str,
                   error_limit: int) -> ScopeCheck:
    """Rows reusing the code of a dossier stored under a unit outside the scope (an update that would
    change, or move a dossier out of, another unit)."""
    frame = parsed.frame
    refused = np.zeros(len(frame), dtype=bool)
    log = ErrorLog(error_limit)
    if not scope.whole_province and len(frame):
        codes = frame["code"]
        present = codes.notna().to_numpy()
        outside = codes_outside(conn, scope, codes[present].unique().tolist())
        if outside:
            refused = present & codes.isin(outside).to_numpy()
            log.add(file, frame["row"].to_numpy()[refused], columns.label("code"), OUTSIDE_CODE)
    return ScopeCheck(refused, log.report())


def _spec(mapping: Mapping[str, str] | None, limits: ImportLimits) -> FileKind:
    vocab = HeaderVocabulary(mapping)
    limit = limits.errors_per_column

    def parse(path: Path, file: str) -> _WithColumns:
        sheet = read_sheet(path, file, vocab.score, NO_HEADER)
        columns = vocab.columns(sheet.header)
        _check_required(columns)
        parsed = parse_rows(sheet, columns, limit)
        return _WithColumns(parsed.frame, parsed.bad, parsed.errors, columns)

    def write(conn: Connection, _parsed: ParsedRows, good: pd.DataFrame, batch_id: int,
              done: Callable[[int], None] | None) -> WriteCounts:
        rows = dedupe_last(good)[list(COLUMNS)]
        return write_dossiers(conn, rows, batch_id, done)

    return FileKind(KIND, parse, lambda r, p, f: _assign_units(r, p, p.columns, f, limit), write,
                    lambda c, s, p, f: _codes_outside(c, s, p, p.columns, f, limit))


@dataclass(frozen=True)
class _WithColumns(ParsedRows):
    columns: ColumnMap


def import_dossier_file(
    engine: Engine, path: Path, *, scope: Scope, limits: ImportLimits = ImportLimits(), skip_bad_rows: bool = False,
    mapping: Mapping[str, str] | None = None, province: str | None = None, progress: Progress | None = None,
    display_name: str | None = None,
) -> ImportResult:
    """Import one detailed export as `scope` (audited under its username); nothing is written unless the
    whole file (or, with skip_bad_rows, every good row) goes in, and never outside the scope."""
    return import_file(engine, path, _spec(mapping, limits), scope=scope, limits=limits, skip_bad_rows=skip_bad_rows,
                       province=province, progress=progress, display_name=display_name)


def import_dossier_files(
    engine: Engine, paths: Sequence[Path], *, scope: Scope, limits: ImportLimits = ImportLimits(),
    display_names: Sequence[str] | None = None, skip_bad_rows: bool = False, mapping: Mapping[str, str] | None = None,
    province: str | None = None, progress: Progress | None = None,
) -> list[ImportResult]:
    """Each file in order (a later file's row wins), each in its own transaction."""
    return import_each(paths, display_names, lambda p, n: import_dossier_file(
        engine, p, scope=scope, limits=limits, skip_bad_rows=skip_bad_rows, mapping=mapping, province=province,
        progress=progress, display_name=n))
