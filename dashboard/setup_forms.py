"""What every Setup tab shares: saving a change in one transaction and saying how it went.

A refused change keeps the page as the user left it: the tab (keyed, TAB_KEY), and every
field's typed value (keyed widgets, forms that do not clear on submit); only a change
that went through empties the fields it names. The reason is shown in the reader's
language, the field by its label, without field or store ids (dashboard.setup_messages).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import streamlit as st
from sqlalchemy import Connection

from dashboard import presence_queries, review_queries, scorecard_queries, setup_queries
from dashboard.i18n import LANGS, lang, t, translate
from dashboard.markdown_text import md_escape
from dashboard.setup_messages import plain_message
from dashboard.store import engine_for
from data.access import AccessDenied
from data.setup import SetupError
from domain.redaction import redact_text

FLASH_KEY = "setup.flash"
TAB_KEY = "setup.tab"


def refusal_text(field: str | None, message: str, labels: Mapping[str, str] | None = None) -> str:
    """'Chưa lưu — <field label>: <why>' as Markdown (the reason escaped; a field without a label unnamed)."""
    why = md_escape(plain_message(redact_text(message), lang()))
    if labels and field in labels:
        return t("setup.error", field=t(labels[field]), message=why)
    return t("setup.error_unnamed", message=why)


def save(url: str, change: Callable[[Connection], object], labels: Mapping[str, str] | None = None,
         clear: tuple[str, ...] = ()) -> None:
    """Run `change` in one transaction, then rerun showing 'Saved.' or why nothing was written.

    `clear`: widget keys emptied once the change is saved (a new item's form starts afresh, a
    camera source leaves the session); after a refusal every field keeps what was typed.
    """
    try:
        with engine_for(url).begin() as conn:
            change(conn)
    except SetupError as err:
        outcome = ("error", refusal_text(err.field, str(err), labels))
    except AccessDenied as err:
        outcome = ("error", t("setup.denied", message=md_escape(plain_message(str(err), lang()))))
    else:
        setup_queries.clear()
        # Office hours and presence policies change what the desk pages and the review count.
        presence_queries.clear()
        review_queries.review.clear()
        scorecard_queries.clear()
        outcome = ("success", t("setup.saved"))
        for key in clear:
            st.session_state.pop(key, None)
    st.session_state[FLASH_KEY] = outcome
    st.rerun()


def tab_labels(keys: Sequence[str]) -> list[str]:
    """The tabs' labels in the reader's language; the tab kept (TAB_KEY) follows a change of language."""
    labels = [t(k) for k in keys]
    kept = st.session_state.get(TAB_KEY)
    if kept is not None and kept not in labels:
        for code in LANGS:
            other = [translate(code, k) for k in keys]
            if kept in other:
                st.session_state[TAB_KEY] = labels[other.index(kept)]
                break
    return labels


def show_flash() -> None:
    """The outcome of the last save, once, in a slot that is there on every run: the elements below
    it (the tabs) keep their place, so the browser keeps them as they were."""
    kind, message = st.session_state.pop(FLASH_KEY, (None, None))
    with st.container(key="setup.flash_slot"):
        if kind == "success":
            st.success(message)
        elif kind == "error":
            st.error(message)


def refuse(label_key: str, message: str) -> None:
    """A field the page itself could not read (before data/ saw it); `message` is Markdown, users' text escaped."""
    st.error(t("setup.error", field=t(label_key), message=message))


def yes_no(value: object) -> str:
    return t("setup.yes") if bool(value) else t("setup.no")
