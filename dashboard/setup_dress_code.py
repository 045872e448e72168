"""The Setup page's dress-code tab: per rule, the unit's precision from supervisors' decisions, the PASS-sample
agreement, and the "count without confirmation" switch — offered only past the gate, with the figure.

data.dress_code.count_mode refuses a switch the gate does not allow whatever the page shows; the page
disables it and says why, so nobody has to try. Switching back to confirmation is always allowed.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import review_queries, scorecard_queries
from dashboard.format import MISSING, fmt_datetime, fmt_int, fmt_pct
from dashboard.i18n import lang, t
from dashboard.markdown_text import md_escape
from dashboard.setup_forms import FLASH_KEY
from dashboard.setup_messages import plain_message
from dashboard.store import engine_for
from data.access import AccessDenied, Scope
from data.dress_code import count_mode
from data.dress_code.count_mode import GateRefused
from data.dress_code.precision import precision_table, rule_precision
from domain.dress_code import AUTO_COUNT_MIN_DECISIONS, AUTO_COUNT_MIN_PRECISION, RULES, RulePrecision


def share(value: float | None, code: str) -> str:
    """A share 0..1 as '95,00 %' ('—' before any decision)."""
    return MISSING if value is None else fmt_pct(value * 100, code)


def gate_text(figures: RulePrecision, code: str) -> str:
    values = dict(precision=share(figures.precision, code), decisions=fmt_int(figures.decisions, code))
    if figures.may_count_without_confirmation:
        return t("setup.dress.gate_open", **values)
    return t("setup.dress.gate_closed", need_precision=share(AUTO_COUNT_MIN_PRECISION, code),
             need_decisions=fmt_int(AUTO_COUNT_MIN_DECISIONS, code), **values)


def _switch(url: str, scope: Scope, unit_id: int, rule: str, key: str) -> None:
    """on_change of the switch: store it (the gate is checked there), or say why not and put it back."""
    on = bool(st.session_state.get(key))
    try:
        count_mode.set_count_mode(engine_for(url), scope, unit_id, rule, on)
    except (GateRefused, AccessDenied, ValueError) as err:
        st.session_state.pop(key, None)  # the switch shows the stored mode again
        st.session_state[FLASH_KEY] = ("error", t("setup.dress.refused", message=md_escape(plain_message(str(err),
                                                                                                   lang()))))
        return
    # What counts changed: the review and the scorecard count again.
    review_queries.review.clear()
    scorecard_queries.clear()
    st.session_state[FLASH_KEY] = ("success", t("setup.saved"))


def _rule_panel(url: str, scope: Scope, unit_id: int, rule: str) -> None:
    code = lang()
    engine = engine_for(url)
    figures = rule_precision(engine, unit_id, rule)
    mode = count_mode.get(engine, unit_id, rule)
    with st.container(border=True):
        st.markdown(f"**{t('setup.dress.rule', rule=t(f'review.rule.{rule}'))}**")
        row = st.container(horizontal=True)
        row.metric(t("setup.dress.decisions"), fmt_int(figures.decisions, code))
        row.metric(t("setup.dress.precision"), share(figures.precision, code))
        checked = figures.pass_agreed + figures.pass_disagreed
        row.metric(t("setup.dress.pass_agreement"), share(figures.pass_agreement, code),
                   help=t("setup.dress.pass_checked", agreed=fmt_int(figures.pass_agreed, code),
                          checked=fmt_int(checked, code)))
        key = f"setup.dress.mode.{unit_id}.{rule}"
        # Off → on only past the gate; on → off always.
        allowed = mode.without_confirmation or figures.may_count_without_confirmation
        st.toggle(t("setup.dress.switch"), value=mode.without_confirmation, key=key, disabled=not allowed,
                  on_change=_switch, args=(url, scope, unit_id, rule, key))
        if mode.without_confirmation:
            st.caption(t("setup.dress.mode_on", who=md_escape(mode.updated_by or MISSING),
                         at=fmt_datetime(mode.updated_at), precision=share(mode.precision, code),
                         decisions=fmt_int(mode.decisions, code)))
        else:
            st.caption(t("setup.dress.mode_off"))
        st.caption(gate_text(figures, code))


def _table(url: str, scope: Scope) -> pd.DataFrame:
    code = lang()
    rows = precision_table(engine_for(url), scope)
    return pd.DataFrame({
        t("setup.dress.col.unit"): [r.unit_label for r in rows],
        t("setup.dress.col.rule"): [t(f"review.rule.{r.rule}") for r in rows],
        t("setup.dress.col.confirmed"): [fmt_int(r.figures.confirmed, code) for r in rows],
        t("setup.dress.col.rejected"): [fmt_int(r.figures.rejected, code) for r in rows],
        t("setup.dress.col.precision"): [share(r.figures.precision, code) for r in rows],
        t("setup.dress.col.pass_agreement"): [share(r.figures.pass_agreement, code) for r in rows],
        t("setup.dress.col.mode"): [t("setup.yes") if r.without_confirmation else t("setup.no") for r in rows],
    })


def dress_code_tab(url: str, scope: Scope, unit_id: int, unit_name: str) -> None:
    code = lang()
    st.subheader(t("setup.dress.title", unit=md_escape(unit_name)))
    st.caption(t("setup.dress.help", precision=share(AUTO_COUNT_MIN_PRECISION, code),
                 decisions=fmt_int(AUTO_COUNT_MIN_DECISIONS, code)))
    for rule in RULES:
        _rule_panel(url, scope, unit_id, rule)
    st.markdown(f"**{t('setup.dress.province')}**")
    st.dataframe(_table(url, scope), hide_index=True, key="setup.dress.table")
