"""Tables offer no CSV download or clipboard copy of their own: those would hand users' text to a spreadsheet
unneutralised (a cell typed `=HYPERLINK(…)` becomes a formula); the review's Excel file is the export."""
from __future__ import annotations

import tomllib
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml"


def test_streamlits_table_export_is_off():
    assert tomllib.loads(CONFIG.read_text())["client"]["disableDataExport"] is True
