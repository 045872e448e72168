"""Cached wrappers around `data.review` for the monthly review page, and its audited writes.

The scope is an argument (a frozen dataclass, hashable), so one person's cached
review is never served to another. Writing a note clears the cached reviews and scorecards.
"""
from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard import scorecard_queries
from dashboard.store import engine_for
from data import audit
from data.access import Scope
from data.review import excuses
from data.review.months import presence_months
from data.review.notes import IncidentKey
from data.review.report import MonthlyReview, build_review

TTL = dt.timedelta(minutes=10)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=16)
def review(url: str, scope: Scope, unit_id: int | None, month: dt.date) -> MonthlyReview:
    return build_review(engine_for(url), scope, unit_id, month)


@st.cache_data(ttl=TTL, show_spinner=False)
def months(url: str) -> tuple[dt.date, dt.date] | None:
    return presence_months(engine_for(url))


WRITES = {"excuse": excuses.excuse, "withdraw": excuses.withdraw, "explain": excuses.explain,
          "reject": excuses.reject}


def add_note(url: str, scope: Scope, key: IncidentKey, action: str, text: str) -> None:
    """Excuse, withdraw or explain (checked and audited in data.review.excuses), then forget cached figures.

    The overview's scorecard counts incidents without excused ones too, so it is forgotten as well.
    """
    WRITES[action](engine_for(url), scope, key, text)
    review.clear()
    scorecard_queries.clear()


def export_file(url: str, scope: Scope, rev: MonthlyReview, fmt: str, lang: str, now: dt.datetime) -> bytes:
    """The review as an xlsx or pdf file; every export is in the audit log."""
    from dashboard.review_export import pdf_bytes, xlsx_bytes

    data = xlsx_bytes(rev, lang, scope.username, now) if fmt == "xlsx" else pdf_bytes(rev, lang, scope.username, now)
    audit.record_now(engine_for(url), scope.username, "export",
                     target=f"review:{rev.unit_id or 'province'}:{rev.month:%Y-%m}", unit_id=rev.unit_id,
                     detail={"format": fmt, "month": rev.month.isoformat()})
    return data
