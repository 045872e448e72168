"""The composite ranking's formula and weights, shown to everyone and editable by administrators."""
from __future__ import annotations

import streamlit as st

from dashboard import scorecard_queries as sq
from dashboard.format import fmt_num
from dashboard.i18n import lang, t
from dashboard.store import engine_for
from data.access import AccessDenied, Scope
from data.scorecard.ranking import INCIDENT_PENALTY
from data.scorecard.weights import set_weights
from data.settings import WEIGHT_FIELDS, RankingWeights, SettingError

K = "sc.weights."


def weights_caption(weights: RankingWeights) -> None:
    code = lang()
    st.caption(t("sc.formula", penalty=fmt_num(INCIDENT_PENALTY, 0, code)))
    listed = ", ".join(f"{t(f'sc.weight.{k}')} {fmt_num(v, 0, code)}" for k, v in weights.as_dict().items())
    st.caption(t("sc.weights", weights=listed))


def _save(url: str, scope: Scope) -> None:
    try:
        new = RankingWeights(**{k: float(st.session_state[K + k]) for k in WEIGHT_FIELDS})
        set_weights(engine_for(url), scope, new)
    except (AccessDenied, SettingError) as err:
        st.session_state[K + "flash"] = ("error", str(err))
        return
    sq.clear()
    st.session_state[K + "flash"] = ("success", t("sc.weights.saved"))


def weights_editor(url: str, scope: Scope, weights: RankingWeights) -> None:
    flash = st.session_state.pop(K + "flash", None)
    if flash:
        (st.success if flash[0] == "success" else st.error)(flash[1])
    if not scope.can_configure:
        st.caption(t("sc.weights.read_only"))
        return
    with st.expander(t("sc.weights.edit")):
        cells = st.columns(len(WEIGHT_FIELDS))
        for cell, (name, value) in zip(cells, weights.as_dict().items()):
            cell.number_input(t(f"sc.weight.{name}"), min_value=0.0, max_value=100.0, step=5.0, value=value,
                              key=K + name)
        st.button(t("sc.weights.save"), key=K + "save", on_click=_save, args=(url, scope))
