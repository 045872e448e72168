"""Camera health as a pure function of frame times and pictures (no threads, no OpenCV capture)."""
from __future__ import annotations

import datetime as dt
import functools
import math

import cv2
import numpy as np
import pytest

from coded_frames import coded_frame
from photos import photo
from domain.states import CameraHealth
from vision.sources import HealthConfig, HealthReason, HealthTracker, is_uniform, pictures_differ
from vision.sources.health import health_thumbnail, scene_changed

CFG = HealthConfig(offline_after_s=10, frozen_after_s=30)
SCENE = cv2.resize(photo("astronaut"), (640, 480), interpolation=cv2.INTER_AREA)


def noisy(image: np.ndarray, sigma: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.clip(image.astype(np.float32) + rng.normal(0, sigma, image.shape), 0, 255).astype(np.uint8)


def reencoded(image: np.ndarray, quality: int) -> np.ndarray:
    ok, buf = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return cv2.imdecode(buf, cv2.IMREAD_COLOR)


def no_signal(colour: tuple[int, int, int], text: str | None = None) -> np.ndarray:
    image = np.zeros((360, 640, 3), np.uint8)
    image[:] = colour
    if text:
        cv2.putText(image, text, (200, 190), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (255, 255, 255), 2)
    return image


def moved(image: np.ndarray, x: int, y: int, w: int, h: int) -> np.ndarray:
    out = image.copy()
    out[y:y + h, x:x + w] = 255 - out[y:y + h, x:x + w]
    return out


@pytest.mark.parametrize(
    "name, image, uniform",
    [
        ("black", no_signal((0, 0, 0)), True),
        ("blue 'NO SIGNAL' screen", no_signal((160, 60, 0), "NO SIGNAL"), True),
        ("grey decoder fill", no_signal((128, 128, 128)), True),
        ("real scene", SCENE, False),
        ("dark real scene (lights dimmed to 15%)", (SCENE * 0.15).astype(np.uint8), False),
        ("synthetic textured frame", coded_frame(7), False),
    ],
)
def test_no_signal_pictures(name, image, uniform):
    assert is_uniform(health_thumbnail(image)) is uniform, name


@pytest.mark.parametrize(
    "name, second, differ",
    [
        ("identical", SCENE.copy(), False),
        ("the same picture encoded again (JPEG q=70 both times)", reencoded(SCENE, 70), False),
        ("faint sensor noise σ=1", noisy(SCENE, 1, 7), True),
        ("sensor noise σ=3", noisy(SCENE, 3, 7), True),
        ("a hand moved (40×40 px of 640×480)", moved(SCENE, 300, 200, 40, 40), True),
        ("someone moved", SCENE[:, ::-1].copy(), True),
    ],
)
def test_what_counts_as_a_changed_picture(name, second, differ):
    base = {
        "the same picture encoded again (JPEG q=70 both times)": reencoded(SCENE, 70),
    }.get(name, SCENE)
    assert pictures_differ(health_thumbnail(base), health_thumbnail(second)) is differ, name


def test_connecting_then_online():
    t = HealthTracker(CFG, started_at=100.0)
    snap = t.snapshot(105.0)
    assert (snap.health, snap.reason, snap.since, snap.last_frame_at) == (
        CameraHealth.OFFLINE, HealthReason.CONNECTING, 100.0, None
    )
    snap = t.frame_seen(106.0, SCENE)
    assert (snap.health, snap.reason, snap.since) == (CameraHealth.ONLINE, HealthReason.OK, 106.0)


def test_offline_after_offline_after_s_backdated_to_the_last_frame():
    t = HealthTracker(CFG, started_at=0.0)
    for k in range(5):
        t.frame_seen(float(k), noisy(SCENE, 3, k))
    assert t.snapshot(13.9).health is CameraHealth.ONLINE  # 9.9 s since the last frame
    snap = t.snapshot(14.0)
    assert (snap.health, snap.reason, snap.since, snap.last_frame_at) == (
        CameraHealth.OFFLINE, HealthReason.NO_FRAMES, 4.0, 4.0
    )
    back = t.frame_seen(20.0, noisy(SCENE, 3, 99))
    assert (back.health, back.since) == (CameraHealth.ONLINE, 20.0)


def test_frozen_after_frozen_after_s_of_identical_pictures_backdated_to_the_last_change():
    t = HealthTracker(CFG, started_at=0.0)
    t.frame_seen(0.0, noisy(SCENE, 3, 0))
    t.frame_seen(1.0, noisy(SCENE, 3, 1))  # last real change at t=1
    still = noisy(SCENE, 3, 1)
    snaps = [t.frame_seen(float(k), still) for k in range(2, 40)]
    first_frozen = next(s for s in snaps if s.health is CameraHealth.FROZEN)
    assert first_frozen.reason is HealthReason.FROZEN and first_frozen.since == 1.0
    assert snaps[29 - 2].health is CameraHealth.ONLINE  # t=30: 29 s after the last change
    assert snaps[31 - 2].health is CameraHealth.FROZEN  # t=31: 30 s after it
    thawed = t.frame_seen(45.0, noisy(SCENE, 3, 45))
    assert (thawed.health, thawed.since) == (CameraHealth.ONLINE, 45.0)


def test_frames_that_only_grab_keep_the_camera_alive_but_do_not_thaw_it():
    t = HealthTracker(CFG, started_at=0.0)
    t.frame_seen(0.0, SCENE)
    for k in range(1, 50):
        t.frame_arrived(float(k))  # grabbed, not decoded
    snap = t.snapshot(49.5)
    assert snap.health is CameraHealth.FROZEN  # no decoded picture changed for 49 s
    assert t.snapshot(49.5).last_frame_at == 49.0


def test_no_signal_is_frozen_at_once_and_recovers():
    t = HealthTracker(CFG, started_at=0.0)
    t.frame_seen(0.0, SCENE)
    black = no_signal((0, 0, 0))
    snap = t.frame_seen(5.0, black)
    assert (snap.health, snap.reason, snap.since) == (CameraHealth.FROZEN, HealthReason.NO_SIGNAL, 5.0)
    assert t.frame_seen(6.0, black).since == 5.0
    snap = t.frame_seen(7.0, noisy(SCENE, 3, 7))
    assert (snap.health, snap.since) == (CameraHealth.ONLINE, 7.0)


def test_offline_wins_over_frozen():
    t = HealthTracker(CFG, started_at=0.0)
    t.frame_seen(0.0, no_signal((0, 0, 0)))
    assert t.snapshot(5.0).health is CameraHealth.FROZEN
    assert t.snapshot(10.0).health is CameraHealth.OFFLINE


def test_restart_makes_the_first_picture_after_a_reconnect_count_as_new():
    t = HealthTracker(CFG, started_at=0.0)
    t.frame_seen(0.0, SCENE)
    t.restart()
    small = cv2.resize(SCENE, (320, 240))
    for k in range(25, 51):
        t.frame_seen(float(k), small)  # the same small picture from 25 s on
    assert t.snapshot(50.0).health is CameraHealth.ONLINE  # the reconnect at 25 s counts as a change
    assert t.snapshot(55.0).health is CameraHealth.FROZEN


def test_bad_config():
    with pytest.raises(ValueError):
        HealthConfig(offline_after_s=0)


def creeping(k: int) -> np.ndarray:
    """A faint shadow (6 levels, person-high) 1 px further right every second: too little change
    frame to frame. (A lone object smaller than a line of text would count as an overlay: see
    test_a_ticking_clock_on_a_frozen_picture_is_frozen_throughout.)"""
    out = SCENE.astype(np.int16)
    out[100:400, 200 + k:260 + k] -= 6
    return np.clip(out, 0, 255).astype(np.uint8)


def speckled(image: np.ndarray, n: int, levels: int) -> np.ndarray:
    """`n` scattered 2×2 blocks (one thumbnail pixel each at 640 px wide) brighter by `levels`."""
    out = image.copy()
    rng = np.random.default_rng(5)
    for y, x in zip(rng.integers(0, 240, n) * 2, rng.integers(0, 320, n) * 2):
        out[y:y + 2, x:x + 2] = np.clip(out[y:y + 2, x:x + 2].astype(np.int16) + levels, 0, 255)
    return out


def test_a_slow_creep_adds_up_against_the_start_of_the_still_run():
    # Each step moves fewer thumbnail pixels than a change needs (so a frame-to-frame
    # rule would call this frozen); measured against the start it adds up.
    step = (creeping(0), creeping(1))
    assert not pictures_differ(health_thumbnail(step[0]), health_thumbnail(step[1]))
    t = HealthTracker(CFG, started_at=0.0)
    snaps = [t.frame_seen(float(k), creeping(k)) for k in range(120)]
    assert all(s.health is CameraHealth.ONLINE for s in snaps)


@pytest.mark.parametrize(
    "name, pictures",
    [
        # An encoder re-codes a frozen picture at keyframes: the pictures alternate
        # between close variants of one another, never moving away from the first.
        ("keyframe re-codes: 40 scattered thumbnail pixels off by 6 levels, in turn", [SCENE, speckled(SCENE, 40, 6)]),
        ("identical frames", [SCENE]),
    ],
)
def test_re_coded_frozen_pictures_go_frozen(name, pictures):
    t = HealthTracker(CFG, started_at=0.0)
    snaps = [t.frame_seen(float(k), pictures[k % len(pictures)]) for k in range(40)]
    assert snaps[29].health is CameraHealth.ONLINE, name
    assert snaps[30].health is CameraHealth.FROZEN and snaps[30].since == 0.0, name


# ── a recorder's clock ticking on the picture (issue 10, item 11) ─────────────────────────
FONT = cv2.FONT_HERSHEY_SIMPLEX
CLOCK_START = dt.datetime(2026, 12, 7, 9, 59, 40)  # the hour rolls over 20 s in: every time digit changes


def with_clock(image: np.ndarray, t: float, where: str, scale: float) -> np.ndarray:
    """The recorder's date and time, drawn where DVRs put it (white, black outline)."""
    text = (CLOCK_START + dt.timedelta(seconds=int(t))).strftime("%d-%m-%Y %H:%M:%S")
    thick = max(1, round(2 * scale))
    (tw, th), _ = cv2.getTextSize(text, FONT, scale, thick)
    h, w = image.shape[:2]
    x = {"left": 8, "right": w - tw - 8, "centre": (w - tw) // 2}[where.split()[1]]
    y = th + 8 if where.startswith("top") else h - 8
    out = image.copy()
    cv2.putText(out, text, (x, y), FONT, scale, (0, 0, 0), thick + 2, cv2.LINE_AA)
    cv2.putText(out, text, (x, y), FONT, scale, (255, 255, 255), thick, cv2.LINE_AA)
    return out


@functools.cache
def live_lead() -> tuple[np.ndarray, ...]:
    return tuple(noisy(SCENE, 2, 100 + k) for k in range(10))


def health_with_clock(picture, where: str, scale: float, seconds: int = 90) -> list:
    """1 sample a second: 10 s of live picture (fresh sensor noise), then `picture(t)` from t = 0
    (the hour rolls over at 20 s, a minute at 80 s)."""
    t = HealthTracker(CFG, started_at=-10.0)
    for k, live in zip(range(-10, 0), live_lead()):
        t.frame_seen(float(k), with_clock(live, k, where, scale))
    return [(k, t.frame_seen(float(k), with_clock(picture(k), k, where, scale))) for k in range(seconds)]


PLACES = ["top left", "top right", "bottom left", "bottom right", "top centre"]


@pytest.mark.parametrize("where, scale", [(w, s) for w in PLACES for s in (0.5, 1.0)] + [("top right", 1.2)])
def test_a_ticking_clock_on_a_frozen_picture_is_frozen_throughout(where, scale):
    frozen = noisy(SCENE, 2, 7)  # the last live picture, its sensor noise frozen in
    snaps = health_with_clock(lambda _t: frozen, where, scale)
    assert all(s.health is CameraHealth.ONLINE for k, s in snaps if k < CFG.frozen_after_s)
    late = [(k, s.health) for k, s in snaps if k >= CFG.frozen_after_s and s.health is not CameraHealth.FROZEN]
    assert not late, f"clock {where} ×{scale}: thawed at {late[:3]}"
    assert {s.since for k, s in snaps if k >= CFG.frozen_after_s} == {0.0}  # backdated to when it froze


def seated(t: float) -> np.ndarray:
    """A small person (a 90×120 px portrait on a 640×480 desk scene) breathing: 1 px up and down
    every 4 s; no sensor noise, the hardest live case."""
    out = desk_scene().copy()
    dy = round(math.sin(2 * math.pi * t / 4.0))
    out[210 + dy:330 + dy, 275:365] = small_person()
    return out


@functools.cache
def small_person() -> np.ndarray:
    return cv2.resize(photo("grace_hopper"), (90, 120), interpolation=cv2.INTER_AREA)


@functools.cache
def desk_scene() -> np.ndarray:
    out = np.full((480, 640, 3), 170, np.uint8)
    cv2.rectangle(out, (150, 330), (490, 350), (90, 110, 130), -1)  # the desk
    return out


@pytest.mark.parametrize("where", ["top left", "bottom right"])
def test_a_small_seated_person_with_a_ticking_clock_stays_online(where):
    snaps = health_with_clock(seated, where, 1.0)
    assert all(s.health is CameraHealth.ONLINE for _, s in snaps), [k for k, s in snaps if s.health is not CameraHealth.ONLINE][:5]


def test_the_clock_alone_is_an_overlay_a_person_is_not():
    frozen = noisy(SCENE, 2, 7)
    a, b = (health_thumbnail(with_clock(frozen, t, "bottom right", 1.0)) for t in (19, 20))  # 09:59:59 → 10:00:00
    assert pictures_differ(a, b) and not scene_changed(a, b)
    c, d = health_thumbnail(seated(0)), health_thumbnail(seated(1))
    assert scene_changed(c, d)
