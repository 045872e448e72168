"""Kiểm điểm tháng: the incident and violation lists, their evidence, and the excuse / explanation forms."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import dress_code_queries
from dashboard import review_queries as rq
from dashboard.format import fmt_datetime, fmt_time, fmt_whole_minutes
from dashboard.i18n import lang, t
from dashboard.incident_picture import picture_file, show_incident_picture, show_picture_file
from dashboard.markdown_text import md_escape
from dashboard.review_tables import FINDING_COLS, INCIDENT_COLS, VIOLATION_COLS, cell_text, text_table, with_standing
from dashboard.widgets import pick_hint
from dashboard.violation_tally import desks_compliance, tally_line
from data.access import AccessDenied, Scope
from data.dress_code.decisions import DecisionError
from data.review.excuses import NoteError
from data.review.notes import IncidentKey
from data.review.report import MonthlyReview

# More incidents than this in view: the picker waits for a unit to be chosen above.
PICK_LIMIT = 500
SAVED_KEY = "review.saved"


def incident_section(url: str, scope: Scope, part: MonthlyReview, label: str) -> None:
    code = lang()
    st.subheader(t("review.incidents", unit=md_escape(label)))
    incidents = part.incidents
    if incidents.empty:
        st.success(t("review.incidents.none"))
        return
    st.dataframe(text_table(incidents, INCIDENT_COLS, code), hide_index=True, key="review.incidents_table")
    if len(incidents) > PICK_LIMIT:
        st.info(t("review.incidents.too_many"))
        return
    names = [t("review.incident.label", desk=r.desk_name, start=fmt_datetime(r.start_at.to_pydatetime()),
               end=fmt_time(r.end_at.to_pydatetime()), minutes=fmt_whole_minutes(r.seconds, code),
               status=cell_text("status", r.excused, code)) for r in incidents.itertuples()]
    picked = st.selectbox(t("review.incident.pick"), list(range(len(incidents))), key="review.incident",
                          format_func=names.__getitem__, placeholder=pick_hint())
    if picked is None or picked >= len(incidents):
        return
    row = incidents.iloc[picked]
    _notes(row)
    # The picture, or "Không có ảnh" with the reason (issue 13).
    show_incident_picture(url, scope, desk_id=int(row.desk_id), start=row.start_at, path=row.evidence_path,
                          missing=row.get("picture_missing"), caption=t("review.evidence"), unit_id=int(row.unit_id))
    _forms(url, scope, IncidentKey(int(row.desk_id), "absence", row.start_at.to_pydatetime()), row,
           f"absence.{picked}")


def violation_section(url: str, scope: Scope, part: MonthlyReview, label: str) -> None:
    code = lang()
    st.subheader(t("review.violations", unit=md_escape(label)))
    found = with_standing(part.violations)
    st.caption(tally_line(found, desks_compliance(part.desks), code))  # the rate beside what counts in it
    if found.empty:
        st.success(t("review.violations.none"))
        return
    st.dataframe(text_table(found, VIOLATION_COLS, code), hide_index=True, key="review.violations_table")
    if (found["standing"] == "pending").any() and scope.can_confirm_dress_code:
        st.page_link("dashboard/pages/dress_code_queue.py", label=t("review.violations.to_confirm",
                     n=int((found["standing"] == "pending").sum())), icon="✅")
    names = [t("review.violation.label", desk=r.desk_name, rule=cell_text("code:review.rule", r.rule, code),
               start=fmt_datetime(r.start_at.to_pydatetime()),
               standing=cell_text("code:review.standing", r.standing, code)) for r in found.itertuples()]
    picked = st.selectbox(t("review.violation.pick"), list(range(len(found))), key="review.violation",
                          format_func=names.__getitem__, placeholder=pick_hint())
    if picked is None or picked >= len(found):
        return
    row = found.iloc[picked]
    _notes(row)
    shown = _evidence(url, scope, str(row.rule), row)
    if scope.can_confirm_dress_code and "violation_id" in row.index:
        _decision(url, scope, row, picked, shown)
    _forms(url, scope, IncidentKey(int(row.desk_id), str(row.rule), row.start_at.to_pydatetime()), row,
           f"violation.{picked}")


def findings_section(part: MonthlyReview, label: str) -> None:
    st.subheader(t("review.findings", unit=md_escape(label)))
    if part.findings.empty:
        st.success(t("review.findings.none"))
        return
    st.dataframe(text_table(part.findings, FINDING_COLS, lang()), hide_index=True, key="review.findings_table")


def _notes(row: pd.Series) -> None:
    if bool(row.excused) and row.excuse_reason:
        st.info(t("review.note.excused_by", who=md_escape(row.excused_by), at=fmt_datetime(row.excused_at),
                  reason=md_escape(row.excuse_reason)))
    if row.explanation:
        st.info(t("review.note.explained", who=md_escape(row.explained_by), text=md_escape(row.explanation)))
    if row.get("reject_reason"):  # the explanation turned down: the staff member reads why (issue 13)
        st.warning(t("decision.rejected", who=md_escape(row.rejected_by), at=fmt_datetime(row.rejected_at),
                     reason=md_escape(row.reject_reason)))
    if row.get("waiting"):
        st.caption(t("decision.waiting"))


def _evidence(url: str, scope: Scope, kind: str, row: pd.Series) -> bool:
    """Draws the row's evidence picture; False when there is none."""
    found = picture_file(row.evidence_path)
    if found is None:
        st.caption(t("review.no_evidence"))
        return False
    show_picture_file(url, scope, found, desk_id=int(row.desk_id), start=row.start_at, caption=t("review.evidence"),
                      unit_id=int(row.unit_id), kind=kind)
    return True


def _decision(url: str, scope: Scope, row: pd.Series, picked: int, has_picture: bool) -> None:
    """Confirm or reject the violation here too, or change one's mind (data.dress_code audits each decision).
    Confirming needs the picture, as on the queue page."""
    status = str(row.get("status", ""))
    row_ = st.container(horizontal=True)
    for verdict, label, target, blind in (("confirm", "dress.confirm", "confirmed", not has_picture),
                                          ("reject", "dress.reject", "rejected", False)):
        if row_.button(t(label), key=f"review.decide.{picked}.{verdict}", disabled=status == target or blind):
            try:
                dress_code_queries.decide(url, scope, int(row.violation_id), verdict, None)
            except (DecisionError, AccessDenied) as err:
                st.error(t("review.note.error", error=md_escape(err)))
                return
            st.session_state[SAVED_KEY] = True
            st.rerun()


def _forms(url: str, scope: Scope, key: IncidentKey, row: pd.Series, form_key: str) -> None:
    """A supervisor decides: excuse, or reject an explanation (with a reason), or withdraw the standing
    decision; a staff member explains (data.review.decisions)."""
    if st.session_state.pop(SAVED_KEY, False):
        st.success(t("review.note.saved"))
    if scope.can_excuse:
        rejected = bool(row.get("reject_reason"))
        if bool(row.excused) or rejected:
            forms = [("withdraw", "decision.withdraw.reason",
                      "decision.withdraw_reject.submit" if rejected else "decision.withdraw_excuse.submit")]
        else:
            forms = [("excuse", "review.excuse.reason", "review.excuse.submit")]
            if row.get("explanation"):
                forms.append(("reject", "decision.reject.reason", "decision.reject.submit"))
        for action, label, submit in forms:
            with st.form(f"review.form.{form_key}.{action}", clear_on_submit=True):
                field = "reject" if action == "reject" else "reason"  # excuse and withdraw are never both shown
                text = st.text_input(t(label), key=f"review.{field}.{form_key}")
                if st.form_submit_button(t(submit)):
                    _save(url, scope, key, action, text)
    if scope.can_explain:
        with st.form(f"review.form.{form_key}.explain", clear_on_submit=True):
            text = st.text_input(t("review.explain.text"), key=f"review.explain.{form_key}")
            if st.form_submit_button(t("review.explain.submit")):
                _save(url, scope, key, "explain", text)


def _save(url: str, scope: Scope, key: IncidentKey, action: str, text: str) -> None:
    try:
        rq.add_note(url, scope, key, action, text)
    except (NoteError, AccessDenied) as err:
        st.error(t("review.note.error", error=md_escape(err)))
        return
    st.session_state[SAVED_KEY] = True
    st.rerun()
