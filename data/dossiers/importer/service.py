"""Importing detailed dossier exports: one file, one transaction, one import_batch row."""
from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Engine

from data.dossiers.importer.batches import BatchInfo, finish_batch, now_utc, record_batch, start_batch
from data.dossiers.importer.headers import LABELS, REQUIRED, ColumnMap, HeaderVocabulary
from data.dossiers.importer.model import DONE, REJECTED, FileProblem, ImportResult, Progress, RowError
from data.dossiers.importer.reading import file_sha256, read_sheet
from data.dossiers.importer.rows import ParsedRows, parse_rows
from data.dossiers.importer.store import COLUMNS, dedupe_last, write_dossiers
from data.dossiers.importer.unit_resolver import UnitResolver

log = logging.getLogger(__name__)

KIND = "dossiers"
NO_HEADER = (
    "không tìm thấy dòng tiêu đề trong 30 dòng đầu: cần cột Mã hồ sơ và ít nhất 3 cột khác "
    "như Ngày tiếp nhận, Đơn vị xử lý, Hình thức nộp (no header row found)"
)


def _rejected(file: str, batch_id: int | None, rows_read: int, errors: Sequence[RowError]) -> ImportResult:
    return ImportResult(file, batch_id, rows_read, 0, tuple(errors), REJECTED)


def _check_required(columns: ColumnMap) -> None:
    missing = [LABELS[f] for f in REQUIRED if f not in columns.positions]
    if missing:
        raise FileProblem(f"thiếu cột bắt buộc: {', '.join(missing)} (missing required columns)")


def _codes(values: pd.Series) -> tuple[np.ndarray, list]:
    """Distinct-value codes (missing -> its own code) and the distinct values."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    return codes.astype(np.int64), [None if pd.isna(u) else u for u in uniques]


def _assign_units(resolver: UnitResolver, parsed: ParsedRows, columns: ColumnMap,
                  file: str) -> tuple[np.ndarray, np.ndarray, list[RowError]]:
    """Unit id for every row that is otherwise good (planned ids are negative)."""
    frame = parsed.frame
    n = len(frame)
    ids = np.zeros(n, dtype=np.int64)
    bad = np.zeros(n, dtype=bool)
    errors: list[RowError] = []
    candidates = np.flatnonzero(~parsed.bad)
    if not len(candidates):
        return ids, bad, errors
    sub = frame.iloc[candidates]
    (u, units), (lv, levels), (p, parents) = (_codes(sub[c]) for c in ("unit", "level_code", "parent"))
    combined = (u * (len(levels) + 1) + lv) * (len(parents) + 1) + p
    distinct, inverse = np.unique(combined, return_inverse=True)
    for g, key in enumerate(distinct.tolist()):
        key, pi = divmod(key, len(parents) + 1)
        ui, li = divmod(key, len(levels) + 1)
        match = resolver.resolve(units[ui], levels[li], parents[pi])
        members = candidates[inverse == g]
        if match.id is not None:
            ids[members] = match.id
            continue
        bad[members] = True
        column = columns.label(match.column)
        errors.extend(RowError(file, int(r), column, match.error) for r in frame["row"].to_numpy()[members])
    return ids, bad, errors


def import_dossier_file(
    engine: Engine, path: Path, *, skip_bad_rows: bool = False, mapping: Mapping[str, str] | None = None,
    province: str | None = None, progress: Progress | None = None, display_name: str | None = None,
) -> ImportResult:
    """Import one detailed export; nothing is written unless the whole file (or, with
    skip_bad_rows, every good row) goes in."""
    path = Path(path)
    file = display_name or path.name
    vocab = HeaderVocabulary(mapping)
    try:
        sha = file_sha256(path)
    except OSError:
        return _rejected(file, None, 0, [RowError(file, 0, "", "không tìm thấy hoặc không mở được tệp (cannot open file)")])
    info = BatchInfo(KIND, file, sha, now_utc())
    try:
        sheet = read_sheet(path, file, vocab.score, NO_HEADER)
        columns = vocab.columns(sheet.header)
        _check_required(columns)
        parsed = parse_rows(sheet, columns)
    except FileProblem as exc:
        batch_id = record_batch(engine, info, rows_read=0, rows_rejected=0, status=REJECTED)
        return _rejected(file, batch_id, 0, [RowError(file, 0, "", str(exc))])
    total = parsed.rows_read
    if progress:
        progress(0, total)

    with engine.connect() as conn:
        tx = conn.begin()
        try:
            resolver = UnitResolver(conn, province)
            unit_ids, unit_bad, unit_errors = _assign_units(resolver, parsed, columns, file)
            bad = parsed.bad | unit_bad
            errors = tuple(sorted(parsed.errors + tuple(unit_errors), key=lambda e: e.row))
            if errors and not skip_bad_rows:
                tx.rollback()
                batch_id = record_batch(engine, info, rows_read=total, rows_rejected=int(bad.sum()), status=REJECTED)
                return _rejected(file, batch_id, total, errors)
            ids = unit_ids[~bad]
            real = resolver.create({int(u) for u in np.unique(ids) if u < 0})
            if real:
                # Planned ids are -1, -2, …: a lookup table swaps them for the created ones.
                lut = np.zeros(max(-t for t in real) + 1, dtype=np.int64)
                for temp, created in real.items():
                    lut[-temp] = created
                ids = np.where(ids < 0, lut[np.where(ids < 0, -ids, 0)], ids)
            good = parsed.frame[~bad].assign(unit_id=ids)
            batch_id = start_batch(conn, info)
            rows = dedupe_last(good)[list(COLUMNS)]
            staged = len(rows)
            write_dossiers(conn, rows, batch_id,
                           (lambda done: progress(round(done * len(good) / staged), total)) if progress else None)
            finish_batch(conn, batch_id, rows_read=total, rows_imported=len(good), rows_rejected=int(bad.sum()),
                         status=DONE)
            tx.commit()
        except FileProblem as exc:
            tx.rollback()
            batch_id = record_batch(engine, info, rows_read=total, rows_rejected=0, status=REJECTED)
            return _rejected(file, batch_id, total, [RowError(file, 0, "", str(exc))])
        except Exception:
            tx.rollback()
            log.exception("import of %s failed", file)
            record_batch(engine, info, rows_read=total, rows_rejected=0, status="failed")
            raise
    if progress:
        progress(total, total)
    return ImportResult(file, batch_id, total, len(good), errors, DONE)


def import_dossier_files(
    engine: Engine, paths: Sequence[Path], *, display_names: Sequence[str] | None = None,
    skip_bad_rows: bool = False, mapping: Mapping[str, str] | None = None, province: str | None = None,
    progress: Progress | None = None,
) -> list[ImportResult]:
    """Each file in order (a later file's row wins), each in its own transaction."""
    names = list(display_names) if display_names is not None else [None] * len(paths)
    if len(names) != len(paths):
        raise ValueError("display_names must name every path")
    return [
        import_dossier_file(engine, p, skip_bad_rows=skip_bad_rows, mapping=mapping, province=province,
                            progress=progress, display_name=n)
        for p, n in zip(paths, names)
    ]

