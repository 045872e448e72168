"""The live-files contract's heartbeat: the dashboard touches watch/<camera>, the worker reads its age."""
from __future__ import annotations

import os
import time

import pytest

from domain.live import WATCH_WINDOW_S, heartbeat_age_s, is_watched, touch_watch, watch_path

NOW = 1_750_000_000.0


@pytest.mark.parametrize(("age_s", "watched"), [
    (None, False),                  # never touched: nobody has looked
    (0.0, True),
    (5.0, True),                    # one live-view refresh ago
    (WATCH_WINDOW_S, True),         # the window's edge still counts
    (WATCH_WINDOW_S + 0.1, False),  # two refreshes missed: the viewer left
    (3600.0, False),
    (-3.0, True),                   # a dashboard clock a little ahead
    (-3600.0, False),               # far ahead: must not keep the camera watched forever
])
def test_heartbeat_age_decides_watched(tmp_path, age_s, watched):
    if age_s is not None:
        assert touch_watch(tmp_path, "cam1", at=NOW - age_s)
    age = heartbeat_age_s(tmp_path, "cam1", NOW)
    assert age == (None if age_s is None else pytest.approx(age_s, abs=1e-3))
    assert is_watched(age) is watched


def test_a_touch_is_an_empty_file_named_by_the_camera_key_only(tmp_path):
    before = time.time()
    assert touch_watch(tmp_path, "CAM-HT")
    path = watch_path(tmp_path, "CAM-HT")
    assert path == tmp_path / "watch" / "CAM-HT" and path.read_bytes() == b""
    assert os.listdir(tmp_path / "watch") == ["CAM-HT"]
    assert path.stat().st_mtime >= before - 1  # now, in the clock the worker compares with


@pytest.mark.parametrize(("case", "camera"), [
    ("no live dir", "cam1"),   # no worker has published yet: the dir is not created
    ("unwritable", "cam1"),    # watch/ cannot be made (a file in its place, as root ignores modes)
    ("bad key", "../cam1"),
    ("bad key", ".hidden"),
])
def test_no_heartbeat_never_breaks_the_caller(tmp_path, case, camera):
    directory = tmp_path / "live"
    if case != "no live dir":
        directory.mkdir()
    if case == "unwritable":
        (directory / "watch").write_bytes(b"")
    assert touch_watch(directory, camera) is False
    assert heartbeat_age_s(directory, camera, time.time()) is None
    assert not directory.exists() if case == "no live dir" else (directory / "watch").is_file() == (case == "unwritable")
