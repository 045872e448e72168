"""Why a setup change was refused, in the reader's language and in plain words.

data/setup and the sites rules (domain.sites) write every message as
"Vietnamese (English)" and, for the worker's sites file, prefix it with the
field's path ("staff_zone[2][0]: …", "id: …"); a missing row is named by its
store id ("không có camera id=5"). A page shows none of that: only the part in
the reader's language, the point of a zone by its number, no field ids, no
store ids. Kept free of Streamlit so the rules are plain functions; the page
escapes the result for Markdown (dashboard.markdown_text).
"""
from __future__ import annotations

import re

from dashboard.strings.setup import MSG_DESK_ID_VI, MSG_POINT_VI, MSG_THIS_ONE_VI

# A field path the sites rules put in front of a message: a field id, then [i] and .sub parts.
_PATH = re.compile(r"^(?P<path>[A-Za-z_][A-Za-z0-9_]*(?:\[\d+\]|\.[A-Za-z_][A-Za-z0-9_]*)*):\s+")
# Field ids a path may start with although they hold no '_' or '[' (the sites file's camera and desk fields).
_FIELD_IDS = frozenset({"id", "code", "name", "source", "unit", "enabled", "desks", "cameras"})
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|«[^»]*»")
_LEADING_SEPARATOR = re.compile(r"^\s*([—–;:,.-]+)\s*")
_SPACES = re.compile(r"\s{2,}")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:)])")


def _groups(text: str) -> list[tuple[bool, str]]:
    """`text` as pieces: (False, plain text) and (True, the inside of a top-level (…) group)."""
    pieces: list[tuple[bool, str]] = []
    depth, start = 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            if depth == 0:
                pieces.append((False, text[start:i]))
                start = i + 1
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                pieces.append((True, text[start:i]))
                start = i + 1
    if depth:  # an unclosed bracket: the rest is plain text
        pieces.append((False, "(" + text[start:]))
    else:
        pieces.append((False, text[start:]))
    return [(g, s) for g, s in pieces if g or s]


def _is_english(inside: str) -> bool:
    """A bracket holding the English of the text before it: its words (outside quotes, which hold
    users' values) are English ones, but for a Vietnamese word it may name (MSG_DESK_ID_VI)."""
    words = re.findall(r"[^\W\d_]+", _QUOTED.sub("", inside))
    ascii_words = sum(w.isascii() for w in words)
    others = len(words) - ascii_words
    return ascii_words > 0 and (others == 0 or (ascii_words >= 2 and ascii_words > 2 * others))


def in_language(message: str, code: str) -> str:
    """The Vietnamese or the English part of a 'Vietnamese (English)' message.

    A message with no English part is returned whole in both languages.
    """
    pieces = _groups(message)
    english = [s for g, s in pieces if g and _is_english(s)]
    if code != "en":
        text = "".join(s if not g else f"({s})" for g, s in pieces if not (g and _is_english(s)))
    elif not english:
        return message.strip()
    else:
        parts: list[str] = []
        pending = ""
        for g, s in pieces:
            if g and _is_english(s):
                parts.append(pending + s)
                pending = ""
            elif not g and parts:
                sep = _LEADING_SEPARATOR.match(s)
                pending = f" {sep.group(1)} " if sep else " "
        text = "".join(parts)
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", _SPACES.sub(" ", text)).strip()
    return text.rstrip(" —–:;,")


def _where(path: str, code: str) -> str:
    """A path's place in words: the point of a staff zone, else nothing (the field is named already)."""
    m = re.match(r"^staff_zone\[(\d+)\]", path)
    if m is None:
        return ""
    n = int(m.group(1)) + 1
    return f"point {n}: " if code == "en" else MSG_POINT_VI.format(n=n)


def _no_ids(text: str, code: str) -> str:
    """Store ids and field ids out of the words."""
    if code == "en":
        text = re.sub(r"\bno ([\w ]+?) with id \d+", r"no such \1", text)
        text = re.sub(MSG_DESK_ID_VI, "desk code:", text)
        text = re.sub(r"\b(camera|desk|unit) id:", r"\1 code:", text)
        text = re.sub(r"\bstaff_zone\b", "the staff zone", text)
    else:
        text = re.sub(r"\s+id\s*=\s*\d+", MSG_THIS_ONE_VI, text)
    return re.sub(r"\bid\s*[=:]\s*", "", text)


def plain_message(message: str, code: str) -> str:
    """A refusal from data/setup or the sites rules as the reader should see it (not escaped yet)."""
    message = " ".join(str(message).split())
    where = ""
    m = _PATH.match(message)
    if m and ("_" in m["path"] or "[" in m["path"] or m["path"].split(".")[0] in _FIELD_IDS):
        where = _where(m["path"], code)
        message = message[m.end():]
    return where + _no_ids(in_language(message, code), code)
