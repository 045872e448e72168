"""Upload a detailed dossier export and import it with a progress bar.

The importer reads a path, so the upload is written to a temporary file that
keeps the original suffix; the original name is passed on for the report.
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import queries
from dashboard.format import fmt_int
from dashboard.i18n import lang, t
from dashboard.store import engine_for

RESULT_KEY = "import.last_result"
FILE_TYPES = ["csv", "txt", "xlsx"]


def importer_available() -> bool:
    """The importer is built alongside the app; until it lands the panel says so."""
    try:
        from data.dossiers.importer import import_dossier_file  # noqa: F401
    except ImportError:
        return False
    return True


def import_panel(url: str) -> None:
    st.subheader(t("import.header"))
    if not importer_available():
        st.info(t("import.unavailable"))
        return
    _show_last_result()
    upload = st.file_uploader(t("import.file"), type=FILE_TYPES, key="import.file")
    skip = st.checkbox(t("import.skip"), key="import.skip")
    if st.button(t("import.button"), key="import.run", disabled=upload is None, type="primary"):
        st.session_state[RESULT_KEY] = _run_import(url, upload.name, upload.getvalue(), skip)
        # Figures on the page above were drawn from the old data.
        st.rerun()


def _run_import(url: str, name: str, content: bytes, skip: bool):
    from data.dossiers.importer import import_dossier_file

    bar = st.progress(0.0, text=t("import.progress", file=name, done=0, total="…"))

    def progress(done: int, total: int) -> None:
        code = lang()
        bar.progress(min(1.0, done / total) if total else 0.0,
                     text=t("import.progress", file=name, done=fmt_int(done, code), total=fmt_int(total, code)))

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{Path(name).suffix.lower()}"
        path.write_bytes(content)
        try:
            result = import_dossier_file(engine_for(url), path, skip_bad_rows=skip, progress=progress,
                                         display_name=name)
        except Exception as exc:  # the importer's message names the problem; show it, keep the page
            return ImportFailure(file=name, reason=str(exc))
    if result.status == "done":
        queries.clear()
    return result


@dataclass(frozen=True)
class ImportFailure:
    """An import that raised before producing a result."""

    file: str
    reason: str


def _show_last_result() -> None:
    result = st.session_state.get(RESULT_KEY)
    if result is None:
        return
    if isinstance(result, ImportFailure):
        st.error(t("import.failed", file=result.file, reason=result.reason))
        return
    code = lang()
    figures = dict(file=result.file, read=fmt_int(result.rows_read, code),
                   imported=fmt_int(result.rows_imported, code), errors=fmt_int(len(result.errors), code),
                   bad_rows=fmt_int(len({(e.file, e.row) for e in result.errors}), code))
    if result.status != "done":
        st.error(t("import.rejected", **figures))
    elif result.errors:
        st.warning(t("import.done_skipped", **figures))
    else:
        st.success(t("import.done", **figures))
    if result.errors:
        st.markdown(f"**{t('import.errors')}**")
        st.dataframe(_error_frame(result.errors), hide_index=True, key="import.errors")


def _error_frame(errors) -> pd.DataFrame:
    return pd.DataFrame(
        [(e.file, e.row, e.column, e.reason) for e in errors],
        columns=[t("err.file"), t("err.row"), t("err.column"), t("err.reason")],
    )
