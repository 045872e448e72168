"""Upload a detailed dossier export and import it with a progress bar, as the signed-in account.

The importer reads a path, so the upload is written to a temporary file that
keeps the original suffix; the original name is passed on for the report.
The import runs in the account's scope (rows outside it are refused) and is
audited under its username. A file over the upload cap (the smaller of the
store setting import.max_upload_mb and Streamlit's server.maxUploadSize) is
refused before it is written anywhere.
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
from dashboard.markdown_text import md_escape
from dashboard.store import engine_for
from data.access import Scope
from data.settings import get_max_upload_mb

RESULT_KEY = "import.last_result"
FILE_TYPES = ["csv", "txt", "xlsx"]
MB = 1024 * 1024


def importer_available() -> bool:
    """The importer is built alongside the app; until it lands the panel says so."""
    try:
        from data.dossiers.importer import import_dossier_file  # noqa: F401
    except ImportError:
        return False
    return True


def upload_cap_mb(url: str) -> int:
    """The store setting, never above what Streamlit itself accepts."""
    return max(1, min(get_max_upload_mb(engine_for(url)), int(st.get_option("server.maxUploadSize"))))


def import_panel(url: str, scope: Scope) -> None:
    from data.dossiers.importer import ImportLimits

    st.subheader(t("import.header"))
    if not importer_available():
        st.info(t("import.unavailable"))
        return
    _show_last_result()
    cap = upload_cap_mb(url)
    upload = st.file_uploader(t("import.file"), type=FILE_TYPES, key="import.file", max_upload_size=cap)
    st.caption(t("imp.limit", mb=cap, unpacked=ImportLimits().max_unpacked_bytes // MB))
    skip = st.checkbox(t("import.skip"), key="import.skip")
    if st.button(t("import.button"), key="import.run", disabled=upload is None, type="primary"):
        if upload.size > cap * MB:
            st.session_state[RESULT_KEY] = TooBig(upload.name, upload.size, cap)
        else:
            st.session_state[RESULT_KEY] = _run_import(url, scope, upload.name, upload.getvalue(), skip, cap)
        # Figures on the page above were drawn from the old data.
        st.rerun()


def _run_import(url: str, scope: Scope, name: str, content: bytes, skip: bool, cap_mb: int):
    from data.dossiers.importer import ImportLimits, import_dossier_file

    bar = st.progress(0.0, text=t("import.progress", file=md_escape(name), done=0, total="…"))

    def progress(done: int, total: int) -> None:
        code = lang()
        bar.progress(min(1.0, done / total) if total else 0.0,
                     text=t("import.progress", file=md_escape(name), done=fmt_int(done, code),
                            total=fmt_int(total, code)))

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{Path(name).suffix.lower()}"
        path.write_bytes(content)
        try:
            result = import_dossier_file(engine_for(url), path, scope=scope, skip_bad_rows=skip, progress=progress,
                                         display_name=name, limits=ImportLimits(max_file_bytes=cap_mb * MB))
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


@dataclass(frozen=True)
class TooBig:
    """An upload over the cap, refused before it was written anywhere."""

    file: str
    size: int
    cap_mb: int


def _show_last_result() -> None:
    result = st.session_state.get(RESULT_KEY)
    if result is None:
        return
    code = lang()
    if isinstance(result, ImportFailure):
        st.error(t("import.failed", file=md_escape(result.file), reason=md_escape(result.reason)))
        return
    if isinstance(result, TooBig):
        st.error(t("imp.too_big", file=md_escape(result.file), size=f"{result.size / MB:.1f}".replace(".", ","),
                   mb=result.cap_mb))
        return
    figures = dict(file=md_escape(result.file), read=fmt_int(result.rows_read, code),
                   imported=fmt_int(result.rows_imported, code), errors=fmt_int(result.error_total, code),
                   bad_rows=fmt_int(result.rows_bad, code))
    if result.status != "done":
        st.error(t("import.rejected", **figures))
    elif result.errors:
        st.warning(t("import.done_skipped", **figures))
    else:
        st.success(t("import.done", **figures))
    if result.status == "done":
        st.info(t("imp.changes", added=fmt_int(result.added, code), updated=fmt_int(result.updated, code),
                  moved=fmt_int(result.moved, code)))
        if result.moves:  # which units' figures the moved dossiers left and joined
            st.dataframe(pd.DataFrame([(m.from_unit, m.to_unit, fmt_int(m.count, code)) for m in result.moves],
                                      columns=[t("imp.move.from"), t("imp.move.to"), t("imp.move.count")]),
                         hide_index=True, key="import.moves")
    if result.refused:
        st.warning(t("imp.refused", refused=fmt_int(result.refused, code)))
    if result.errors:
        st.markdown(f"**{t('import.errors')}**")
        if result.errors_truncated:
            _column_totals(result, code)
        st.dataframe(_error_frame(result.errors), hide_index=True, key="import.errors")


def _column_totals(result, code: str) -> None:
    from data.dossiers.importer import ImportLimits

    st.caption(t("imp.truncated", total=fmt_int(result.error_total, code), limit=ImportLimits().errors_per_column))
    st.dataframe(pd.DataFrame([(c.column or t("imp.whole_row"), c.errors) for c in result.error_columns],
                              columns=[t("imp.col.column"), t("imp.col.errors")]),
                 hide_index=True, key="import.error_columns")


def _error_frame(errors) -> pd.DataFrame:
    return pd.DataFrame(
        [(e.file, e.row, e.column, e.reason) for e in errors],
        columns=[t("err.file"), t("err.row"), t("err.column"), t("err.reason")],
    )
