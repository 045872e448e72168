"""The vision worker's side of the store: sites → rows, intervals → rows, crash recovery.

* `sync_sites` imports the sites file into the store (data.setup.sites_import:
  camera.code = camera id, desk.code = desk id, desk.staff_zone, the units'
  presence and compliance rows). The store holds the full source, as the
  Cấu hình page stores it; a redacted source in the file keeps the stored one,
  and the worker then opens the stored one (`with_stored_sources`).
* `append_presence` / `append_health` add closed intervals. A desk's (or a
  camera's) rows never overlap: an interval reaching back before the newest
  row is clipped, and one that abuts the newest row with the same state
  extends it. Writing the same interval twice is therefore harmless.
* Crash recovery. The worker checkpoints every camera now and then: a small
  JSON file under a state directory with the intervals it holds but has not
  written (the open one ends at the heartbeat) and the heartbeat itself.
  `recover(now)` writes those, then records the time from each desk's newest
  row until `now` as OFFLINE (OFF_HOURS where the office was closed), and the
  camera's health as OFFLINE: the worker was not watching. The worker then
  starts its state machines at `now`, so the store keeps tiling time.
"""
from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

from sqlalchemy import Connection, Engine, insert, select, update
from sqlalchemy.exc import InterfaceError, OperationalError

from data.office_hours_store import load_schedule
from data.schema import Camera as CameraRow
from data.schema import CameraHealthInterval as HealthRow
from data.schema import Desk as DeskRow
from data.schema import PresenceInterval as PresenceRow
from data.setup.sites_import import import_sites
from data.units import UnitNotFound, find_unit
from domain.office_hours import Schedule
from domain.records import CameraHealthInterval, ComplianceObservation, PresenceInterval
from domain.sites import SitesConfig
from domain.states import CameraHealth, DeskStateName
from domain.timezone import as_utc
from vision.camera_health import HealthState
from vision.compliance.settings import StoredRule
from vision.compliance.stage import AbsenceEvidence
from vision.compliance.window import ComplianceRun
from vision.presence import PresenceState, pending, schedule_split


@dataclass(frozen=True)
class SiteIds:
    """Store ids of the sites file's units, cameras and desks (by their config ids)."""

    unit_by_camera: Mapping[str, int]
    camera_ids: Mapping[str, int]
    desk_ids: Mapping[str, int]
    desk_camera: Mapping[str, str]  # desk id -> camera id


# --- sites → rows -----------------------------------------------------------------


def sync_sites(conn: Connection, sites: SitesConfig, name: str = "sites.yaml") -> SiteIds:
    """Import the file into the store (data.setup.sites_import: audited, revision-bumped when
    something changed, a redacted source never replacing a stored full one) and return the ids.

    A unit is found by name (diacritics- and case-insensitive); a missing one is created at
    the top of the tree with a level guessed from its name. Desks that a synced camera used
    to watch but the file no longer lists become inactive.
    """
    done = import_sites(conn, sites, name)
    desk_camera = {desk.id: cam.id for cam in sites.cameras for desk in cam.desks}
    return SiteIds(dict(done.unit_by_camera), dict(done.camera_ids), dict(done.desk_ids), desk_camera)


def with_stored_sources(conn: Connection, sites: SitesConfig) -> SitesConfig:
    """`sites` with each camera's source as the store holds it (a file may hold it redacted)."""
    stored = dict(conn.execute(select(CameraRow.code, CameraRow.source)
                               .where(CameraRow.code.in_([c.id for c in sites.cameras]))).all())
    cams = tuple(c if str(c.source) == stored.get(c.id, str(c.source)) else c.model_copy(update={"source": stored[c.id]})
                 for c in sites.cameras)
    return sites.model_copy(update={"cameras": cams})


# --- intervals → rows ---------------------------------------------------------------


def append_presence(
    conn: Connection, ids: SiteIds, intervals: Iterable[PresenceInterval], source: str = "worker"
) -> int:
    """Add closed presence intervals; returns how many rows were inserted or extended."""
    changed = 0
    ordered = sorted(intervals, key=lambda i: (i.desk_id, i.start))
    for desk_code, group in groupby(ordered, key=lambda i: i.desk_id):
        if desk_code not in ids.desk_ids:
            raise KeyError(f"quầy '{desk_code}' không có trong tệp sites (desk '{desk_code}' is not in the sites file)")
        desk_id = ids.desk_ids[desk_code]
        changed += _append(
            conn, PresenceRow, PresenceRow.desk_id, desk_id,
            [(i.state.value, i.start, i.end) for i in group], extra={"source": source},
        )
    return changed


def append_health(conn: Connection, ids: SiteIds, intervals: Iterable[CameraHealthInterval]) -> int:
    """Add closed camera-health intervals; returns how many rows were inserted or extended."""
    changed = 0
    ordered = sorted(intervals, key=lambda i: (i.camera_id, i.start))
    for cam_code, group in groupby(ordered, key=lambda i: i.camera_id):
        if cam_code not in ids.camera_ids:
            raise KeyError(f"camera '{cam_code}' không có trong tệp sites (camera '{cam_code}' is not in the sites file)")
        changed += _append(
            conn, HealthRow, HealthRow.camera_id, ids.camera_ids[cam_code],
            [(i.state.value, i.start, i.end) for i in group], extra={},
        )
    return changed


def _append(conn: Connection, table, owner_col, owner_id: int, spans, extra: Mapping[str, str]) -> int:
    last = conn.execute(
        select(table.id, table.state, table.end_at, *[getattr(table, k) for k in extra])
        .where(owner_col == owner_id)
        .order_by(table.start_at.desc(), table.id.desc())
        .limit(1)
    ).first()
    last_id, last_state, last_end = (last[0], last[1], as_utc(last[2])) if last else (None, None, None)
    last_extra = tuple(last[3:]) if last else ()
    changed = 0
    for state, start, end in spans:
        start, end = as_utc(start), as_utc(end)
        if last_end is not None:
            if end <= last_end:
                continue  # already written
            start = max(start, last_end)
        if start >= end:
            continue
        if last_end == start and last_state == state and last_extra == tuple(extra.values()):
            conn.execute(update(table).where(table.id == last_id).values(end_at=end))
        else:
            last_id = conn.execute(
                insert(table).values(
                    {owner_col.key: owner_id, "state": state, "start_at": start, "end_at": end, **extra}
                ).returning(table.id)
            ).scalar_one()
            last_state, last_extra = state, tuple(extra.values())
        last_end = end
        changed += 1
    return changed


def latest_end(conn: Connection, table, owner_col, owner_id: int) -> dt.datetime | None:
    value = conn.execute(
        select(table.end_at).where(owner_col == owner_id).order_by(table.start_at.desc(), table.id.desc()).limit(1)
    ).scalar_one_or_none()
    return as_utc(value) if value is not None else None


# --- checkpoints -----------------------------------------------------------------------


@dataclass(frozen=True)
class Checkpoint:
    camera_id: str
    heartbeat: dt.datetime
    presence: tuple[PresenceInterval, ...] = ()  # not yet in the store; a desk's last one ends at its heartbeat
    health: tuple[CameraHealthInterval, ...] = ()


class CheckpointStore:
    """One JSON file per camera under `state_dir`, replaced atomically."""

    def __init__(self, state_dir: str | Path) -> None:
        self.dir = Path(state_dir)

    def path(self, camera_id: str) -> Path:
        return self.dir / f"presence-{camera_id}.json"  # camera ids are [A-Za-z0-9_.-]

    def save(self, cp: Checkpoint) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        doc = {
            "camera": cp.camera_id,
            "heartbeat": cp.heartbeat.isoformat(),
            "presence": [
                {"desk": i.desk_id, "state": i.state.value, "start": i.start.isoformat(), "end": i.end.isoformat()}
                for i in cp.presence
            ],
            "health": [
                {"state": i.state.value, "start": i.start.isoformat(), "end": i.end.isoformat()} for i in cp.health
            ],
        }
        target = self.path(cp.camera_id)
        tmp = target.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(doc), encoding="utf-8")
        os.replace(tmp, target)  # a crash leaves the old file or the new one, never half of one

    def load(self, camera_id: str) -> Checkpoint | None:
        try:
            doc = json.loads(self.path(camera_id).read_text(encoding="utf-8"))
            t = dt.datetime.fromisoformat
            return Checkpoint(
                camera_id,
                t(doc["heartbeat"]),
                tuple(
                    PresenceInterval(p["desk"], DeskStateName(p["state"]), t(p["start"]), t(p["end"]))
                    for p in doc["presence"]
                ),
                tuple(
                    CameraHealthInterval(camera_id, CameraHealth(h["state"]), t(h["start"]), t(h["end"]))
                    for h in doc["health"]
                ),
            )
        except FileNotFoundError:
            return None
        except (ValueError, KeyError, TypeError):
            return None  # a damaged marker: recovery falls back to the store's newest rows

    def clear(self, camera_id: str) -> None:
        self.path(camera_id).unlink(missing_ok=True)


@dataclass(frozen=True)
class Unwritten:
    """Intervals handed to the store and not committed yet (what a checkpoint must hold)."""

    presence: tuple[PresenceInterval, ...] = ()
    health: tuple[CameraHealthInterval, ...] = ()


def checkpoint_of(
    camera_id: str,
    heartbeat: dt.datetime,
    desks: Sequence[PresenceState],
    health: HealthState | None,
    unwritten_presence: Sequence[PresenceInterval] = (),
    unwritten_health: Sequence[CameraHealthInterval] = (),
) -> Checkpoint:
    """What a crash would lose right now: held intervals (the open ones end at the heartbeat)."""
    presence = list(unwritten_presence)
    for st in desks:
        presence.extend(pending(st))
    healths = list(unwritten_health)
    if health is not None and heartbeat > health.since:
        healths.append(CameraHealthInterval(camera_id, health.state, health.since, max(heartbeat, health.last_at)))
    return Checkpoint(camera_id, heartbeat, tuple(presence), tuple(healths))


# --- recovery ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RecoveryReport:
    resume_at: dt.datetime  # start the state machines here
    presence_rows: int
    health_rows: int
    cameras_with_checkpoint: tuple[str, ...]


def recover(
    conn: Connection,
    ids: SiteIds,
    sites: SitesConfig,
    checkpoints: CheckpointStore,
    schedules: Mapping[str, Schedule],
    now: dt.datetime,
) -> RecoveryReport:
    """Write what the last run held and fill the time it missed (see the module doc)."""
    presence_rows = health_rows = 0
    found = []
    for cam in sites.enabled_cameras():
        cp = checkpoints.load(cam.id)
        if cp is not None:
            found.append(cam.id)
            presence_rows += append_presence(conn, ids, [p for p in cp.presence if p.desk_id in ids.desk_ids])
            health_rows += append_health(conn, ids, [h for h in cp.health if h.camera_id in ids.camera_ids])
        schedule = schedules.get(cam.id) or Schedule.default(sites.timezone)
        for desk in cam.desks:
            since = latest_end(conn, PresenceRow, PresenceRow.desk_id, ids.desk_ids[desk.id])
            if since is not None and since < now:
                gap = schedule_split(desk.id, DeskStateName.OFFLINE, since, now, schedule)
                presence_rows += append_presence(conn, ids, gap)
        since = latest_end(conn, HealthRow, HealthRow.camera_id, ids.camera_ids[cam.id])
        if since is not None and since < now:
            health_rows += append_health(conn, ids, [CameraHealthInterval(cam.id, CameraHealth.OFFLINE, since, now)])
        if cp is not None:
            checkpoints.clear(cam.id)
    return RecoveryReport(now, presence_rows, health_rows, tuple(found))


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
        absences: Sequence[AbsenceEvidence] = (),
    ) -> bool:
        """Write compliance samples, closed violations and incident snapshots (and any backlog);
        False if the store is unreachable."""
        ids = self._need_ids()
        self._compliance_backlog.extend(observations)
        self._violation_backlog.extend(r for r in runs if r.is_violation)
        self._absence_backlog.extend(absences)
        if not (self._compliance_backlog or self._violation_backlog or self._absence_backlog):
            return True
        try:
            with self.engine.begin() as conn:
                append_compliance(conn, ids, self._compliance_backlog)
                append_violations(conn, ids, self._violation_backlog)
                append_absence_evidence(conn, ids, self._absence_backlog)
        except (OperationalError, InterfaceError):
            return False
        self._compliance_backlog.clear()
        self._violation_backlog.clear()
        self._absence_backlog.clear()
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

    def clear_checkpoint(self, camera_id: str) -> None:
        """After a clean shutdown has written everything."""
        self.checkpoints.clear(camera_id)

    def _need_ids(self) -> SiteIds:
        if self.ids is None:
            raise RuntimeError("call sync() first")
        return self.ids


# --- dress-code compliance (issue 4) ------------------------------------------------------


def append_compliance(conn: Connection, ids: SiteIds, observations: Iterable[ComplianceObservation]) -> int:
    """Add single-frame compliance observations (each sample the rules judged)."""
    from data.schema import ComplianceObservation as ObservationRow  # noqa: PLC0415

    rows = []
    for o in observations:
        if o.desk_id not in ids.desk_ids:
            raise KeyError(f"quầy '{o.desk_id}' không có trong tệp sites (desk '{o.desk_id}' is not in the sites file)")
        rows.append({"desk_id": ids.desk_ids[o.desk_id], "observed_at": as_utc(o.at), "rule": o.rule,
                     "result": o.result, "score": o.score, "evidence_path": o.evidence_path})
    if rows:
        conn.execute(insert(ObservationRow), rows)
    return len(rows)


def append_violations(conn: Connection, ids: SiteIds, runs: Iterable[ComplianceRun]) -> int:
    """Add violations (FAIL runs); a run already stored (same desk, rule, start) is updated, not doubled."""
    from data.schema import ComplianceViolation as ViolationRow  # noqa: PLC0415

    changed = 0
    for r in runs:
        if not r.is_violation:
            continue
        if r.desk_id not in ids.desk_ids:
            raise KeyError(f"quầy '{r.desk_id}' không có trong tệp sites (desk '{r.desk_id}' is not in the sites file)")
        desk_id = ids.desk_ids[r.desk_id]
        values = {"end_at": as_utc(r.end), "evidence_path": r.evidence, "samples": r.samples,
                  "fail_samples": r.fail_samples}
        existing = conn.execute(
            select(ViolationRow.id).where(ViolationRow.desk_id == desk_id, ViolationRow.rule == r.rule,
                                          ViolationRow.start_at == as_utc(r.start))
        ).scalar_one_or_none()
        if existing is None:
            conn.execute(insert(ViolationRow).values(desk_id=desk_id, rule=r.rule, start_at=as_utc(r.start), **values))
        else:
            conn.execute(update(ViolationRow).where(ViolationRow.id == existing).values(**values))
        changed += 1
    return changed


def append_absence_evidence(conn: Connection, ids: SiteIds, snapshots: Iterable[AbsenceEvidence]) -> int:
    """Add the snapshots of absence incidents (one per desk and ABSENT run; repeats are skipped)."""
    from data.schema import AbsenceEvidence as SnapshotRow  # noqa: PLC0415

    n = 0
    for e in snapshots:
        if e.desk_id not in ids.desk_ids:
            raise KeyError(f"quầy '{e.desk_id}' không có trong tệp sites (desk '{e.desk_id}' is not in the sites file)")
        desk_id = ids.desk_ids[e.desk_id]
        seen = conn.execute(select(SnapshotRow.id).where(
            SnapshotRow.desk_id == desk_id, SnapshotRow.absent_since == as_utc(e.since))).scalar_one_or_none()
        if seen is None:
            conn.execute(insert(SnapshotRow).values(desk_id=desk_id, absent_since=as_utc(e.since),
                                                    taken_at=as_utc(e.at), evidence_path=e.path))
            n += 1
    return n


def set_compliance_rule(conn: Connection, unit_id: int, rule: str, params: Mapping, now: dt.datetime) -> None:
    """Store (insert or replace) one unit's parameters for one rule."""
    from data.schema import ComplianceRule as RuleRow  # noqa: PLC0415

    existing = conn.execute(
        select(RuleRow.id).where(RuleRow.unit_id == unit_id, RuleRow.rule == rule)
    ).scalar_one_or_none()
    values = {"params": dict(params), "updated_at": as_utc(now)}
    if existing is None:
        conn.execute(insert(RuleRow).values(unit_id=unit_id, rule=rule, **values))
    else:
        conn.execute(update(RuleRow).where(RuleRow.id == existing).values(**values))


def load_compliance_rules(conn: Connection, unit_id: int) -> list[StoredRule]:
    from data.schema import ComplianceRule as RuleRow  # noqa: PLC0415

    rows = conn.execute(
        select(RuleRow.unit_id, RuleRow.rule, RuleRow.params).where(RuleRow.unit_id == unit_id).order_by(RuleRow.rule)
    ).all()
    return [StoredRule(int(u), str(r), dict(p or {})) for u, r, p in rows]


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
