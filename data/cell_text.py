"""Users' text inside a spreadsheet cell: shown as typed, never run as a formula.

Excel, LibreOffice and Google Sheets treat a cell that starts with `=`, `+`,
`-` or `@` as a formula (`=HYPERLINK(…)` sends the sheet's data elsewhere when
clicked, `=cmd|…` once ran programs), and a leading tab or carriage return can
hide such a start. OWASP's CSV-injection guidance: prefix those cells with a
single quote, which every spreadsheet shows as text. Only text goes through
here; numbers are written as numbers, so a negative figure stays a number.
"""
from __future__ import annotations

# OWASP "CSV Injection": the characters a cell must not start with.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(text: str) -> str:
    """`text` as a spreadsheet cell that can only be text (a leading `'` when it could start a formula)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text
