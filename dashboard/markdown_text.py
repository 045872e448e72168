"""Users' text inside Markdown: shown as typed, never as markup.

Desk, unit and staff names, notes and explanations are typed by people and
end up in `st.markdown`, `st.info`, captions and labels, which all render
Markdown (and Streamlit's own `:color[…]`, `:emoji:` and `$…$` directives).
Every ASCII punctuation character is backslash-escaped (CommonMark lets any of
them be escaped, and the escaped character shows as itself), and line breaks
become spaces, so a name can neither start a block nor carry a link, an image,
a directive or formula.
"""
from __future__ import annotations

import re
import string

_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")


def md_escape(text: object) -> str:
    """`text` as literal Markdown inline text (None shows as an empty string)."""
    if text is None:
        return ""
    flat = _LINE_BREAKS.sub(" ", str(text))
    return _PUNCTUATION.sub(r"\\\1", flat)
