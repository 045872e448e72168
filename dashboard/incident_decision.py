"""What was said and decided about one incident: the staff member's explanation, whether it waits, the
excuse or the rejection with its reason (issue 13 item 3). Users' text is escaped for Markdown."""
from __future__ import annotations

import streamlit as st

from dashboard.format import fmt_datetime
from dashboard.i18n import t
from dashboard.markdown_text import md_escape
from dashboard.store import engine_for
from data.access import Scope
from data.review.incident_notes import incident_notes
from data.review.notes import IncidentKey


def show_decision(url: str, scope: Scope, key: IncidentKey) -> None:
    """The incident's explanation and the standing decision, read afresh (a decision shows at once)."""
    notes = incident_notes(engine_for(url), scope, key)
    if notes.explanation is not None:
        e = notes.explanation
        st.info(t("decision.explained", who=md_escape(e.author), at=fmt_datetime(e.at), text=md_escape(e.text)))
    if notes.decision is not None:
        d = notes.decision
        line = t(f"decision.{'excused' if d.action == 'excuse' else 'rejected'}", who=md_escape(d.author),
                 at=fmt_datetime(d.at), reason=md_escape(d.text))
        (st.success if d.action == "excuse" else st.warning)(line)
    if notes.standing.waiting:
        st.caption(t("decision.waiting"))
