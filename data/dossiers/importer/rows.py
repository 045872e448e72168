"""From a read sheet to clean dossier rows and the list of bad rows (no database).

Everything here works on whole columns; per-value Python only touches the
distinct values of small vocabularies (channel, level) and spreadsheet cells.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from data.dossiers.importer.dates import EXPECTED, ParsedDates, local_to_utc, parse_cells, parse_text
from data.dossiers.importer.headers import KEY, ColumnMap
from data.dossiers.importer.errors import ERRORS_PER_COLUMN, ErrorLog, ErrorReport
from data.dossiers.importer.reading import Sheet, cell_text
from data.text import fold

# Column widths of the store; PostgreSQL refuses longer values.
MAX_LEN = {"code": 100, "field": 300, "status": 200, "unit": 200, "parent": 200}

CHANNEL_HELP = "cần Trực tiếp, Trực tuyến hoặc Bưu chính công ích (BCCI)"
LEVEL_HELP = "cần Tỉnh, Huyện hoặc Xã"

LEVELS = {
    "tinh": "province_agency", "cap tinh": "province_agency", "so": "province_agency",
    "huyen": "district", "cap huyen": "district", "quan": "district", "cap quan": "district",
    "thi xa": "district", "thanh pho": "district",
    "xa": "commune", "cap xa": "commune", "phuong": "commune", "thi tran": "commune", "cap phuong": "commune",
}

# A key cell starting with these is the totals/signature block, not a dossier code.
FOOTER_WORDS = ("tong", "cong", "nguoi lap", "lap bieu", "nguoi ky", "thu truong", "lanh dao", "xac nhan",
                "ghi chu", "ky ten", "ky,", "ky va", "giam doc", "chu tich", "truong phong", "can bo", "noi nhan",
                "ngay ")

OUT_COLUMNS = ["row", "code", "procedure", "field", "unit", "level_code", "parent", "channel", "received_at",
               "received_day", "due_at", "resolved_at", "returned_at", "outcome", "status"]


def channel_of(value: str) -> str | None:
    v = fold(value)
    if "truc tuyen" in v or "online" in v or "dich vu cong" in v or v in ("qua mang", "mang", "dvc"):
        return "online"
    if "buu chinh" in v or "bcci" in v or "buu dien" in v or v == "postal":
        return "postal"
    if "truc tiep" in v or v == "direct":
        return "direct"
    return None


def level_of(value: str) -> str | None:
    v = fold(value)
    return LEVELS.get(v.removeprefix("cap ").strip()) or LEVELS.get(v)


@dataclass(frozen=True)
class ParsedRows:
    """Every data row (OUT_COLUMNS), which of them are bad, and why (the first few per column)."""

    frame: pd.DataFrame
    bad: np.ndarray
    errors: ErrorReport

    @property
    def rows_read(self) -> int:
        return len(self.frame)


class _Errors:
    """Bad-row masks over the kept rows, into a capped ErrorLog."""

    def __init__(self, file: str, rows: np.ndarray, limit: int):
        self.file, self.rows = file, rows
        self.log = ErrorLog(limit)
        self.bad = np.zeros(len(rows), dtype=bool)

    def add(self, mask: np.ndarray, order: int, column: str, reason, values: pa.Array | None = None) -> None:
        """`reason` is a string, or a function of the offending value (taken from `values`)."""
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        self.bad |= mask
        at = np.flatnonzero(mask)
        text = (lambda k: reason(values[int(at[k])].as_py())) if callable(reason) else reason
        self.log.add(self.file, self.rows[at], column, text, order)


def _select(sheet: Sheet, pos: int, keep: np.ndarray) -> pd.Series:
    col = sheet.body[pos]
    if len(keep) and keep[-1] == len(keep) - 1:  # the usual case: every row up to the footer
        return col.iloc[: len(keep)]
    return col.iloc[keep]


def _arrow_strings(col: pd.Series) -> pa.Array:
    arr = pa.array(col.array, type=pa.large_string())
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    return arr.cast(pa.string())


def _text_array(sheet: Sheet, pos: int | None, keep: np.ndarray) -> pa.Array:
    """Stripped text of one column for the kept rows; null where empty."""
    if pos is None or pos >= sheet.body.shape[1]:
        return pa.nulls(len(keep), pa.string())
    col = _select(sheet, pos, keep)
    if sheet.from_spreadsheet:
        try:  # the usual all-text column skips the per-cell conversion
            arr = pa.array(col.to_numpy(dtype=object), type=pa.string())
        except (pa.ArrowTypeError, pa.ArrowInvalid):
            arr = pa.array([cell_text(v) for v in col], type=pa.string())
    else:
        arr = _arrow_strings(col)
    arr = pc.utf8_trim_whitespace(arr)
    return pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr)


def _date_column(sheet: Sheet, pos: int | None, keep: np.ndarray) -> ParsedDates:
    n = len(keep)
    if pos is None:
        return ParsedDates(np.full(n, np.datetime64("NaT", "s")), np.zeros(n, dtype=bool))
    col = _select(sheet, pos, keep)
    if sheet.from_spreadsheet:
        return parse_cells(col.to_numpy(dtype=object))
    return parse_text(_arrow_strings(col))


def _filled(sheet: Sheet) -> pd.DataFrame:
    body = sheet.body
    if sheet.from_spreadsheet:
        return body.notna() & (body != "")
    return body.notna()


def _footer_like(key: pa.Array) -> np.ndarray:
    """Key cells that hold footer words; only cells with a space or without digits are folded."""
    suspect = pc.or_(pc.match_substring(key, " "), pc.invert(pc.match_substring_regex(key, r"\d")))
    idx = np.flatnonzero(np.asarray(pc.fill_null(suspect, False)))
    out = np.zeros(len(key), dtype=bool)
    out[idx] = [fold(v).lstrip("(-*:. ").startswith(FOOTER_WORDS) for v in key.take(pa.array(idx)).to_pylist()]
    return out


def _code_like(key: pa.Array) -> np.ndarray:
    """One token with a digit in it: '000.00.12.H39-230301-0001', not 'Nguyễn Thị B'."""
    one_token = pc.invert(pc.match_substring_regex(key, r"\s"))
    return np.asarray(pc.fill_null(pc.and_(one_token, pc.match_substring_regex(key, r"\d")), False))


def _missing(arr: pa.Array) -> np.ndarray:
    return np.asarray(arr.is_null())


def _map_distinct(arr: pa.Array, fn) -> np.ndarray:
    """Apply `fn` once per distinct value (a few channels/levels among 200,000 rows); None where null."""
    enc = pc.dictionary_encode(arr)
    mapped = np.array([fn(u) for u in enc.dictionary.to_pylist()] + [None], dtype=object)
    return mapped[np.asarray(pc.fill_null(enc.indices, len(enc.dictionary)))]


def parse_rows(sheet: Sheet, columns: ColumnMap, error_limit: int = ERRORS_PER_COLUMN) -> ParsedRows:
    pos = columns.positions
    filled = _filled(sheet)
    header_width = len(sheet.header)
    row_filled = filled.any(axis=1).to_numpy()
    key_all = _text_array(sheet, pos[KEY], np.arange(len(sheet.body)))
    footer_key = _footer_like(key_all)
    # The last dossier is the last row whose key looks like a code, or that has a received date;
    # below it sit the totals and signatures ("Tổng cộng", "Người lập biểu", "(Ký, ghi rõ họ tên)").
    received_filled = filled[pos["received_at"]].to_numpy() if pos["received_at"] < filled.shape[1] else False
    data_like = _code_like(key_all) | (~_missing(key_all) & ~footer_key & received_filled)
    if not data_like.any():
        return ParsedRows(pd.DataFrame(columns=OUT_COLUMNS), np.zeros(0, dtype=bool), ErrorReport(limit=error_limit))
    last = int(np.flatnonzero(data_like)[-1])
    # Blank rows carry nothing.
    keep = np.flatnonzero(row_filled[: last + 1])
    rows = sheet.row_numbers[keep]
    err = _Errors(sheet.file, rows, error_limit)
    label = columns.label
    order = {f: i for i, f in enumerate(OUT_COLUMNS)}

    code = key_all.take(pa.array(keep)) if len(keep) != last + 1 else key_all.slice(0, last + 1)
    err.add(_missing(code), order["code"], label("code"), "thiếu mã hồ sơ")
    err.add(footer_key[keep], order["code"], label("code"),
            lambda v: f"dòng tổng cộng/chữ ký nằm giữa các dòng dữ liệu: '{v}'", code)
    if filled.shape[1] > header_width:
        extra = filled.iloc[keep, header_width:].any(axis=1).to_numpy()
        err.add(extra, -1, "", f"dòng có nhiều ô hơn dòng tiêu đề ({header_width} cột); "
                              "có thể một ô chứa dấu phân cách mà không có ngoặc kép")

    text = {f: _text_array(sheet, pos.get(f), keep) for f in
            ("procedure", "field", "unit", "level", "parent", "channel", "status")}
    text["code"] = code
    for f, limit in MAX_LEN.items():
        too_long = np.asarray(pc.fill_null(pc.greater(pc.utf8_length(text[f]), limit), False))
        err.add(too_long, order.get(f, order["unit"]), label(f), f"dài quá {limit} ký tự")

    err.add(_missing(text["unit"]), order["unit"], label("unit"), "thiếu tên đơn vị xử lý")

    channel = _map_distinct(text["channel"], channel_of)
    channel_given = ~_missing(text["channel"])
    err.add(~channel_given, order["channel"], label("channel"), f"thiếu hình thức nộp ({CHANNEL_HELP})")
    err.add(channel_given & pd.isna(channel), order["channel"], label("channel"),
            lambda v: f"hình thức nộp không hợp lệ: '{v}' ({CHANNEL_HELP})", text["channel"])

    level = _map_distinct(text["level"], level_of)
    err.add(~_missing(text["level"]) & pd.isna(level), order["level_code"], label("level"),
            lambda v: f"cấp không hợp lệ: '{v}' ({LEVEL_HELP})", text["level"])

    dates: dict[str, ParsedDates] = {}
    for f in ("received_at", "due_at", "resolved_at", "returned_at"):
        dates[f] = _date_column(sheet, pos.get(f), keep)
        raw = _text_array(sheet, pos[f], keep) if f in pos and dates[f].invalid.any() else None
        err.add(dates[f].invalid, order[f], label(f),
                lambda v: f"ngày không hợp lệ: '{v}' (cần {EXPECTED})", raw)
    received = dates["received_at"]
    err.add(~received.present & ~received.invalid, order["received_at"], label("received_at"),
            "thiếu ngày tiếp nhận")

    # Without a result date, the return date is the resolution.
    resolved_given = dates["resolved_at"].present
    resolution = np.where(resolved_given, dates["resolved_at"].local, dates["returned_at"].local)
    resolution_field = np.where(resolved_given, "resolved_at", "returned_at")
    has_resolution = ~np.isnat(resolution)
    received_day = received.local.astype("datetime64[D]")
    resolution_day = resolution.astype("datetime64[D]")
    due = dates["due_at"]
    due_day = due.local.astype("datetime64[D]")

    before = has_resolution & received.present & (resolution_day < received_day)
    for f in ("resolved_at", "returned_at"):
        err.add(before & (resolution_field == f), order[f], label(f),
                "ngày có kết quả trước ngày tiếp nhận")
    no_due = has_resolution & ~due.present & ~due.invalid
    err.add(no_due, order["due_at"], label("due_at"), "hồ sơ đã có kết quả nhưng thiếu ngày hẹn trả")

    outcome = np.select(
        [resolution_day < due_day, resolution_day == due_day, resolution_day > due_day],
        ["early", "on_time", "late"], default="",
    ).astype(object)
    outcome[~(has_resolution & due.present)] = None

    def column(arr: pa.Array) -> pd.Series:
        return pd.Series(arr.cast(pa.large_string()), dtype="str")

    frame = pd.DataFrame({
        "row": rows,
        "code": column(code),
        "procedure": column(text["procedure"]),
        "field": column(text["field"]),
        "unit": column(text["unit"]),
        "level_code": level,
        "parent": column(text["parent"]),
        "channel": channel,
        "received_at": local_to_utc(received.local),
        "received_day": received_day,
        "due_at": local_to_utc(due.local),
        "resolved_at": local_to_utc(resolution),
        "returned_at": local_to_utc(dates["returned_at"].local),
        "outcome": outcome,
        "status": column(text["status"]),
    })
    return ParsedRows(frame, err.bad, err.log.report())
