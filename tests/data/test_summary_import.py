"""Monthly summary reports (báo cáo tổng hợp) into dossier_summary: layouts, month, bad rows, CLI."""
import csv
import datetime as dt
import io
import json
import unicodedata
from pathlib import Path

import pytest
from cli_run import in_process
from sqlalchemy import text

from data.access import SYSTEM
from data.dossiers.importer.model import FileProblem
from data.dossiers.importer.summary_layout import detect_month, parse_count
from data.dossiers.stats import totals
from data.dossiers.summary_import import import_summary_file, parse_month
from data.units import create_unit

MARCH = dt.date(2023, 3, 1)
WIDTH = 13

# The standard layout: three header rows with merged group cells, then the column numbers.
HEADER_ROWS = [
    ["STT", "Đơn vị", "Số hồ sơ nhận giải quyết", "", "", "", "Kết quả giải quyết", "", "", "", "", "", ""],
    ["", "", "Tổng số", "Kỳ trước chuyển sang", "Mới tiếp nhận", "", "Số hồ sơ đã giải quyết", "", "", "",
     "Số hồ sơ đang giải quyết", "", ""],
    ["", "", "", "", "Trực tuyến", "Trực tiếp, dịch vụ bưu chính công ích", "Tổng số", "Trước hạn", "Đúng hạn",
     "Quá hạn", "Tổng số", "Trong hạn", "Quá hạn"],
    [f"({i})" for i in range(1, WIDTH + 1)],
]
MERGES = [(0, 2, 0, 5), (0, 6, 0, 12), (1, 4, 1, 5), (1, 6, 1, 9), (1, 10, 1, 12), (0, 0, 2, 0), (0, 1, 2, 1),
          (1, 2, 2, 2), (1, 3, 2, 3)]


def figures(carried, online, direct, early, on_time, late, in_time, overdue) -> list[str]:
    return [str(carried + online + direct), str(carried), str(online), str(direct), str(early + on_time + late),
            str(early), str(on_time), str(late), str(in_time + overdue), str(in_time), str(overdue)]


UNITS = {  # carried, online, direct, early, on time, late, in time, overdue
    "Huyện Văn Quan": (20, 30, 70, 60, 35, 5, 18, 2),
    "Huyện Bình Gia": (10, 15, 45, 50, 8, 2, 9, 1),
    "Xã Điềm He": (0, 3, 12, 10, 4, 0, 1, 0),
}
BODY = [
    ["I", "CẤP HUYỆN"] + [""] * 11,
    ["1", "Huyện Văn Quan", *figures(*UNITS["Huyện Văn Quan"])],
    ["2", "Huyện Bình Gia", *figures(*UNITS["Huyện Bình Gia"])],
    ["II", "CẤP XÃ"] + [""] * 11,
    ["1", "Xã Điềm He", *figures(*UNITS["Xã Điềm He"])],
    ["", "Tổng cộng", *figures(30, 48, 127, 120, 47, 7, 28, 3)],
]
FOOTER = [[""] * WIDTH, ["", "Người lập biểu", "", "", "", "", "", "", "", "Thủ trưởng đơn vị", "", "", ""],
          ["", "(Ký, ghi rõ họ tên)", "", "", "", "", "", "", "", "Lạng Sơn, ngày 05/04/2023", "", "", ""]]
# By hand over UNITS: received = online + direct; in progress = in time + overdue.
EXPECTED = {"received": 175, "online": 48, "resolved": 174, "early": 120, "on_time": 47, "late": 7,
            "in_progress": 31, "overdue": 3, "on_time_rate": 95.98, "online_share": 27.43}


def title(period: str) -> list[list[str]]:
    return [
        ["UBND HUYỆN VĂN QUAN", "", "", "", "", "", "", "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "", "", "", ""],
        ["", "", "", "", "", "", "", "", "Văn Quan, ngày 05 tháng 4 năm 2023", "", "", "", ""],  # not the period
        ["BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TRỰC TUYẾN VÀ TRỰC TIẾP"] + [""] * 12,
        [period] + [""] * 12,
        [""] * WIDTH,
    ]


def report_lines(period="Tháng 3 năm 2023", body=BODY, header=HEADER_ROWS):
    return title(period) + header + body + FOOTER


def cp1258_form(text: str) -> str:
    """Windows-1258 keeps base letters (â, ư, đ …) precomposed and tone marks combining."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
                   + "".join(c for c in parts if c in tones))
    return "".join(out)


def write_csv(path: Path, lines, encoding="utf-8-sig", delimiter=",") -> Path:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter).writerows(lines)
    content = buf.getvalue()
    path.write_bytes((cp1258_form(content) if encoding == "cp1258" else content).encode(encoding))
    return path


def write_xlsx(path: Path, lines, numbers=True) -> Path:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Biểu 06")
    first_header = len(title(""))
    for r, line in enumerate(lines):
        for c, value in enumerate(line):
            if numbers and r > first_header + 3 and c >= 2 and value.isdigit():
                sheet.write_number(r, c, int(value))
            elif value:
                sheet.write_string(r, c, value)
    for r0, c0, r1, c1 in MERGES:
        sheet.merge_range(first_header + r0, c0, first_header + r1, c1, HEADER_ROWS[r0][c0])
    book.close()
    return path


def stored(engine) -> dict[tuple[str, str], tuple[int, ...]]:
    sql = text("SELECT u.name, s.month, s.field, s.carried_over, s.received_online, s.received_direct, "
               "s.resolved_early, s.resolved_on_time, s.resolved_late, s.pending_in_time, s.pending_overdue "
               "FROM dossier_summary s JOIN unit u ON u.id = s.unit_id")
    with engine.connect() as c:
        out = {}
        for r in c.execute(sql):
            month = r[1] if isinstance(r[1], dt.date) else dt.date.fromisoformat(r[1])
            assert month == MARCH
            out[(r[0], r[2])] = tuple(int(v) for v in r[3:])
        return out


def unit_levels(engine) -> dict[str, tuple[str, str | None]]:
    sql = text("SELECT u.name, u.level_code, p.name FROM unit u LEFT JOIN unit p ON p.id = u.parent_id")
    with engine.connect() as c:
        return {r[0]: (r[1], r[2]) for r in c.execute(sql)}


def _report(engine) -> dict:
    out = totals(engine, dt.date(2023, 3, 1), dt.date(2023, 3, 31), scope=SYSTEM).as_report()
    return {k: out[k] for k in EXPECTED}


EXPECTED_ROWS = {(name, ""): values for name, values in UNITS.items()}

LAYOUTS = [
    ("xlsx merged headers, number cells", lambda p: write_xlsx(p / "bc.xlsx", report_lines())),
    ("xlsx text cells, period as dates",
     lambda p: write_xlsx(p / "bc.xlsx", report_lines("(Từ ngày 01/03/2023 đến ngày 31/03/2023)"), numbers=False)),
    ("csv utf-8", lambda p: write_csv(p / "bc.csv", report_lines("Kỳ báo cáo: tháng 03/2023"))),
    ("utf-16 tab", lambda p: write_csv(p / "bc.txt", report_lines(), encoding="utf-16", delimiter="\t")),
    ("cp1258 semicolon", lambda p: write_csv(p / "bc.csv", report_lines(), encoding="cp1258", delimiter=";")),
]


@pytest.mark.parametrize("name,write", LAYOUTS, ids=[x[0] for x in LAYOUTS])
def test_standard_report_in_every_format(engine, tmp_path, name, write):
    result = import_summary_file(engine, write(tmp_path), scope=SYSTEM)
    assert (result.status, result.errors, result.rows_read, result.rows_imported) == ("done", (), 3, 3)
    assert stored(engine) == {k: v for k, v in EXPECTED_ROWS.items()}
    # Section headings set the level; with no parent column every unit hangs under the root.
    assert unit_levels(engine) == {"Tỉnh": ("province", None), "Huyện Văn Quan": ("district", "Tỉnh"),
                                   "Huyện Bình Gia": ("district", "Tỉnh"), "Xã Điềm He": ("commune", "Tỉnh")}
    assert _report(engine) == EXPECTED
    with engine.connect() as c:
        batch = c.execute(text("SELECT kind, rows_read, rows_imported, status FROM import_batch")).one()
    assert tuple(batch) == ("dossier_summary", 3, 3, "done")


def test_reimport_replaces_and_never_double_counts(engine, tmp_path):
    path = write_xlsx(tmp_path / "bc.xlsx", report_lines())
    import_summary_file(engine, path, scope=SYSTEM)
    body = [list(r) for r in BODY]
    body[1][2:] = figures(20, 30, 80, 60, 45, 5, 18, 2)  # Văn Quan corrected: 10 more direct, on time
    import_summary_file(engine, write_csv(tmp_path / "bc2.csv", report_lines(body=body)), scope=SYSTEM)
    rows = stored(engine)
    assert len(rows) == 3
    assert rows[("Huyện Văn Quan", "")] == (20, 30, 80, 60, 45, 5, 18, 2)
    assert _report(engine)["received"] == EXPECTED["received"] + 10


def test_per_field_rows_replace_the_unit_total_and_back(engine, tmp_path):
    header = [row[:2] + ["Lĩnh vực" if i == 0 else ""] + row[2:] for i, row in enumerate(HEADER_ROWS[:3])]
    body = [
        ["1", "Huyện Văn Quan", "", *figures(20, 30, 70, 60, 35, 5, 18, 2)],  # the unit's total row
        ["", "Huyện Văn Quan", "Đất đai", *figures(15, 10, 40, 40, 20, 5, 0, 0)],
        ["", "Huyện Văn Quan", "Hộ tịch", *figures(5, 20, 30, 20, 15, 0, 18, 2)],
    ]
    lines = title("Tháng 3 năm 2023") + header + body
    result = import_summary_file(engine, write_csv(tmp_path / "lv.csv", lines), province="Tỉnh Lạng Sơn", scope=SYSTEM)
    assert result.status == "done", result.errors
    assert stored(engine) == {("Huyện Văn Quan", "Đất đai"): (15, 10, 40, 40, 20, 5, 0, 0),
                              ("Huyện Văn Quan", "Hộ tịch"): (5, 20, 30, 20, 15, 0, 18, 2)}
    assert _report(engine)["received"] == 100  # counted once
    # An all-fields report for the same unit-month replaces the per-field rows.
    import_summary_file(engine, write_xlsx(tmp_path / "bc.xlsx", report_lines()), scope=SYSTEM)
    assert stored(engine)[("Huyện Văn Quan", "")] == UNITS["Huyện Văn Quan"]
    assert not any(field for _, field in stored(engine))


@pytest.mark.parametrize("lines,expected", [
    ([["BÁO CÁO"], ["Tháng 3 năm 2023"]], MARCH),
    ([["Tháng 03/2023"]], MARCH),
    ([["THÁNG 12 - 2022"]], dt.date(2022, 12, 1)),
    ([["(Từ ngày 01/03/2023 đến ngày 31/03/2023)"]], MARCH),
    ([["Kỳ báo cáo: từ ngày 15/02/2023 đến ngày 14/03/2023"]], MARCH),  # the month the period ends in
    ([["Lạng Sơn, ngày 05 tháng 4 năm 2023"], ["Tháng 3 năm 2023"]], MARCH),  # a signing date is not the period
    ([["Lạng Sơn, ngày 05 tháng 4 năm 2023"]], None),
    ([["BÁO CÁO QUÝ I"]], None),
    ([["Tháng 13 năm 2023"]], None),
])
def test_month_from_the_title(lines, expected):
    assert detect_month(lines) == expected


@pytest.mark.parametrize("lines,words", [
    ([["Từ ngày 01/01/2023 đến ngày 31/03/2023"]], "không phải một tháng"),
    ([["Tháng 3 năm 2023"], ["Tháng 4 năm 2023"]], "nhiều tháng"),
])
def test_month_titles_that_are_refused(lines, words):
    with pytest.raises(FileProblem, match=words):
        detect_month(lines)


def test_month_from_the_command_line_and_conflicts(engine, tmp_path):
    no_month = write_csv(tmp_path / "a.csv", report_lines(period="Báo cáo định kỳ"))
    result = import_summary_file(engine, no_month, scope=SYSTEM)
    assert result.status == "rejected" and "--month" in result.errors[0].reason
    assert import_summary_file(engine, no_month, month=MARCH, scope=SYSTEM).status == "done"
    assert len(stored(engine)) == 3
    clash = import_summary_file(engine, write_csv(tmp_path / "b.csv", report_lines()), month=dt.date(2023, 4, 1), scope=SYSTEM)
    assert clash.status == "rejected"
    assert "03/2023" in clash.errors[0].reason and "2023-04" in clash.errors[0].reason


@pytest.mark.parametrize("value,expected", [
    ("12", 12), (" 1.234 ", 1234), ("1,234", 1234), ("1 234 567", 1234567), ("", 0), ("-", 0), (None, 0),
    (7.0, 7), (7, 7), ("12a", None), ("-5", None), ("1.5", None), (1.5, None), (-1, None), (True, None),
    ("12.34", None),
])
def test_counts(value, expected):
    assert parse_count(value) == expected


# Data starts on line 11 (5 title lines, 3 header lines, the numbering line, the heading "I. CẤP HUYỆN").
BAD = [
    ("not a number", 1, 7, "12a", "Trước hạn", "số liệu không hợp lệ: '12a'"),
    ("negative", 2, 4, "-5", "Trực tuyến", "số liệu không hợp lệ: '-5'"),
    ("fraction", 4, 11, "1.5", "Trong hạn", "số liệu không hợp lệ: '1.5'"),
    ("no unit", 2, 1, "", "Đơn vị", "thiếu tên đơn vị"),
]


@pytest.mark.parametrize("name,row,col,value,column,reason", BAD, ids=[b[0] for b in BAD])
def test_bad_rows(engine, tmp_path, name, row, col, value, column, reason):
    body = [list(r) for r in BODY]
    body[row][col] = value
    path = write_csv(tmp_path / "bc.csv", report_lines(body=body))
    result = import_summary_file(engine, path, scope=SYSTEM)
    assert result.status == "rejected"
    [error] = result.errors
    assert (error.file, error.row, error.column) == ("bc.csv", 10 + row, column)
    assert reason in error.reason
    assert stored(engine) == {}
    assert unit_levels(engine) == {}
    skipped = import_summary_file(engine, path, skip_bad_rows=True, scope=SYSTEM)
    assert (skipped.status, skipped.rows_imported, len(skipped.errors)) == ("done", 2, 1)
    assert len(stored(engine)) == 2


def test_unknown_unit_level_and_existing_units(engine, tmp_path):
    with engine.begin() as c:
        root = create_unit(c, "Tỉnh Lạng Sơn", "province", None)
        create_unit(c, "HUYỆN VĂN QUAN", "district", root.id)
    body = [r for r in BODY if r[1] not in ("CẤP HUYỆN", "CẤP XÃ")]
    body.insert(2, ["3", "Ban Quản lý dự án", *figures(0, 1, 1, 1, 1, 0, 0, 0)])
    result = import_summary_file(engine, write_csv(tmp_path / "bc.csv", report_lines(body=body)), scope=SYSTEM)
    assert [(e.row, e.column) for e in result.errors] == [(12, "Cấp")]
    assert "không rõ cấp" in result.errors[0].reason
    result = import_summary_file(engine, write_csv(tmp_path / "bc.csv", report_lines(body=body)), skip_bad_rows=True, scope=SYSTEM)
    assert result.status == "done"
    levels = unit_levels(engine)
    assert "Huyện Văn Quan" not in levels  # matched HUYỆN VĂN QUAN by folded name
    assert levels["Huyện Bình Gia"] == ("district", "Tỉnh Lạng Sơn")  # level from the name
    assert levels["Xã Điềm He"] == ("commune", "Tỉnh Lạng Sơn")


def test_unrecognised_layout_names_the_missing_columns(engine, tmp_path):
    header = [["STT", "Đơn vị", "Trực tuyến", "Trực tiếp", "Quá hạn"]]
    lines = title("Tháng 3 năm 2023") + header + [["1", "Xã A", "1", "2", "0"]]
    result = import_summary_file(engine, write_csv(tmp_path / "bc.csv", lines), scope=SYSTEM)
    assert result.status == "rejected"
    reason = result.errors[0].reason
    assert "Đã giải quyết trước hạn" in reason and "Đã giải quyết đúng hạn" in reason


def test_not_a_summary_report(engine, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("Mã hồ sơ,Đơn vị\nH1,Xã A\n", encoding="utf-8")
    result = import_summary_file(engine, path, scope=SYSTEM)
    assert result.status == "rejected" and "không tìm thấy dòng tiêu đề" in result.errors[0].reason


def test_parse_month_option():
    assert parse_month("2023-03") == MARCH
    with pytest.raises(ValueError, match="YYYY-MM"):
        parse_month("03/2023")


# The command in the test process (tests/cli_run.py); test_import_cli runs the entry point as a process.
_run = in_process


def test_cli_import_summary_then_report(store_url, tmp_path):
    path = write_xlsx(tmp_path / "bao-cao-thang-3.xlsx", report_lines())
    out = _run("import-summary", str(path), "--db", store_url)
    assert out.returncode == 0, out.stderr
    assert "đã nhập 3/3 dòng" in out.stdout
    rep = _run("report", "dossiers", "--from", "2023-03-01", "--to", "2023-03-31", "--db", store_url, "--json")
    assert rep.returncode == 0, rep.stderr
    assert json.loads(rep.stdout) == EXPECTED
    no_month = write_csv(tmp_path / "khong-thang.csv", report_lines(period="Báo cáo"))
    out = _run("import-summary", str(no_month), "--db", store_url)
    assert out.returncode == 1 and "--month" in out.stderr
    out = _run("import-summary", str(no_month), "--month", "2023-03", "--db", store_url)
    assert out.returncode == 0, out.stderr
    out = _run("import-summary", str(no_month), "--month", "tháng 3", "--db", store_url)
    assert out.returncode == 2 and "YYYY-MM" in out.stderr
