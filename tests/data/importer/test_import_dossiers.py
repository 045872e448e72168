"""Importing detailed exports into a real store (SQLite, and PostgreSQL with TEST_DATABASE_URL)."""
import datetime as dt
import hashlib

import pytest

from data.access import SYSTEM
from data.dossiers.importer import ImportResult, RowError, import_dossier_file, import_dossier_files
from data.dossiers.stats import totals
from data.text import fold
from data.units import create_unit
from export_files import DATE_COLUMNS, EXPECTED_MARCH, HEADER, SAMPLE, table, write_text, write_xlsx
from store_views import batches, count, daily, daily_rebuilt, dossiers, path_errors, units

UTC = dt.UTC
MARCH = (dt.date(2023, 3, 1), dt.date(2023, 3, 31))


def _utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


# SAMPLE as the store must hold it: local Asia/Ho_Chi_Minh wall time -> UTC, local received day,
# outcome by local calendar date.
EXPECTED_ROWS = {
    "H01": dict(unit="Xã Điềm He", channel="online", received_at=_utc(2023, 3, 1, 1, 30),
                received_day=dt.date(2023, 3, 1), due_at=_utc(2023, 3, 5, 17), resolved_at=_utc(2023, 3, 3, 3),
                returned_at=_utc(2023, 3, 3, 7), outcome="early"),
    "H02": dict(unit="Xã Điềm He", channel="direct", received_at=_utc(2023, 3, 1, 2, 15, 30),
                received_day=dt.date(2023, 3, 1), due_at=_utc(2023, 3, 2, 17),
                resolved_at=_utc(2023, 3, 2, 17),  # no result date: the return date is the resolution
                returned_at=_utc(2023, 3, 2, 17), outcome="on_time"),
    "H03": dict(unit="Huyện Văn Quan", channel="postal", received_at=_utc(2023, 3, 1, 17),
                received_day=dt.date(2023, 3, 2), due_at=_utc(2023, 3, 10, 10), resolved_at=_utc(2023, 3, 13, 1),
                returned_at=None, outcome="late"),
    "H04": dict(unit="Sở Xây dựng", channel="online", received_at=_utc(2023, 3, 2, 16, 30),
                received_day=dt.date(2023, 3, 2), due_at=_utc(2023, 3, 19, 17), resolved_at=None,
                returned_at=None, outcome=None),
    "H05": dict(unit="Phường Chi Lăng", channel="direct", received_at=_utc(2023, 3, 31, 9),
                received_day=dt.date(2023, 3, 31), due_at=_utc(2023, 3, 30, 17),
                resolved_at=_utc(2023, 3, 31, 9, 30),  # after the due instant, same local day: on time
                returned_at=None, outcome="on_time"),
    "H06": dict(unit="Xã Đình Lập", channel="online", received_at=_utc(2023, 3, 31, 17, 30),
                received_day=dt.date(2023, 4, 1), due_at=_utc(2023, 4, 4, 17), resolved_at=None,
                returned_at=None, outcome=None),
}

EXPECTED_UNITS = {
    "Tỉnh": ("province", None),
    "Huyện Văn Quan": ("district", "Tỉnh"),
    "Xã Điềm He": ("commune", "Huyện Văn Quan"),
    "Sở Xây dựng": ("province_agency", "Tỉnh"),
    "Thành phố Lạng Sơn": ("district", "Tỉnh"),
    "Phường Chi Lăng": ("commune", "Thành phố Lạng Sơn"),
    "Huyện Đình Lập": ("district", "Tỉnh"),
    "Xã Đình Lập": ("commune", "Huyện Đình Lập"),
}

EXPECTED_DAILY = {
    # received, online, resolved, early, on_time, late, in_progress
    ("Xã Điềm He", dt.date(2023, 3, 1)): (2, 1, 2, 1, 1, 0, 0),
    ("Huyện Văn Quan", dt.date(2023, 3, 2)): (1, 0, 1, 0, 0, 1, 0),
    ("Sở Xây dựng", dt.date(2023, 3, 2)): (1, 1, 0, 0, 0, 0, 1),
    ("Phường Chi Lăng", dt.date(2023, 3, 31)): (1, 0, 1, 0, 1, 0, 0),
    ("Xã Đình Lập", dt.date(2023, 4, 1)): (1, 1, 0, 0, 0, 0, 1),
}


def _sample_csv(tmp_path, rows=SAMPLE, name="ho-so.csv", **kw):
    return write_text(tmp_path / name, table(rows, **kw))


def _report(engine, start=MARCH[0], end=MARCH[1]) -> dict:
    out = totals(engine, start, end, scope=SYSTEM).as_report()
    return {k: out[k] for k in EXPECTED_MARCH}


def test_sample_export_is_stored_exactly(engine, tmp_path):
    path = _sample_csv(tmp_path)
    result = import_dossier_file(engine, path, scope=SYSTEM)
    assert isinstance(result, ImportResult)
    assert (result.status, result.rows_read, result.rows_imported, result.errors) == ("done", 6, 6, ())
    stored = dossiers(engine)
    assert set(stored) == set(EXPECTED_ROWS)
    for code, expected in EXPECTED_ROWS.items():
        got = {k: stored[code][k] for k in expected}
        assert got == expected, code
    assert stored["H03"]["procedure"] == "Cấp giấy chứng nhận quyền sử dụng đất"
    assert stored["H03"]["field"] == "Đất đai"
    assert stored["H04"]["status"] == "Đang xử lý"
    assert units(engine) == EXPECTED_UNITS
    assert path_errors(engine) == []
    assert daily(engine) == EXPECTED_DAILY
    assert _report(engine) == EXPECTED_MARCH
    [batch] = batches(engine)
    assert batch == {"id": result.batch_id, "kind": "dossiers", "file_name": "ho-so.csv",
                     "file_sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                     "rows_read": 6, "rows_imported": 6, "rows_rejected": 0, "status": "done"}


FORMATS = [
    ("utf-8 comma", lambda p, lines: write_text(p / "a.csv", lines)),
    ("utf-8 BOM semicolon", lambda p, lines: write_text(p / "a.csv", lines, encoding="utf-8-sig", delimiter=";")),
    ("utf-16 tab (Unicode text)", lambda p, lines: write_text(p / "a.txt", lines, encoding="utf-16", delimiter="\t")),
    ("windows-1258 comma", lambda p, lines: write_text(p / "a.csv", lines, encoding="cp1258")),
    ("windows-1258 tab", lambda p, lines: write_text(p / "a.txt", lines, encoding="cp1258", delimiter="\t")),
    ("xlsx date cells", lambda p, lines: write_xlsx(p / "a.xlsx", lines, date_columns=DATE_COLUMNS)),
    ("xlsx text dates", lambda p, lines: write_xlsx(p / "a.xlsx", lines, date_cells=False,
                                                    date_columns=DATE_COLUMNS)),
    ("xlsx serial numbers", lambda p, lines: write_xlsx(p / "a.xlsx", lines, serial_columns=DATE_COLUMNS)),
]


@pytest.mark.parametrize("name,write", FORMATS, ids=[f[0] for f in FORMATS])
def test_every_format_gives_the_same_store(engine, tmp_path, name, write):
    result = import_dossier_file(engine, write(tmp_path, table(SAMPLE)), scope=SYSTEM)
    assert result.status == "done" and result.rows_imported == 6, result.errors
    stored = dossiers(engine)
    for code, expected in EXPECTED_ROWS.items():
        assert {k: stored[code][k] for k in expected} == expected, code
    assert stored["H01"]["procedure"] == "Đăng ký khai sinh"
    assert units(engine) == EXPECTED_UNITS
    assert daily(engine) == EXPECTED_DAILY


HEADER_VARIANTS = [
    ("as written", lambda h: h),
    ("no diacritics", lambda h: [fold(c) for c in h]),
    ("upper case", lambda h: [c.upper() for c in h]),
    ("no diacritics, upper case", lambda h: [fold(c).upper() for c in h]),
    ("other spellings", lambda h: [
        {"Mã hồ sơ": "Số hồ sơ", "Tên thủ tục": "Thủ tục hành chính", "Đơn vị xử lý": "Cơ quan giải quyết",
         "Cấp": "Cấp thực hiện", "Đơn vị cấp trên": "Huyện/Thành phố", "Hình thức nộp": "Kênh nộp",
         "Ngày tiếp nhận": "Ngày nhận hồ sơ", "Ngày hẹn trả": "Hạn xử lý", "Ngày có kết quả": "Ngày hoàn thành",
         "Ngày trả kết quả": "Ngày trả", "Trạng thái": "Tình trạng"}.get(c, c) for c in h]),
]


@pytest.mark.parametrize("name,change", HEADER_VARIANTS, ids=[v[0] for v in HEADER_VARIANTS])
def test_header_spellings(engine, tmp_path, name, change):
    header = change(HEADER)
    lines = table(SAMPLE, header=header)
    lines[4:10] = [[str(i + 1), *r] for i, r in enumerate(SAMPLE)]
    result = import_dossier_file(engine, write_text(tmp_path / "a.csv", lines), scope=SYSTEM)
    assert result.status == "done", result.errors
    assert daily(engine) == EXPECTED_DAILY


def test_columns_in_another_order_with_extra_columns(engine, tmp_path):
    order = [12, 3, 0, 1, 9, 4, 5, 6, 7, 8, 10, 11, 2]
    header = [HEADER[i] for i in order] + ["Ghi chú", "Người nộp"]
    rows = [[[str(n + 1), *r][i] for i in order] + ["", "Nguyễn Văn A"] for n, r in enumerate(SAMPLE)]
    result = import_dossier_file(engine, write_text(tmp_path / "a.csv", table(rows, header=header)), scope=SYSTEM)
    assert result.status == "done", result.errors
    assert daily(engine) == EXPECTED_DAILY


def test_minimal_columns(engine, tmp_path):
    header = ["Mã hồ sơ", "Đơn vị", "Hình thức nộp", "Ngày tiếp nhận"]
    rows = [["M1", "Xã Điềm He", "Trực tuyến", "05/03/2023"], ["M2", "Xã Điềm He", "Trực tiếp", "05/03/2023"]]
    result = import_dossier_file(engine, write_text(tmp_path / "a.csv", table(rows, header=header)), scope=SYSTEM)
    assert result.status == "done", result.errors
    assert daily(engine) == {("Xã Điềm He", dt.date(2023, 3, 5)): (2, 1, 0, 0, 0, 0, 2)}
    assert units(engine)["Xã Điềm He"] == ("commune", "Tỉnh")  # no parent given: directly under the root


# --- bad rows ------------------------------------------------------------------------------------

def _with(row_index: int, **changes) -> list[list[str]]:
    names = ["code", "procedure", "field", "unit", "level", "parent", "channel", "received", "due", "resolved",
             "returned", "status"]
    rows = [list(r) for r in SAMPLE]
    for key, value in changes.items():
        rows[row_index][names.index(key)] = value
    return rows


def _two_communes_named_hoa_binh(engine):
    with engine.begin() as c:
        root = create_unit(c, "Tỉnh", "province", None)
        for district in ("Huyện Bắc Sơn", "Huyện Hữu Lũng"):
            d = create_unit(c, district, "district", root.id)
            create_unit(c, "Xã Hòa Bình", "commune", d.id)
            create_unit(c, "Xã Trùng Tên", "district", d.id)


LONG = "X" * 101
# SAMPLE row 3 (index 2) is the bad one: title lines 1–3, header line 4, so it sits on line 7.
BAD_ROWS = [
    ("empty key before more rows", _with(2, code=""), "Mã hồ sơ", "thiếu mã hồ sơ"),
    ("totals line between data rows", _with(2, code="Tổng cộng"), "Mã hồ sơ",
     "dòng tổng cộng/chữ ký nằm giữa các dòng dữ liệu: 'Tổng cộng'"),
    ("key too long", _with(2, code=LONG), "Mã hồ sơ", "dài quá 100 ký tự"),
    ("field too long", _with(2, field="L" * 301), "Lĩnh vực", "dài quá 300 ký tự"),
    ("status too long", _with(2, status="S" * 201), "Trạng thái", "dài quá 200 ký tự"),
    ("unit too long", _with(2, unit="Xã " + "U" * 200), "Đơn vị xử lý", "dài quá 200 ký tự"),
    ("no unit", _with(2, unit=""), "Đơn vị xử lý", "thiếu tên đơn vị xử lý"),
    ("no channel", _with(2, channel=""), "Hình thức nộp", "thiếu hình thức nộp"),
    ("unknown channel", _with(2, channel="Fax"), "Hình thức nộp", "hình thức nộp không hợp lệ: 'Fax'"),
    ("unknown level", _with(2, level="Thôn"), "Cấp", "cấp không hợp lệ: 'Thôn' (cần Tỉnh, Huyện hoặc Xã)"),
    ("bad received date", _with(2, received="31/02/2023"), "Ngày tiếp nhận", "ngày không hợp lệ: '31/02/2023'"),
    ("no received date", _with(2, received=""), "Ngày tiếp nhận", "thiếu ngày tiếp nhận"),
    ("bad due date", _with(2, due="2023/03/10"), "Ngày hẹn trả", "ngày không hợp lệ: '2023/03/10'"),
    ("bad result date", _with(2, resolved="hôm qua"), "Ngày có kết quả", "ngày không hợp lệ: 'hôm qua'"),
    ("bad return date", _with(2, returned="13/13/2023"), "Ngày trả kết quả", "ngày không hợp lệ: '13/13/2023'"),
    ("resolved before received", _with(2, resolved="01/03/2023"), "Ngày có kết quả",
     "ngày có kết quả trước ngày tiếp nhận"),
    ("returned before received", _with(2, resolved="", returned="28/02/2023 16:00"), "Ngày trả kết quả",
     "ngày có kết quả trước ngày tiếp nhận"),
    ("resolved without due date", _with(2, due=""), "Ngày hẹn trả", "hồ sơ đã có kết quả nhưng thiếu ngày hẹn trả"),
    ("new unit of unknown level", _with(2, unit="Ban Quản lý dự án", level="", parent=""), "Cấp",
     "đơn vị 'Ban Quản lý dự án' chưa có trong kho và không rõ cấp"),
]


@pytest.mark.parametrize("name,rows,column,reason", BAD_ROWS, ids=[b[0] for b in BAD_ROWS])
def test_every_bad_row_reason_and_the_file_imports_nothing(engine, tmp_path, name, rows, column, reason):
    result = import_dossier_file(engine, write_text(tmp_path / "a.csv", table(rows)), scope=SYSTEM)
    assert result.status == "rejected"
    assert len(result.errors) == 1, result.errors
    error = result.errors[0]
    assert (error.file, error.row, error.column) == ("a.csv", 7, column)
    assert reason in error.reason
    assert str(error).startswith(f'a.csv: dòng 7, cột "{column}": ')
    # Nothing is half-written: no dossier, no day, not even the units the good rows named.
    assert (count(engine, "dossier"), count(engine, "dossier_daily"), count(engine, "unit")) == (0, 0, 0)
    [batch] = batches(engine)
    assert (batch["status"], batch["rows_read"], batch["rows_imported"], batch["rows_rejected"]) == \
        ("rejected", 6, 0, 1)
    assert result.batch_id == batch["id"]


UNIT_PROBLEMS = [
    ("same name under two districts", _with(2, unit="Xã Hòa Bình", level="Xã", parent=""), "Đơn vị xử lý",
     "có 2 đơn vị tên 'Xã Hòa Bình'; cần cột Đơn vị cấp trên"),
    ("parent name not unique", _with(2, unit="Xã Mới", level="Xã", parent="Xã Trùng Tên"), "Đơn vị cấp trên",
     "có 2 đơn vị tên 'Xã Trùng Tên'"),
]


@pytest.mark.parametrize("name,rows,column,reason", UNIT_PROBLEMS, ids=[u[0] for u in UNIT_PROBLEMS])
def test_rows_naming_an_ambiguous_unit(engine, tmp_path, name, rows, column, reason):
    _two_communes_named_hoa_binh(engine)
    before = count(engine, "unit")
    result = import_dossier_file(engine, write_text(tmp_path / "a.csv", table(rows)), scope=SYSTEM)
    assert result.status == "rejected"
    assert [(e.row, e.column) for e in result.errors] == [(7, column)]
    assert reason in result.errors[0].reason
    assert count(engine, "unit") == before


def test_a_row_with_more_cells_than_the_header(engine, tmp_path):
    lines = table(SAMPLE)
    lines[6] = lines[6] + ["Trực tiếp", "ô thừa"]
    result = import_dossier_file(engine, write_text(tmp_path / "a.csv", lines), scope=SYSTEM)
    assert [(e.row, e.column) for e in result.errors] == [(7, "")]
    assert "nhiều ô hơn dòng tiêu đề" in result.errors[0].reason
    assert str(result.errors[0]).startswith("a.csv: dòng 7: ")


def test_several_bad_rows_all_reported_in_order(engine, tmp_path):
    rows = _with(4, channel="Fax", received="")
    rows[1][7] = "32/03/2023"
    result = import_dossier_file(engine, write_text(tmp_path / "a.csv", table(rows)), scope=SYSTEM)
    assert [(e.row, e.column) for e in result.errors] == [
        (6, "Ngày tiếp nhận"), (9, "Hình thức nộp"), (9, "Ngày tiếp nhận")]
    assert result.rows_read == 6


def test_bad_xlsx_row_uses_the_spreadsheet_row_number(engine, tmp_path):
    lines = table(_with(3, received="30/02/2023"))
    path = write_xlsx(tmp_path / "a.xlsx", lines, date_columns=DATE_COLUMNS)
    result = import_dossier_file(engine, path, scope=SYSTEM)
    assert result.errors == (RowError("a.xlsx", 8, "Ngày tiếp nhận",
                                      "ngày không hợp lệ: '30/02/2023' (cần dd/mm/yyyy, dd/mm/yyyy HH:MM hoặc "
                                      "dd/mm/yyyy HH:MM:SS)"),)


def test_skip_bad_rows_imports_the_good_ones_and_still_reports(engine, tmp_path):
    rows = _with(2, received="")  # H03 goes
    result = import_dossier_file(engine, write_text(tmp_path / "a.csv", table(rows)), skip_bad_rows=True, scope=SYSTEM)
    assert result.status == "done"
    assert (result.rows_read, result.rows_imported) == (6, 5)
    assert [(e.row, e.column) for e in result.errors] == [(7, "Ngày tiếp nhận")]
    assert set(dossiers(engine)) == {"H01", "H02", "H04", "H05", "H06"}
    expected = {k: v for k, v in EXPECTED_DAILY.items() if k[0] != "Huyện Văn Quan"}
    assert daily(engine) == expected
    [batch] = batches(engine)
    assert (batch["status"], batch["rows_read"], batch["rows_imported"], batch["rows_rejected"]) == ("done", 6, 5, 1)


def test_skipped_rows_create_no_units(engine, tmp_path):
    rows = _with(3, received="")  # the only row naming Sở Xây dựng
    import_dossier_file(engine, write_text(tmp_path / "a.csv", table(rows)), skip_bad_rows=True, scope=SYSTEM)
    assert "Sở Xây dựng" not in units(engine)


# --- footer and title ------------------------------------------------------------------------------

def test_footer_with_text_in_the_key_column_is_skipped_silently(engine, tmp_path):
    lines = table(SAMPLE) + [["", "Người lập biểu"], ["", "Nguyễn Thị B"], ["", "Ngày 31/03/2023"]]
    result = import_dossier_file(engine, write_text(tmp_path / "a.csv", lines), scope=SYSTEM)
    assert (result.status, result.rows_read, result.errors) == ("done", 6, ())


def test_blank_line_between_data_rows_is_ignored(engine, tmp_path):
    lines = table(SAMPLE)
    lines.insert(6, [])
    result = import_dossier_file(engine, write_text(tmp_path / "a.csv", lines), scope=SYSTEM)
    assert (result.status, result.rows_imported) == ("done", 6)


def test_header_only_file_imports_nothing_and_is_fine(engine, tmp_path):
    result = import_dossier_file(engine, write_text(tmp_path / "a.csv", table([], footer=False)), scope=SYSTEM)
    assert (result.status, result.rows_read, result.rows_imported) == ("done", 0, 0)


# --- whole-file problems ----------------------------------------------------------------------------

def test_file_without_header_row(engine, tmp_path):
    path = tmp_path / "ghi-chu.csv"
    path.write_text("Ghi chú\nkhông có gì\n", encoding="utf-8")
    result = import_dossier_file(engine, path, scope=SYSTEM)
    assert result.status == "rejected"
    [error] = result.errors
    assert (error.file, error.row, error.column) == ("ghi-chu.csv", 0, "")
    assert "không tìm thấy dòng tiêu đề" in error.reason
    assert str(error) == f"ghi-chu.csv: {error.reason}"
    assert batches(engine)[0]["status"] == "rejected"


def test_missing_required_column_is_named(engine, tmp_path):
    header = ["Mã hồ sơ", "Đơn vị", "Lĩnh vực", "Ngày tiếp nhận", "Trạng thái"]
    rows = [["M1", "Xã Điềm He", "Hộ tịch", "05/03/2023", ""]]
    result = import_dossier_file(engine, write_text(tmp_path / "a.csv", table(rows, header=header)), scope=SYSTEM)
    assert result.status == "rejected"
    assert "thiếu cột bắt buộc: Hình thức nộp" in result.errors[0].reason


def test_missing_file(engine, tmp_path):
    result = import_dossier_file(engine, tmp_path / "none.csv", scope=SYSTEM)
    assert (result.status, result.batch_id) == ("rejected", None)
    assert "không tìm thấy" in result.errors[0].reason


def test_display_name_is_used_in_errors_and_batch(engine, tmp_path):
    path = write_text(tmp_path / "tmp123.csv", table(_with(0, channel="")))
    result = import_dossier_file(engine, path, display_name="Hồ sơ tháng 3.csv", scope=SYSTEM)
    assert result.file == result.errors[0].file == "Hồ sơ tháng 3.csv"
    assert batches(engine)[0]["file_name"] == "Hồ sơ tháng 3.csv"


# --- re-imports -----------------------------------------------------------------------------------------

def test_importing_twice_never_double_counts(engine, tmp_path):
    path = _sample_csv(tmp_path)
    first = import_dossier_file(engine, path, scope=SYSTEM)
    second = import_dossier_file(engine, path, scope=SYSTEM)
    assert second.status == "done" and second.batch_id != first.batch_id
    assert count(engine, "dossier") == 6
    assert daily(engine) == EXPECTED_DAILY
    assert _report(engine) == EXPECTED_MARCH
    assert units(engine) == EXPECTED_UNITS
    assert [b["status"] for b in batches(engine)] == ["done", "done"]


def test_overlapping_file_moving_a_dossier_to_another_unit_and_day(engine, tmp_path):
    import_dossier_file(engine, _sample_csv(tmp_path), scope=SYSTEM)
    # The corrected export moves H01 from Xã Điềm He (1 March) to Xã Đình Lập (5 March), resolved late now,
    # and adds H07.
    moved = ["H01", "Đăng ký khai sinh", "Hộ tịch", "Xã Đình Lập", "Xã", "Huyện Đình Lập", "Trực tiếp",
             "05/03/2023 10:00", "06/03/2023", "08/03/2023", "", "Đã trả kết quả"]
    new = ["H07", "Chứng thực bản sao", "Chứng thực", "Xã Điềm He", "Xã", "Huyện Văn Quan", "Trực tuyến",
           "01/03/2023 15:00", "02/03/2023", "", "", "Đang xử lý"]
    result = import_dossier_file(engine, _sample_csv(tmp_path, [moved, new], name="sua.csv"), scope=SYSTEM)
    assert result.status == "done", result.errors
    assert dossiers(engine)["H01"]["unit"] == "Xã Đình Lập"
    expected = dict(EXPECTED_DAILY)
    expected[("Xã Điềm He", dt.date(2023, 3, 1))] = (2, 1, 1, 0, 1, 0, 1)  # lost H01, gained H07
    expected[("Xã Đình Lập", dt.date(2023, 3, 5))] = (1, 0, 1, 0, 0, 1, 0)
    assert daily(engine) == expected
    assert daily(engine) == daily_rebuilt(engine)


def test_a_dossier_moved_away_empties_its_old_day(engine, tmp_path):
    import_dossier_file(engine, _sample_csv(tmp_path), scope=SYSTEM)
    moved = list(SAMPLE[3])
    moved[7] = "10/03/2023 08:00"  # H04 was the only dossier of Sở Xây dựng on 2 March
    import_dossier_file(engine, _sample_csv(tmp_path, [moved], name="b.csv"), scope=SYSTEM)
    got = daily(engine)
    assert ("Sở Xây dựng", dt.date(2023, 3, 2)) not in got
    assert got[("Sở Xây dựng", dt.date(2023, 3, 10))] == (1, 1, 0, 0, 0, 0, 1)


def test_later_row_in_a_file_wins(engine, tmp_path):
    again = list(SAMPLE[0])
    again[6] = "Trực tiếp"
    result = import_dossier_file(engine, _sample_csv(tmp_path, [*SAMPLE, again]), scope=SYSTEM)
    assert (result.rows_read, result.rows_imported) == (7, 7)
    assert count(engine, "dossier") == 6
    assert dossiers(engine)["H01"]["channel"] == "direct"
    assert daily(engine)[("Xã Điềm He", dt.date(2023, 3, 1))] == (2, 0, 2, 1, 1, 0, 0)


def test_later_file_in_one_call_wins(engine, tmp_path):
    first = _sample_csv(tmp_path, name="a.csv")
    changed = list(SAMPLE[0])
    changed[9] = "07/03/2023"  # H01 now resolved late
    second = _sample_csv(tmp_path, [changed], name="b.csv")
    results = import_dossier_files(engine, [first, second], scope=SYSTEM)
    assert [r.status for r in results] == ["done", "done"]
    assert [r.file for r in results] == ["a.csv", "b.csv"]
    assert dossiers(engine)["H01"]["outcome"] == "late"
    assert daily(engine) == daily_rebuilt(engine)


def test_a_rejected_file_leaves_an_earlier_import_untouched(engine, tmp_path):
    import_dossier_file(engine, _sample_csv(tmp_path), scope=SYSTEM)
    result = import_dossier_file(engine, _sample_csv(tmp_path, _with(1, channel="?", unit="Xã Mới"), name="b.csv"), scope=SYSTEM)
    assert result.status == "rejected"
    assert daily(engine) == EXPECTED_DAILY
    assert "Xã Mới" not in units(engine)


# --- units ------------------------------------------------------------------------------------------------

def test_province_root_named_on_the_command_line(engine, tmp_path):
    import_dossier_file(engine, _sample_csv(tmp_path), province="Tỉnh Lạng Sơn", scope=SYSTEM)
    got = units(engine)
    assert got["Tỉnh Lạng Sơn"] == ("province", None)
    assert got["Huyện Văn Quan"] == ("district", "Tỉnh Lạng Sơn")
    assert "Tỉnh" not in got
    # The next import finds the same root by folded name.
    result = import_dossier_file(engine, _sample_csv(tmp_path), province="tinh lang son", scope=SYSTEM)
    assert result.status == "done" and len(units(engine)) == len(got)


def test_existing_units_are_matched_by_folded_name(engine, tmp_path):
    with engine.begin() as c:
        root = create_unit(c, "Tỉnh Lạng Sơn", "province", None)
        vq = create_unit(c, "HUYỆN VĂN QUAN", "district", root.id)
        create_unit(c, "xa diem he", "commune", vq.id)
        create_unit(c, "Xã Đình Lập", "commune", root.id)  # after 2025: no district level
    result = import_dossier_file(engine, _sample_csv(tmp_path), scope=SYSTEM)
    assert result.status == "done", result.errors
    got = units(engine)
    assert "Xã Điềm He" not in got and "Huyện Văn Quan" not in got
    assert dossiers(engine)["H01"]["unit"] == "xa diem he"
    # H06 names Xã Đình Lập under Huyện Đình Lập: no such unit under that parent, so one is created there.
    assert got["Huyện Đình Lập"] == ("district", "Tỉnh Lạng Sơn")
    assert dossiers(engine)["H06"]["unit"] == "Xã Đình Lập"
    assert count(engine, "unit") == 4 + 5
    assert path_errors(engine) == []


def test_commune_without_parent_matches_a_unique_unit_anywhere(engine, tmp_path):
    with engine.begin() as c:
        root = create_unit(c, "Tỉnh Lạng Sơn", "province", None)
        d = create_unit(c, "Huyện Văn Quan", "district", root.id)
        create_unit(c, "Xã Điềm He", "commune", d.id)
    rows = [["N1", "", "", "xã điềm he", "Xã", "", "Trực tuyến", "01/03/2023", "", "", "", ""]]
    result = import_dossier_file(engine, _sample_csv(tmp_path, rows), scope=SYSTEM)
    assert result.status == "done", result.errors
    assert count(engine, "unit") == 3
    assert dossiers(engine)["N1"]["unit"] == "Xã Điềm He"


def test_store_with_two_roots_needs_province(engine, tmp_path):
    with engine.begin() as c:
        create_unit(c, "Tỉnh Lạng Sơn", "province", None)
        create_unit(c, "Tỉnh Cao Bằng", "province", None)
    result = import_dossier_file(engine, _sample_csv(tmp_path), scope=SYSTEM)
    assert result.status == "rejected"
    assert "nhiều đơn vị gốc" in result.errors[0].reason and "--province" in result.errors[0].reason
    ok = import_dossier_file(engine, _sample_csv(tmp_path), province="Tỉnh Cao Bằng", scope=SYSTEM)
    assert ok.status == "done"
    assert units(engine)["Huyện Văn Quan"] == ("district", "Tỉnh Cao Bằng")


def test_province_that_is_not_the_root(engine, tmp_path):
    with engine.begin() as c:
        create_unit(c, "Tỉnh Lạng Sơn", "province", None)
    result = import_dossier_file(engine, _sample_csv(tmp_path), province="Tỉnh Cao Bằng", scope=SYSTEM)
    assert result.status == "rejected"
    assert "Tỉnh Cao Bằng" in result.errors[0].reason


@pytest.mark.parametrize("unit,level_code", [
    ("UBND xã Tân Lập", "commune"), ("Phường Đông Kinh", "commune"), ("Thị trấn Na Sầm", "commune"),
    ("Huyện Bắc Sơn", "district"), ("Thành phố Lạng Sơn", "district"), ("Sở Tư pháp", "province_agency"),
])
def test_level_of_a_new_unit_from_its_name_when_the_file_has_no_level(engine, tmp_path, unit, level_code):
    header = ["Mã hồ sơ", "Đơn vị", "Hình thức nộp", "Ngày tiếp nhận"]
    result = import_dossier_file(engine, write_text(tmp_path / "a.csv", table(
        [["M1", unit, "Trực tuyến", "05/03/2023"]], header=header)), scope=SYSTEM)
    assert result.status == "done", result.errors
    assert units(engine)[unit] == (level_code, "Tỉnh")


# --- mapping file and progress --------------------------------------------------------------------------------

def test_mapping_file_maps_other_headers(engine, tmp_path):
    header = ["Số biên nhận", "Nơi giải quyết", "Phương thức", "Ngày nộp hồ sơ", "Hẹn trả"]
    rows = [["B1", "Xã Điềm He", "Trực tuyến", "05/03/2023", "06/03/2023"]]
    path = write_text(tmp_path / "a.csv", table(rows, header=header))
    assert import_dossier_file(engine, path, scope=SYSTEM).status == "rejected"  # not recognised without the mapping
    mapping = {"Số biên nhận": "code", "Nơi giải quyết": "unit", "Phương thức": "channel",
               "Ngày nộp hồ sơ": "received_at", "Hẹn trả": "due_at"}
    result = import_dossier_file(engine, path, mapping=mapping, scope=SYSTEM)
    assert result.status == "done", result.errors
    assert dossiers(engine)["B1"]["due_at"] == _utc(2023, 3, 5, 17)


def test_progress_reports_done_and_total(engine, tmp_path):
    calls = []
    import_dossier_file(engine, _sample_csv(tmp_path), progress=lambda done, total: calls.append((done, total)), scope=SYSTEM)
    assert calls[0] == (0, 6) and calls[-1] == (6, 6)
    assert all(b[0] >= a[0] for a, b in zip(calls, calls[1:]))


def test_xlsx_numbers_in_text_columns(engine, tmp_path):
    import xlsxwriter

    path = tmp_path / "so.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["Mã hồ sơ", "Đơn vị", "Hình thức nộp", "Ngày tiếp nhận", "Lĩnh vực"])
    sheet.write_number(1, 0, 230301)  # a code typed as a number
    sheet.write_row(1, 1, ["Xã Điềm He", "Trực tuyến", "01/03/2023"])
    sheet.write_number(1, 4, 12.5)
    book.close()
    result = import_dossier_file(engine, path, scope=SYSTEM)
    assert result.status == "done", result.errors
    assert dossiers(engine)["230301"]["field"] == "12.5"
