"""The monthly review as a PDF fit to file: the official header, the title, numbered sections (a section
with nothing says so in one line), figures right-aligned in Vietnamese notation, the signature block.

Fonts: matplotlib ships DejaVuSans (regular, bold, oblique), which has every Vietnamese glyph; it is
found through importlib and embedded, so nothing is downloaded.
"""
from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pandas as pd
from fpdf import FPDF, FontFace

from dashboard.i18n import translate
from dashboard.policy_text import incident_minutes
from dashboard.report_header import OfficialHeader, official_header
from dashboard.review_files import sheets, title_lines
from dashboard.review_tables import Col, shown, text_table
from dashboard.violation_tally import desks_compliance, tally_line
from data.review.report import MonthlyReview
from domain.timezone import LOCAL_TZ, as_utc

# Past this many incidents the PDF points to the Excel file instead of listing them.
PDF_INCIDENT_LIMIT = 300
# Past this many characters a PDF cell is cut and points to the Excel file, which holds the whole text:
# a 2,000-character explanation wrapped in a narrow column is taller than a page (fpdf2 raises "too high").
PDF_TEXT_LIMIT = 300
# Relative PDF column widths: names get room, a date-time stays on one line.
WIDTHS = {"text": 2.6, "datetime": 2.3, "date": 1.3, "status": 1.5, "code": 1.9,
          "code:review.standing": 3.0}  # "Đã xác nhận (tính vi phạm)" on one line
# Figures are right-aligned, so units line up under units.
NUMERIC = ("int", "pct", "minutes", "change_pct", "change_int")
# What a section with no rows says instead of an empty table.
NONE = {"review.sheet.units": "review.none.units", "review.sheet.desks": "review.no_desks",
        "review.sheet.staff": "review.none.staff", "review.sheet.incidents": "review.incidents.none",
        "review.sheet.violations": "review.violations.none", "review.sheet.findings": "review.findings.none"}
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
HEADER_LEFT_MM = 115  # the agency block; the national name and date take the rest of the width
SIGNATURE_MM = 45  # the signature block's height: it starts a new page rather than split


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
    """A landscape A4 report: official header, title, the rules, every table the page shows, signatures."""
    pdf = _Report(orientation="L", unit="mm", format="A4")
    fonts = _font_dir()
    pdf.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
    pdf.add_font("DejaVu", "I", str(fonts / "DejaVuSans-Oblique.ttf"))
    pdf.set_auto_page_break(True, margin=12)
    more = translate(lang, "review.pdf.more")
    title, unit, _month, generated = title_lines(review, lang, pdf_text(who, more), now)
    pdf.footer_text = title
    pdf.add_page()
    local_day = as_utc(now).astimezone(LOCAL_TZ).date()
    _official_header(pdf, official_header(review.lineage, review.title, local_day, lang), more)
    pdf.set_font("DejaVu", "B", 14)
    pdf.cell(0, 8, title, new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.set_font("DejaVu", size=10)
    pdf.multi_cell(0, 6, pdf_text(unit, more), new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.set_font("DejaVu", size=8)
    pdf.multi_cell(0, 5, generated, new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.multi_cell(0, 4, translate(lang, "review.rules", minutes=incident_minutes(review.incident_thresholds_s),
                                   grace=int(review.grace_s // 60)), new_x="LMARGIN", new_y="NEXT")
    for number, (title_key, df, cols) in enumerate(sheets(review)):
        _section(pdf, f"{ROMAN[number]}. {translate(lang, title_key)}")
        if df.empty:
            _line(pdf, translate(lang, NONE.get(title_key, "review.no_desks")))
            continue
        if title_key == "review.sheet.violations":
            _line(pdf, tally_line(df, desks_compliance(review.desks), lang))
        if title_key == "review.sheet.incidents" and len(df) > PDF_INCIDENT_LIMIT:
            _line(pdf, translate(lang, "review.pdf.incidents_left_out", count=len(df)))
            continue
        cols = shown(cols, df)
        _table(pdf, text_table(df, cols, lang), [_width(c.kind) for c in cols], column_aligns(cols), more)
    _signatures(pdf, lang)
    return bytes(pdf.output())


def _official_header(pdf: FPDF, head: OfficialHeader, more: str) -> None:
    """Agency above the unit at the left; national name, motto and 'place, date' at the right (NĐ 30/2020)."""
    top, left = pdf.get_y(), pdf.l_margin
    right_w = pdf.epw - HEADER_LEFT_MM
    pdf.set_font("DejaVu", size=10)
    if head.agency:
        pdf.multi_cell(HEADER_LEFT_MM, 5, pdf_text(head.agency, more), align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 10)
    pdf.multi_cell(HEADER_LEFT_MM, 5, pdf_text(head.unit, more), align="C", new_x="LEFT", new_y="NEXT")
    _rule(pdf, left + HEADER_LEFT_MM / 2, 30)
    left_end = pdf.get_y()
    pdf.set_xy(left + HEADER_LEFT_MM, top)
    pdf.set_font("DejaVu", "B", 10)
    pdf.cell(right_w, 5, head.country, align="C", new_x="LEFT", new_y="NEXT")
    pdf.cell(right_w, 5, head.motto, align="C", new_x="LEFT", new_y="NEXT")
    _rule(pdf, left + HEADER_LEFT_MM + right_w / 2, pdf.get_string_width(head.motto))
    pdf.set_font("DejaVu", "I", 10)
    pdf.set_x(left + HEADER_LEFT_MM)
    pdf.cell(right_w, 6, pdf_text(head.dated, more), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(left_end, pdf.get_y()) + 4)


def _rule(pdf: FPDF, centre: float, width: float) -> None:
    """The short line under the unit and under the motto."""
    y = pdf.get_y() + 0.8
    pdf.set_line_width(0.3)
    pdf.line(centre - width / 2, y, centre + width / 2, y)
    pdf.set_y(y + 1.5)


def _section(pdf: FPDF, heading: str) -> None:
    pdf.ln(3)
    pdf.set_font("DejaVu", "B", 10)
    pdf.cell(0, 6, heading, new_x="LMARGIN", new_y="NEXT")


def _line(pdf: FPDF, text: str) -> None:
    pdf.set_font("DejaVu", size=8)
    pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")


def _signatures(pdf: FPDF, lang: str) -> None:
    """NGƯỜI LẬP BIỂU at the left, THỦ TRƯỞNG ĐƠN VỊ at the right, room to sign, a line for the name."""
    if pdf.get_y() + SIGNATURE_MM > pdf.page_break_trigger:
        pdf.add_page()
    pdf.ln(6)
    top, half = pdf.get_y(), pdf.epw / 2
    for i, (role, hint) in enumerate((("review.pdf.preparer", "review.pdf.sign_name"),
                                      ("review.pdf.head", "review.pdf.sign_seal"))):
        x = pdf.l_margin + i * half
        pdf.set_xy(x, top)
        pdf.set_font("DejaVu", "B", 10)
        pdf.cell(half, 6, translate(lang, role), align="C", new_x="LEFT", new_y="NEXT")
        pdf.set_font("DejaVu", "I", 9)
        pdf.cell(half, 5, translate(lang, hint), align="C", new_x="LEFT", new_y="NEXT")
        pdf.ln(22)
        pdf.set_x(x)
        pdf.set_font("DejaVu", size=9)
        pdf.cell(half, 5, "." * 40, align="C", new_x="LMARGIN", new_y="NEXT")


def column_aligns(cols: tuple[Col, ...]) -> tuple[str, ...]:
    """Figures to the right, words to the left."""
    return tuple("RIGHT" if c.kind in NUMERIC else "LEFT" for c in cols)


def _width(kind: str) -> float:
    return WIDTHS.get(kind, WIDTHS.get(kind.split(":")[0], 1.0))


def pdf_text(text: str, more: str, limit: int = PDF_TEXT_LIMIT) -> str:
    """`text` without line breaks, cut after `limit` characters with `more` (the pointer to the Excel file)."""
    flat = " ".join(text.split())  # line breaks would make a row taller than the cut allows for
    return flat if len(flat) <= limit else flat[:limit].rstrip() + " " + more


def _table(pdf: FPDF, table: pd.DataFrame, widths: list[float], aligns: tuple[str, ...], more: str) -> None:
    size = 6 if len(table.columns) > 12 else 7
    pdf.set_font("DejaVu", size=size)
    with pdf.table(col_widths=widths, text_align=aligns, line_height=size * 0.5,
                   headings_style=FontFace(emphasis="BOLD", fill_color=(230, 236, 245))) as grid:
        grid.row(list(table.columns))
        for values in table.itertuples(index=False):
            grid.row([pdf_text(str(v), more) for v in values])
