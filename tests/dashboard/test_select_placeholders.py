"""Every select box in the app passes placeholder= (dashboard/widgets.py pick_hint): Streamlit's own is the
English 'Choose an option', shown inside the Vietnamese UI whenever nothing is picked."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PICKERS = {"selectbox", "multiselect"}


def test_every_select_box_has_a_placeholder():
    missing = []
    for path in [ROOT / "streamlit_app.py", *sorted((ROOT / "dashboard").rglob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in PICKERS
                    and not any(k.arg == "placeholder" for k in node.keywords)):
                missing.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert missing == []
