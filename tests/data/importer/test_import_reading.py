"""Reading exports: encodings, delimiters, title block, footer, spreadsheets, unreadable files."""
import unicodedata
import zipfile

import pandas as pd
import pytest

from data.dossiers.importer.headers import HeaderVocabulary
from data.dossiers.importer.model import FileProblem
from data.dossiers.importer.reading import read_sheet
from export_files import DATE_COLUMNS, HEADER, SAMPLE, table, write_text, write_xlsx

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1258"]
DELIMITERS = [",", ";", "\t"]


def _read(path):
    return read_sheet(path, path.name, HeaderVocabulary().score, "no header")


def _cell(sheet, row_index: int, header: str) -> str:
    return sheet.body[HEADER.index(header)].iloc[row_index]


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("delimiter", DELIMITERS)
def test_text_exports_in_every_encoding_and_delimiter(tmp_path, encoding, delimiter):
    path = write_text(tmp_path / "ho-so.csv", table(SAMPLE), encoding=encoding, delimiter=delimiter)
    sheet = _read(path)
    assert list(sheet.header) == HEADER
    assert sheet.header_at == 3  # below the 3-line title block
    # Vietnamese text comes back exactly, precomposed (NFC) even from cp1258's combining marks.
    assert _cell(sheet, 0, "Đơn vị xử lý") == "Xã Điềm He"
    assert unicodedata.is_normalized("NFC", _cell(sheet, 2, "Tên thủ tục"))
    if encoding == "cp1258":  # the file really held combining tone marks
        assert "\u0301".encode("cp1258") in path.read_bytes()
    assert _cell(sheet, 2, "Tên thủ tục") == "Cấp giấy chứng nhận quyền sử dụng đất"
    assert _cell(sheet, 2, "Hình thức nộp") == "Bưu chính công ích (BCCI)"
    # Line numbers as a text editor shows them: title 1–3, header 4, data from 5.
    assert sheet.row_numbers[:6].tolist() == [5, 6, 7, 8, 9, 10]
    assert _cell(sheet, 5, "Mã hồ sơ") == "H06"


def test_title_lines_with_commas_do_not_fool_delimiter_detection(tmp_path):
    lines = [["Báo cáo, tháng 3, năm 2023, tỉnh Lạng Sơn, danh sách"], *table(SAMPLE, title=False)]
    sheet = _read(write_text(tmp_path / "x.txt", lines, delimiter=";"))
    assert list(sheet.header) == HEADER
    assert sheet.row_numbers[0] == 3


def test_footer_rows_and_blank_lines_keep_their_line_numbers(tmp_path):
    lines = table(SAMPLE[:2], footer=False) + [[]] + [["3", *SAMPLE[2]]] + [["", "Tổng cộng"]]
    sheet = _read(write_text(tmp_path / "x.csv", lines))
    codes = [None if pd.isna(c) else c for c in sheet.body[1]]
    assert codes[:4] == ["H01", "H02", None, "H03"]
    assert sheet.row_numbers[:5].tolist() == [5, 6, 7, 8, 9]
    assert codes[4] == "Tổng cộng"


def test_a_row_wider_than_the_header_keeps_its_extra_cells(tmp_path):
    lines = table(SAMPLE[:2], footer=False)
    lines[-1] = lines[-1] + ["thừa", "ô"]
    sheet = _read(write_text(tmp_path / "x.csv", lines))
    assert sheet.body.shape[1] == len(HEADER) + 2
    assert [None if pd.isna(c) else c for c in sheet.body[len(HEADER)]] == [None, "thừa"]


def test_quoted_cells_with_delimiters_and_newlines(tmp_path):
    row = list(SAMPLE[0])
    row[1] = 'Đăng ký, "khai sinh"\nlần 2'
    sheet = _read(write_text(tmp_path / "x.csv", table([row], title=False, footer=False)))
    assert _cell(sheet, 0, "Tên thủ tục") == 'Đăng ký, "khai sinh"\nlần 2'


@pytest.mark.parametrize("date_cells", [True, False])
def test_xlsx_with_title_footer_and_date_or_text_cells(tmp_path, date_cells):
    path = write_xlsx(tmp_path / "ho-so.xlsx", table(SAMPLE), date_cells=date_cells, date_columns=DATE_COLUMNS)
    sheet = _read(path)
    assert sheet.from_spreadsheet
    assert list(sheet.header) == HEADER
    assert sheet.row_numbers[0] == 5  # spreadsheet row numbers
    assert _cell(sheet, 0, "Đơn vị xử lý") == "Xã Điềm He"
    received = _cell(sheet, 0, "Ngày tiếp nhận")
    assert (received != "01/03/2023 08:30") is date_cells  # a real date cell comes back as a datetime


def test_header_on_a_later_sheet(tmp_path):
    import xlsxwriter

    path = tmp_path / "two.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("Hướng dẫn").write_string(0, 0, "Xem trang sau")
    data = book.add_worksheet("Dữ liệu")
    for r, line in enumerate(table(SAMPLE[:1], title=False, footer=False)):
        data.write_row(r, 0, line)
    book.close()
    sheet = _read(path)
    assert sheet.body[1].tolist() == ["H01"]


def _zip_not_xlsx(path):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "xin chào")
    return path


@pytest.mark.parametrize("name,make,words", [
    ("rong.csv", lambda p: p.write_bytes(b""), "tệp rỗng"),
    ("khoang-trang.csv", lambda p: p.write_text("\n  \n", encoding="utf-8"), "tệp rỗng"),
    ("anh.png", lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)), "không phải tệp bảng tính"),
    ("sai-ma.csv", lambda p: p.write_bytes("Mã hồ sơ,Đơn vị".encode("utf-8")[:-1] + b"\x81\x8d\x9e\n"), "bảng mã"),
    ("khong-tieu-de.csv", lambda p: p.write_text("a,b,c\n1,2,3\n", encoding="utf-8"), "no header"),
    # "Mã hồ sơ,Đơn vị,…" in the old TCVN3 (ABC) encoding reads as Windows-1258 gibberish.
    ("tcvn3.csv", lambda p: p.write_bytes(b"M\xb8 h\xe5 s\xac,\xa7\xac\xad v\xfb,H\xd7nh th\xf8c n\xe9p\n"), "TCVN3"),
    ("gia.xlsx", lambda p: p.write_text("Mã hồ sơ,Đơn vị\n", encoding="utf-8"), "không phải bảng tính Excel"),
    ("nen.xlsx", _zip_not_xlsx, "không đọc được bảng tính"),
])
def test_unreadable_files_get_one_clear_message(tmp_path, name, make, words):
    path = tmp_path / name
    make(path)
    with pytest.raises(FileProblem) as exc:
        _read(path)
    assert words in str(exc.value)


def test_missing_file(tmp_path):
    with pytest.raises(FileProblem, match="không tìm thấy tệp"):
        _read(tmp_path / "none.csv")
