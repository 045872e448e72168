"""Markdown the pages send, read the way the browser shows it.

Users' text reaches Markdown escaped (`dashboard.markdown_text.md_escape`): every
ASCII punctuation character behind a backslash. A test that checks what a
person reads drops those backslashes; a test that checks the escaping itself
compares the raw element value instead.
"""
from __future__ import annotations

import re

_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")


def as_read(markdown: str) -> str:
    return _ESCAPED.sub(r"\1", markdown)


MARKDOWN_ELEMENTS = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success")
LABELLED = ("button", "metric", "expander", "tabs", "checkbox", "toggle", "radio", "text_input", "text_area",
            "selectbox", "multiselect", "number_input", "date_input")


def markdown_bodies(app) -> list[str]:
    """Every text the page rendered as Markdown: the text elements, widget and container labels, image captions.

    Select box options are plain text in Streamlit and are left out.
    """
    bodies = [str(e.value) for kind in MARKDOWN_ELEMENTS for e in getattr(app, kind)]
    bodies += [str(e.label) for kind in LABELLED for e in getattr(app, kind)]
    bodies += [c for img in app.image for c in img.captions]
    return bodies
