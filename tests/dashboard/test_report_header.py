"""The official header's words, the report's file-name slug and the violation tally line (pure)."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.report_header import dated, government, official_header, place
from domain.unit_names import slug
from dashboard.violation_tally import ViolationCounts, tally_line, violation_counts

D = dt.date


@pytest.mark.parametrize("name, expected", [
    ("Tỉnh Lạng Sơn", "UBND TỈNH LẠNG SƠN"),
    ("Thành phố Lạng Sơn", "UBND THÀNH PHỐ LẠNG SƠN"),
    ("Xã  Điềm He", "UBND XÃ ĐIỀM HE"),
    ("Thị trấn Bình Gia", "UBND THỊ TRẤN BÌNH GIA"),
    ("Trung tâm Phục vụ hành chính công tỉnh", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH"),
    ("Xãhội", "XÃHỘI"),  # a level word only as a whole word
])
def test_government(name, expected):
    assert government(name) == expected


@pytest.mark.parametrize("lineage, expected", [
    (("Tỉnh Lạng Sơn", "Huyện Bình Gia", "Xã Hoa Thám"), "Hoa Thám"),
    (("Tỉnh Lạng Sơn", "Thành phố Lạng Sơn", "Phường Chi Lăng"), "Chi Lăng"),
    (("Tỉnh Lạng Sơn", "Trung tâm Phục vụ hành chính công tỉnh"), "Lạng Sơn"),
    (("Tỉnh Lạng Sơn",), "Lạng Sơn"),
    (("Sở Nội vụ",), "Sở Nội vụ"),
    ((), ""),
])
def test_place_is_the_nearest_level_of_government(lineage, expected):
    assert place(lineage) == expected


@pytest.mark.parametrize("day, lang, expected", [
    (D(2026, 12, 2), "vi", "Lạng Sơn, ngày 02 tháng 12 năm 2026"),
    (D(2026, 2, 15), "vi", "Lạng Sơn, ngày 15 tháng 02 năm 2026"),  # January and February: two digits
    (D(2026, 3, 9), "vi", "Lạng Sơn, ngày 09 tháng 3 năm 2026"),
    (D(2026, 3, 9), "en", "Lạng Sơn, 09/03/2026"),
])
def test_dated(day, lang, expected):
    assert dated("Lạng Sơn", day, lang) == expected
    assert dated("", day, "vi").startswith("Ngày ") if lang == "vi" else True


def test_official_header():
    head = official_header(("Tỉnh Lạng Sơn", "Huyện Bình Gia", "Xã Hoa Thám"), "x", D(2026, 4, 2), "vi")
    assert (head.agency, head.unit, head.country, head.motto, head.dated) == (
        "UBND HUYỆN BÌNH GIA", "UBND XÃ HOA THÁM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc", "Hoa Thám, ngày 02 tháng 4 năm 2026")
    top = official_header(("Tỉnh Lạng Sơn",), "Tỉnh Lạng Sơn", D(2026, 4, 2), "vi")
    assert (top.agency, top.unit) == ("", "UBND TỈNH LẠNG SƠN")
    assert official_header((), "Xã Mới", D(2026, 4, 2), "vi").unit == "UBND XÃ MỚI"


@pytest.mark.parametrize("text, expected", [
    ("Xã Tân Thành", "xa-tan-thanh"),
    ("Thành phố Lạng Sơn › Phường Đông Kinh", "thanh-pho-lang-son-phuong-dong-kinh"),
    ("../../etc/passwd", "etc-passwd"),
    ("C:\\Windows\\x.bat", "c-windows-x-bat"),
    ("Trung tâm Phục vụ hành chính công tỉnh", "trung-tam-phuc-vu-hanh-chinh-cong-tinh"),
    ("名前", ""),
    ("a" * 100, "a" * 60),
])
def test_slug_is_ascii_and_never_a_path(text, expected):
    assert slug(text) == expected


def _found(*standings: str) -> pd.DataFrame:
    return pd.DataFrame({"standing": list(standings)}, dtype=object)


@pytest.mark.parametrize("standings, rate, counts, line", [
    ((), 100.0, ViolationCounts(0, 0, 0, 0),
     "Tỷ lệ trang phục, thẻ: 100,00 %. Không có vi phạm được tính (0 chờ xác nhận, 0 đã bác bỏ, 0 đã miễn trừ)."),
    (("pending", "pending", "rejected"), None, ViolationCounts(0, 2, 1, 0),
     "Tỷ lệ trang phục, thẻ: –. Không có vi phạm được tính (2 chờ xác nhận, 1 đã bác bỏ, 0 đã miễn trừ)."),
    (("counted", "counted_unconfirmed", "pending", "excused"), 93.5, ViolationCounts(2, 1, 0, 1),
     "Tỷ lệ trang phục, thẻ: 93,50 %. Vi phạm được tính: 2; chờ xác nhận: 1; đã bác bỏ: 0; đã miễn trừ: 1."),
])
def test_the_tally_says_which_violations_count(standings, rate, counts, line):
    assert violation_counts(_found(*standings)) == counts
    assert tally_line(_found(*standings), rate, "vi") == line
