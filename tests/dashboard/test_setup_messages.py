"""Refusals from data/setup and the sites rules, as a page shows them: one language, no field or store ids."""
import pytest

from dashboard.setup_messages import in_language, plain_message

CODE_RULE = ("id: mã camera 'mã sai' chỉ được dùng chữ, số, '_', '-', '.' và tối đa 64 ký tự "
             "(camera id: letters, digits, '_', '-', '.' only, at most 64 characters)")


@pytest.mark.parametrize("message, vi, en", [
    (CODE_RULE, "mã camera 'mã sai' chỉ được dùng chữ, số, '_', '-', '.' và tối đa 64 ký tự",
     "camera code: letters, digits, '_', '-', '.' only, at most 64 characters"),
    ("id: mã quầy 'Q 1' chỉ được dùng chữ (quầy id: letters only) — và 1 lỗi khác (and 1 more)",
     "mã quầy 'Q 1' chỉ được dùng chữ — và 1 lỗi khác", "desk code: letters only — and 1 more"),
    ("staff_zone[2][0]: toạ độ 1.4 nằm ngoài khoảng 0..1 (coordinates are normalised to 0..1)",
     "điểm thứ 3: toạ độ 1.4 nằm ngoài khoảng 0..1", "point 3: coordinates are normalised to 0..1"),
    ("staff_zone: vùng nhân viên cần ít nhất 3 điểm [x, y] (staff_zone needs at least 3 points [x, y])",
     "vùng nhân viên cần ít nhất 3 điểm [x, y]", "the staff zone needs at least 3 points [x, y]"),
    ("source: nguồn đang để trống (source is empty)", "nguồn đang để trống", "source is empty"),
    ("không có camera id=5 (no camera with id 5)", "không có camera này", "no such camera"),
    ("dòng 2: thứ phải từ 0 (thứ Hai) đến 6 (Chủ nhật) (weekday 0..6)",  # Vietnamese brackets stay
     "dòng 2: thứ phải từ 0 (thứ Hai) đến 6 (Chủ nhật)", "weekday 0..6"),
    ("quầy đã phân công cho Nguyễn Văn An từ 01/01/2026", "quầy đã phân công cho Nguyễn Văn An từ 01/01/2026",
     "quầy đã phân công cho Nguyễn Văn An từ 01/01/2026"),  # no English part: shown whole
])
def test_plain_message(message, vi, en):
    assert plain_message(message, "vi") == vi
    assert plain_message(message, "en") == en


def test_a_users_text_in_quotes_does_not_make_a_bracket_english():
    assert in_language("tên 'Cầu (Hà Nội)' đã có (name 'Cầu' is already used)", "vi") == "tên 'Cầu (Hà Nội)' đã có"
