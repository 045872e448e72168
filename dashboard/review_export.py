"""The monthly review as an Excel workbook and a PDF, from the same MonthlyReview and column lists as the page.

Fonts: matplotlib ships DejaVuSans, which has every Vietnamese glyph; it is
found through importlib, so nothing is downloaded.
"""
from __future__ import annotations

import datetime as dt
import importlib.util
import io
from pathlib import Path

import pandas as pd
import xlsxwriter
from fpdf import FPDF, FontFace

from dashboard.format import fmt_datetime, fmt_month
from dashboard.i18n import translate
from dashboard.policy_text import incident_minutes
from dashboard.review_tables import (
    DESK_COLS,
    FINDING_COLS,
    INCIDENT_COLS,
    STAFF_COLS,
    SUMMARY_COLS,
    UNIT_COLS,
    VIOLATION_COLS,
    Col,
    cell_value,
    headings,
    shown,
    text_table,
    with_standing,
)
from data.cell_text import spreadsheet_text
from data.review.report import MonthlyReview

# Past this many incidents the PDF points to the Excel file instead of listing them.
PDF_INCIDENT_LIMIT = 300
# Past this many characters a PDF cell is cut and points to the Excel file, which holds the whole text:
# a 2,000-character explanation wrapped in a narrow column is taller than a page (fpdf2 raises "too high").
PDF_TEXT_LIMIT = 300
# Relative PDF column widths: names get room, a date-time stays on one line.
WIDTHS = {"text": 2.6, "datetime": 1.9, "date": 1.3, "status": 1.5, "code": 1.9,
          "code:review.standing": 3.0}  # "Đã xác nhận (tính vi phạm)" on one line
XLSX_FORMATS = {"pct": "0.00", "change_pct": "+0.00;-0.00;0.00", "change_int": "+0;-0;0",
                "datetime": "dd/mm/yyyy hh:mm", "date": "dd/mm/yyyy"}


def sheets(review: MonthlyReview) -> list[tuple[str, pd.DataFrame, tuple[Col, ...]]]:
    """(sheet title key, frame, columns) in the order both files print them."""
    return [
        ("review.sheet.summary", review.summary, SUMMARY_COLS),
        ("review.sheet.units", review.units, UNIT_COLS),
        ("review.sheet.desks", review.desks, DESK_COLS),
        ("review.sheet.staff", review.staff, STAFF_COLS),
        ("review.sheet.incidents", review.incidents, INCIDENT_COLS),
        ("review.sheet.violations", with_standing(review.violations), VIOLATION_COLS),
        ("review.sheet.findings", review.findings, FINDING_COLS),
    ]


def file_name(review: MonthlyReview, lang: str, ext: str) -> str:
    return f"{translate(lang, 'review.file', month=review.month.strftime('%Y-%m'))}.{ext}"


def xlsx_bytes(review: MonthlyReview, lang: str) -> bytes:
    """One sheet per table: a heading row, then the cells as numbers, dates and text."""
    out = io.BytesIO()
    # Users' text (names, notes, explanations) is never a formula or a link: xlsxwriter makes both by default.
    book = xlsxwriter.Workbook(out, {"in_memory": True, "remove_timezone": True, "strings_to_formulas": False,
                                     "strings_to_urls": False, "strings_to_numbers": False})
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    formats = {k: book.add_format({"num_format": v}) for k, v in XLSX_FORMATS.items()}
    for title_key, df, cols in sheets(review):
        sheet = book.add_worksheet(translate(lang, title_key)[:31])
        cols = shown(cols, df)
        sheet.write_row(0, 0, headings(cols, lang), bold)
        for j, col in enumerate(cols):
            sheet.set_column(j, j, 28 if col.kind == "text" else 14, formats.get(col.kind))
            for i, value in enumerate(df[col.key], start=1):
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
        sheet.freeze_panes(1, 0)
    book.close()
    return out.getvalue()


def _font_dir() -> Path:
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or spec.origin is None:
        raise RuntimeError("matplotlib is needed for the PDF font (DejaVuSans)")
    return Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf"


class _Report(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font("DejaVu", size=7)
        self.cell(0, 5, f"{self.footer_text} · {self.page_no()}/{{nb}}", align="C")


def pdf_bytes(review: MonthlyReview, lang: str, who: str, now: dt.datetime) -> bytes:
    """A landscape A4 report: heading, the rules, then every table the page shows."""
    pdf = _Report(orientation="L", unit="mm", format="A4")
    fonts = _font_dir()
    pdf.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(True, margin=12)
    month = fmt_month(review.month)
    pdf.footer_text = translate(lang, "review.pdf.title", month=month)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 14)
    pdf.cell(0, 8, translate(lang, "review.pdf.title", month=month), new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.set_font("DejaVu", size=10)
    more = translate(lang, "review.pdf.more")
    pdf.multi_cell(0, 6, translate(lang, "review.pdf.unit", unit=pdf_text(review.title, more)),
                   new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.set_font("DejaVu", size=8)
    pdf.multi_cell(0, 5, translate(lang, "review.pdf.generated", at=fmt_datetime(now), who=pdf_text(who, more)),
                   new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.multi_cell(0, 4, translate(lang, "review.rules", minutes=incident_minutes(review.incident_thresholds_s),
                                   grace=int(review.grace_s // 60)), new_x="LMARGIN", new_y="NEXT")
    for title_key, df, cols in sheets(review):
        pdf.ln(3)
        pdf.set_font("DejaVu", "B", 10)
        pdf.cell(0, 6, translate(lang, title_key), new_x="LMARGIN", new_y="NEXT")
        if title_key == "review.sheet.incidents" and len(df) > PDF_INCIDENT_LIMIT:
            pdf.set_font("DejaVu", size=8)
            pdf.cell(0, 5, translate(lang, "review.pdf.incidents_left_out", count=len(df)),
                     new_x="LMARGIN", new_y="NEXT")
            continue
        cols = shown(cols, df)
        _table(pdf, text_table(df, cols, lang), [_width(c.kind) for c in cols], more)
    return bytes(pdf.output())


def _width(kind: str) -> float:
    return WIDTHS.get(kind, WIDTHS.get(kind.split(":")[0], 1.0))


def pdf_text(text: str, more: str, limit: int = PDF_TEXT_LIMIT) -> str:
    """`text` without line breaks, cut after `limit` characters with `more` (the pointer to the Excel file)."""
    flat = " ".join(text.split())  # line breaks would make a row taller than the cut allows for
    return flat if len(flat) <= limit else flat[:limit].rstrip() + " " + more


def _table(pdf: FPDF, table: pd.DataFrame, widths: list[float], more: str) -> None:
    if table.empty:
        return
    size = 6 if len(table.columns) > 12 else 7
    pdf.set_font("DejaVu", size=size)
    with pdf.table(col_widths=widths, text_align="LEFT", line_height=size * 0.5,
                   headings_style=FontFace(emphasis="BOLD", fill_color=(230, 236, 245))) as grid:
        grid.row(list(table.columns))
        for values in table.itertuples(index=False):
            grid.row([pdf_text(str(v), more) for v in values])
