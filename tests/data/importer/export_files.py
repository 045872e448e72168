"""Build dossier export files for the importer tests, from plain Python strings.

SAMPLE is a small Lạng Sơn-shaped export whose figures are computed by hand
in the tests (see EXPECTED_MARCH).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from pathlib import Path

HEADER = ["STT", "Mã hồ sơ", "Tên thủ tục", "Lĩnh vực", "Đơn vị xử lý", "Cấp", "Đơn vị cấp trên",
          "Hình thức nộp", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày có kết quả", "Ngày trả kết quả", "Trạng thái"]

# code, procedure, field, unit, level, parent, channel, received, due, resolved, returned, status
SAMPLE = [
    ["H01", "Đăng ký khai sinh", "Hộ tịch", "Xã Điềm He", "Xã", "Huyện Văn Quan", "Trực tuyến",
     "01/03/2023 08:30", "06/03/2023", "03/03/2023 10:00", "03/03/2023 14:00", "Đã trả kết quả"],  # early
    ["H02", "Đăng ký kết hôn", "Hộ tịch", "Xã Điềm He", "Xã", "Huyện Văn Quan", "Trực tiếp",
     "01/03/2023 09:15:30", "03/03/2023", "", "03/03/2023", "Đã trả kết quả"],  # on time, via return date
    ["H03", "Cấp giấy chứng nhận quyền sử dụng đất", "Đất đai", "Huyện Văn Quan", "Huyện", "",
     "Bưu chính công ích (BCCI)", "02/03/2023", "10/03/2023 17:00", "13/03/2023 08:00", "", "Đã có kết quả"],  # late
    ["H04", "Cấp giấy phép xây dựng", "Xây dựng", "Sở Xây dựng", "Tỉnh", "", "Trực tuyến",
     "02/03/2023 23:30", "20/03/2023", "", "", "Đang xử lý"],  # in progress, overdue by now
    ["H05", "Chứng thực bản sao", "Chứng thực", "Phường Chi Lăng", "Xã", "Thành phố Lạng Sơn", "Trực tiếp",
     "31/03/2023 16:00", "31/03/2023", "31/03/2023 16:30", "", "Đã trả kết quả"],  # on time
    ["H06", "Đăng ký khai sinh", "Hộ tịch", "Xã Đình Lập", "Xã", "Huyện Đình Lập", "Trực tuyến",
     "01/04/2023 00:30", "05/04/2023", "", "", "Đang xử lý"],  # April 1 local (31/03 17:30 UTC)
]

# `report dossiers --from 2023-03-01 --to 2023-03-31` over SAMPLE, by hand:
# received H01–H05; online H01, H04; resolved H01 early, H02 on time, H03 late, H05 on time;
# H04 in progress and past its due date.
EXPECTED_MARCH = {"received": 5, "online": 2, "resolved": 4, "early": 1, "on_time": 2, "late": 1,
                  "on_time_rate": 75.0, "online_share": 40.0, "in_progress": 1, "overdue": 1}

TITLE = [["UBND TỈNH LẠNG SƠN"], ["DANH SÁCH HỒ SƠ TIẾP NHẬN", "", "Tháng 3 năm 2023"], []]
FOOTER = [[], ["", "Tổng cộng: 6 hồ sơ"], [],
          ["", "Người lập biểu", "", "", "", "", "", "", "Lạng Sơn, ngày 31 tháng 3 năm 2023"],
          ["", "(Ký, ghi rõ họ tên)"]]


def numbered(rows: list[list[str]]) -> list[list[str]]:
    """Prefix the STT column."""
    return [[str(i + 1), *r] for i, r in enumerate(rows)]


def table(rows: list[list[str]], *, header: list[str] | None = None, title: bool = True,
          footer: bool = True) -> list[list[str]]:
    out = [list(r) for r in TITLE] if title else []
    out.append(list(header or HEADER))
    out += numbered(rows) if header is None else [list(r) for r in rows]
    if footer:
        out += [list(r) for r in FOOTER]
    return out


def csv_text(lines: list[list[str]], delimiter: str = ",") -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(lines)
    return buf.getvalue()


TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258_form(text: str) -> str:
    """What Windows-1258 stores: base letters (â, ư, đ …) precomposed, tone marks combining."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in TONE_MARKS)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS)) + tones)
    return "".join(out)


def write_text(path: Path, lines: list[list[str]], *, encoding: str = "utf-8", delimiter: str = ",") -> Path:
    """encoding: utf-8, utf-8-sig, utf-16 (BOM FF FE, Excel's 'Unicode text') or cp1258 (NFD first)."""
    text = csv_text(lines, delimiter)
    if encoding == "cp1258":
        data = cp1258_form(text).encode("cp1258")
    elif encoding == "utf-16":
        data = b"\xff\xfe" + text.encode("utf-16-le")
    else:
        data = text.encode(encoding)
    path.write_bytes(data)
    return path


def _as_datetime(text: str) -> dt.datetime | dt.date | str:
    for fmt in ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y"):
        try:
            value = dt.datetime.strptime(text, fmt)
            return value.date() if fmt == "%d/%m/%Y" else value
        except ValueError:
            continue
    return text


def write_xlsx(path: Path, lines: list[list[str]], *, date_cells: bool = True, date_columns: tuple[int, ...] = (),
               serial_columns: tuple[int, ...] = ()) -> Path:
    """Write `lines` to a workbook; cells of `date_columns` below the header become real
    date cells (date_cells) or stay text; `serial_columns` become bare Excel serial numbers."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Danh sách")
    stamp = book.add_format({"num_format": "dd/mm/yyyy hh:mm:ss"})
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    header_at = next(i for i, line in enumerate(lines) if "Mã hồ sơ" in line or "Ma ho so" in line)
    for r, line in enumerate(lines):
        for c, value in enumerate(line):
            if r > header_at and value and (c in date_columns or c in serial_columns):
                parsed = _as_datetime(value)
                if isinstance(parsed, str):
                    sheet.write_string(r, c, value)
                elif c in serial_columns:
                    moment = parsed if isinstance(parsed, dt.datetime) else dt.datetime.combine(parsed, dt.time())
                    sheet.write_number(r, c, (moment - dt.datetime(1899, 12, 30)).total_seconds() / 86400)
                elif date_cells:
                    sheet.write_datetime(r, c, parsed, stamp if isinstance(parsed, dt.datetime) else day)
                else:
                    sheet.write_string(r, c, value)
            elif value != "":
                sheet.write_string(r, c, value)
    book.close()
    return path


DATE_COLUMNS = tuple(HEADER.index(h) for h in ("Ngày tiếp nhận", "Ngày hẹn trả", "Ngày có kết quả", "Ngày trả kết quả"))
