"""Recognising the standard monthly summary report (báo cáo tình hình giải quyết TTHC).

Real layouts differ in wording and nesting, so columns are recognised by
folded keywords in their full header path (group header + sub-header):

    STT | Đơn vị | Số hồ sơ nhận giải quyết                  | Kết quả giải quyết
        |        | Kỳ trước chuyển sang | Mới tiếp nhận        | Đã giải quyết                 | Đang giải quyết
        |        |                      | Trực tuyến | Trực tiếp, BCCI | Trước hạn | Đúng hạn | Quá hạn | Trong hạn | Quá hạn

"Quá hạn" means late when it sits under "đã giải quyết" and overdue when it
sits under "đang giải quyết" (without either, the first is late, the second
overdue). Totals columns ("Tổng số") and totals rows ("Tổng cộng") are
skipped, as are the column-numbering row ("(1) (2) (3)…") and section
headings without figures ("I. CẤP HUYỆN", which also set the level of the
rows below them).
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from data.dossiers.importer.errors import ERRORS_PER_COLUMN, ErrorReport
from data.dossiers.importer.model import FileProblem, RowError
from data.dossiers.importer.reading import Sheet, cell_text
from data.dossiers.importer.rows import LEVELS
from data.text import fold

COUNTS = ("received_online", "received_direct", "carried_over", "resolved_early", "resolved_on_time",
          "resolved_late", "pending_in_time", "pending_overdue")
REQUIRED_COUNTS = ("received_online", "received_direct", "resolved_early", "resolved_on_time", "resolved_late")
COUNT_LABELS = {
    "received_online": "Mới tiếp nhận trực tuyến", "received_direct": "Mới tiếp nhận trực tiếp/BCCI",
    "carried_over": "Kỳ trước chuyển sang", "resolved_early": "Đã giải quyết trước hạn",
    "resolved_on_time": "Đã giải quyết đúng hạn", "resolved_late": "Đã giải quyết quá hạn",
    "pending_in_time": "Đang giải quyết trong hạn", "pending_overdue": "Đang giải quyết quá hạn",
}
# Keywords that only a header row of this report has.
HEADER_WORDS = ("truoc han", "dung han", "qua han", "trong han", "truc tuyen", "truc tiep", "ky truoc", "buu chinh")
PENDING_CONTEXT = ("dang giai quyet", "dang xu ly", "chua giai quyet", "chua xu ly", "dang thuc hien", "chua tra")
RESOLVED_CONTEXT = ("da giai quyet", "da xu ly", "da tra", "da co ket qua", "da hoan thanh")
TOTAL_ROW_WORDS = ("tong", "cong:", "cong cong", "toan tinh", "toan huyen")  # not "Công an tỉnh"
SIGNATURE_WORDS = ("nguoi lap", "lap bieu", "thu truong", "lanh dao", "xac nhan", "ghi chu", "ky ten", "ky,",
                   "giam doc", "chu tich", "noi nhan", "can bo")
MAX_FIELD = 300


def score_row(row: Sequence[str]) -> int:
    """Distinct report keywords in a row; 0 below three (a title that mentions 'trực tuyến' is not a header)."""
    words = {w for cell in row for w in HEADER_WORDS if w in fold(cell)}
    return len(words) if len(words) >= 3 else 0


@dataclass(frozen=True)
class SummaryColumns:
    unit: int
    counts: dict[str, tuple[int, ...]]  # received_direct may sum several columns (direct, postal)
    headers: dict[int, str]  # column -> header as written (leaf cell), for messages
    stt: int | None = None
    field: int | None = None
    parent: int | None = None
    level: int | None = None

    def label(self, column: int | None, fallback: str = "") -> str:
        return self.headers.get(column, fallback) if column is not None else fallback


def _header_block(sheet: Sheet) -> list[tuple[str, ...]]:
    """The header row and up to two group rows above it (several distinct labels each)."""
    block = [sheet.header]
    for r in range(sheet.header_at - 1, max(sheet.header_at - 3, -1), -1):
        distinct = {c for c in sheet.top[r] if c.strip()}
        if len(distinct) < 2:
            break
        block.insert(0, sheet.top[r])
    return block


def _forward_filled(row: Sequence[str], width: int) -> list[str]:
    """A group label spans the empty cells to its right (merged cells in CSV lose their span)."""
    out, last = [], ""
    for c in range(width):
        value = row[c].strip() if c < len(row) else ""
        last = value or last
        out.append(last)
    return out


def _count_field(path: str, leaf: str, seen_late: bool) -> str | None:
    if leaf.startswith("tong") or path.endswith("tong so"):
        return None
    if "ky truoc" in path or "chuyen sang" in path or "chuyen qua" in path:
        return "carried_over"
    if "truoc han" in path:
        return "resolved_early"
    if "dung han" in path:
        return "resolved_on_time"
    if "qua han" in path:
        if any(w in path for w in PENDING_CONTEXT):
            return "pending_overdue"
        if any(w in path for w in RESOLVED_CONTEXT):
            return "resolved_late"
        return "pending_overdue" if seen_late else "resolved_late"
    if "trong han" in path or "chua den han" in path:
        return "pending_in_time"
    if "truc tuyen" in path:
        return "received_online"
    if "truc tiep" in path or "buu chinh" in path or "bcci" in path:
        return "received_direct"
    return None


def recognise_columns(sheet: Sheet) -> SummaryColumns:
    block = _header_block(sheet)
    width = max(len(r) for r in block)
    rows = [_forward_filled(r, width) for r in block[:-1]] + [list(block[-1]) + [""] * (width - len(block[-1]))]
    counts: dict[str, list[int]] = {}
    headers: dict[int, str] = {}
    found: dict[str, int] = {}
    for c in range(width):
        cells = [r[c].strip() for r in rows]
        leaf_written = next((v for v in reversed(cells) if v), "")
        if not leaf_written:
            continue
        headers[c] = leaf_written
        # Consecutive repeats come from merged cells filled on every row they span.
        parts = [fold(v) for i, v in enumerate(cells) if v and (i == 0 or v != cells[i - 1])]
        path, leaf = " ".join(parts), fold(leaf_written)
        field = _count_field(path, leaf, "resolved_late" in counts)
        if field:
            if field == "received_direct" or field not in counts:
                counts.setdefault(field, []).append(c)
            continue
        if any(w in path for w in HEADER_WORDS) or leaf.startswith("tong"):
            continue
        if leaf in ("stt", "tt", "so thu tu"):
            found.setdefault("stt", c)
        elif "linh vuc" in path and "don vi" not in path:
            found.setdefault("field", c)
        elif "cap tren" in path or "thuoc huyen" in path or leaf.startswith("huyen/"):
            found.setdefault("parent", c)
        elif leaf in ("cap", "cap thuc hien", "cap don vi", "cap hanh chinh"):
            found.setdefault("level", c)
        elif "don vi" in path or "co quan" in path or leaf.startswith("ten"):
            found.setdefault("unit", c)
    missing = [COUNT_LABELS[f] for f in REQUIRED_COUNTS if f not in counts]
    if "unit" not in found:
        missing.insert(0, "Đơn vị")
    if missing:
        raise FileProblem(f"không nhận ra cột: {', '.join(missing)} (report columns not recognised)")
    return SummaryColumns(found["unit"], {f: tuple(cs) for f, cs in counts.items()}, headers,
                          found.get("stt"), found.get("field"), found.get("parent"), found.get("level"))


# --- the month ------------------------------------------------------------------------------------

_RANGE = re.compile(r"tu ngay (\d{1,2})[/.-](\d{1,2})[/.-](\d{4}) den ngay (\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_MONTH = re.compile(r"thang (\d{1,2})\s*(?:nam|/|-|\.)\s*(\d{4})")


def detect_month(lines: Sequence[Sequence[str]]) -> dt.date | None:
    """The month a report's title names: 'Tháng 3 năm 2023', 'tháng 03/2023', or
    'từ ngày 01/03/2023 đến ngày 31/03/2023' (the month the period ends in)."""
    found: set[dt.date] = set()
    for line in lines:
        text = fold(" ".join(c for c in dict.fromkeys(line) if c))
        for m in _RANGE.finditer(text):
            try:
                start = dt.date(int(m[3]), int(m[2]), int(m[1]))
                end = dt.date(int(m[6]), int(m[5]), int(m[4]))
            except ValueError:
                continue
            if not 0 <= (end - start).days <= 31:
                raise FileProblem(f"kỳ báo cáo từ {start:%d/%m/%Y} đến {end:%d/%m/%Y} không phải một tháng "
                                  "(the report does not cover one month)")
            found.add(end.replace(day=1))
        for m in _MONTH.finditer(text):
            if re.search(r"\d\s*$", text[: m.start()]):
                continue  # '… ngày 05 tháng 4 năm 2023' is a signing date, not the period
            if 1 <= int(m[1]) <= 12:
                found.add(dt.date(int(m[2]), int(m[1]), 1))
    if len(found) > 1:
        months = ", ".join(f"{d:%m/%Y}" for d in sorted(found))
        raise FileProblem(f"tiêu đề nêu nhiều tháng ({months}); dùng --month (title names several months)")
    return found.pop() if found else None


# --- rows --------------------------------------------------------------------------------------------

_NUMBER = re.compile(r"^\d{1,3}(?:[.,\s]\d{3})+$|^\d+$")


def parse_count(value: object) -> int | None:
    """A whole number of dossiers; '' and '-' are 0; None when it is not one."""
    if value is None or (isinstance(value, str) and value.strip() in ("", "-")):
        return 0
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value) if float(value).is_integer() and value >= 0 else None
    text = str(value).strip()
    if _NUMBER.match(text):
        return int(re.sub(r"[.,\s]", "", text))
    return None


def _has_letter(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


@dataclass(frozen=True)
class SummaryRows:
    frame: pd.DataFrame  # row, unit, level_code, parent, field, COUNTS
    bad: np.ndarray
    errors: ErrorReport
    rows_read: int


def parse_summary_rows(sheet: Sheet, cols: SummaryColumns, error_limit: int = ERRORS_PER_COLUMN) -> SummaryRows:
    records: list[dict] = []
    errors: list[RowError] = []
    bad: list[bool] = []
    level_context: str | None = None
    seen_unit = False
    body = sheet.body.to_numpy(dtype=object)
    width = body.shape[1] if body.ndim == 2 else 0

    def text_at(values, c: int | None) -> str:
        if c is None or c >= width:
            return ""
        v = values[c]
        return "" if v is None or (isinstance(v, float) and np.isnan(v)) else cell_text(v)

    count_cells = [c for cs in cols.counts.values() for c in cs]
    pending: list[tuple[int, dict, list[RowError]]] = []
    for i, values in enumerate(body):
        row_number = int(sheet.row_numbers[i])
        unit = text_at(values, cols.unit)
        stt = fold(text_at(values, cols.stt))
        raw = {c: values[c] if c < width else None for c in count_cells}
        raw = {c: (None if isinstance(v, float) and np.isnan(v) else v) for c, v in raw.items()}
        has_figures = any(v not in (None, "", "-") for v in raw.values())
        if not seen_unit and not _has_letter(" ".join(text_at(values, c) for c in range(width))):
            continue  # blank rows and the column-numbering row above the data
        folded_unit = fold(unit).lstrip("(-*:. ")
        if folded_unit.startswith(TOTAL_ROW_WORDS) or folded_unit == "cong" or stt.startswith(TOTAL_ROW_WORDS) \
                or stt == "cong" or folded_unit.startswith(SIGNATURE_WORDS):
            continue
        if not has_figures:
            # A section heading ("II. CẤP HUYỆN") or the signature block: no figures, nothing to import.
            for word, level in (("cap tinh", "province_agency"), ("cap huyen", "district"), ("cap xa", "commune")):
                if word in folded_unit:
                    level_context = level
            continue
        seen_unit = seen_unit or bool(unit)
        row_errors: list[RowError] = []
        rec: dict = {"row": row_number, "unit": unit or None, "parent": text_at(values, cols.parent) or None,
                     "field": text_at(values, cols.field)}
        if not unit:
            row_errors.append(RowError(sheet.file, row_number, cols.label(cols.unit, "Đơn vị"),
                                       "thiếu tên đơn vị"))
        elif len(unit) > 200:
            row_errors.append(RowError(sheet.file, row_number, cols.label(cols.unit), "dài quá 200 ký tự"))
        if len(rec["field"]) > MAX_FIELD:
            row_errors.append(RowError(sheet.file, row_number, cols.label(cols.field), f"dài quá {MAX_FIELD} ký tự"))
        level_text = text_at(values, cols.level)
        level = LEVELS.get(fold(level_text).removeprefix("cap ").strip()) if level_text else level_context
        if level_text and level is None:
            row_errors.append(RowError(sheet.file, row_number, cols.label(cols.level),
                                       f"cấp không hợp lệ: '{level_text}' (cần Tỉnh, Huyện hoặc Xã)"))
        rec["level_code"] = level
        for field, columns in cols.counts.items():
            total = 0
            for c in columns:
                n = parse_count(raw[c])
                if n is None:
                    row_errors.append(RowError(sheet.file, row_number, cols.label(c),
                                               f"số liệu không hợp lệ: '{text_at(values, c)}' (cần số nguyên ≥ 0)"))
                else:
                    total += n
            rec[field] = total
        pending.append((row_number, rec, row_errors))
    # Rows after the last one that names a unit are the signature block.
    last = max((k for k, (_, rec, _) in enumerate(pending) if rec["unit"]), default=-1)
    for row_number, rec, row_errors in pending[: last + 1]:
        records.append(rec)
        errors.extend(row_errors)
        bad.append(bool(row_errors))
    frame = pd.DataFrame(records, columns=["row", "unit", "level_code", "parent", "field", *COUNTS])
    for f in COUNTS:
        frame[f] = frame[f].fillna(0).astype("int64")
    return SummaryRows(frame, np.array(bad, dtype=bool), ErrorReport.of(errors, error_limit), len(records))
