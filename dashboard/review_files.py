"""What the review's Excel and PDF files share: the tables in order (each with a unit column), the lines
that say what the file is (title, unit, month, who made it and when) and the file's name."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.format import fmt_datetime, fmt_month
from dashboard.i18n import translate
from domain.unit_names import slug
from dashboard.review_tables import (
    DESK_COLS,
    FINDING_COLS,
    INCIDENT_COLS,
    STAFF_COLS,
    SUMMARY_COLS,
    UNIT_COLS,
    VIOLATION_COLS,
    Col,
    with_standing,
)
from data.review.report import MonthlyReview

UNIT_LABEL = "review.col.unit"
UNIT_COL = Col("unit_label", UNIT_LABEL, "text")


def with_unit(cols: tuple[Col, ...]) -> tuple[Col, ...]:
    """`cols` with the unit in front unless they name one already: every filed table says whose rows they are."""
    return cols if any(c.label == UNIT_LABEL for c in cols) else (UNIT_COL, *cols)


def sheets(review: MonthlyReview) -> list[tuple[str, pd.DataFrame, tuple[Col, ...]]]:
    """(sheet title key, frame, columns) in the order both files print them."""
    return [
        ("review.sheet.summary", review.summary.assign(unit_label=review.title), with_unit(SUMMARY_COLS)),
        ("review.sheet.units", review.units, UNIT_COLS),
        ("review.sheet.desks", review.desks, DESK_COLS),
        ("review.sheet.staff", review.staff, with_unit(STAFF_COLS)),
        ("review.sheet.incidents", review.incidents, with_unit(INCIDENT_COLS)),
        ("review.sheet.violations", with_standing(review.violations), with_unit(VIOLATION_COLS)),
        ("review.sheet.findings", review.findings, FINDING_COLS),
    ]


def unit_name(review: MonthlyReview) -> str:
    """The unit's own name ('Xã Hoa Thám'), the title's path when the lineage is unknown."""
    return review.lineage[-1] if review.lineage else review.title


def title_lines(review: MonthlyReview, lang: str, who: str, now: dt.datetime) -> list[str]:
    """Title, unit, month, made by whom and when (local time): the top of every sheet and of the PDF."""
    month = fmt_month(review.month)
    return [translate(lang, "review.pdf.title", month=month),
            translate(lang, "review.pdf.unit", unit=review.title),
            translate(lang, "review.xlsx.month", month=month),
            translate(lang, "review.pdf.generated", at=fmt_datetime(now), who=who)]


def file_name(review: MonthlyReview, lang: str, ext: str) -> str:
    """'kiem-diem-2026-11-xa-tan-thanh.xlsx': month and unit, ASCII only, never a path (the unit is a slug)."""
    base = translate(lang, "review.file", month=review.month.strftime("%Y-%m"))
    unit = slug(unit_name(review))
    return f"{base}-{unit}.{ext}" if unit else f"{base}.{ext}"
