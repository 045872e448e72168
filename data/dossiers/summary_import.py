"""Importing standard monthly summary reports into `dossier_summary`.

For units that send aggregates instead of a detailed export: per unit (and
optionally per lĩnh vực) received online / direct+postal / carried over,
resolved early / on time / late, pending in time / overdue. The month comes
from the title ("Tháng 3 năm 2023", "từ ngày 01/03/2023 đến ngày
31/03/2023"), else from --month. Same rules as the detailed import: bad
rows reported as (file, row, column, reason); a file with errors imports
nothing unless skip_bad_rows; one transaction, one import_batch row and one
audit entry per file; units created the same way, never outside the
importing scope.

Rows are upserted on (unit, month, field). A unit-month is stored either for
all fields ('') or per field, never both, so statistics cannot count it
twice: per-field rows replace an all-fields row and the other way round.

    python -m data import-summary FILE [FILE ...] [--month YYYY-MM] [--skip-bad-rows] [--province NAME]
"""
from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, and_, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from data.access import Scope
from data.dossiers.importer.errors import ErrorLog
from data.dossiers.importer.file_import import FileKind, UnitAssignment, import_each, import_file
from data.dossiers.importer.limits import ImportLimits
from data.dossiers.importer.model import FileProblem, ImportResult, Progress, RowError, WriteCounts
from data.dossiers.importer.reading import read_sheet
from data.dossiers.importer.summary_layout import (
    COUNTS, SummaryColumns, SummaryRows, detect_month, parse_summary_rows, recognise_columns, score_row,
)
from data.dossiers.importer.unit_resolver import UnitResolver
from data.schema import DossierSummary

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


def _assign_units(resolver: UnitResolver, parsed: SummaryRows, cols: SummaryColumns, file: str,
                  error_limit: int) -> UnitAssignment:
    frame = parsed.frame
    ids = np.zeros(len(frame), dtype=np.int64)
    bad = np.zeros(len(frame), dtype=bool)
    refused = np.zeros(len(frame), dtype=bool)
    log = ErrorLog(error_limit)
    for i, rec in enumerate(frame.itertuples(index=False)):
        if parsed.bad[i]:
            continue
        match = resolver.resolve(rec.unit, rec.level_code, rec.parent)
        if match.id is not None:
            ids[i] = match.id
            continue
        bad[i] = True
        refused[i] = match.outside_scope
        column = {"unit": cols.unit, "parent": cols.parent, "level": cols.level}[match.column]
        log.add_one(RowError(file, int(rec.row), cols.label(column, "Cấp" if match.column == "level" else "Đơn vị"),
                             match.error))
    return UnitAssignment(ids, bad, log.report(), refused)


def _write(conn: Connection, rows: pd.DataFrame, month: dt.date, batch_id: int) -> WriteCounts:
    """Upsert on (unit, month, field); drop the other granularity of each unit-month."""
    table = DossierSummary.__table__
    per_field = rows.groupby("unit_id")["field"].apply(lambda f: (f != "").any())
    unit_ids = [int(u) for u in per_field.index]
    existing = {(int(u), f) for u, f in conn.execute(
        select(table.c.unit_id, table.c.field).where(table.c.month == month, table.c.unit_id.in_(unit_ids)))}
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
        return WriteCounts()
    stmt = insert(table).values(values)
    stmt = stmt.on_conflict_do_update(
        index_elements=["unit_id", "month", "field"],
        set_={c: stmt.excluded[c] for c in (*COUNTS, "batch_id")},
    )
    conn.execute(stmt)
    updated = sum((v["unit_id"], v["field"]) in existing for v in values)
    return WriteCounts(len(values) - updated, updated, 0)


def _final_rows(good: pd.DataFrame) -> pd.DataFrame:
    """Later rows win; a unit's all-fields row gives way to its per-field rows in the same file."""
    good = good.drop_duplicates(["unit_id", "field"], keep="last")
    has_fields = good.groupby("unit_id")["field"].transform(lambda f: (f != "").any())
    return good[~(has_fields & (good["field"] == ""))]


@dataclass(frozen=True)
class _MonthRows(SummaryRows):
    cols: SummaryColumns
    month: dt.date


def _spec(month: dt.date | None, limits: ImportLimits) -> FileKind:
    limit = limits.errors_per_column

    def parse(path: Path, file: str) -> _MonthRows:
        sheet = read_sheet(path, file, score_row, NO_HEADER)
        cols = recognise_columns(sheet)
        report_month = _month_of(sheet.top[: sheet.header_at], month)
        rows = parse_summary_rows(sheet, cols, limit)
        return _MonthRows(rows.frame, rows.bad, rows.errors, rows.rows_read, cols, report_month)

    def assign(resolver: UnitResolver, parsed: _MonthRows, file: str) -> UnitAssignment:
        return _assign_units(resolver, parsed, parsed.cols, file, limit)

    def write(conn: Connection, parsed: _MonthRows, good: pd.DataFrame, batch_id: int, _done) -> WriteCounts:
        return _write(conn, _final_rows(good), parsed.month, batch_id)

    return FileKind(KIND, parse, assign, write)


def import_summary_file(
    engine: Engine, path: Path, *, scope: Scope, limits: ImportLimits = ImportLimits(), month: dt.date | None = None,
    skip_bad_rows: bool = False, province: str | None = None, progress: Progress | None = None,
    display_name: str | None = None,
) -> ImportResult:
    """One summary report as `scope` (audited under its username); units outside the scope are refused."""
    return import_file(engine, path, _spec(month, limits), scope=scope, limits=limits, skip_bad_rows=skip_bad_rows,
                       province=province, progress=progress, display_name=display_name)


def import_summary_files(
    engine: Engine, paths: Sequence[Path], *, scope: Scope, limits: ImportLimits = ImportLimits(),
    display_names: Sequence[str] | None = None, month: dt.date | None = None, skip_bad_rows: bool = False,
    province: str | None = None, progress: Progress | None = None,
) -> list[ImportResult]:
    return import_each(paths, display_names, lambda p, n: import_summary_file(
        engine, p, scope=scope, limits=limits, month=month, skip_bad_rows=skip_bad_rows, province=province,
        progress=progress, display_name=n))


def run_import_summary(engine: Engine, args) -> int:
    """`python -m data import-summary`: exit 0 when every file went in, 1 otherwise, 2 for a bad --month."""
    from data.dossiers.importer.cli import CLI_SCOPE, run_each

    try:
        month = parse_month(args.month) if args.month else None
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return run_each(args.files, lambda path, update: import_summary_file(
        engine, path, scope=CLI_SCOPE, month=month, skip_bad_rows=args.skip_bad_rows, province=args.province,
        progress=update, display_name=str(path)))
