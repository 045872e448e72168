"""A `--from-store` worker taking configuration changes while it runs.

Every few seconds the worker reads the config revision (one small query). When the
Setup page changed something, the store's configuration is loaded again and applied
camera by camera (`plan_reload`):

* a camera that is gone or switched off: its reader stops and its open intervals
  are closed and written now;
* a new or switched-on camera: recovery fills the time it was not watched with
  OFFLINE, then its reader starts;
* a changed source: that camera alone is stopped and started again;
* changed desks, zones or names: the pipeline takes the new config in place
  (`CameraPipeline.reconfigure`), the capture goes on; removed desks' intervals are
  closed and written, new desks start now;
* office hours and holidays are reloaded for every camera on every change;
* a camera whose compliance settings changed while its config did not (a model promoted or
  rolled back in the registry, a unit's rule row) gets its compliance tracker built again.

A store that cannot be reached keeps the running configuration; the next poll tries again.
"""
from __future__ import annotations

import datetime as dt
import logging
import time
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.exc import InterfaceError, OperationalError

from data.setup.changes import config_revision
from data.setup.sites_import import import_sites
from data.worker_store.watched import unit_path
from vision.store_sites import StoreSitesWriter, load_store_sites, plan_reload

if TYPE_CHECKING:
    from domain.sites import ComplianceConfig
    from vision.worker import Worker

log = logging.getLogger("vision.reload")


def first_load(worker: "Worker", engine: Engine) -> StoreSitesWriter:
    """The configuration a from-store worker starts with, and its writer."""
    selection = worker.from_store
    if selection.sites is not None:  # type: ignore[union-attr]  # `run --sites FILE`: the file goes into the store
        with engine.begin() as conn:
            done = import_sites(conn, selection.sites, selection.sites_name)  # type: ignore[union-attr]
        log.info("%s → kho dữ liệu (into the store): %s", selection.sites_name, done.summary())  # type: ignore[union-attr]
    with engine.connect() as conn:
        worker.store_path = unit_path(conn, selection.unit)  # type: ignore[union-attr]
        loaded = load_store_sites(conn, worker.store_path, selection.sites)  # type: ignore[union-attr]
    worker.sites, worker.revision = loaded.sites, loaded.revision
    writer = StoreSitesWriter(engine, loaded.sites, worker.options.state_dir, always_open=worker.options.always_open)
    writer.use(loaded)
    cams = loaded.sites.enabled_cameras()
    log.info("cấu hình từ kho dữ liệu (configuration from the store), revision %d: %d camera(s)",
             loaded.revision, len(cams))
    return writer


def reload_if_changed(worker: "Worker", writer: StoreSitesWriter) -> bool:
    """Apply the store's configuration if its revision moved; True when something was applied."""
    try:
        with writer.engine.connect() as conn:
            if config_revision(conn) == worker.revision:
                return False
            loaded = load_store_sites(conn, worker.store_path, worker.from_store.sites)  # type: ignore[union-attr]
    except (OperationalError, InterfaceError) as exc:
        log.warning("không đọc được cấu hình, giữ cấu hình đang chạy (cannot read the configuration; keeping "
                    "the running one): %s", type(exc).__name__)
        return False
    plan = plan_reload(worker.sites, loaded.sites)
    at = _utcnow()
    presence, health, runs = [], [], []
    stopping = [c for k in plan.stop if (c := worker.cameras.get(k)) is not None]
    closed = worker.cameras.stop(stopping, at)
    presence.extend(closed.presence)
    health.extend(closed.health)
    runs.extend(closed.runs)

    writer.use(loaded)
    worker.sites, worker.revision = loaded.sites, loaded.revision
    rebuilt: list[str] = []  # same camera config, new compliance settings (a promoted model, a store rule)
    for c in worker.cameras:
        hours = worker.hours_for(writer, c.config.id)
        if c.config.id in plan.reconfigure or _compliance_changed(c, writer):
            if c.config.id not in plan.reconfigure:
                rebuilt.append(c.config.id)
            if c.pipeline.compliance is not None:
                runs.extend(c.pipeline.compliance.finish())
            new = loaded.sites.camera(c.config.id)
            presence.extend(c.pipeline.reconfigure(new, loaded.sites, hours, at, worker.tracker_for(writer, new)))
            c.config = new
        else:
            c.pipeline.schedule = hours
    queue = worker.store_queue
    if queue is not None:  # the writer thread writes them, in order with everything else
        queue.submit(presence, health, runs=runs)
        # Recovery below writes directly and reads each desk's newest row: the stopped cameras'
        # last intervals must be in the store first (and two writers must never append at once).
        written = not (stopping or plan.start) or queue.flush(worker.options.store.reload_flush_s)
    else:
        written = writer.write(presence, health) and (not runs or writer.write_compliance((), runs))
    if not written:
        log.warning("store unreachable; %d intervals of the reload kept for the next write", len(presence))
    for c in stopping:
        if written and c.config.id not in plan.start:
            writer.clear_checkpoint(c.config.id)

    if plan.start:
        try:
            if written:
                writer.recover_cameras(list(plan.start), at)
        except (OperationalError, InterfaceError) as exc:
            written = False
            log.warning("store unreachable: %s", type(exc).__name__)
        if not written:
            log.warning("the time before camera(s) %s started is not filled as OFFLINE", list(plan.start))
        now_mono = time.monotonic()
        for k, cam_id in enumerate(plan.start):
            cam = loaded.sites.camera(cam_id)
            c = worker.open_camera(cam, writer, at, now_mono + worker.period_of(cam) * (1 + k / len(plan.start)))
            c.reader.start()
            worker.cameras.add(c)
    log.info("cấu hình phiên bản %d: dừng %s, bật %s, cập nhật %s, quy tắc trang phục mới %s "
             "(configuration revision %d applied)", loaded.revision, list(plan.stop) or "-", list(plan.start) or "-",
             list(plan.reconfigure) or "-", rebuilt or "-", loaded.revision)
    return True


def _compliance_changed(camera, writer: StoreSitesWriter) -> bool:
    tracker = camera.pipeline.compliance
    return compliance_changed(tracker.config if tracker is not None else None, writer.compliance_for(camera.config.id))


def compliance_changed(running: "ComplianceConfig | None", new: "ComplianceConfig | None") -> bool:
    """Whether a camera's compliance settings moved although its own config did not: a promoted or
    rolled-back model (the registry), or a unit's rule row. Its tracker is then built again.
    `running`: the running tracker's settings (None: no active tracker)."""
    if running is None:
        return new is not None and (new.uniform.enabled or new.badge.enabled)
    return new != running


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)
