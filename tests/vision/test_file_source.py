"""Recorded footage for replay: the right frames, stamped start + index / fps, health on video time."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import cv2
import numpy as np
import pytest

from coded_frames import coded_frame, read_code
from domain.states import CameraHealth
from vision.sources import FileSource, HealthConfig, HealthReason, HealthTracker, SourceOpenError

START = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


def write_video(path: Path, frames, fps: float, fourcc: str = "MJPG") -> Path:
    frames = list(frames)
    h, w = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*fourcc), fps, (w, h))
    assert writer.isOpened()
    for f in frames:
        writer.write(f)
    writer.release()
    return path


@pytest.fixture(scope="module")
def coded_video(tmp_path_factory) -> Path:
    """35 frames at 10 fps; frame i shows the number i."""
    path = tmp_path_factory.mktemp("video") / "coded.avi"
    return write_video(path, (coded_frame(i) for i in range(35)), fps=10)


def test_every_frame_with_its_time(coded_video):
    src = FileSource(coded_video, "cam1", START)
    assert (src.info.fps, src.info.frame_count, src.info.width, src.info.height) == (10.0, 35, 320, 180)
    assert not src.info.fps_guessed and src.info.duration_s == pytest.approx(3.5)
    frames = list(src)
    assert [f.index for f in frames] == list(range(35))
    assert [read_code(f.image) for f in frames] == list(range(35))
    assert all(f.camera_id == "cam1" for f in frames)
    utc_start = dt.datetime(2025, 3, 3, 2, 0, tzinfo=dt.timezone.utc)
    assert frames[0].captured_at == utc_start and frames[0].captured_at.tzinfo == dt.timezone.utc
    assert frames[34].captured_at == utc_start + dt.timedelta(seconds=3.4)
    assert src.expected_samples() == 35


@pytest.mark.parametrize(
    "sample_fps, indices",
    [
        (1.0, [0, 10, 20, 30]),
        (2.0, [0, 5, 10, 15, 20, 25, 30]),
        # Sample k is the first frame at or after k / 3 s: ceil(10 k / 3).
        (3.0, [0, 4, 7, 10, 14, 17, 20, 24, 27, 30, 34]),
        (10.0, list(range(35))),
        (25.0, list(range(35))),  # asking for more than the file has gives every frame once
    ],
)
def test_sampling_picks_the_first_frame_of_each_step(coded_video, sample_fps, indices):
    src = FileSource(coded_video, "cam1", START, sample_fps=sample_fps)
    frames = list(src)
    assert [f.index for f in frames] == indices
    # The decoded picture is the frame the index claims: skipped frames were grabbed, not lost.
    assert [read_code(f.image) for f in frames] == indices
    assert [f.captured_at for f in frames] == [src.time_of(i) for i in indices]
    assert src.expected_samples() == len(indices)


def test_fractional_fps_steps_do_not_drift(tmp_path):
    """7.5 fps sampled at 2.5 fps: every third frame, also after float rounding."""
    video = write_video(tmp_path / "f.avi", (coded_frame(i) for i in range(60)), fps=7.5)
    src = FileSource(video, "c", START, sample_fps=2.5)
    assert [f.index for f in src] == list(range(0, 60, 3))
    last = src.time_of(57)
    assert last - src.start == dt.timedelta(seconds=7.6)


def test_bad_arguments(tmp_path, coded_video):
    with pytest.raises(ValueError, match="timezone-aware"):
        FileSource(coded_video, "c", dt.datetime(2025, 3, 3, 9, 0))
    with pytest.raises(ValueError, match="sample_fps"):
        FileSource(coded_video, "c", START, sample_fps=0)
    missing = tmp_path / "khong-co.mp4"
    with pytest.raises(SourceOpenError, match="khong-co.mp4"):
        FileSource(missing, "c", START)
    not_video = tmp_path / "notes.mp4"
    not_video.write_text("this is not a video")
    with pytest.raises(SourceOpenError, match="notes.mp4"):
        FileSource(not_video, "c", START)


def test_black_and_frozen_stretches_of_a_recording_are_caught_on_video_time(tmp_path):
    """An MPEG-4 recording like the recorders make: noisy live picture, a frozen stretch
    (the same picture repeated, re-coded by the encoder), a black stretch. Sampled at
    1 fps, health follows the video's clock and backdates to where each stretch began."""
    fps, w, h = 5, 640, 360
    rng = np.random.default_rng(0)
    back = np.full((h, w, 3), (190, 185, 175), np.uint8)
    cv2.rectangle(back, (0, 230), (w, h), (60, 90, 130), -1)  # counter
    cv2.rectangle(back, (80, 120), (200, 200), (40, 40, 40), -1)  # monitor
    noise = [rng.normal(0, 2.5, (h, w, 3)).astype(np.int16) for _ in range(7)]

    def live(i: int) -> np.ndarray:
        return np.clip(back.astype(np.int16) + noise[i % 7], 0, 255).astype(np.uint8)

    frozen_picture = live(0)
    frames = []
    for i in range(fps * 100):
        t = i / fps
        if 20 <= t < 60:
            frames.append(frozen_picture)
        elif 80 <= t < 90:
            frames.append(np.zeros((h, w, 3), np.uint8))
        else:
            frames.append(live(i))
    # (from_s, to_s, what the camera shows)
    timeline = [(0, 20, "live"), (20, 60, "frozen"), (60, 80, "live"), (80, 90, "black"), (90, 100, "live")]
    video = write_video(tmp_path / "rec.mp4", frames, fps=fps, fourcc="mp4v")

    src = FileSource(video, "cam1", START, sample_fps=1.0)
    tracker = HealthTracker(HealthConfig(offline_after_s=10, frozen_after_s=10), started_at=0.0)
    seen = {}
    for frame in src:
        t = (frame.captured_at - src.start).total_seconds()
        seen[t] = tracker.frame_seen(t, frame.image)
    assert sorted(seen) == [float(k) for k in range(100)]

    def kind_at(t: float) -> str:
        return next(k for a, b, k in timeline if a <= t < b)

    for t, snap in seen.items():
        kind = kind_at(t)
        if kind == "live" and not (60 <= t < 62):  # the first live frame after a freeze thaws it
            assert snap.health is CameraHealth.ONLINE, (t, snap)
        if kind == "frozen" and t >= 20 + 10 + 2:  # frozen_after_s, plus the codec settling
            assert (snap.health, snap.reason) == (CameraHealth.FROZEN, HealthReason.FROZEN), (t, snap)
            assert 19 <= snap.since <= 22, snap  # backdated to where the picture stopped changing
        if kind == "black":
            assert (snap.health, snap.reason, snap.since) == (CameraHealth.FROZEN, HealthReason.NO_SIGNAL, 80.0)
    assert seen[61.0].health is CameraHealth.ONLINE and seen[61.0].since <= 61.0
