"""Which PASS judgments are kept for a supervisor to check (issue 12): labels made only from the
rules' violations would teach a model nothing about what it gets right, nor show a PASS it got wrong.

Each PASS judgment of a desk and rule is kept with probability ``rate``, at most ``per_day`` per
desk, rule and local day. The draws come from a generator seeded by the camera id, so a replay of
the same footage keeps the same samples (tests inject their own generator). The daily count lives
in memory: a worker restarted during the day may keep up to ``per_day`` more that day.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import random
from zoneinfo import ZoneInfo

import numpy as np

from domain.records import Box
from vision.compliance.badge_rule import person_crop


def camera_seed(camera_id: str) -> int:
    """A stable seed per camera (Python's hash() changes between runs)."""
    return int.from_bytes(hashlib.sha256(camera_id.encode("utf-8")).digest()[:8], "big")


class PassSampler:
    """Not thread-safe; one per camera's compliance tracker."""

    def __init__(self, rate: float, per_day: int, timezone: str, rng: random.Random) -> None:
        if not 0 <= rate <= 1 or per_day < 0:
            raise ValueError(f"bad PASS sampling: rate {rate}, per day {per_day}")
        self.rate, self.per_day, self.rng = rate, per_day, rng
        self._tz = ZoneInfo(timezone)
        self._day: dt.date | None = None
        self._kept: dict[tuple[str, str], int] = {}  # (desk, rule) -> kept on self._day

    def draw(self, desk_id: str, rule: str, at: dt.datetime) -> bool:
        """Whether this PASS judgment is kept (call :meth:`kept` once its pictures are written)."""
        if self.rate <= 0 or self.per_day <= 0:
            return False
        self._roll_day(at)
        if self._kept.get((desk_id, rule), 0) >= self.per_day:
            return False
        return self.rng.random() < self.rate

    def kept(self, desk_id: str, rule: str, at: dt.datetime) -> None:
        self._roll_day(at)
        self._kept[(desk_id, rule)] = self._kept.get((desk_id, rule), 0) + 1

    def _roll_day(self, at: dt.datetime) -> None:
        day = at.astimezone(self._tz).date()
        if day != self._day:
            self._day, self._kept = day, {}


def card_box(model: object, image: np.ndarray, person_xyxy: Box) -> Box | None:
    """The card the badge model finds on the person, in the frame's pixels; None when the model gives
    no boxes (``best``, vision.compliance.badge.model) or finds no card."""
    best = getattr(model, "best", None)
    if best is None:
        return None
    hit = best(person_crop(image, person_xyxy))
    if hit is None:
        return None
    ox, oy = max(0, int(person_xyxy[0])), max(0, int(person_xyxy[1]))  # person_crop's top-left
    x1, y1, x2, y2 = hit.box
    return (x1 + ox, y1 + oy, x2 + ox, y2 + oy)
