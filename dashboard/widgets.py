"""Small drawing pieces shared by pages: language switch, filters, KPI tiles."""
from __future__ import annotations

import streamlit as st

from dashboard.clock import now_utc
from dashboard.format import fmt_date, fmt_int, fmt_pct
from dashboard.i18n import DEFAULT_LANG, LANG_KEY, LANGS, lang, t
from dashboard.periods import DataSpan, Period, clamp, default_period, last_complete_month
from dashboard.streamlit_texts import script_html
from dashboard.tree import UnitTree
from data.dossiers.stats import DossierTotals
from domain.timezone import local_today

# The period survives page switches (widget state is dropped with its page).
PERIOD_MEMORY = "period.memory"


def language_switch() -> None:
    # Seeded before the widget exists, so the widget itself needs no default.
    st.session_state.setdefault(LANG_KEY, DEFAULT_LANG)
    st.sidebar.segmented_control(
        t("lang.label"), LANGS, key=LANG_KEY, format_func=lambda code: t(f"lang.{code}"), required=True,
    )


def streamlit_texts() -> None:
    """Streamlit's own English words (widgets, status) in Vietnamese while the app is; once per run.

    The script and why it is needed: dashboard/streamlit_texts.py. It sits hidden in the sidebar.
    """
    st.sidebar.html(script_html(lang() == "vi"), unsafe_allow_javascript=True)


def pick_hint() -> str:
    """Every select box's placeholder (Streamlit's own is the English 'Choose an option')."""
    return t("stui.choose_option")


def unit_labels(units: UnitTree) -> dict[int | None, str]:
    """Picker labels in tree order: the province first, then 'District › Commune'."""
    labels: dict[int | None, str] = {}
    if units.single_root is None:
        labels[None] = t("filter.all_units")
    for uid in units.tree_order():
        labels[uid] = units.path_label(uid)
    root = units.single_root
    # Only the real top of the tree is 'the whole province'; a scoped tree's top is the account's unit.
    if root is not None and units.lineage(root) == [root]:
        labels[root] = t("filter.whole_province", name=units.names[root])
    return labels


def unit_picker(units: UnitTree, key: str) -> int | None:
    """A unit subtree to report on; default the whole province."""
    labels = unit_labels(units)
    return st.selectbox(t("filter.unit"), list(labels), key=key, format_func=labels.__getitem__,
                        placeholder=pick_hint())


def period_picker(span: DataSpan, key: str) -> Period | None:
    """A date range inside the data's bounds; None while only one end is picked."""
    remembered = st.session_state.get(PERIOD_MEMORY)
    today = local_today(now_utc())
    start = clamp(remembered, span) if remembered else default_period(span, today)
    if span.last < last_complete_month(today).end:  # the data stops before the month every page opens on
        st.caption(t("period.data_ends", last=fmt_date(span.last), today=fmt_date(today)))
    picked = st.date_input(
        t("filter.period"), value=(start.start, start.end), min_value=span.first,
        max_value=span.last, format="DD/MM/YYYY", key=key,
    )
    if not isinstance(picked, (tuple, list)) or len(picked) < 2:
        st.info(t("filter.period_incomplete"))
        return None
    period = Period(picked[0], picked[1])
    st.session_state[PERIOD_MEMORY] = period
    return period


def kpi_tiles(totals: DossierTotals) -> None:
    code = lang()
    tiles = [
        ("kpi.received", fmt_int(totals.received, code), None),
        ("kpi.online_share", fmt_pct(totals.online_share, code), "kpi.online_share.help"),
        ("kpi.resolved", fmt_int(totals.resolved, code), None),
        ("kpi.on_time_rate", fmt_pct(totals.on_time_rate, code), "kpi.on_time_rate.help"),
        ("kpi.late", fmt_int(totals.late, code), None),
        ("kpi.in_progress", fmt_int(totals.in_progress, code), None),
        ("kpi.overdue", fmt_int(totals.overdue, code), None),
    ]
    row = st.container(horizontal=True)
    for label, value, help_key in tiles:
        row.metric(t(label), value, help=t(help_key) if help_key else None, border=True, width="stretch")
