"""The worker's configuration read from the store (`python -m vision run --from-store`).

The Setup page writes cameras, desks and office hours to the store and bumps the
config revision (data/setup). This module turns the store's rows into the same
validated `SitesConfig` a sites file gives, plus the store ids the writer needs,
and says what changed between two revisions (`plan_reload`) so the running
worker restarts only the cameras whose source changed.

* Camera id = camera.code; desk id = desk.code, which the live page matches inside
  the camera's snapshot. Desk codes are unique per unit only: when two loaded desks
  share a code, both get '<camera code>.<desk code>' so the sites rule (desk ids
  unique) holds.
* Enabled cameras with at least one active desk that has a staff zone are loaded;
  a camera whose row would not validate is left out with a (redacted) warning, so
  one bad row never stops the other cameras.
* Each camera carries its unit's presence policy (thresholds and sample_fps, inherited
  like office hours): saving one on the Cấu hình page bumps the revision, and the
  reload reconfigures the camera (a new sample_fps restarts its capture, which
  decodes at twice that rate).
* The store is never written here: `StoreSitesWriter.sync` reads the ids. A `run --sites FILE`
  worker imports the file first (data.setup.sites_import, in vision/reload.py's `first_load`),
  then loads only that file's cameras, with the file's settings the store has no rows for.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import Connection

from data.office_hours_store import load_schedule
from data.presence.policy import policies_for_units
from data.setup.changes import config_revision
from data.worker_store.compliance_rules import load_compliance_rules
from data.worker_store.sites import SiteIds
from data.worker_store.watched import WatchedCamera, WatchedDesk, watched_cameras, watched_desks
from domain.redaction import redact_text
from domain.sites import CameraConfig, ComplianceConfig, ConfigError, SitesConfig, parse_sites
from vision.store_recovery import RecoveryReport, recover
from vision.store_writer import StoreWriter

log = logging.getLogger("vision.store_sites")


@dataclass(frozen=True)
class StoreSelection:
    """What a `--from-store` worker watches: a unit's subtree by name, or every unit.

    ``sites`` (`run --sites FILE`): the file is imported into the store at start and only its
    cameras are watched, with the file's settings the store has no rows for (time zone,
    detector, zone rule, compliance windows, a camera's health thresholds).
    """

    unit: str | None = None
    sites: SitesConfig | None = None
    sites_name: str = "sites.yaml"


@dataclass(frozen=True)
class StoreSites:
    """One revision of the store's configuration; `sites` has no cameras when nothing is there to watch."""

    revision: int
    sites: SitesConfig
    ids: SiteIds
    skipped: tuple[str, ...] = ()  # why cameras or desks were left out (credentials redacted)


@dataclass(frozen=True)
class ReloadPlan:
    stop: tuple[str, ...] = ()  # gone, switched off, or source or sample_fps changed (then also in start)
    start: tuple[str, ...] = ()  # new, switched on, or source or sample_fps changed
    reconfigure: tuple[str, ...] = ()  # same capture; desks, zones, names or thresholds changed

    @property
    def empty(self) -> bool:
        return not (self.stop or self.start or self.reconfigure)


def load_store_sites(conn: Connection, path: str | None = None, only: SitesConfig | None = None) -> StoreSites:
    """The cameras and desks of the subtree at `path` (None = all), as a validated SitesConfig;
    `only`: just that file's cameras, with its settings the store has no rows for."""
    revision = config_revision(conn)
    cams = watched_cameras(conn, path, [c.id for c in only.cameras] if only is not None else None)
    top = {} if only is None else only.model_dump(exclude_unset=True, exclude={"cameras", "presence", "sample_fps"})
    desks = watched_desks(conn, [c.id for c in cams])
    skipped: list[str] = []
    shared = {code for code, n in Counter(d.code for d in desks).items() if n > 1}
    by_camera: dict[int, list[WatchedDesk]] = {}
    for d in desks:
        if not d.staff_zone:
            skipped.append(f"quầy {d.code}: chưa có vùng nhân viên (desk {d.code}: no staff zone)")
            continue
        by_camera.setdefault(d.camera_id, []).append(d)
    docs, ids = [], _Ids()
    policies = policies_for_units(conn, {cam.unit_id for cam in cams})
    for cam in cams:
        mine = by_camera.get(cam.id, [])
        if not mine:
            continue  # nothing to watch yet
        desk_ids = {d.id: _desk_id(cam.code, d, shared) for d in mine}
        policy = policies[cam.unit_id]
        doc = {**_file_settings(only, cam.code), "id": cam.code, "name": cam.name, "unit": cam.unit,
               "source": cam.source,
               "desks": [{"id": desk_ids[d.id], "name": d.name, "staff_zone": d.staff_zone} for d in mine],
               "presence": {"present_after_s": policy.present_after_s, "absent_grace_s": policy.absent_grace_s,
                            "incident_min_s": policy.incident_min_s},
               "sample_fps": policy.sample_fps}
        try:
            parse_sites({**top, "cameras": [doc]}, f"camera {cam.code}")
        except ConfigError as exc:
            skipped.append(redact_text(str(exc)))
            continue
        docs.append(doc)
        ids.add(cam, mine, desk_ids)
    for message in skipped:
        log.warning("bỏ qua (left out): %s", message)
    if docs:
        sites = parse_sites({**top, "cameras": docs}, "store")
    else:
        sites = empty_sites() if only is None else only.model_copy(update={"cameras": ()})
    return StoreSites(revision, sites, ids.frozen(), tuple(skipped))


_FROM_THE_STORE = {"id", "name", "unit", "source", "enabled", "desks", "presence", "sample_fps"}


def _file_settings(only: SitesConfig | None, code: str) -> dict:
    """What a `run --sites` file says of a camera that the store has no column for (health
    thresholds, compliance overrides); the store's rows give the rest."""
    if only is None:
        return {}
    return only.camera(code).model_dump(exclude_unset=True, exclude=_FROM_THE_STORE)


def empty_sites() -> SitesConfig:
    """Default settings and no camera (the file format needs one; a store may have none yet)."""
    return SitesConfig.model_construct(cameras=())


def _desk_id(camera_code: str, desk: WatchedDesk, shared: set[str]) -> str:
    if desk.code not in shared:
        return desk.code
    qualified = f"{camera_code}.{desk.code}"
    return qualified if len(qualified) <= 64 else f"desk-{desk.id}"


@dataclass
class _Ids:
    unit_by_camera: dict[str, int] = field(default_factory=dict)
    camera_ids: dict[str, int] = field(default_factory=dict)
    desk_ids: dict[str, int] = field(default_factory=dict)
    desk_camera: dict[str, str] = field(default_factory=dict)

    def add(self, cam: WatchedCamera, desks: list[WatchedDesk], desk_ids: dict[int, str]) -> None:
        self.unit_by_camera[cam.code] = cam.unit_id
        self.camera_ids[cam.code] = cam.id
        for d in desks:
            self.desk_ids[desk_ids[d.id]] = d.id
            self.desk_camera[desk_ids[d.id]] = cam.code

    def frozen(self) -> SiteIds:
        return SiteIds(dict(self.unit_by_camera), dict(self.camera_ids), dict(self.desk_ids), dict(self.desk_camera))


def merged_ids(old: SiteIds | None, new: SiteIds) -> SiteIds:
    """New ids over old ones: intervals still held for a removed desk keep a row to go to."""
    if old is None:
        return new
    return SiteIds(
        {**old.unit_by_camera, **new.unit_by_camera}, {**old.camera_ids, **new.camera_ids},
        {**old.desk_ids, **new.desk_ids}, {**old.desk_camera, **new.desk_camera},
    )


def plan_reload(old: SitesConfig, new: SitesConfig) -> ReloadPlan:
    """Which cameras to stop, start or reconfigure to go from `old` to `new` (enabled cameras only)."""
    before = {c.id: c for c in old.enabled_cameras()}
    after = {c.id: c for c in new.enabled_cameras()}
    stop = [k for k in before if k not in after or _restart(before[k], after[k])]
    start = [k for k in after if k not in before or _restart(before[k], after[k])]
    reconfigure = [k for k in after if k in before and k not in start and before[k] != after[k]]
    return ReloadPlan(tuple(stop), tuple(start), tuple(reconfigure))


def _restart(old: CameraConfig, new: CameraConfig) -> bool:
    """A new source, or a new sample_fps (the capture decodes at twice it), means a new capture."""
    return old.source != new.source or old.sample_fps != new.sample_fps


class StoreSitesWriter(StoreWriter):
    """The store writer of a `--from-store` worker: ids come from the loaded rows, nothing is synced."""

    def use(self, loaded: StoreSites) -> None:
        """Take a (re)loaded configuration: its sites, ids (merged over the old ones) and schedules."""
        self.sites = loaded.sites
        self.ids = merged_ids(self.ids, loaded.ids)
        self.reload_schedules()

    def sync(self) -> SiteIds:
        if self.ids is None:
            raise RuntimeError("call use() with a loaded configuration first")
        self.reload_schedules()
        return self.ids

    def reload_schedules(self) -> None:
        ids = self._need_ids()
        with self.engine.connect() as conn:
            self._schedules = {
                cam.id: load_schedule(conn, ids.unit_by_camera[cam.id], self.sites.timezone)
                for cam in self.sites.cameras
            }

    def recover_cameras(self, camera_ids: list[str], now: dt.datetime) -> RecoveryReport:
        """Recovery for cameras that join a running worker: their missed time becomes OFFLINE."""
        sub = self.sites.model_copy(update={"cameras": tuple(self.sites.camera(k) for k in camera_ids)})
        with self.engine.begin() as conn:
            return recover(conn, self._need_ids(), sub, self.checkpoints, self.hours(), now)

    def compliance_for(self, camera_id: str):
        """Like the file worker's, but the unit is the camera's own row (names need not be unique)."""
        from vision.compliance.live_models import with_live_models  # noqa: PLC0415

        base = self.sites.compliance_for(camera_id)
        with self.engine.connect() as conn:
            rules = load_compliance_rules(conn, self._need_ids().unit_by_camera[camera_id])
            if rules:
                from vision.compliance.settings import with_store_rules  # noqa: PLC0415

                base = with_store_rules(base or ComplianceConfig(), rules)
            # No model path / colours of its own: the registry's live versions (a promotion reloads them).
            cfg, used = with_live_models(conn, base)
        self._log_live(camera_id, used)
        return cfg

    def _log_live(self, camera_id: str, used) -> None:
        """Say once per camera when the registry version it judges with changes."""
        seen = self.__dict__.setdefault("_live_seen", {})
        if seen.get(camera_id) != used:
            if used.badge or used.uniform or camera_id in seen:
                log.info("camera %s: mô hình trang phục từ kho (dress-code models from the registry): thẻ/badge %s, "
                         "đồng phục/uniform %s%s", camera_id, used.badge or "-", used.uniform or "-",
                         f" (trước đó/before: {seen[camera_id].badge or '-'}, {seen[camera_id].uniform or '-'})"
                         if camera_id in seen else "")
            seen[camera_id] = used
