"""Caps on what an import takes and reports (issue 10, item 8): file size, workbook archives
checked before parsing, and bad-row errors counted in full but kept only for the first rows."""
import zipfile

import numpy as np
import pytest

from data.access import SYSTEM
from data.dossiers.importer import ImportLimits, import_dossier_file
from data.dossiers.importer.cli import report
from data.dossiers.importer.errors import ErrorLog, ErrorReport
from data.dossiers.importer.limits import MB
from data.dossiers.importer.model import ColumnCount, RowError
from export_files import SAMPLE, table, write_text, write_xlsx
from store_views import batches, count


# --- the error log: pure -----------------------------------------------------------------------

def test_the_log_counts_every_error_and_keeps_the_first_per_column_in_row_order():
    log = ErrorLog(limit=3)
    log.add("f.csv", np.array([9, 4, 7, 5, 8]), "Ngày", "ngày sai", order=2)
    log.add("f.csv", np.array([6, 3]), "Ngày", "thiếu ngày", order=2)
    log.add("f.csv", np.array([4]), "Kênh", "kênh sai", order=1)
    log.add_one(RowError("f.csv", 2, "", "dòng thừa ô"))
    out = log.report()
    assert [(e.row, e.column, e.reason) for e in out.shown] == [
        (2, "", "dòng thừa ô"), (3, "Ngày", "thiếu ngày"), (4, "Kênh", "kênh sai"), (4, "Ngày", "ngày sai"),
        (5, "Ngày", "ngày sai")]
    assert out.columns == (ColumnCount("Ngày", 7), ColumnCount("Kênh", 1), ColumnCount("", 1))
    assert (out.total, out.truncated) == (9, True)


def test_a_reason_is_built_only_for_the_errors_kept():
    built = []
    log = ErrorLog(limit=2)
    log.add("f.csv", np.arange(10, 100_010), "Mã", lambda k: built.append(k) or f"sai #{k}")
    assert built == [0, 1]
    assert [e.reason for e in log.report().shown] == ["sai #0", "sai #1"]


MERGES = [
    # (rows of a, rows of b, limit, rows kept)
    ([1, 2], [3], 5, [1, 2, 3]),
    ([5, 6, 7], [1, 2], 3, [1, 2, 5]),
    ([], [4], 1, [4]),
]


@pytest.mark.parametrize("a,b,limit,kept", MERGES)
def test_merging_reports_keeps_the_first_rows_and_adds_the_counts(a, b, limit, kept):
    def one(rows):
        log = ErrorLog(limit)
        log.add("f", np.array(rows, dtype=np.int64), "X", "r")
        return log.report()
    merged = one(a).merged(one(b))
    assert [e.row for e in merged.shown] == kept
    assert merged.total == len(a) + len(b)


# --- whole imports --------------------------------------------------------------------------------

def nothing_written(engine) -> bool:
    return count(engine, "dossier") == 0 and count(engine, "unit") == 0


def zip_with(path, members: dict[str, bytes]):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def test_a_zip_bomb_is_refused_before_parsing(engine, tmp_path):
    path = zip_with(tmp_path / "bom.xlsx", {"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": bytes(4 * MB)})
    assert path.stat().st_size < 20_000
    result = import_dossier_file(engine, path, scope=SYSTEM)
    assert result.status == "rejected"
    [error] = result.errors
    assert error.file == "bom.xlsx" and error.row == 0
    assert "xl/worksheets/sheet1.xml" in error.reason and "vượt giới hạn 100:1" in error.reason
    assert nothing_written(engine)
    assert [b["status"] for b in batches(engine)] == ["rejected"]


def test_a_workbook_that_unpacks_too_far_is_refused_naming_the_size(engine, tmp_path):
    path = zip_with(tmp_path / "lon.xlsx", {"xl/worksheets/sheet1.xml": bytes(2 * MB)})
    result = import_dossier_file(engine, path, scope=SYSTEM, limits=ImportLimits(max_unpacked_bytes=MB))
    [error] = result.errors
    assert "giải nén ra 2,0 MB, vượt giới hạn 1,0 MB" in error.reason
    assert str(error).startswith("lon.xlsx: ")
    assert nothing_written(engine)


def test_a_real_workbook_within_the_limits_imports(engine, tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", table(SAMPLE))
    assert import_dossier_file(engine, path, scope=SYSTEM, limits=ImportLimits(max_ratio=2)).status == "done"


@pytest.mark.parametrize("content,words", [
    (b"this is not a workbook at all" * 10, "không phải bảng tính Excel hợp lệ"),
    (b"PK\x03\x04" + b"\x00garbage" * 50, "bị hỏng"),
], ids=["not-a-zip", "damaged-zip"])
def test_a_garbage_xlsx_gives_one_clear_message(engine, tmp_path, content, words):
    path = tmp_path / "rac.xlsx"
    path.write_bytes(content)
    result = import_dossier_file(engine, path, scope=SYSTEM)
    [error] = result.errors
    assert words in error.reason
    assert nothing_written(engine)


def test_a_file_over_the_size_cap_is_refused(engine, tmp_path):
    path = write_text(tmp_path / "a.csv", table(SAMPLE))
    result = import_dossier_file(engine, path, scope=SYSTEM, limits=ImportLimits(max_file_bytes=200))
    [error] = result.errors
    assert "tệp dung lượng 1 KB, vượt giới hạn 200 byte" in error.reason  # 1,418 bytes
    assert nothing_written(engine)


BAD_ROWS = 5_000


def test_thousands_of_bad_rows_are_counted_not_listed(engine, tmp_path, capsys):
    rows = [[f"X{i}", "Chứng thực", "", "Xã Điềm He", "Xã", "", "Fax", "31/02/2023", "", "", "", ""]
            for i in range(BAD_ROWS)]
    path = write_text(tmp_path / "sai.csv", table(rows))
    result = import_dossier_file(engine, path, scope=SYSTEM)
    assert result.status == "rejected"
    assert result.rows_bad == BAD_ROWS
    assert result.error_columns == (ColumnCount("Hình thức nộp", BAD_ROWS), ColumnCount("Ngày tiếp nhận", BAD_ROWS))
    assert len(result.errors) == 40 and result.error_total == 2 * BAD_ROWS
    assert [e.row for e in result.errors[:4]] == [5, 5, 6, 6]  # the first rows, both columns of each
    assert batches(engine)[0]["rows_rejected"] == BAD_ROWS

    report(result)
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 40 + 2 + 1
    assert err[40:] == [
        'sai.csv: cột "Hình thức nộp": tổng cộng 5000 lỗi (chỉ in những lỗi đầu tiên của mỗi cột)',
        'sai.csv: cột "Ngày tiếp nhận": tổng cộng 5000 lỗi (chỉ in những lỗi đầu tiên của mỗi cột)',
        "sai.csv: không nhập gì — 10000 lỗi (file rejected)",
    ]


def test_an_empty_report_is_not_truncated():
    assert not ErrorReport().truncated and ErrorReport().total == 0
