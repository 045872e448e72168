"""One line that says how a list of dress-code violations stands, beside the rate it goes with.

The compliance rate counts only counted violations (confirmed, or pending under a count mode); a list
that holds only violations awaiting confirmation, rejected or excused must not read as "no violations"
next to a rate under 100 %, nor as violations that count: the line says which is which.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.format import MISSING, fmt_int, fmt_pct
from dashboard.i18n import translate
from data.review.compliance import compliance_rate


@dataclass(frozen=True)
class ViolationCounts:
    counted: int
    pending: int
    rejected: int
    excused: int


def violation_counts(found: pd.DataFrame) -> ViolationCounts:
    """`found` carries review_tables.with_standing's `standing` column."""
    standing = found["standing"].value_counts() if "standing" in found.columns else pd.Series(dtype="int64")
    return ViolationCounts(int(standing.get("counted", 0) + standing.get("counted_unconfirmed", 0)),
                           int(standing.get("pending", 0)), int(standing.get("rejected", 0)),
                           int(standing.get("excused", 0)))


def tally_line(found: pd.DataFrame, compliance: object, lang: str) -> str:
    n = violation_counts(found)
    rate = MISSING if compliance is None or pd.isna(compliance) else fmt_pct(float(compliance), lang)
    key = "review.violations.tally" if n.counted else "review.violations.none_counted"
    return translate(lang, key, rate=rate, counted=fmt_int(n.counted, lang), pending=fmt_int(n.pending, lang),
                     rejected=fmt_int(n.rejected, lang), excused=fmt_int(n.excused, lang))


def desks_compliance(desks: pd.DataFrame) -> float | None:
    """The dress-code rate of these desks together (the rate of the unit a list belongs to)."""
    if desks.empty or "checks_passed" not in desks.columns:
        return None
    return compliance_rate(int(desks["checks_passed"].sum()), int(desks["checks_failed"].sum()))
