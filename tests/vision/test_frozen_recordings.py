"""Frozen-camera detection on real MPEG-4 encodes (cv2.VideoWriter, mp4v).

An encoder re-codes a frozen picture at every keyframe, so a frozen recording is
not a run of identical frames; a live desk with nobody moving much is not far
from one either. Each case writes a real video of a desk scene (seated staff
drawn from shipped photos), decodes it at 1 frame per second as replay does,
and feeds the tracker.

OpenCV's mp4v writer puts a keyframe every 12 frames and ignores requests for
another interval, so the keyframe interval in seconds is varied through the
frame rate: 2 / 5 / 10 / 25 fps give a keyframe every 6 / 2.4 / 1.2 / 0.48 s.
"""
from __future__ import annotations

import datetime as dt
import functools
import math
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import pytest

from scenes import SceneRenderer, random_script
from domain.states import CameraHealth
from vision.sources import HealthConfig, HealthReason, HealthTracker

FPS = 5  # the composed scenes' frame rate
W, H = 640, 360
CFG = HealthConfig(offline_after_s=10, frozen_after_s=30)
LEAD_S = 10  # live frames before the stretch under test, so it starts mid-stream
SCRIPT = random_script("frozen-rec", seed=3, duration_s=600, n_offline=0)
# A moment with every desk staffed and no citizen in the picture.
T0 = next(
    t for t in range(60, 600, 5)
    if all(d.seated_at(t) and d.seated_at(t + 1) for d in SCRIPT.desks)
    and not any(v.span.contains(t) for v in SCRIPT.visits)
)


@functools.cache
def renderer() -> SceneRenderer:
    """Built on first use, not at import: cutting the people out takes seconds, and every
    process that collects the tests (each xdist worker, each pass) would pay them."""
    return SceneRenderer(SCRIPT)


@functools.cache
def desk() -> np.ndarray:
    return renderer().clean_frame(T0)


def noisy(image: np.ndarray, sigma: float) -> np.ndarray:
    """Fresh Gaussian sensor noise (OpenCV's seeded generator: several times faster than numpy's)."""
    if sigma == 0:
        return image
    noise = np.empty(image.shape, np.int16)
    cv2.randn(noise, (0, 0, 0), (sigma, sigma, sigma))  # per channel
    return np.clip(image.astype(np.int16) + noise, 0, 255).astype(np.uint8)


def breathing(image: np.ndarray, t: float, amplitude_px: int) -> np.ndarray:
    """The staff's upper bodies rise and fall by `amplitude_px` every 4 s."""
    dy = int(round(amplitude_px * math.sin(2 * math.pi * t / 4.0)))
    out = image.copy()
    if dy:
        y0, y1 = int(0.25 * H), int(0.6 * H)
        for d in SCRIPT.desks:
            x0, x1 = max(0, d.centre_x - 40), min(W, d.centre_x + 40)
            out[y0:y1, x0:x1] = np.roll(image[y0:y1, x0:x1], dy, axis=0)
    return out


def no_signal() -> np.ndarray:
    return np.zeros((H, W, 3), np.uint8)


@dataclass(frozen=True)
class Stretch:
    kind: str  # "frozen" | "static" | "breathing" | "black"
    sigma: float  # sensor noise of the camera, grey levels
    seconds: float
    clock: bool = False  # the recorder draws its ticking clock over every frame, frozen or not


CLOCK_AT_0 = dt.datetime(2026, 12, 7, 9, 59, 40)  # the hour rolls over 20 s into the stretch


def with_clock(image: np.ndarray, t: float) -> np.ndarray:
    """A DVR's date and time in the top right corner (white on a black outline), ticking every second."""
    text = (CLOCK_AT_0 + dt.timedelta(seconds=math.floor(t))).strftime("%d-%m-%Y %H:%M:%S")
    out = image.copy()
    cv2.putText(out, text, (W - 300, 30), cv2.FONT_HERSHEY_SIMPLEX, 0.8, (0, 0, 0), 4, cv2.LINE_AA)
    cv2.putText(out, text, (W - 300, 30), cv2.FONT_HERSHEY_SIMPLEX, 0.8, (255, 255, 255), 2, cv2.LINE_AA)
    return out


def picture(stretch: Stretch, t: float, frozen: np.ndarray) -> np.ndarray:
    if stretch.kind == "frozen":
        return frozen
    if stretch.kind == "static":
        return noisy(desk(), stretch.sigma)
    if stretch.kind == "breathing":
        return noisy(breathing(desk(), t, 1), stretch.sigma)
    if stretch.kind == "black":
        return no_signal()
    raise ValueError(stretch.kind)


def recorded(tmp: Path, stretch: Stretch, fps: int) -> list[tuple[float, np.ndarray]]:
    """(video second, grey picture) at 1 fps from a real mp4v file written at `fps`:
    LEAD_S of live desk, then the stretch (from t=0)."""
    desk()  # first, then the seed: cutting the people out draws from OpenCV's generator too
    cv2.setRNGSeed(11)
    frozen = noisy(desk(), 2.5)  # the last live picture, sensor noise and all
    lead = LEAD_S * fps
    path = tmp / "recording.mp4"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"mp4v"), fps, (W, H))
    assert writer.isOpened()
    clock = with_clock if stretch.clock else (lambda image, _t: image)
    for i in range(lead):
        writer.write(clock(noisy(renderer().clean_frame(T0 - LEAD_S + i / fps), 2.5), i / fps - LEAD_S))
    for i in range(int(stretch.seconds * fps)):
        writer.write(clock(picture(stretch, i / fps, frozen), i / fps))
    writer.release()
    samples: list[tuple[float, np.ndarray]] = []
    cap = cv2.VideoCapture(str(path))
    i = 0
    while cap.grab():
        if i % fps == 0:
            ok, image = cap.retrieve()
            assert ok
            samples.append(((i - lead) / fps, cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)))
        i += 1
    cap.release()
    assert i == lead + int(stretch.seconds * fps), f"decoded {i} frames"
    return samples


def health_over(samples: list[tuple[float, np.ndarray]]) -> list[tuple[float, CameraHealth, HealthReason]]:
    tracker = HealthTracker(CFG, started_at=samples[0][0])
    out = []
    for at, grey in samples:
        snap = tracker.frame_seen(at, grey)
        out.append((at, snap.health, snap.reason))
    return out


@pytest.mark.parametrize("fps, clock", [(2, False), (5, False), (10, False), (25, False), (5, True)])
def test_a_re_coded_frozen_stretch_goes_frozen(tmp_path, fps, clock):
    """With the recorder's clock still ticking on the frozen picture too (issue 10, item 11)."""
    states = health_over(recorded(tmp_path, Stretch("frozen", 2.5, 50 if not clock else 100, clock), fps))
    # The codec settles on the frozen picture by the first keyframe (12 frames),
    # then frozen_after_s, then the 1 s sampling step.
    deadline = CFG.frozen_after_s + 12 / fps + 1
    late = [(at, h) for at, h, _ in states if at >= deadline and h is not CameraHealth.FROZEN]
    assert not late, f"{fps} fps (keyframe every {12 / fps:g} s): not FROZEN at {late[:3]}"
    early = [at for at, h, _ in states if at < CFG.frozen_after_s and h is not CameraHealth.ONLINE]
    assert not early, f"FROZEN too soon at {early[:3]}"
    assert {r for at, h, r in states if at >= deadline} == {HealthReason.FROZEN}


@pytest.mark.parametrize(
    "name, stretch",
    [
        ("static desk, sensor noise σ 1", Stretch("static", 1, 90)),
        ("static desk, sensor noise σ 2", Stretch("static", 2, 90)),
        ("static desk, sensor noise σ 3", Stretch("static", 3, 90)),
        ("seated staff breathing (1 px), no sensor noise", Stretch("breathing", 0, 90)),
        ("seated staff breathing (1 px), sensor noise σ 1", Stretch("breathing", 1, 90)),
        ("seated staff breathing (1 px), no sensor noise, a ticking clock", Stretch("breathing", 0, 90, True)),
    ],
)
def test_a_live_desk_never_goes_frozen(tmp_path, name, stretch):
    # 90 s: three times frozen_after_s, so every window the tracker compares lies inside the stretch twice over.
    states = health_over(recorded(tmp_path, stretch, FPS))
    frozen = [at for at, h, _ in states if h is not CameraHealth.ONLINE]
    assert not frozen, f"{name}: not ONLINE at {frozen[:5]}"
    assert states[-1][0] >= stretch.seconds - 1


@pytest.mark.parametrize("fps", [2, 5])
def test_a_black_recording_is_frozen_no_signal_at_once(tmp_path, fps):
    states = health_over(recorded(tmp_path, Stretch("black", 0, 20), fps))
    # The first black sample may still carry the codec's fade from the live picture.
    assert all(h is CameraHealth.FROZEN and r is HealthReason.NO_SIGNAL for at, h, r in states if at >= 1)
    assert all(h is CameraHealth.ONLINE for at, h, _ in states if at < 0)
