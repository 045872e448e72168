"""Users' text escaped for Markdown: a table of what people (or attackers) type."""
from __future__ import annotations

import pytest

from dashboard.markdown_text import md_escape


@pytest.mark.parametrize(
    ("typed", "escaped"),
    [
        ("Quầy 1", "Quầy 1"),
        ("Quầy số 1 (tiếp nhận)", r"Quầy số 1 \(tiếp nhận\)"),
        ("![x](http://evil.example/a.png)", r"\!\[x\]\(http\:\/\/evil\.example\/a\.png\)"),
        ("[Bấm vào đây](http://evil.example)", r"\[Bấm vào đây\]\(http\:\/\/evil\.example\)"),
        ("**đậm** _nghiêng_", r"\*\*đậm\*\* \_nghiêng\_"),
        (":red[giả mạo] :material/warning:", r"\:red\[giả mạo\] \:material\/warning\:"),
        ("$x^2$", r"\$x\^2\$"),
        ("# Tiêu đề\n- mục", r"\# Tiêu đề \- mục"),
        ("<img src=x onerror=alert(1)>", r"\<img src\=x onerror\=alert\(1\)\>"),
        ("a\\b", r"a\\b"),
        (None, ""),
        (42, "42"),
    ],
)
def test_users_text_is_escaped(typed, escaped):
    assert md_escape(typed) == escaped
