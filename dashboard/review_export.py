"""The monthly review as an Excel workbook (and, from dashboard.review_pdf, a PDF), from the same
MonthlyReview and column lists as the page.

Every sheet starts with what the file is — title, unit, month, who made it and when (local time) — then
its table: a heading row with an autofilter, a unit column, numbers as numbers, users' text as text.
"""
from __future__ import annotations

import datetime as dt
import io

import xlsxwriter

from dashboard.clock import now_utc
from dashboard.i18n import translate
from dashboard.review_files import file_name, sheets, title_lines  # noqa: F401 - the page names files here
from dashboard.review_pdf import PDF_INCIDENT_LIMIT, PDF_TEXT_LIMIT, pdf_bytes, pdf_text  # noqa: F401
from dashboard.review_tables import cell_value, headings, shown
from data.cell_text import spreadsheet_text
from data.review.report import MonthlyReview

XLSX_FORMATS = {"pct": "0.00", "change_pct": "+0.00;-0.00;0.00", "change_int": "+0;-0;0",
                "datetime": "dd/mm/yyyy hh:mm", "date": "dd/mm/yyyy"}
# Rows 1-4 say what the file is, row 5 is empty, row 6 holds the table's headings (1-based, as Excel counts).
TABLE_ROW = 6


def xlsx_bytes(review: MonthlyReview, lang: str, who: str = "", now: dt.datetime | None = None) -> bytes:
    """One sheet per table: the file's title lines, a heading row, then the cells as numbers, dates and text."""
    out = io.BytesIO()
    # Users' text (names, notes, explanations) is never a formula or a link: xlsxwriter makes both by default.
    book = xlsxwriter.Workbook(out, {"in_memory": True, "remove_timezone": True, "strings_to_formulas": False,
                                     "strings_to_urls": False, "strings_to_numbers": False})
    title_format = book.add_format({"bold": True, "font_size": 13})
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    formats = {k: book.add_format({"num_format": v}) for k, v in XLSX_FORMATS.items()}
    lines = title_lines(review, lang, who, now or now_utc())
    head = TABLE_ROW - 1  # 0-based row of the headings
    for title_key, df, cols in sheets(review):
        sheet = book.add_worksheet(translate(lang, title_key)[:31])
        for i, line in enumerate(lines):
            sheet.write_string(i, 0, spreadsheet_text(line), title_format if i == 0 else None)
        cols = shown(cols, df)
        sheet.write_row(head, 0, headings(cols, lang), bold)
        for j, col in enumerate(cols):
            sheet.set_column(j, j, 28 if col.kind == "text" else 14, formats.get(col.kind))
            for i, value in enumerate(df[col.key], start=head + 1):
                cell = cell_value(col.kind, value, lang)
                if cell is None:
                    continue
                if isinstance(cell, dt.datetime):
                    sheet.write_datetime(i, j, cell, formats["datetime"])
                elif isinstance(cell, dt.date):
                    sheet.write_datetime(i, j, dt.datetime.combine(cell, dt.time()), formats["date"])
                elif isinstance(cell, str):
                    sheet.write_string(i, j, spreadsheet_text(cell), formats.get(col.kind))
                else:
                    sheet.write_number(i, j, cell, formats.get(col.kind))
        sheet.autofilter(head, 0, head + len(df), len(cols) - 1)
        sheet.freeze_panes(head + 1, 0)
    book.close()
    return out.getvalue()
