"""Camera health as a pure function of when frames arrived and what they showed.

The tracker knows nothing about threads or OpenCV captures: it is fed times (any
clock: `time.monotonic()` for live cameras, video seconds for a recording) and
images, and answers ONLINE / OFFLINE / FROZEN with the reason and since when.

* OFFLINE: no frame for `offline_after_s`, or none yet since the source was opened.
* FROZEN: frames keep arriving but have not changed for `frozen_after_s`, or the
  newest frame is a uniform "no signal" picture (black, blue, grey screen).

Each picture is compared with the picture at the START of the current still run,
not with the previous frame: an encoder re-codes a frozen picture at every
keyframe (MPEG-4 recordings: up to 138 thumbnail pixels move by >1 level), but the
re-coded picture stays within coding noise of the first one, while a live camera's
sensor noise, a breathing seated person or daylight drift away from it. Only
pictures within coding noise of that start for `frozen_after_s` count as frozen.
The flip side: a picture that is perfectly still (no sensor noise, e.g. after
heavy in-camera noise reduction, and nobody moving) for `frozen_after_s` cannot be
told from a frozen one. The frozen time is backdated to the last change, which on
a recording can be up to one keyframe interval after the picture froze (the codec
settles on the frozen picture at the first keyframe).

Recorders draw a clock on every stream, and it keeps ticking on a frozen picture.
A change confined to one small, short box (one line of text: at most
`overlay_max_height` of the picture's height and `overlay_max_area` of its area,
wherever it sits) with nothing but coding noise elsewhere is therefore not a sign
of life (`scene_changed`). A seated person is taller than a line of text, and a live
camera's noise and people move outside any such box; what the rule gives up is a
picture where, for `frozen_after_s`, nothing moves but something text-sized (a hand
alone on a noise-free picture): that reads FROZEN, i.e. OFFLINE, never ABSENT.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

import cv2
import numpy as np

from domain.states import CameraHealth
from vision.motion import grey_thumbnail


class HealthReason(str, Enum):
    CONNECTING = "connecting"  # no frame yet since start
    NO_FRAMES = "no_frames"  # frames stopped for offline_after_s
    FROZEN = "frozen"  # frames arrive but do not change
    NO_SIGNAL = "no_signal"  # the picture is uniform (black / blue "no signal" screen)
    OK = "ok"


@dataclass(frozen=True)
class HealthConfig:
    offline_after_s: float = 10.0
    frozen_after_s: float = 30.0
    thumbnail_width: int = 320
    # A picture has changed when it differs from the picture at the START of the
    # still run (see HealthTracker) in either way:
    # * at least `changed_min_fraction` of the thumbnail's pixels (and
    #   `changed_min_pixels`) moved by more than `changed_delta` grey levels, or
    # * the mean absolute difference is at least `changed_min_mean` grey levels.
    # Measured at 640×360 (thumbnail 320×180 = 57 600 px), pictures sampled at 1 fps:
    # * frozen, re-coded by mp4v at each keyframe, against the first settled frozen
    #   picture: ≤ 11 px by >3 levels, mean ≤ 0.016 (bench scene 1, 75 s; 138 px by
    #   >1 and 22 by >2, which defeated the old consecutive-frame rule at >1);
    #   synthetic desk scenes (sensor noise 0 / 2.5 frozen in): ≤ 2 px, mean ≤ 0.011;
    # * live static desk, mp4v, sensor noise σ 1 / 2 / 3: a keyframe after ≤ 2.4 s
    #   moves up to 187 / 583 / 1087 px by >3 (single frames in between can move as
    #   few as 10 px, so the still run is at most 2 s long, never near 30 s);
    #   scene 1's live stretches: longest still run 2 s;
    # * seated staff breathing (1 px), mp4v, σ 0–3: ≥ 167 px by >3 on every sample
    #   once the body has moved, up to 3 946;
    # * uncoded or JPEG (q 90) sensor noise σ 1: 0–27 px by >3 but mean 0.40–0.58;
    # * a flat synthetic counter scene, mp4v, noise σ 2.5 (7 patterns in turn): the
    #   encoder smooths most noise away: ≤ 19 px by >3, but mean 0.065–0.17.
    # 0.1 % (58 px) by >3 sits 5× above frozen and below every live keyframe of a
    # textured desk; the mean 0.05 sits 3× above frozen and 3× below the largest
    # mean a smoothed live picture reaches within any 10 s (one change per run is
    # enough to keep the camera ONLINE).
    changed_delta: int = 3
    changed_min_fraction: float = 0.001
    changed_min_pixels: int = 20
    changed_min_mean: float = 0.05
    # A change confined to one box this small (an on-screen clock or date, see the module doc)
    # does not keep the camera alive. Fractions of the thumbnail: putText clocks at 640×360,
    # scale 0.5–1.5: the digits that tick over an hour rollover span 3–10 % of the height and
    # 0.3–3 % of the area; a seated person at a desk is 25 % or more of the height.
    overlay_max_height: float = 0.12
    overlay_max_area: float = 0.03
    # "No signal": this fraction of pixels lies within `uniform_delta` of the median.
    uniform_fraction: float = 0.97
    uniform_delta: int = 8

    def __post_init__(self) -> None:
        if self.offline_after_s <= 0 or self.frozen_after_s <= 0:
            raise ValueError("offline_after_s and frozen_after_s must be positive")
        if not (0 < self.overlay_max_height <= 1 and 0 < self.overlay_max_area <= 1):
            raise ValueError("overlay_max_height and overlay_max_area must be in (0, 1]")
        if self.changed_delta < 0 or not 0 < self.changed_min_fraction <= 1 or self.changed_min_mean <= 0:
            raise ValueError(
                "changed_delta must be ≥ 0, changed_min_fraction in (0, 1] and changed_min_mean > 0, got "
                f"{self.changed_delta}, {self.changed_min_fraction}, {self.changed_min_mean}"
            )


@dataclass(frozen=True)
class HealthSnapshot:
    health: CameraHealth
    reason: HealthReason
    since: float  # when the condition began, on the tracker's clock
    last_frame_at: float | None  # on the tracker's clock


def health_thumbnail(image: np.ndarray, config: HealthConfig = HealthConfig()) -> np.ndarray:
    """The grey thumbnail the health rules compare (no blur: we look for identical pictures)."""
    return grey_thumbnail(image, config.thumbnail_width, blur=False)


def is_uniform(thumb: np.ndarray, config: HealthConfig = HealthConfig()) -> bool:
    """True for a "no signal" picture: nearly every pixel has the same grey level."""
    if thumb.size == 0:
        return True
    median = float(np.median(thumb))
    near = np.abs(thumb.astype(np.int16) - int(round(median))) <= config.uniform_delta
    return float(np.count_nonzero(near)) / float(thumb.size) >= config.uniform_fraction


def pictures_differ(a: np.ndarray, b: np.ndarray, config: HealthConfig = HealthConfig()) -> bool:
    """True when two health thumbnails show a real change (not just re-encoding).

    Pass the picture at the start of the still run as `a`: re-coding noise stays
    within a few levels of it, while a live picture drifts away.
    """
    if a.shape != b.shape:
        return True
    return _differs(np.abs(a.astype(np.int16) - b.astype(np.int16)), config)


def scene_changed(a: np.ndarray, b: np.ndarray, config: HealthConfig = HealthConfig()) -> bool:
    """Like `pictures_differ`, but a change confined to one overlay-sized box (a ticking
    on-screen clock, wherever it sits) does not count: only what changed outside it does."""
    if a.shape != b.shape:
        return True
    diff = np.abs(a.astype(np.int16) - b.astype(np.int16))
    if not _differs(diff, config):
        return False
    box = overlay_box(diff > config.changed_delta, config)
    if box is None:
        return True
    rest = diff.copy()
    rest[box] = 0
    return _differs(rest, config)


def overlay_box(changed: np.ndarray, config: HealthConfig = HealthConfig()) -> tuple[slice, slice] | None:
    """The box of the biggest cluster of changed pixels (a line of text's glyphs joined), if it
    is small and short enough to be an on-screen overlay; None otherwise."""
    h, w = changed.shape[:2]
    mask = changed.astype(np.uint8)
    # Join glyphs along a text line (gaps up to ~1/16 of the width: a colon between two digits).
    joined = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, w // 16), 3)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    if n <= 1:
        return None
    counts = np.bincount(labels[mask.astype(bool)], minlength=n)
    counts[0] = 0
    k = int(np.argmax(counts))
    x, y, bw, bh = (int(v) for v in stats[k, :4])
    if bh > config.overlay_max_height * h or bw * bh > config.overlay_max_area * h * w:
        return None
    return slice(y, y + bh), slice(x, x + bw)


def _differs(diff: np.ndarray, config: HealthConfig) -> bool:
    changed = int(np.count_nonzero(diff > config.changed_delta))
    if changed >= max(config.changed_min_pixels, int(config.changed_min_fraction * diff.size)):
        return True
    return diff.size > 0 and float(diff.mean()) >= config.changed_min_mean


class HealthTracker:
    """Health of one camera. Feed it frames; ask it at any time. Not thread-safe."""

    def __init__(self, config: HealthConfig, started_at: float) -> None:
        self.config = config
        self._started_at = started_at
        self._last_frame_at: float | None = None
        self._last_change_at: float | None = None
        # The picture at the start of the current still run: every new picture is
        # compared with it, not with the previous one, so an encoder re-coding a
        # frozen picture at each keyframe never counts as change, while a live
        # picture (sensor noise, breathing, daylight) drifts away from it.
        self._still_ref: np.ndarray | None = None
        self._uniform_since: float | None = None
        self._online_since: float | None = None  # start of the current run of frames
        self._recovered_at: float | None = None  # last end of a frozen / no-signal stretch

    def restart(self) -> None:
        """The source was reopened: compare the next picture with nothing (new resolution maybe)."""
        self._still_ref = None

    def frame_arrived(self, at: float) -> None:
        """A frame arrived (grabbed, maybe not decoded): the camera is alive."""
        if self._last_frame_at is None or at - self._last_frame_at > self.config.offline_after_s:
            self._online_since = at
        self._last_frame_at = at if self._last_frame_at is None else max(self._last_frame_at, at)

    def frame_seen(self, at: float, image: np.ndarray) -> HealthSnapshot:
        """A decoded frame: alive, and its picture is checked for change and "no signal"."""
        self.frame_arrived(at)
        thumb = health_thumbnail(image, self.config)
        if is_uniform(thumb, self.config):
            if self._uniform_since is None:
                self._uniform_since = at
        elif self._uniform_since is not None:
            self._uniform_since = None
            self._recovered_at = at
        if self._still_ref is None or scene_changed(self._still_ref, thumb, self.config):
            if self._last_change_at is not None and at - self._last_change_at >= self.config.frozen_after_s:
                self._recovered_at = at
            self._last_change_at = at
            self._still_ref = thumb
        return self.snapshot(at)

    def snapshot(self, now: float) -> HealthSnapshot:
        cfg = self.config
        last = self._last_frame_at
        if last is None:
            return HealthSnapshot(CameraHealth.OFFLINE, HealthReason.CONNECTING, self._started_at, None)
        if now - last >= cfg.offline_after_s:
            # The camera went away with its last frame, not when we noticed.
            return HealthSnapshot(CameraHealth.OFFLINE, HealthReason.NO_FRAMES, last, last)
        if self._uniform_since is not None:
            return HealthSnapshot(CameraHealth.FROZEN, HealthReason.NO_SIGNAL, self._uniform_since, last)
        changed = self._last_change_at if self._last_change_at is not None else last
        if now - changed >= cfg.frozen_after_s:
            return HealthSnapshot(CameraHealth.FROZEN, HealthReason.FROZEN, changed, last)
        since = max(t for t in (self._online_since, self._recovered_at, self._started_at) if t is not None)
        return HealthSnapshot(CameraHealth.ONLINE, HealthReason.OK, since, last)
