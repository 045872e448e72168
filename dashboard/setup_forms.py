"""What every Setup tab shares: saving a change in one transaction and saying how it went."""
from __future__ import annotations

from collections.abc import Callable, Mapping

import streamlit as st
from sqlalchemy import Connection

from dashboard import presence_queries, review_queries, scorecard_queries, setup_queries
from dashboard.i18n import t
from dashboard.markdown_text import md_escape
from dashboard.store import engine_for
from data.access import AccessDenied
from data.setup import SetupError

FLASH_KEY = "setup.flash"


def save(url: str, change: Callable[[Connection], object], labels: Mapping[str, str] | None = None,
         forget: tuple[str, ...] = ()) -> None:
    """Run `change` in one transaction, then rerun showing 'Saved.' or why nothing was written.

    `forget`: widget keys dropped whatever happens (a camera source must not stay in the session).
    """
    try:
        with engine_for(url).begin() as conn:
            change(conn)
    except SetupError as err:
        field = t(labels[err.field]) if labels and err.field in labels else md_escape(err.field)
        outcome = ("error", t("setup.error", field=field, message=md_escape(err)))
    except AccessDenied as err:
        outcome = ("error", t("setup.denied", message=md_escape(err)))
    else:
        setup_queries.clear()
        # Office hours and presence policies change what the desk pages and the review count.
        presence_queries.clear()
        review_queries.review.clear()
        scorecard_queries.clear()
        outcome = ("success", t("setup.saved"))
    for key in forget:
        st.session_state.pop(key, None)
    st.session_state[FLASH_KEY] = outcome
    st.rerun()


def show_flash() -> None:
    """The outcome of the last save, once."""
    kind, message = st.session_state.pop(FLASH_KEY, (None, None))
    if kind == "success":
        st.success(message)
    elif kind == "error":
        st.error(message)


def refuse(label_key: str, message: str) -> None:
    """A field the page itself could not read (before data/ saw it); `message` is Markdown, users' text escaped."""
    st.error(t("setup.error", field=t(label_key), message=message))


def yes_no(value: object) -> str:
    return t("setup.yes") if bool(value) else t("setup.no")
