"""Importing standard monthly summary reports into `dossier_summary`.

For units that send aggregates instead of a detailed export: per unit (and
optionally per lĩnh vực) received online / direct+postal / carried over,
resolved early / on time / late, pending in time / overdue. The month comes
from the title ("Tháng 3 năm 2023", "từ ngày 01/03/2023 đến ngày
31/03/2023"), else from --month. Same rules as the detailed import: bad
rows reported as (file, row, column, reason); a file with errors imports
nothing unless skip_bad_rows; one transaction and one import_batch row per
file; units created the same way.

Rows are upserted on (unit, month, field). A unit-month is stored either for
all fields ('') or per field, never both, so statistics cannot count it
twice: per-field rows replace an all-fields row and the other way round.

    python -m data import-summary FILE [FILE ...] [--month YYYY-MM] [--skip-bad-rows] [--province NAME]
"""
from __future__ import annotations

import datetime as dt
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, and_, delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from data.dossiers.importer.batches import BatchInfo, finish_batch, now_utc, record_batch, start_batch
from data.dossiers.importer.model import DONE, REJECTED, FileProblem, ImportResult, Progress, RowError
from data.dossiers.importer.reading import file_sha256, read_sheet
from data.dossiers.importer.summary_layout import (
    COUNTS, SummaryColumns, SummaryRows, detect_month, parse_summary_rows, recognise_columns, score_row,
)
from data.dossiers.importer.unit_resolver import UnitResolver
from data.schema import DossierSummary

log = logging.getLogger(__name__)

KIND = "dossier_summary"
NO_HEADER = (
    "không tìm thấy dòng tiêu đề của báo cáo tổng hợp trong 30 dòng đầu: cần các cột như Trực tuyến, "
    "Trực tiếp, Trước hạn, Đúng hạn, Quá hạn (no summary report header found)"
)


def parse_month(value: str) -> dt.date:
    """'YYYY-MM' -> first day of that month."""
    try:
        year, month = value.split("-")
        return dt.date(int(year), int(month), 1)
    except ValueError:
        raise ValueError(f"--month '{value}' không đúng dạng YYYY-MM (expected YYYY-MM)")


def _month_of(sheet_top, given: dt.date | None) -> dt.date:
    title = sheet_top
    found = detect_month(title)
    if found and given and found != given:
        raise FileProblem(f"tiêu đề báo cáo ghi tháng {found:%m/%Y} nhưng --month là {given:%Y-%m} "
                          "(the title names another month)")
    month = found or given
    if month is None:
        raise FileProblem("không xác định được tháng báo cáo từ tiêu đề; hãy dùng --month YYYY-MM "
                          "(no month in the title)")
    return month


def _assign_units(resolver: UnitResolver, parsed: SummaryRows, cols: SummaryColumns,
                  file: str) -> tuple[np.ndarray, np.ndarray, list[RowError]]:
    frame = parsed.frame
    ids = np.zeros(len(frame), dtype=np.int64)
    bad = np.zeros(len(frame), dtype=bool)
    errors: list[RowError] = []
    for i, rec in enumerate(frame.itertuples(index=False)):
        if parsed.bad[i]:
            continue
        match = resolver.resolve(rec.unit, rec.level_code, rec.parent)
        if match.id is not None:
            ids[i] = match.id
            continue
        bad[i] = True
        column = {"unit": cols.unit, "parent": cols.parent, "level": cols.level}[match.column]
        errors.append(RowError(file, int(rec.row), cols.label(column, "Cấp" if match.column == "level" else "Đơn vị"),
                               match.error))
    return ids, bad, errors


def _write(conn: Connection, rows: pd.DataFrame, month: dt.date, batch_id: int) -> None:
    """Upsert on (unit, month, field); drop the other granularity of each unit-month."""
    table = DossierSummary.__table__
    per_field = rows.groupby("unit_id")["field"].apply(lambda f: (f != "").any())
    for unit_id, has_fields in per_field.items():
        other = table.c.field == "" if has_fields else table.c.field != ""
        conn.execute(delete(table).where(and_(table.c.unit_id == int(unit_id), table.c.month == month, other)))
    insert = sqlite_insert if conn.dialect.name == "sqlite" else pg_insert
    values = [
        {"unit_id": int(r.unit_id), "month": month, "field": r.field, "batch_id": batch_id,
         **{c: int(getattr(r, c)) for c in COUNTS}}
        for r in rows.itertuples(index=False)
    ]
    if not values:
        return
    stmt = insert(table).values(values)
    stmt = stmt.on_conflict_do_update(
        index_elements=["unit_id", "month", "field"],
        set_={c: stmt.excluded[c] for c in (*COUNTS, "batch_id")},
    )
    conn.execute(stmt)


def _final_rows(good: pd.DataFrame) -> pd.DataFrame:
    """Later rows win; a unit's all-fields row gives way to its per-field rows in the same file."""
    good = good.drop_duplicates(["unit_id", "field"], keep="last")
    has_fields = good.groupby("unit_id")["field"].transform(lambda f: (f != "").any())
    return good[~(has_fields & (good["field"] == ""))]


def import_summary_file(
    engine: Engine, path: Path, *, month: dt.date | None = None, skip_bad_rows: bool = False,
    province: str | None = None, progress: Progress | None = None, display_name: str | None = None,
) -> ImportResult:
    path = Path(path)
    file = display_name or path.name
    try:
        sha = file_sha256(path)
    except OSError:
        return ImportResult(file, None, 0, 0, (RowError(file, 0, "", "không tìm thấy hoặc không mở được tệp "
                                                                    "(cannot open file)"),), REJECTED)
    info = BatchInfo(KIND, file, sha, now_utc())
    try:
        sheet = read_sheet(path, file, score_row, NO_HEADER)
        cols = recognise_columns(sheet)
        report_month = _month_of(sheet.top[: sheet.header_at], month)
        parsed = parse_summary_rows(sheet, cols)
    except FileProblem as exc:
        batch_id = record_batch(engine, info, rows_read=0, rows_rejected=0, status=REJECTED)
        return ImportResult(file, batch_id, 0, 0, (RowError(file, 0, "", str(exc)),), REJECTED)
    total = parsed.rows_read
    if progress:
        progress(0, total)
    with engine.connect() as conn:
        tx = conn.begin()
        try:
            resolver = UnitResolver(conn, province)
            ids, unit_bad, unit_errors = _assign_units(resolver, parsed, cols, file)
            bad = parsed.bad | unit_bad
            errors = tuple(sorted(parsed.errors + tuple(unit_errors), key=lambda e: e.row))
            if errors and not skip_bad_rows:
                tx.rollback()
                batch_id = record_batch(engine, info, rows_read=total, rows_rejected=int(bad.sum()), status=REJECTED)
                return ImportResult(file, batch_id, total, 0, errors, REJECTED)
            good = parsed.frame[~bad].assign(unit_id=ids[~bad])
            real = resolver.create({int(u) for u in good["unit_id"] if u < 0})
            good["unit_id"] = [real.get(int(u), int(u)) for u in good["unit_id"]]
            batch_id = start_batch(conn, info)
            _write(conn, _final_rows(good), report_month, batch_id)
            finish_batch(conn, batch_id, rows_read=total, rows_imported=len(good), rows_rejected=int(bad.sum()),
                         status=DONE)
            tx.commit()
        except FileProblem as exc:
            tx.rollback()
            batch_id = record_batch(engine, info, rows_read=total, rows_rejected=0, status=REJECTED)
            return ImportResult(file, batch_id, total, 0, (RowError(file, 0, "", str(exc)),), REJECTED)
        except Exception:
            tx.rollback()
            log.exception("summary import of %s failed", file)
            record_batch(engine, info, rows_read=total, rows_rejected=0, status="failed")
            raise
    if progress:
        progress(total, total)
    return ImportResult(file, batch_id, total, len(good), errors, DONE)


def import_summary_files(
    engine: Engine, paths: Sequence[Path], *, display_names: Sequence[str] | None = None,
    month: dt.date | None = None, skip_bad_rows: bool = False, province: str | None = None,
    progress: Progress | None = None,
) -> list[ImportResult]:
    names = list(display_names) if display_names is not None else [None] * len(paths)
    if len(names) != len(paths):
        raise ValueError("display_names must name every path")
    return [
        import_summary_file(engine, p, month=month, skip_bad_rows=skip_bad_rows, province=province,
                            progress=progress, display_name=n)
        for p, n in zip(paths, names)
    ]


def run_import_summary(engine: Engine, args) -> int:
    """`python -m data import-summary`: exit 0 when every file went in, 1 otherwise, 2 for a bad --month."""
    from data.dossiers.importer.cli import progress_bar, report

    try:
        month = parse_month(args.month) if args.month else None
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    code = 0
    for path in args.files:
        update, close = progress_bar(Path(path).name)
        try:
            result = import_summary_file(engine, Path(path), month=month, skip_bad_rows=args.skip_bad_rows,
                                         province=args.province, progress=update, display_name=str(path))
        finally:
            close()
        report(result)
        if not result.ok:
            code = 1
    return code
