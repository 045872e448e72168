"""The live worker follows the dashboard's heartbeat: full-rate pictures for a watched camera only."""
from __future__ import annotations

import threading

import pytest
from test_worker import detector, open_all_day, options, renderer, sites_for, stream  # noqa: F401 — fixtures

from domain.live import touch_watch
from domain.sites import parse_sites
from vision.publish import read_snapshot
from vision.worker import Worker


@pytest.mark.parametrize("watched", [True, False])
def test_a_watched_camera_gets_pictures_at_the_full_rate(
    tmp_path, store_url, engine, open_all_day, stream, detector, watched  # noqa: F811
):
    live = tmp_path / "live"
    live.mkdir()
    opts = options(tmp_path, store_url, duration_s=8, still_image_every_s=0.5, keepalive_every_s=60)
    worker = Worker(parse_sites(sites_for(stream.url)), opts, detector=detector)
    stop = threading.Event()

    def dashboard() -> None:  # the live view's refresh, faster than its 5 s so the short run counts
        while not stop.is_set():
            assert touch_watch(live, "cam1")
            stop.wait(1.0)

    viewer = threading.Thread(target=dashboard, daemon=True)
    if watched:
        viewer.start()
    try:
        assert worker.run() == 0
    finally:
        stop.set()
        if watched:
            viewer.join()
    pictures = worker.publisher.pictures("cam1")
    ticks = worker.stats.cameras["cam1"].ticks
    if watched:  # a picture at most every 0.5 s over ~8 s of frames at 2 per second
        assert pictures >= 4 and pictures >= ticks // 3, (pictures, ticks)
    else:  # the first frame's picture, then nothing before the 60 s keep-alive
        assert pictures == 1 and ticks >= 4, (pictures, ticks)
    snap = read_snapshot(live, "cam1")
    assert snap is not None and snap.image == "cam1.jpg" and snap.faces_blurred
