"""An absence incident's evidence picture, or why there is none (issue 13).

The worker snapshots every absence incident at its unit's incident threshold (face-blurred before
anything is written; vision.compliance.stage). For an incident (desk, start, end) the store says:

* the snapshot's path (absence_evidence, keyed by the worker's ABSENT-run start inside the incident),
  else the newest dress-code picture taken at the desk during it;
* ``purged`` — the picture was deleted at its retention (evidence_purged_at);
* ``face_model`` / ``write_failed`` — the worker saw the incident but wrote no picture: the face model
  could not load (no picture is ever written unblurred), or the file could not be written;
* ``camera_offline`` — no snapshot, and the desk's camera was offline or frozen during the incident;
* ``not_taken`` — no snapshot at all: incidents from before every incident was snapshotted, or
  rows that did not come from a camera (imported, demo history).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, select

from data.access import Scope, require_desks
from data.db import reading
from data.schema import AbsenceEvidence, CameraHealthInterval, ComplianceObservation, Desk
from domain.states import CameraHealth
from domain.timezone import LOCAL_TZ, as_utc

MISSING_REASONS = ("purged", "face_model", "write_failed", "camera_offline", "not_taken")


@dataclass(frozen=True)
class IncidentPicture:
    path: str | None  # the stored path (untrusted: read it with data.evidence_files.readable_evidence)
    missing: str | None  # one of MISSING_REASONS when there is no path


def incident_picture(conn: Connection, desk_id: int, start: dt.datetime, end: dt.datetime) -> IncidentPicture:
    """The picture of the absence incident at `desk_id` over [start, end), or the reason there is none.

    The caller has checked the desk against the reader's scope."""
    start, end = as_utc(start), as_utc(end)
    snap = conn.execute(
        select(AbsenceEvidence.evidence_path, AbsenceEvidence.evidence_purged_at, AbsenceEvidence.missing_reason)
        .where(AbsenceEvidence.desk_id == desk_id, AbsenceEvidence.absent_since >= start,
               AbsenceEvidence.absent_since < end)
        .order_by(AbsenceEvidence.absent_since).limit(1)
    ).first()
    if snap is not None and snap.evidence_path:
        return IncidentPicture(snap.evidence_path, None)
    during = conn.execute(
        select(ComplianceObservation.evidence_path)
        .where(ComplianceObservation.desk_id == desk_id, ComplianceObservation.observed_at >= start,
               ComplianceObservation.observed_at <= end, ComplianceObservation.evidence_path.is_not(None),
               ComplianceObservation.evidence_path != "")
        .order_by(ComplianceObservation.observed_at.desc()).limit(1)
    ).scalar_one_or_none()
    if during:
        return IncidentPicture(during, None)
    if snap is not None:
        return IncidentPicture(None, "purged" if snap.evidence_purged_at is not None else
                               (snap.missing_reason or "not_taken"))
    return IncidentPicture(None, "camera_offline" if _camera_down(conn, desk_id, start, end) else "not_taken")


def _camera_down(conn: Connection, desk_id: int, start: dt.datetime, end: dt.datetime) -> bool:
    camera = select(Desk.camera_id).where(Desk.id == desk_id).scalar_subquery()
    return conn.execute(
        select(CameraHealthInterval.id).where(
            CameraHealthInterval.camera_id == camera, CameraHealthInterval.state != CameraHealth.ONLINE.value,
            CameraHealthInterval.start_at < end, CameraHealthInterval.end_at > start).limit(1)
    ).first() is not None


def missing_reasons(conn: Connection, desk_ids: list[int], starts: list[dt.datetime],
                    ends: list[dt.datetime]) -> list[str]:
    """Why each of these incidents has no picture (as incident_picture says it, in two queries for all):
    for the review's lists, whose incidents' pictures were looked up already."""
    if not desk_ids:
        return []
    starts, ends = [as_utc(s) for s in starts], [as_utc(e) for e in ends]
    lo, hi, desks = min(starts), max(ends), sorted(set(desk_ids))
    snaps: dict[int, list[tuple[dt.datetime, str]]] = {}
    for desk_id, since, purged, reason in conn.execute(
            select(AbsenceEvidence.desk_id, AbsenceEvidence.absent_since, AbsenceEvidence.evidence_purged_at,
                   AbsenceEvidence.missing_reason)
            .where(AbsenceEvidence.desk_id.in_(desks), AbsenceEvidence.absent_since >= lo,
                   AbsenceEvidence.absent_since < hi)
            .order_by(AbsenceEvidence.absent_since)):
        snaps.setdefault(int(desk_id), []).append(
            (as_utc(since), "purged" if purged is not None else (reason or "not_taken")))
    down: dict[int, list[tuple[dt.datetime, dt.datetime]]] = {}
    for desk_id, a, b in conn.execute(
            select(Desk.id, CameraHealthInterval.start_at, CameraHealthInterval.end_at)
            .join(CameraHealthInterval, CameraHealthInterval.camera_id == Desk.camera_id)
            .where(Desk.id.in_(desks), CameraHealthInterval.state != CameraHealth.ONLINE.value,
                   CameraHealthInterval.start_at < hi, CameraHealthInterval.end_at > lo)):
        down.setdefault(int(desk_id), []).append((as_utc(a), as_utc(b)))
    out = []
    for d, s, e in zip(desk_ids, starts, ends):
        snap = next((why for since, why in snaps.get(int(d), []) if s <= since < e), None)
        offline = any(a < e and b > s for a, b in down.get(int(d), []))
        out.append(snap or ("camera_offline" if offline else "not_taken"))
    return out


def scoped_incident_picture(conn: Connection | Engine, scope: Scope, desk_id: int, start: dt.datetime,
                            end: dt.datetime) -> IncidentPicture:
    """incident_picture for a reader: a desk outside `scope` raises AccessDenied (the live page's absences)."""
    with reading(conn) as c:
        require_desks(c, scope, [desk_id], as_utc(start).astimezone(LOCAL_TZ).date())
        return incident_picture(c, desk_id, start, end)
