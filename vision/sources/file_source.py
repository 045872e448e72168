"""Recorded footage for replay: frames stamped by the file's own clock, as fast as decoding allows.

Frame i of the file is at `start + i / fps`. Only the frames nearest each
`1 / sample_fps` step are converted to images; the others are grabbed (decoded
by FFmpeg, never converted nor copied), which is what makes replay much faster
than real time.
"""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2

from domain.redaction import redacted_source
from vision.sources.capture import CaptureTimeouts, SourceOpenError, open_capture
from vision.types import Frame

DEFAULT_FPS = 25.0


@dataclass(frozen=True)
class VideoInfo:
    fps: float  # frames per second from the container; DEFAULT_FPS if it does not say
    frame_count: int | None  # as the container claims; may be approximate or missing
    width: int
    height: int
    fps_guessed: bool  # True when the file did not state a usable fps

    @property
    def duration_s(self) -> float | None:
        return None if self.frame_count is None else self.frame_count / self.fps


def is_sample_due(index: int, fps: float, sample_fps: float | None, next_sample: int) -> bool:
    """Whether frame `index` is the first frame at or after sample number `next_sample`.

    Sample k is due at video time k / sample_fps; frame i shows time i / fps.
    The tolerance absorbs float rounding (30 fps, 1/3 s steps).
    """
    if sample_fps is None or sample_fps >= fps:
        return True
    return index / fps + 1e-9 >= next_sample / sample_fps


class FileSource:
    """Iterate a video file's frames (optionally sampled) with capture times from `start`.

    >>> for frame in FileSource("desk.mp4", "cam1", start, sample_fps=1.0): ...
    """

    def __init__(
        self,
        path: str | Path,
        camera_id: str,
        start: dt.datetime,
        sample_fps: float | None = None,
        *,
        open_timeout_s: float = 30.0,
        decoder_threads: int | None = None,
    ) -> None:
        if start.tzinfo is None:
            raise ValueError("start must be timezone-aware (UTC or with an offset)")
        if sample_fps is not None and sample_fps <= 0:
            raise ValueError("sample_fps must be positive")
        self.path = Path(path)
        self.camera_id = camera_id
        self.start = start.astimezone(dt.timezone.utc)
        self.sample_fps = sample_fps
        self._timeouts = CaptureTimeouts(open_s=open_timeout_s, read_s=open_timeout_s)
        self._decoder_threads = decoder_threads
        self.info = self._probe()

    def _open(self) -> cv2.VideoCapture:
        return open_capture(str(self.path), self._timeouts, self._decoder_threads)

    def _probe(self) -> VideoInfo:
        cap = self._open()
        try:
            fps = cap.get(cv2.CAP_PROP_FPS)
            count = int(cap.get(cv2.CAP_PROP_FRAME_COUNT) or 0)
            width = int(cap.get(cv2.CAP_PROP_FRAME_WIDTH) or 0)
            height = int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT) or 0)
        finally:
            cap.release()
        guessed = not (fps and math.isfinite(fps) and 0 < fps <= 1000)
        return VideoInfo(
            fps=DEFAULT_FPS if guessed else float(fps),
            frame_count=count if count > 0 else None,
            width=width,
            height=height,
            fps_guessed=guessed,
        )

    def time_of(self, index: int) -> dt.datetime:
        """Capture time of frame `index`: start + index / fps."""
        return self.start + dt.timedelta(seconds=index / self.info.fps)

    def expected_samples(self) -> int | None:
        """How many frames iteration will yield (for a progress bar); None if unknown."""
        n = self.info.frame_count
        if n is None:
            return None
        if self.sample_fps is None or self.sample_fps >= self.info.fps:
            return n
        return math.floor((n - 1) * self.sample_fps / self.info.fps + 1e-9) + 1 if n > 0 else 0

    def __iter__(self) -> Iterator[Frame]:
        cap = self._open()
        fps = self.info.fps
        next_sample = 0
        index = 0
        try:
            while True:
                if not cap.grab():
                    return
                if is_sample_due(index, fps, self.sample_fps, next_sample):
                    ok, image = cap.retrieve()
                    if not ok or image is None:
                        raise SourceOpenError(
                            f"không giải mã được khung {index} (cannot decode frame {index}): "
                            f"{redacted_source(str(self.path))}"
                        )
                    yield Frame(self.camera_id, self.time_of(index), image, index)
                    if self.sample_fps is not None and self.sample_fps < fps:
                        # Skip sample slots this frame already covers (fps < 2×sample_fps gaps).
                        next_sample = math.floor(index / fps * self.sample_fps + 1e-9) + 1
                index += 1
        finally:
            cap.release()
