"""An absence incident's evidence picture, or "Không có ảnh" with the reason (issue 13 item 2).

One drawing for the desk day, the monthly review and the live page's absence list:

    show_incident_picture(url, scope, desk_id=…, start=…, path=…, missing=…, caption=…)
        the picture a query already found (day_incidents / the review's incident list)
    show_absence_picture(url, scope, desk_id, since, now, caption)
        for the live page: looks up the picture of the absence going on at a desk since `since`

Every picture a person opens is in the audit log (once per session and picture). Paths come from the
store and are read only inside the evidence root (data.evidence_files).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import streamlit as st

from dashboard.auth_audit import audit_once
from dashboard.i18n import t
from dashboard.store import engine_for
from data.access import Scope
from data.evidence_files import readable_evidence
from data.presence.incident_picture import MISSING_REASONS, scoped_incident_picture
from data.retention.policy import evidence_dir

UNREADABLE = "unreadable"  # a path the store names, but no readable file inside the evidence root


def picture_file(path: str | None) -> Path | None:
    """The evidence picture on disk, only ever inside MONITOR_EVIDENCE_DIR (var/evidence): the path is the store's."""
    return readable_evidence(evidence_dir(), path)


def show_picture_file(url: str, scope: Scope, found: Path, *, desk_id: int, start: dt.datetime, caption: str,
                      unit_id: int | None = None, kind: str = "absence") -> None:
    """Draw a found evidence picture, audited (once per session and picture)."""
    audit_once(url, scope, "evidence_view", f"desk:{int(desk_id)}@{start.isoformat()}", unit_id=unit_id,
               detail={"kind": kind, "file": found.name})
    st.image(found.read_bytes(), caption=caption)


def missing_text(path: str | None, missing: str | None) -> str:
    """'Không có ảnh: <reason>.' for an incident whose picture cannot be shown."""
    reason = UNREADABLE if path else (missing if missing in MISSING_REASONS else "not_taken")
    return t("evidence.none", reason=t(f"evidence.missing.{reason}"))


def show_incident_picture(url: str, scope: Scope, *, desk_id: int, start: dt.datetime, path: str | None,
                          missing: str | None, caption: str, unit_id: int | None = None,
                          kind: str = "absence") -> bool:
    """Draw the picture, or say why there is none; True when a picture was shown."""
    found = picture_file(path)
    if found is None:
        st.info(missing_text(path, missing))
        return False
    show_picture_file(url, scope, found, desk_id=desk_id, start=start, caption=caption, unit_id=unit_id, kind=kind)
    return True


def show_absence_picture(url: str, scope: Scope, desk_id: int, since: dt.datetime, now: dt.datetime,
                         caption: str) -> bool:
    """The picture of the absence going on at `desk_id` since `since` (the live page's list), or why none."""
    picture = scoped_incident_picture(engine_for(url), scope, int(desk_id), since, now)
    return show_incident_picture(url, scope, desk_id=int(desk_id), start=since, path=picture.path,
                                 missing=picture.missing, caption=caption)
