"""Every string the app shows, in Vietnamese (default) and English.

Pages call `t("key", name=...)`; the language lives in
`st.session_state["lang"]`, set by the sidebar switch and kept across pages.
"""
from __future__ import annotations

import importlib
import pkgutil

import streamlit as st

import dashboard.strings as _strings

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"
LANG_KEY = "lang"


def _load_catalogue() -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for info in sorted(pkgutil.iter_modules(_strings.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{_strings.__name__}.{info.name}")
        for key, pair in module.STRINGS.items():
            if key in merged:
                raise ValueError(f"chuỗi giao diện trùng khoá {key!r} trong dashboard/strings/{info.name}.py "
                                 f"(UI string key {key!r} defined twice)")
            merged[key] = pair
    return merged


CATALOGUE: dict[str, tuple[str, str]] = _load_catalogue()


def lang() -> str:
    value = st.session_state.get(LANG_KEY, DEFAULT_LANG)
    return value if value in LANGS else DEFAULT_LANG


def translate(language: str, key: str, **fmt: object) -> str:
    """The catalogue entry for `key` in `language`, with `fmt` filled in."""
    vi, en = CATALOGUE[key]
    text = en if language == "en" else vi
    return text.format(**fmt) if fmt else text


def t(key: str, **fmt: object) -> str:
    return translate(lang(), key, **fmt)


def fmt_minutes(seconds: float | None) -> str:
    """A duration as '12 phút' / '12 min' (whole minutes, rounded down)."""
    from dashboard.format import MISSING, fmt_whole_minutes

    text = fmt_whole_minutes(seconds, lang())
    return text if text == MISSING else t("duration.minutes", n=text)


def level_name(level_code: str) -> str:
    """Levels are data; unknown ones show their code rather than failing."""
    key = f"level.{level_code}"
    return t(key) if key in CATALOGUE else level_code
