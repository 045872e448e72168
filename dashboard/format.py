"""Numbers, rates, dates and times as people read them on screen.

Vietnamese writes 1.659.613 and 99,87 %; English 1,659,613 and 99.87 %.
Dates are dd/mm/yyyy in both; times are shown in Asia/Ho_Chi_Minh.
"""
from __future__ import annotations

import datetime as dt
import math

from domain.timezone import LOCAL_TZ, as_utc

MISSING = "–"


def _swap_separators(text: str, lang: str) -> str:
    """Python formats English-style; Vietnamese swaps ',' and '.'."""
    if lang != "vi":
        return text
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt_int(value: int | float | None, lang: str = "vi") -> str:
    if _missing(value):
        return MISSING
    return _swap_separators(f"{int(round(value)):,}", lang)


def fmt_num(value: float | None, decimals: int = 2, lang: str = "vi") -> str:
    if _missing(value):
        return MISSING
    return _swap_separators(f"{value:,.{decimals}f}", lang)


def fmt_pct(value: float | None, lang: str = "vi", decimals: int = 2) -> str:
    """A rate already in percent (99.87) as '99,87 %'."""
    if _missing(value):
        return MISSING
    return f"{fmt_num(value, decimals, lang)} %"


def fmt_date(value: dt.date | None) -> str:
    if value is None:
        return MISSING
    return value.strftime("%d/%m/%Y")


def fmt_month(value: dt.date | None) -> str:
    if value is None:
        return MISSING
    return value.strftime("%m/%Y")


def fmt_datetime(value: dt.datetime | None) -> str:
    """A stored UTC instant as local wall time, dd/mm/yyyy HH:MM."""
    if value is None:
        return MISSING
    return as_utc(value).astimezone(LOCAL_TZ).strftime("%d/%m/%Y %H:%M")


def fmt_time(value: dt.datetime | None) -> str:
    """A stored UTC instant as local wall time, HH:MM."""
    if value is None:
        return MISSING
    return as_utc(value).astimezone(LOCAL_TZ).strftime("%H:%M")


def fmt_whole_minutes(seconds: float | None, lang: str = "vi") -> str:
    """A duration in whole minutes, rounded down (the unit word comes from the catalogue)."""
    if _missing(seconds):
        return MISSING
    return fmt_int(int(seconds // 60), lang)
