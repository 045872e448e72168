"""The review's tables as people read them: which columns, their headings, each cell's text.

The page, the PDF and the Excel file all go through these column lists, so the
three show the same figures: text cells here (page, PDF), the same values as
numbers in `cell_value` (Excel).
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.format import MISSING, fmt_date, fmt_datetime, fmt_int, fmt_num, fmt_pct, fmt_whole_minutes
from dashboard.i18n import CATALOGUE, translate
from domain.timezone import LOCAL_TZ, as_utc


@dataclass(frozen=True)
class Col:
    key: str  # column of the MonthlyReview frame
    label: str  # catalogue key of the heading
    kind: str  # text | int | pct | minutes | change_pct | change_int | datetime | date | status | code:<prefix>


FIGURE_COLS = (
    Col("coverage", "review.col.coverage", "pct"), Col("coverage_change", "review.col.coverage_change", "change_pct"),
    Col("incidents", "review.col.incidents", "int"), Col("incidents_change", "review.col.incidents_change", "change_int"),
    Col("excused", "review.col.excused", "int"), Col("incident_s", "review.col.incident_min", "minutes"),
    Col("longest_s", "review.col.longest_min", "minutes"),
    Col("late_openings", "review.col.late", "int"), Col("late_openings_change", "review.col.late_change", "change_int"),
    Col("early_closings", "review.col.early", "int"),
    Col("early_closings_change", "review.col.early_change", "change_int"),
    Col("compliance", "review.col.compliance", "pct"),
    Col("compliance_change", "review.col.compliance_change", "change_pct"),
    Col("violations", "review.col.violations", "int"),
    Col("violations_pending", "review.col.violations_pending", "int"),  # when the frame has it
    Col("findings", "review.col.findings", "int"), Col("findings_change", "review.col.findings_change", "change_int"),
)
SUMMARY_COLS = (Col("desks", "review.col.desks", "int"), *FIGURE_COLS)
UNIT_COLS = (Col("unit_label", "review.col.unit", "text"), Col("desks", "review.col.desks", "int"), *FIGURE_COLS)
DESK_COLS = (Col("desk_name", "review.col.desk", "text"), Col("unit_label", "review.col.unit", "text"), *FIGURE_COLS)
STAFF_COLS = (Col("staff_name", "review.col.staff", "text"), Col("desk_name", "review.col.desk", "text"),
              Col("days", "review.col.days", "int"), *FIGURE_COLS)
INCIDENT_COLS = (
    Col("desk_name", "review.col.desk", "text"), Col("staff", "review.col.staff", "text"),
    Col("start_at", "review.col.start", "datetime"), Col("end_at", "review.col.end", "datetime"),
    Col("seconds", "review.col.minutes", "minutes"), Col("excused", "review.col.status", "status"),
    Col("excuse_reason", "review.col.reason", "text"), Col("excused_by", "review.col.excused_by", "text"),
    Col("explanation", "review.col.explanation", "text"),
)
# A dress-code violation's "Tình trạng" says whether it counts (issue 12): awaiting confirmation, rejected,
# excused, or counted (confirmed, or pending while its unit counts the rule without confirmation).
VIOLATION_COLS = (
    Col("desk_name", "review.col.desk", "text"), Col("staff", "review.col.staff", "text"),
    Col("rule", "review.col.rule", "code:review.rule"), Col("start_at", "review.col.start", "datetime"),
    Col("end_at", "review.col.end", "datetime"), Col("standing", "review.col.status", "code:review.standing"),
    Col("decided_by", "review.col.decided_by", "text"),
    Col("excuse_reason", "review.col.reason", "text"), Col("explanation", "review.col.explanation", "text"),
)
STANDINGS = ("pending", "rejected", "excused", "counted", "counted_unconfirmed")
FINDING_COLS = (
    Col("day", "review.col.day", "date"), Col("unit_name", "review.col.unit", "text"),
    Col("kind", "review.col.kind", "code:insp.kind"), Col("category", "review.col.category", "code:insp.cat"),
    Col("staff_name", "review.col.staff", "text"), Col("desk_name", "review.col.desk", "text"),
    Col("notes", "review.col.notes", "text"), Col("conclusion", "review.col.conclusion", "text"),
)


def violation_standing(status: object, counted: object, excused: object) -> str:
    """One of STANDINGS: what the review does with a dress-code violation."""
    if status == "rejected":
        return "rejected"
    if bool(excused):
        return "excused"
    if bool(counted):
        return "counted" if status == "confirmed" else "counted_unconfirmed"
    return "pending"


def with_standing(violations: pd.DataFrame) -> pd.DataFrame:
    """The violations with their `standing` column (the page, the PDF and the Excel file list the same).

    A frame without `status` (a store before confirmation) reads as before: counted unless excused.
    """
    status = violations["status"] if "status" in violations.columns else pd.Series("confirmed", violations.index)
    counted = violations["counted"] if "counted" in violations.columns else status == "confirmed"
    excused = violations["excused"] if "excused" in violations.columns else pd.Series(False, violations.index)
    standing = [violation_standing(s, c, e) for s, c, e in zip(status, counted, excused)]
    return violations.assign(standing=pd.Series(standing, index=violations.index, dtype=object))


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _code(prefix: str, value: object, lang: str) -> str:
    key = f"{prefix}.{value}"
    return translate(lang, key) if key in CATALOGUE else str(value)


def cell_text(kind: str, value: object, lang: str) -> str:
    """A cell as shown on the page and in the PDF."""
    if kind == "status":
        return translate(lang, "review.status.excused" if bool(value) else "review.status.counted")
    if _missing(value):
        return MISSING if kind not in ("text",) else ""
    if kind == "int":
        return fmt_int(value, lang)
    if kind == "pct":
        return fmt_pct(float(value), lang)
    if kind == "minutes":
        return fmt_whole_minutes(float(value), lang)
    if kind == "change_pct":
        return ("+" if value > 0 else "") + fmt_num(float(value), 2, lang)
    if kind == "change_int":
        return ("+" if value > 0 else "") + fmt_int(value, lang)
    if kind == "datetime":
        return fmt_datetime(pd.Timestamp(value).to_pydatetime())
    if kind == "date":
        return fmt_date(value)
    if kind.startswith("code:"):
        return _code(kind[5:], value, lang)
    return str(value)


def cell_value(kind: str, value: object, lang: str) -> object:
    """The same cell as a number, date or text for Excel (None when unknown)."""
    if kind in ("text", "status") or kind.startswith("code:"):
        text = cell_text(kind, value, lang)
        return text or None
    if _missing(value):
        return None
    if kind in ("int", "change_int"):
        return int(value)
    if kind in ("pct", "change_pct"):
        return float(value)
    if kind == "minutes":
        return int(float(value) // 60)  # whole minutes, rounded down, as on screen
    if kind == "datetime":
        return as_utc(pd.Timestamp(value).to_pydatetime()).astimezone(LOCAL_TZ).replace(tzinfo=None)
    if kind == "date":
        return value if isinstance(value, dt.date) else pd.Timestamp(value).date()
    return value


def headings(cols: tuple[Col, ...], lang: str) -> list[str]:
    return [translate(lang, c.label) for c in cols]


def shown(cols: tuple[Col, ...], df: pd.DataFrame) -> tuple[Col, ...]:
    """The columns of `cols` that `df` has (a desk table for one unit drops the unit column)."""
    return tuple(c for c in cols if c.key in df.columns)


def column_text(kind: str, values: pd.Series, lang: str) -> list[str]:
    """`cell_text` for a whole column; date-times (thousands of incidents) are formatted vectorised."""
    if kind == "datetime" and isinstance(values.dtype, pd.DatetimeTZDtype):
        wall = values.dt.tz_convert(LOCAL_TZ).dt.tz_localize(None).to_numpy().astype("datetime64[m]")
        iso = np.datetime_as_string(wall, unit="m")  # 'YYYY-MM-DDTHH:MM', 'NaT'
        return [MISSING if v == "NaT" else f"{v[8:10]}/{v[5:7]}/{v[:4]} {v[11:16]}" for v in iso]
    if kind == "text":
        return ["" if _missing(v) else str(v) for v in values]
    if kind == "status":
        counted, excused = (translate(lang, k) for k in ("review.status.counted", "review.status.excused"))
        return [excused if bool(v) else counted for v in values]
    return [cell_text(kind, v, lang) for v in values]


def text_table(df: pd.DataFrame, cols: tuple[Col, ...], lang: str) -> pd.DataFrame:
    """`df` as the page and the PDF show it: translated headings, formatted text cells."""
    cols = shown(cols, df)
    data = {translate(lang, c.label): column_text(c.kind, df[c.key], lang) for c in cols}
    return pd.DataFrame(data, columns=headings(cols, lang))
