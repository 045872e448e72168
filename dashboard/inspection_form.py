"""Recording a new inspection or editing one from the list's current page.

Saving happens in the submit button's callback, before the page is drawn
again: the list and counts below then already include the change, and the
form can be reset (widget values may only be set before their widgets draw).
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import inspection_queries as iq
from dashboard.format import fmt_date, fmt_datetime
from dashboard.i18n import t
from dashboard.inspection_filters import category_label, kind_label
from dashboard.markdown_text import md_escape
from dashboard.scorecard_queries import clear as clear_scorecard
from dashboard.store import engine_for
from dashboard.widgets import pick_hint
from data.access import AccessDenied, Scope
from data.inspections.model import CATEGORIES, KINDS, FindingInput, InspectionInput
from data.inspections.queries import get_inspection
from data.inspections.record import create_inspection, update_inspection
from data.inspections.validate import InspectionError
from domain.timezone import local_today

K = "insp.form."
PICK, UNIT, COUNT, FLASH, DESKS = K + "pick", K + "unit", K + "n", K + "flash", K + "desks"
MAX_FINDINGS = 20


def _f(n: int, part: str) -> str:
    return f"{K}f{n}.{part}"


def _reset(unit_id: int) -> None:
    st.session_state.update({PICK: 0, UNIT: unit_id, COUNT: 0, K + "day": local_today(), K + "kind": KINDS[0],
                             K + "inspectors": "", K + "conclusion": "", K + "notes": "", DESKS: []})
    for n in range(MAX_FINDINGS):
        st.session_state.update({_f(n, "category"): CATEGORIES[0], _f(n, "staff"): None, _f(n, "notes"): ""})


def _load(url: str, scope: Scope, default_unit: int) -> None:
    picked = st.session_state.get(PICK) or 0
    if not picked:
        _reset(default_unit)
        return
    record = get_inspection(engine_for(url), scope, picked)
    data = record.data
    st.session_state.update({UNIT: data.unit_id, COUNT: len(data.findings), K + "day": data.day, K + "kind": data.kind,
                             K + "inspectors": data.inspectors, K + "conclusion": data.conclusion or "",
                             K + "notes": data.notes or "",
                             DESKS: [(f.staff_id, f.desk_id) for f in data.findings]})
    for n, finding in enumerate(data.findings[:MAX_FINDINGS]):
        st.session_state.update({_f(n, "category"): finding.category, _f(n, "staff"): finding.staff_id,
                                 _f(n, "notes"): finding.notes or ""})


def _input() -> InspectionInput:
    s = st.session_state
    kept = s.get(DESKS) or []
    findings = []
    for n in range(int(s.get(COUNT) or 0)):
        staff = s.get(_f(n, "staff"))
        # A desk recorded with the finding stays while the finding still names the same person.
        desk = kept[n][1] if n < len(kept) and kept[n][0] == staff else None
        findings.append(FindingInput(s.get(_f(n, "category")), staff, s.get(_f(n, "notes")), desk))
    return InspectionInput(day=s.get(K + "day"), unit_id=s.get(UNIT), inspectors=s.get(K + "inspectors") or "",
                           kind=s.get(K + "kind"), findings=tuple(findings), conclusion=s.get(K + "conclusion"),
                           notes=s.get(K + "notes"))


def _field_label(field: str) -> str:
    base = "findings" if field.startswith("findings") else field
    return t(f"insp.field.{base}")


def _save(url: str, scope: Scope, default_unit: int) -> None:
    picked = st.session_state.get(PICK) or 0
    engine = engine_for(url)
    try:
        if picked:
            update_inspection(engine, scope, picked, _input())
            message = t("insp.form.updated", id=picked)
        else:
            saved = create_inspection(engine, scope, _input())
            message = t("insp.form.created", id=saved.id, findings=saved.findings)
    except InspectionError as err:
        st.session_state[FLASH] = ("error", t("insp.form.invalid", field=_field_label(err.field),
                                              message=md_escape(err)))
        return
    except AccessDenied as err:
        st.session_state[FLASH] = ("error", t("insp.form.denied", message=md_escape(err)))
        return
    iq.clear()
    clear_scorecard()
    _reset(default_unit)
    st.session_state[FLASH] = ("success", message)


def _flash() -> None:
    flash = st.session_state.pop(FLASH, None)
    if flash:
        (st.success if flash[0] == "success" else st.error)(flash[1])


def _pick_options(page: pd.DataFrame) -> dict[int, str]:
    options = {0: t("insp.form.new")}
    for iid, day, unit in zip(page["id"], page["day"], page["unit_name"]):
        options[int(iid)] = t("insp.form.edit_label", id=int(iid), day=fmt_date(day), unit=unit)
    return options


def _stamp(url: str, scope: Scope, picked: int) -> None:
    record = get_inspection(engine_for(url), scope, picked)
    if record.updated_at is None:
        st.caption(t("insp.form.stamp", by=md_escape(record.created_by or "–"), at=fmt_datetime(record.created_at)))
    else:
        st.caption(t("insp.form.stamp_edit", by=md_escape(record.created_by or "–"),
                     at=fmt_datetime(record.created_at), edit_by=md_escape(record.updated_by or "–"), edit_at=fmt_datetime(record.updated_at)))


def inspection_form(url: str, scope: Scope, labels: dict[int, str], page: pd.DataFrame) -> None:
    _flash()
    if not scope.can_record_inspections:
        st.info(t("insp.form.read_only"))
        return
    default_unit = next(iter(labels))
    if UNIT not in st.session_state:
        _reset(default_unit)
    options = _pick_options(page)
    if st.session_state.get(PICK) not in options:
        _reset(default_unit)
    picked = st.selectbox(t("insp.form.pick"), list(options), key=PICK, format_func=options.__getitem__,
                          help=t("insp.form.pick_help"), on_change=_load, args=(url, scope, default_unit),
                          placeholder=pick_hint())
    if picked:
        _stamp(url, scope, picked)
    if st.session_state.get(UNIT) not in labels:
        st.session_state[UNIT] = default_unit
    top = st.columns([3, 1])
    unit_id = top[0].selectbox(t("insp.form.unit"), list(labels), key=UNIT, format_func=labels.__getitem__,
                               placeholder=pick_hint())
    count = top[1].number_input(t("insp.form.n_findings"), min_value=0, max_value=MAX_FINDINGS, step=1, key=COUNT)
    staff = iq.unit_staff(url, scope, unit_id)
    names = dict(zip(staff["id"].tolist(), staff["full_name"]))
    with st.form("insp.form", border=True):
        row = st.columns([1, 1, 3])
        row[0].date_input(t("insp.form.day"), key=K + "day", format="DD/MM/YYYY", max_value=local_today(),
                          min_value=dt.date(2000, 1, 1))
        row[1].selectbox(t("insp.form.kind"), KINDS, key=K + "kind", format_func=kind_label, placeholder=pick_hint())
        row[2].text_area(t("insp.form.inspectors"), key=K + "inspectors", height=68)
        for n in range(int(count)):
            st.markdown(f"**{t('insp.form.finding', n=n + 1)}**")
            cells = st.columns([2, 2, 4])
            cells[0].selectbox(t("insp.form.category"), CATEGORIES, key=_f(n, "category"), format_func=category_label,
                               placeholder=pick_hint())
            if st.session_state.get(_f(n, "staff")) not in names:
                st.session_state[_f(n, "staff")] = None
            cells[1].selectbox(t("insp.form.staff"), [None, *names], key=_f(n, "staff"),
                               format_func=lambda s: t("insp.form.no_staff") if s is None else names[s],
                               placeholder=pick_hint())
            cells[2].text_input(t("insp.form.finding_notes"), key=_f(n, "notes"))
        st.text_area(t("insp.form.conclusion"), key=K + "conclusion", height=68)
        st.text_area(t("insp.form.notes"), key=K + "notes", height=68)
        st.form_submit_button(t("insp.form.save_edit" if picked else "insp.form.save_new"), type="primary",
                              on_click=_save, args=(url, scope, default_unit))
