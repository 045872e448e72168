"""`python -m vision demo [--db URL]`: play composed desk scenes as live cameras for a unit of the
demo store and run the real worker (`python -m vision run`) on them.

1. pick the unit (data.demo.live_site) and hand its desks over to the live worker;
2. serve one looping scene per camera on 127.0.0.1 (vision.demo.streams);
3. write the sites file (var/demo/sites.yaml) with the store's camera and desk codes;
4. run the worker as a child process with ``--always-open`` (the scenes play at any
   hour), forward SIGINT/SIGTERM to it, and stop the streams when it ends. The loop
   starts once the worker has analysed a frame of every camera (its live snapshot is
   new; vision.demo.loop.LoopClock), and a --duration counts from there.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from data.demo.live_site import DemoSite, hand_over, pick_site
from domain.live import read_snapshot
from domain.states import CameraHealth
from domain.timezone import as_utc
from vision.demo.loop import WIDTH, DemoTiming, LoopClock, loop_scripts
from vision.demo.script import SceneScript, staff_zone
from vision.demo.streams import DemoStreams
from vision.paths import VAR_DIR

log = logging.getLogger("vision.demo")
DEFAULT_WORK_DIR = Path("var/demo")


@dataclass(frozen=True)
class DemoOptions:
    db_url: str | None = None  # None: DATABASE_URL or var/monitor.db, as every command
    unit: str | None = None  # None: the store's unit with the most desks (4–6) on 2–3 cameras
    timing: DemoTiming = field(default_factory=DemoTiming)
    duration_s: float | None = None  # the worker is stopped after this long of the loop (tests)
    work_dir: Path = DEFAULT_WORK_DIR
    live_dir: Path | None = None  # worker's default: var/live, where the live page looks
    state_dir: Path | None = None
    log_level: str = "INFO"


def sites_document(site: DemoSite, scripts: tuple[SceneScript, ...], urls: tuple[str, ...],
                   timing: DemoTiming) -> dict:
    p = timing.presence
    return {
        "timezone": "Asia/Ho_Chi_Minh",
        "presence": {"present_after_s": p.present_after_s, "absent_grace_s": p.absent_grace_s,
                     "incident_min_s": p.incident_min_s},
        "sample_fps": p.sample_fps,
        "cameras": [
            {
                "id": cam.code, "name": cam.name, "source": url, "unit": site.unit_name,
                "offline_after_s": p.offline_after_s, "frozen_after_s": p.frozen_after_s,
                "desks": [{"id": d.desk_id, "name": d.name, "staff_zone": staff_zone(d, WIDTH)} for d in script.desks],
            }
            for cam, script, url in zip(site.cameras, scripts, urls)
        ],
    }


def write_sites(path: Path, doc: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    tmp.replace(path)


def _prepare(opts: DemoOptions) -> DemoSite:
    from data.db import open_store  # noqa: PLC0415

    engine = open_store(opts.db_url)
    try:
        with engine.begin() as conn:  # the pick and the hand-over in one transaction
            site = pick_site(conn, opts.unit)
            cut = hand_over(conn, site, dt.datetime.now(dt.timezone.utc))
    finally:
        engine.dispose()
    log.info("demo unit %s: %d cameras, %d desks; %d presence and %d camera rows after now handed over",
             site.unit_name, len(site.cameras), len(site.desks), cut.presence_rows_cut, cut.health_rows_cut)
    return site


def _worker_command(opts: DemoOptions, sites: Path) -> list[str]:
    cmd = [sys.executable, "-m", "vision", "run", "--sites", str(sites), "--always-open",
           "--log-level", opts.log_level]
    if opts.live_dir is not None:
        cmd += ["--live-dir", str(opts.live_dir)]
    if opts.state_dir is not None:
        cmd += ["--state-dir", str(opts.state_dir)]
    return cmd


def _drive_loop(site: DemoSite, live_dir: Path, clock: LoopClock, worker: subprocess.Popen,
                duration_s: float | None, done: threading.Event) -> None:
    """Starts the loop once the worker has analysed a frame of every camera; stops the worker
    `duration_s` later. Loading the worker takes seconds, many more on a busy machine: a
    loop running meanwhile would show it some later part of the loop first."""
    since = dt.datetime.now(dt.timezone.utc)
    while not done.wait(0.2):
        snaps = [read_snapshot(live_dir, cam.code) for cam in site.cameras]
        if all(s is not None and as_utc(s.updated_at) >= since and s.health == CameraHealth.ONLINE for s in snaps):
            break
    else:
        return
    clock.start()
    log.info("the worker has analysed every camera: the loop starts")
    if duration_s is not None and not done.wait(duration_s):
        worker.send_signal(signal.SIGTERM)  # the worker's own stop: open intervals are closed


def run_demo(opts: DemoOptions) -> int:
    site = _prepare(opts)
    scripts = loop_scripts(site, opts.timing)
    clock = LoopClock()
    streams = DemoStreams(scripts, opts.timing, clock=clock).start()
    worker_done = threading.Event()
    try:
        sites = opts.work_dir / "sites.yaml"
        write_sites(sites, sites_document(site, scripts, streams.urls, opts.timing))
        env = dict(os.environ)
        if opts.db_url:
            env["DATABASE_URL"] = opts.db_url  # not on the command line, where `ps` would show a password
        worker = subprocess.Popen(_worker_command(opts, sites), env=env)
        threading.Thread(target=_drive_loop, daemon=True, name="demo-loop", args=(
            site, opts.live_dir or VAR_DIR / "live", clock, worker, opts.duration_s, worker_done)).start()
        previous = {sig: signal.signal(sig, lambda s, _f: worker.send_signal(s)) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            code = worker.wait()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        log.info("demo worker ended (%d); the last camera went dark %d times", code, streams.dropouts)
        return code
    finally:
        worker_done.set()
        streams.stop()
