"""The swap table for Streamlit's own English (dashboard/streamlit_texts.py): every English text in it is one
the installed Streamlit really writes (an upgrade that rewords one fails here, not silently in the browser),
and the script carries the table for Vietnamese and nothing for English. The browser check is
tests/browser/test_vietnamese_only.py."""
from __future__ import annotations

import json
import re
from pathlib import Path

import streamlit

from dashboard.streamlit_texts import script_html, swaps
from dashboard.strings.streamlit_ui import STRINGS

BUNDLE = Path(streamlit.__file__).parent / "static" / "static" / "js"


# Texts the bundle puts together from two literals: `Press Enter to ${e}` with e = `apply` or `submit form`.
BUILT_FROM = {
    "Press Enter to apply": ("Press Enter to ${", "`apply`"),
    "Press Enter to submit form": ("Press Enter to ${", "`submit form`"),
    "+Enter to apply": ("+Enter to ${", "`apply`"),
    "+Enter to submit form": ("+Enter to ${", "`submit form`"),
}


def test_every_english_text_is_in_streamlits_bundle():
    bundle = b"".join(p.read_bytes() for p in BUNDLE.glob("*.js"))
    pieces = {piece.strip(" ,") for _, english in STRINGS.values() for piece in re.split(r"\{\w+\}", english)}
    missing = [p for p in pieces if p and not all(part.encode() in bundle for part in BUILT_FROM.get(p, (p,)))]
    assert sorted(missing) == []


def test_templates_become_anchored_patterns():
    patterns = dict(swaps().patterns)
    source = r"^(.+?)\ per\ file$"
    assert patterns[source] == "Tối đa $1 mỗi tệp"
    assert re.fullmatch(source, "50MB per file").group(1) == "50MB"
    assert patterns[r"^December (\d{4})$"] == "Tháng 12 năm $1"


def test_vietnamese_carries_the_table_english_stops_the_watcher():
    def table(html: str) -> list:
        return json.loads(re.search(r"const exact = new Map\((.*?)\);", html).group(1))

    assert ["Choose an option", "Chọn một mục"] in table(script_html(True))
    assert table(script_html(False)) == []
    assert "window.__viStreamlitTexts" in script_html(False)  # the old watcher is disconnected
