"""Grace periods on the live picture (issue 13): the worker publishes what it sees now beside the state,
and the zone turns orange, labelled, while the two disagree — never green around an empty chair nor red
around a seated person.

Patterns as in test_presence.py: one character per second, P someone in the staff zone, . no one.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from domain.live import LiveSnapshot, PublishedDesk, Transition, transition
from domain.office_hours import Schedule
from domain.records import DeskObservation
from domain.states import CameraHealth, DeskStateName
from vision.annotate import STATE_COLOURS, TRANSITION_COLOUR, DeskOverlay, annotate_frame
from vision.presence import PresenceParams, current, initial_state, step

P, A, O = DeskStateName.PRESENT, DeskStateName.ABSENT, DeskStateName.OFFLINE
T0 = dt.datetime(2025, 3, 3, 2, 0, tzinfo=dt.UTC)
PARAMS = PresenceParams(present_after_s=5, absent_grace_s=60, health_lag_s=35)


def shown_after(pattern: str):
    state = initial_state("d1", T0)
    for i, c in enumerate(pattern):
        state, _ = step(state, DeskObservation("d1", T0 + dt.timedelta(seconds=i), c == "P"), PARAMS,
                        Schedule.always())
    return current(state, Schedule.always())


@pytest.mark.parametrize("pattern, state, seen, seen_since_s, moving", [
    ("P" * 10, P, True, 0, None),                       # seated and counted present
    ("P" * 10 + "." * 40, P, False, 10, Transition.LEAVING),   # left 40 s ago, absent after 60 s
    ("P" * 10 + "." * 61, A, False, 10, None),          # absent now
    ("P" * 10 + "." * 70 + "PPP", A, True, 80, Transition.ARRIVING),  # back 3 s ago, present after 5 s
    ("P" * 10 + "." * 70 + "P" * 6, P, True, 80, None),
    ("PPP", O, True, 0, None),                          # first seconds: not judged yet, no grace shown
])
def test_the_state_carries_what_the_camera_sees_now(pattern, state, seen, seen_since_s, moving):
    shown = shown_after(pattern)
    assert (shown.state, shown.seen, shown.seen_since) == (state, seen, T0 + dt.timedelta(seconds=seen_since_s))
    assert transition(shown.state, shown.seen) is moving


@pytest.mark.parametrize("state, seen, moving", [
    (P, False, Transition.LEAVING), (A, True, Transition.ARRIVING),
    (P, True, None), (A, False, None), (P, None, None), (A, None, None),
    (O, True, None), (DeskStateName.OFF_HOURS, False, None), (None, True, None),
])
def test_the_grace_rule(state, seen, moving):
    assert transition(state, seen) is moving


def test_the_sighting_and_zone_travel_in_the_json_and_older_files_still_read():
    desk = PublishedDesk("d1", "Quầy 1", P, T0, seen=False, seen_since=T0 + dt.timedelta(seconds=20),
                         zone=((0.1, 0.2), (0.5, 0.2), (0.5, 0.9)))
    snap = LiveSnapshot("cam1", "Cam", "Xã A", T0, CameraHealth.ONLINE, None, T0, (desk,), None, None, None)
    assert LiveSnapshot.from_json(snap.to_json()).desks == (desk,)
    old = snap.to_json().replace('"seen": false,', "").replace('"zone": [', '"zone_gone": [')
    [read] = LiveSnapshot.from_json(old).desks
    assert (read.state, read.seen, read.zone) == (P, None, None)


W, H = 320, 180


def zone_pixel(desk: DeskOverlay) -> np.ndarray:
    out = annotate_frame(np.full((H, W, 3), 200, np.uint8), (desk,))
    return out[round(0.6 * (H - 1)), round(0.5 * (W - 1))].astype(int)


@pytest.mark.parametrize("state, seen, colour", [
    (P, True, STATE_COLOURS[P]), (P, False, TRANSITION_COLOUR),
    (A, False, STATE_COLOURS[A]), (A, True, TRANSITION_COLOUR), (A, None, STATE_COLOURS[A]),
])
def test_a_zone_in_a_grace_period_is_orange_not_the_state_colour(state, seen, colour):
    desk = DeskOverlay("d1", "Quầy 1", ((0.2, 0.3), (0.8, 0.3), (0.8, 0.9), (0.2, 0.9)), state, seen)
    expected = 0.25 * np.array(colour) + 0.75 * 200
    assert np.abs(zone_pixel(desk) - expected).max() <= 2
    assert desk.state_label == {TRANSITION_COLOUR: "Vừa rời quầy" if state is P else "Vừa vào quầy"}.get(
        colour, {P: "Có mặt", A: "Vắng"}[state])


def test_the_publisher_writes_each_desks_sighting_and_zone(tmp_path):
    from domain.live import read_snapshot
    from domain.records import DeskState
    from domain.sites import CameraConfig
    from vision.publish import Publisher
    from vision.sources import CameraStatus, HealthReason

    camera = CameraConfig.model_validate({"id": "cam1", "name": "Cam", "source": "rtsp://10.0.0.5/s", "unit": "Xã A",
                                          "desks": [{"id": "d1", "name": "Quầy 1",
                                                     "staff_zone": [[0.1, 0.2], [0.5, 0.2], [0.5, 0.9]]}]})
    status = CameraStatus("cam1", camera.safe_source, CameraHealth.ONLINE, HealthReason.OK, T0, T0, 10, 0, 0, None)
    left = T0 + dt.timedelta(seconds=20)
    Publisher(tmp_path).publish(camera, status=status, states=[DeskState("d1", P, T0, False, left)], now=T0)
    [desk] = read_snapshot(tmp_path, "cam1").desks
    assert (desk.state, desk.seen, desk.seen_since, desk.zone) == (P, False, left, ((0.1, 0.2), (0.5, 0.2), (0.5, 0.9)))
