"""Reading an export into a header + body grid, whatever its format.

CSV/TXT (UTF-8 with or without BOM, UTF-16 "Unicode text", Windows-1258;
comma, semicolon or tab) goes through pandas' C parser; XLSX/XLS/ODS
through python-calamine. The caller says what a header row looks like
(`score_row`); the best-scoring row among the first few is the header,
everything above it is the title block.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from data.dossiers.importer.model import FileProblem

HEADER_SEARCH_ROWS = 30
DELIMITERS = (",", ";", "\t")
LEGACY = "cp1258"  # Windows-1258: what Excel writes for "CSV" on a Vietnamese Windows

ScoreRow = Callable[[Sequence[str]], int]


@dataclass(frozen=True)
class Sheet:
    """One table: the rows down to the header (as text) and the body below it."""

    file: str
    top: tuple[tuple[str, ...], ...]  # title block + header row, merged cells filled in
    header_at: int  # index of the header row in `top`
    body: pd.DataFrame  # positional columns; CSV: str dtype, spreadsheets: Python objects
    row_numbers: np.ndarray  # row number the user sees for each body row
    from_spreadsheet: bool

    @property
    def header(self) -> tuple[str, ...]:
        return self.top[self.header_at]


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_sheet(path: Path, file: str, score_row: ScoreRow, no_header: str) -> Sheet:
    """The table in `path`; FileProblem(no_header) when no row scores above zero."""
    try:
        head = path.open("rb").read(8)
    except FileNotFoundError:
        raise FileProblem("không tìm thấy tệp (file not found)")
    except OSError as exc:
        raise FileProblem(f"không mở được tệp (cannot open file): {exc.strerror}")
    if head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0"):
        return _read_spreadsheet(path, file, score_row, no_header)
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods"):
        raise FileProblem("tệp có đuôi Excel nhưng không phải bảng tính Excel hợp lệ (not a valid Excel workbook)")
    return _read_text(path, file, score_row, no_header)


# --- text files ---------------------------------------------------------------------


def decode(raw: bytes) -> str:
    """Text of a CSV/TXT export, NFC-normalised (cp1258 writes tone marks as combining characters)."""
    return _decode(raw)[0]


def _decode(raw: bytes) -> tuple[str, bytes | None, str]:
    """(NFC text, the same text as UTF-8 bytes when `raw` already is that else None, encoding)."""
    utf8: bytes | None = None
    encoding = "utf-8"
    if raw.startswith(b"\xef\xbb\xbf"):
        utf8 = raw[3:]
        text = _decode_or_fail(utf8, "utf-8")
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise FileProblem("tệp UTF-16 bị hỏng (damaged UTF-16 text)")
    else:
        sample = raw[:8192]
        if b"\x00" in sample:
            # UTF-16 LE without BOM: zero high bytes at odd offsets, hardly ever at even ones.
            odd, even = sample[1::2], sample[0::2]
            if odd.count(0) > len(odd) * 0.3 and even.count(0) < len(even) * 0.02:
                encoding = "utf-16-le"
                text = _decode_or_fail(raw, encoding)
            else:
                raise FileProblem("không phải tệp bảng tính CSV/Excel (not a spreadsheet: binary content)")
        else:
            try:
                text = raw.decode("utf-8")
                utf8 = raw
            except UnicodeDecodeError:
                encoding = LEGACY
                text = _decode_or_fail(raw, LEGACY)
    # Decomposed Vietnamese carries combining marks U+0300–U+036F (UTF-8 lead bytes CC/CD);
    # without them the costly whole-file check is skipped.
    maybe_decomposed = utf8 is None or b"\xcc" in utf8 or b"\xcd" in utf8
    if maybe_decomposed and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
        utf8 = None
    return text, utf8, encoding


def _decode_or_fail(raw: bytes, encoding: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        raise FileProblem(
            "không nhận ra bảng mã của tệp; hãy lưu lại dưới dạng CSV UTF-8 "
            "(unknown text encoding: expected UTF-8, UTF-16 or Windows-1258)"
        )


def _head_records(text: str, delimiter: str) -> list[tuple[list[str], int]]:
    """The first records with the 1-based line on which each ends."""
    out: list[tuple[list[str], int]] = []
    # Only the first lines matter; never hand the whole file to the csv module.
    cut = 0
    for _ in range(HEADER_SEARCH_ROWS * 4):
        nxt = text.find("\n", cut)
        if nxt < 0:
            cut = len(text)
            break
        cut = nxt + 1
    reader = csv.reader(io.StringIO(text[:cut]), delimiter=delimiter)
    try:
        for record in reader:
            out.append(([c.strip() for c in record], reader.line_num))
            if len(out) >= HEADER_SEARCH_ROWS:
                break
    except csv.Error:
        pass
    return out


def _best_row(rows: Sequence[Sequence[str]], score_row: ScoreRow) -> tuple[int, int]:
    best, at = 0, -1
    for i, row in enumerate(rows):
        s = score_row(row)
        if s > best:
            best, at = s, i
    return best, at


def _line_offset(data: bytes, lines: int) -> int:
    """Byte offset where 1-based line `lines + 1` starts."""
    pos = 0
    for _ in range(lines):
        nxt = data.find(b"\n", pos)
        if nxt < 0:
            return len(data)
        pos = nxt + 1
    return pos


def _read_text(path: Path, file: str, score_row: ScoreRow, no_header: str) -> Sheet:
    text, utf8, encoding = _decode(path.read_bytes())
    if not text or text.isspace():  # isspace stops at the first letter; strip() would copy 40 MB
        raise FileProblem("tệp rỗng (empty file)")
    choice = None
    for delim in DELIMITERS:
        records = _head_records(text, delim)
        score, at = _best_row([r for r, _ in records], score_row)
        if at < 0:
            continue
        # Equal scores (a comma inside a tab-separated header cell): the split with more cells wins.
        key = (score, sum(1 for c in records[at][0] if c))
        if choice is None or key > choice[0]:
            choice = (key, delim, records, at)
    if choice is None:
        if encoding == LEGACY:
            # TCVN3 and VNI decode as Windows-1258 without an error, into gibberish.
            raise FileProblem(f"{no_header}; tệp không phải UTF-8 — nếu dùng bảng mã TCVN3 hay VNI, hãy lưu lại "
                              "dạng CSV UTF-8 (legacy encoding?)")
        raise FileProblem(no_header)
    _, delim, records, at = choice
    header_line = records[at][1]
    top = tuple(tuple(r) for r, _ in records[: at + 1])
    if utf8 is None:
        utf8 = text.encode("utf-8")
    del text
    body, numbers = _parse_body(utf8[_line_offset(utf8, header_line):], delim, len(top[at]))
    return Sheet(file, top, at, body, numbers + header_line, from_spreadsheet=False)


def _parse_body(data: bytes, delim: str, width: int) -> tuple[pd.DataFrame, np.ndarray]:
    """Rows below the header as str columns 0..width-1 (more when a row is wider), and
    each row's 1-based record number within `data`.

    pyarrow's reader does the bulk; rows with another cell count than the header
    (footer lines, a stray delimiter) come back through its invalid-row hook and
    are parsed with the csv module, then put back in place.
    """
    import pyarrow as pa
    import pyarrow.csv as pcsv

    odd: list[tuple[int, str]] = []

    def keep_aside(row) -> str:
        odd.append((row.number, row.text))
        return "skip"

    names = [str(i) for i in range(width)]
    if not data or data.isspace():
        return pd.DataFrame({i: pd.Series([], dtype="str") for i in range(width)}), np.zeros(0, dtype=np.int64)
    try:
        table = pcsv.read_csv(
            io.BytesIO(data),
            read_options=pcsv.ReadOptions(column_names=names, use_threads=False, block_size=1 << 24),
            parse_options=pcsv.ParseOptions(delimiter=delim, newlines_in_values=True, ignore_empty_lines=False,
                                            invalid_row_handler=keep_aside),
            convert_options=pcsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                                strings_can_be_null=True, quoted_strings_can_be_null=True),
        )
    except pa.ArrowInvalid as exc:
        raise FileProblem(f"không đọc được nội dung CSV (cannot parse CSV): {exc}")
    body = pd.DataFrame({i: pd.Series(table.column(i), dtype="str") for i in range(width)})
    if not odd:
        return body, np.arange(1, len(body) + 1, dtype=np.int64)
    # A row pyarrow could not number (None) goes last; that only happens with threads on.
    odd_numbers = np.array([n if n is not None else 1 << 40 for n, _ in odd], dtype=np.int64)
    odd_cells = [next(csv.reader([t], delimiter=delim), []) for _, t in odd]
    wide = max(width, max((len(c) for c in odd_cells), default=0))
    odd_frame = pd.DataFrame(
        {i: pd.Series([c[i].strip() if i < len(c) and c[i].strip() else None for c in odd_cells], dtype="str")
         for i in range(wide)}
    )
    total = len(body) + len(odd)
    taken = np.zeros(total + 1, dtype=bool)
    taken[np.clip(odd_numbers, 0, total)] = True
    numbers = np.concatenate([np.flatnonzero(~taken[1:]) + 1, odd_numbers])
    merged = pd.concat([body, odd_frame], ignore_index=True)
    order = np.argsort(numbers, kind="stable")
    if (order == np.arange(total)).all():
        return merged, numbers
    return merged.iloc[order].reset_index(drop=True), numbers[order]


# --- spreadsheets -----------------------------------------------------------------


def cell_text(value: object) -> str:
    """A spreadsheet cell as the user reads it (integral numbers without '.0')."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M:%S")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def _read_spreadsheet(path: Path, file: str, score_row: ScoreRow, no_header: str) -> Sheet:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several types for damaged/foreign zips
        raise FileProblem(f"không đọc được bảng tính Excel (cannot read workbook): {exc}")
    for index in range(len(book.sheet_names)):
        try:
            sheet = book.get_sheet_by_index(index)
            rows = sheet.to_python(skip_empty_area=False)
        except Exception as exc:
            raise FileProblem(f"không đọc được trang tính {index + 1} (cannot read sheet): {exc}")
        top = [[cell_text(v) for v in r] for r in rows[:HEADER_SEARCH_ROWS]]
        _fill_merged(top, sheet.merged_cell_ranges or [])
        _, at = _best_row(top, score_row)
        if at < 0:
            continue
        body = pd.DataFrame(rows[at + 1:], dtype=object)
        if body.shape[1] == 0:
            body = pd.DataFrame(columns=range(len(top[at])), dtype=object)
        row_numbers = np.arange(len(body), dtype=np.int64) + at + 2
        return Sheet(file, tuple(tuple(r) for r in top[: at + 1]), at, body, row_numbers, from_spreadsheet=True)
    raise FileProblem(no_header)


def _fill_merged(rows: list[list[str]], ranges) -> None:
    """Give every cell of a merged range its top-left value (two-level headers)."""
    for (r0, c0), (r1, c1) in ranges:
        if r0 >= len(rows):
            continue
        value = rows[r0][c0] if c0 < len(rows[r0]) else ""
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            for c in range(c0, min(c1, len(rows[r]) - 1) + 1):
                rows[r][c] = value
