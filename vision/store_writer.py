"""The vision worker's side of the store: its handle (`StoreWriter`), crash recovery, compliance.

The SQL lives in data.worker_store (sites → rows, intervals → rows, compliance rows,
absence snapshots); this module holds the worker's bookkeeping around it.

* `StoreWriter.sync` imports the sites file into the store (data.worker_store.sites).
  The store holds the full source, as the Cấu hình page stores it; a redacted source
  in the file keeps the stored one, and the worker then opens the stored one.
* Intervals that fail to write (the store is down) stay in a backlog, are retried on
  the next write, and go into the checkpoint (vision.store_checkpoints).
* Crash recovery: vision.store_recovery.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import InterfaceError, OperationalError

from data.office_hours_store import load_schedule
from data.units import UnitNotFound, find_unit
from data.worker_store.compliance import append_absence_snapshots, append_compliance, append_pass_samples
from data.worker_store.compliance import append_violations as append_violation_rows
from data.worker_store.compliance_rules import load_compliance_rules
from data.worker_store.intervals import append_health, append_presence
from data.worker_store.sites import SiteIds, sync_sites, with_stored_sources
from domain.office_hours import Schedule
from domain.records import (
    AbsenceSnapshot,
    CameraHealthInterval,
    ComplianceObservation,
    ComplianceViolation,
    PassSample,
    PresenceInterval,
)
from domain.sites import SitesConfig
from vision.camera_health import HealthState
from vision.compliance.stage import AbsenceEvidence
from vision.compliance.window import ComplianceRun
from vision.presence import PresenceState
from vision.store_checkpoints import CheckpointStore, Unwritten, checkpoint_of
from vision.store_recovery import RecoveryReport, recover

# --- the worker's handle ---------------------------------------------------------------


@dataclass
class StoreWriter:
    """Everything the worker needs from the store, with a backlog for a store that is down.

    Intervals that fail to write (the database is unreachable) stay in a
    backlog, are retried on the next write, and go into the checkpoint so a
    crash does not lose them either.
    """

    engine: Engine
    sites: SitesConfig
    state_dir: Path
    source: str = "worker"
    ids: SiteIds | None = None
    always_open: bool = False  # every hour is office hours (--always-open), in recovery too
    _schedules: dict[str, Schedule] = field(default_factory=dict)
    _presence_backlog: list[PresenceInterval] = field(default_factory=list)
    _health_backlog: list[CameraHealthInterval] = field(default_factory=list)
    _compliance_backlog: list[ComplianceObservation] = field(default_factory=list)
    _violation_backlog: list[ComplianceRun] = field(default_factory=list)
    _absence_backlog: list[AbsenceEvidence] = field(default_factory=list)
    _pass_backlog: list[PassSample] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.state_dir = Path(self.state_dir)
        self.checkpoints = CheckpointStore(self.state_dir)

    def sync(self) -> SiteIds:
        with self.engine.begin() as conn:
            self.ids = sync_sites(conn, self.sites)
            self.sites = with_stored_sources(conn, self.sites)
            self._schedules = {
                cam.id: load_schedule(conn, self.ids.unit_by_camera[cam.id], self.sites.timezone)
                for cam in self.sites.cameras
            }
        return self.ids

    def schedule_for(self, camera_id: str) -> Schedule:
        self._need_ids()
        return Schedule.always(self.sites.timezone) if self.always_open else self._schedules[camera_id]

    def hours(self) -> dict[str, Schedule]:
        """Each camera's office hours as the worker runs them (always open under --always-open)."""
        return {cam_id: self.schedule_for(cam_id) for cam_id in self._schedules}

    def reload_schedules(self) -> None:
        """Pick up new holidays or hours (the worker calls this now and then, e.g. daily)."""
        ids = self._need_ids()
        with self.engine.connect() as conn:
            self._schedules = {
                cam.id: load_schedule(conn, ids.unit_by_camera[cam.id], self.sites.timezone)
                for cam in self.sites.cameras
            }

    def recover(self, now: dt.datetime) -> RecoveryReport:
        ids = self._need_ids()
        with self.engine.begin() as conn:
            return recover(conn, ids, self.sites, self.checkpoints, self.hours(), now)

    def write(
        self, presence: Sequence[PresenceInterval] = (), health: Sequence[CameraHealthInterval] = ()
    ) -> bool:
        """Write closed intervals (and any backlog); False if the store is unreachable (kept for later)."""
        ids = self._need_ids()
        self._presence_backlog.extend(presence)
        self._health_backlog.extend(health)
        if not self._presence_backlog and not self._health_backlog:
            return True
        try:
            with self.engine.begin() as conn:
                append_presence(conn, ids, self._presence_backlog, self.source)
                append_health(conn, ids, self._health_backlog)
        except (OperationalError, InterfaceError):  # unreachable store; a real bug still raises
            return False
        self._presence_backlog.clear()
        self._health_backlog.clear()
        return True

    def compliance_for(self, camera_id: str):
        """The camera's compliance settings (sites file + the unit's store rules); None = not judged."""
        with self.engine.connect() as conn:
            return compliance_for_camera(conn, self.sites, camera_id)

    def write_compliance(
        self, observations: Sequence[ComplianceObservation] = (), runs: Sequence[ComplianceRun] = (),
        absences: Sequence[AbsenceEvidence] = (), pass_samples: Sequence[PassSample] = (),
    ) -> bool:
        """Write compliance samples, closed violations, incident snapshots and kept PASS samples (and any
        backlog); False if the store is unreachable."""
        ids = self._need_ids()
        self._compliance_backlog.extend(observations)
        self._violation_backlog.extend(r for r in runs if r.is_violation)
        self._absence_backlog.extend(absences)
        self._pass_backlog.extend(pass_samples)
        if not (self._compliance_backlog or self._violation_backlog or self._absence_backlog or self._pass_backlog):
            return True
        try:
            with self.engine.begin() as conn:
                append_compliance(conn, ids, self._compliance_backlog)
                append_violations(conn, ids, self._violation_backlog)
                append_absence_evidence(conn, ids, self._absence_backlog)
                append_pass_samples(conn, ids, self._pass_backlog)
        except (OperationalError, InterfaceError):
            return False
        self._compliance_backlog.clear()
        self._violation_backlog.clear()
        self._absence_backlog.clear()
        self._pass_backlog.clear()
        return True

    def checkpoint(
        self, camera_id: str, heartbeat: dt.datetime, desks: Sequence[PresenceState], health: HealthState | None,
        unwritten: Unwritten | None = None,
    ) -> None:
        """Save what a crash would lose: `unwritten` (the worker's writer thread holds it), else this
        writer's own backlog, and the open intervals."""
        if unwritten is None:
            desk_ids = {st.desk_id for st in desks}
            unwritten = Unwritten(tuple(p for p in self._presence_backlog if p.desk_id in desk_ids),
                                  tuple(h for h in self._health_backlog if h.camera_id == camera_id))
        self.checkpoints.save(checkpoint_of(camera_id, heartbeat, desks, health, unwritten.presence, unwritten.health))

    def write_now(
        self, presence: Sequence[PresenceInterval], health: Sequence[CameraHealthInterval],
        observations: Sequence[ComplianceObservation] = (), runs: Sequence[ComplianceRun] = (),
        absences: Sequence[AbsenceEvidence] = (), engine: Engine | None = None,
        pass_samples: Sequence[PassSample] = (),
    ) -> None:
        """Write everything in one transaction (through `engine`, default this writer's), or raise
        (no backlog: vision.store_queue holds it)."""
        ids = self._need_ids()
        with (engine or self.engine).begin() as conn:
            append_presence(conn, ids, presence, self.source)
            append_health(conn, ids, health)
            if observations:
                append_compliance(conn, ids, observations)
            if runs:
                append_violations(conn, ids, runs)
            if absences:
                append_absence_evidence(conn, ids, absences)
            if pass_samples:
                append_pass_samples(conn, ids, pass_samples)

    def clear_checkpoint(self, camera_id: str) -> None:
        """After a clean shutdown has written everything."""
        self.checkpoints.clear(camera_id)

    def _need_ids(self) -> SiteIds:
        if self.ids is None:
            raise RuntimeError("call sync() first")
        return self.ids


# --- dress-code compliance (issue 4) ------------------------------------------------------


def append_violations(conn: Connection, ids: SiteIds, runs: Iterable[ComplianceRun]) -> int:
    """Add the violations (FAIL runs) among `runs`; a run already stored is updated, not doubled."""
    return append_violation_rows(conn, ids, [
        ComplianceViolation(r.desk_id, r.rule, r.start, r.end, r.samples, r.fail_samples, r.evidence,
                            score=r.score, person_box=r.person_box, crop_path=r.crop_path, model_version=r.model_version)
        for r in runs if r.is_violation])


def append_absence_evidence(conn: Connection, ids: SiteIds, snapshots: Iterable[AbsenceEvidence]) -> int:
    """Add the snapshots of absence incidents (one per desk and ABSENT run; repeats are skipped)."""
    return append_absence_snapshots(conn, ids, [AbsenceSnapshot(e.desk_id, e.since, e.at, e.path, e.missing)
                                                 for e in snapshots])


def compliance_for_camera(conn: Connection, sites: SitesConfig, camera_id: str):
    """The camera's compliance settings: sites file defaults, camera overrides, then the
    unit's rules from the store. None when none of them says anything (not judged)."""
    from domain.sites import ComplianceConfig  # noqa: PLC0415
    from vision.compliance.settings import with_store_rules  # noqa: PLC0415

    cam = sites.camera(camera_id)
    base = sites.compliance_for(camera_id)
    try:
        unit_id = find_unit(conn, cam.unit).id
    except UnitNotFound:
        return base
    rules = load_compliance_rules(conn, unit_id)
    if not rules:
        return base
    return with_store_rules(base or ComplianceConfig(), rules)
