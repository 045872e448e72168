"""The camera tab's "Kiểm tra kết nối": run the probe (data.camera_probe) and say what it found, in words.

No picture is shown: the dashboard has no face model (it runs no detector), and a
camera picture is shown only once faces are blurred. The size, rate and codec say
whether the source works; the worker's face-blurred picture is on the desk tab.
"""
from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from dashboard.format import fmt_num
from dashboard.i18n import lang, translate
from dashboard.setup_forms import refusal_text
from data.access import AccessDenied
from data.camera_probe import SourceCheck
from data.setup import SetupError

CHECK_KEY = "setup.cam.check_result"


def check_text(result: SourceCheck, code: str, timeout_s: float) -> str:
    """'Mở được: 1920×1080, 25 khung/giây, mã hoá H264 (sau 0,4 giây).' or 'Không kết nối được: …' (Markdown)."""
    if result.ok:
        unknown = translate(code, "setup.cam.check_unknown")
        fps = unknown if result.fps is None else fmt_num(result.fps, 0 if abs(result.fps - round(result.fps)) < 0.05
                                                         else 1, code)
        return translate(code, "setup.cam.check_ok", width=result.width, height=result.height, fps=fps,
                         codec=result.codec or unknown, seconds=fmt_num(result.elapsed_s, 1, code))
    reason = translate(code, f"setup.cam.problem.{result.problem.value}", port=result.port or "",
                       seconds=fmt_num(timeout_s, 0, code))
    return translate(code, "setup.cam.check_failed", reason=reason)


def run_check(where: str, probe: Callable[[], SourceCheck], timeout_s: float) -> None:
    """Probe now (a spinner meanwhile) and keep what it said for `where` (a form's key)."""
    with st.spinner(translate(lang(), "setup.cam.checking")):
        try:
            result = probe()
        except SetupError as err:
            st.session_state[CHECK_KEY] = (where, "error", refusal_text(err.field, str(err), {
                "source": "setup.cam.source"}))
            return
        except AccessDenied:
            st.session_state[CHECK_KEY] = (where, "error", translate(lang(), "setup.admins_only"))
            return
    st.session_state[CHECK_KEY] = (where, "success" if result.ok else "error", check_text(result, lang(), timeout_s))


def show_check(where: str) -> None:
    """The last test run from `where`, if that is where it was run."""
    found = st.session_state.get(CHECK_KEY)
    if not found or found[0] != where:
        return
    _, kind, text = found
    (st.success if kind == "success" else st.error)(text)
    st.caption(translate(lang(), "setup.cam.check_no_picture"))
