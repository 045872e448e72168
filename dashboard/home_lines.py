"""The home page's building blocks: a heading with a count, one short clickable line per item (readable on
a 390 px phone: no tables), and the counts at the top in tiles that wrap."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import streamlit as st

from dashboard.format import fmt_date, fmt_int, fmt_time
from dashboard.i18n import lang, t
from dashboard.markdown_text import md_escape
from data.access import Scope, may_open
from data.review.pending import WaitingExplanation
from domain.timezone import LOCAL_TZ

MAX_LINES = 8
# url_path -> the page file (what st.page_link names); a line links only to a page the role may open.
PAGE_FILES = {
    "theo-doi-trong-ngay": "dashboard/pages/desk_day.py",
    "kiem-diem-thang": "dashboard/pages/monthly_review.py",
    "xac-nhan-trang-phuc": "dashboard/pages/dress_code_queue.py",
    "thong-ke-ho-so": "dashboard/pages/dossier_stats.py",
}
# Streamlit draws a page link's label on one line and cuts it off: on a phone the home page's lines wrap instead.
WRAP_LINKS = ('<style>[data-testid="stMain"] [data-testid="stPageLink-NavLink"], '
              '[data-testid="stMain"] [data-testid="stPageLink-NavLink"] * {white-space: normal !important; '
              'overflow: visible !important; text-overflow: clip !important; height: auto !important;}</style>')


def wrap_links() -> None:
    st.html(WRAP_LINKS)  # style only: it takes no room on the page


@dataclass(frozen=True)
class Line:
    """One item: its label (users' text already escaped) and where a click takes the reader."""

    label: str
    page: str  # url_path
    params: dict[str, str]


def tiles(counts: Sequence[tuple[str, int]]) -> None:
    """(label key, count) tiles in one row that wraps on a narrow screen."""
    row = st.container(horizontal=True)
    for key, count in counts:
        row.metric(t(key), fmt_int(count, lang()), border=True, width=150)


def link(scope: Scope, line: Line) -> None:
    if may_open(scope, line.page):
        st.page_link(PAGE_FILES[line.page], label=line.label, query_params=line.params, width="stretch")
    else:
        st.markdown(line.label)


@dataclass(frozen=True)
class Section:
    heading: str
    lines: Sequence[Line]
    empty: str  # said when there are no lines
    more: Line | None = None  # where "… and N more" goes (its label is made here)


def section(scope: Scope, sec: Section) -> None:
    """A heading, then at most MAX_LINES lines; the rest summed up in one line to the full page."""
    st.subheader(sec.heading)
    if not sec.lines:
        st.caption(sec.empty)
        return
    for line in sec.lines[:MAX_LINES]:
        link(scope, line)
    if len(sec.lines) > MAX_LINES and sec.more is not None:
        rest = t("home.more", count=fmt_int(len(sec.lines) - MAX_LINES, lang()))
        link(scope, Line(rest, sec.more.page, sec.more.params))


def where(desk: str, unit: str) -> dict[str, str]:
    """Names typed by people, escaped for the Markdown of link labels."""
    return {"desk": md_escape(desk), "unit": md_escape(unit)}


def local_day(at: dt.datetime) -> dt.date:
    return at.astimezone(LOCAL_TZ).date()


def explanation_label(note: WaitingExplanation) -> str:
    return t("home.explanation_line", **where(note.desk_name, note.unit_name), kind=t(f"home.kind.{note.kind}"),
             day=fmt_date(local_day(note.start)), time=fmt_time(note.start), author=md_escape(note.explained_by),
             written=fmt_date(local_day(note.explained_at)))
