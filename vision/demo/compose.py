"""Renders a :class:`SceneScript` into a video file and a matching sites file.

The picture: an office wall, a chair per desk, staff pasted behind a counter that
hides their lower body, citizens in front of the counter whose boxes graze the
staff zone, monitors on the counter, sensor noise and a small sway so a live
camera never looks frozen, and the scripted black / blue "no signal" and frozen
stretches.
"""
from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import yaml

from .script import (
    COUNTER_TOP,
    STAFF_HEIGHT,
    STAFF_TOP,
    SceneScript,
    staff_zone,
)
from .sprites import STAFF_CUTS, Sprite, citizen_sprites, paste, staff_sprite, tinted

GENERATOR_VERSION = 4  # bump when the picture changes: cached videos are rebuilt
CAMERA_ID = "cam1"
UNIT = "Xã Điềm He"


@dataclass(frozen=True)
class PresenceSettings:
    """What the sites file of a composed scene says (the tests use short hysteresis)."""

    present_after_s: float = 5
    absent_grace_s: float = 60
    incident_min_s: float = 300
    frozen_after_s: float = 30
    offline_after_s: float = 10
    sample_fps: float = 1.0


@dataclass(frozen=True)
class ComposedScene:
    script: SceneScript
    settings: PresenceSettings
    video: Path
    sites: Path
    camera_id: str = CAMERA_ID


@dataclass(frozen=True)
class _Stage:
    back: np.ndarray  # wall, chairs
    front: np.ndarray  # counter, monitors
    front_mask: np.ndarray  # uint8 H×W, 255 where the front layer hides what is behind


def _draw_stage(script: SceneScript) -> _Stage:
    w, h = script.width, script.height
    back = np.zeros((h, w, 3), np.uint8)
    # Wall: a soft vertical gradient, a darker skirting band, a notice board and a sign.
    for y in range(h):
        v = 214 - int(22 * y / h)
        back[y, :] = (v - 18, v - 4, v + 6)
    cv2.rectangle(back, (0, int(0.58 * h)), (w, int(0.63 * h)), (150, 160, 172), -1)
    cv2.rectangle(back, (int(0.30 * w), int(0.03 * h)), (int(0.70 * w), int(0.13 * h)), (40, 40, 150), -1)
    cv2.putText(back, "BO PHAN MOT CUA", (int(0.335 * w), int(0.105 * h)), cv2.FONT_HERSHEY_SIMPLEX,
                0.55 * w / 640, (235, 235, 245), 1, cv2.LINE_AA)
    cv2.rectangle(back, (int(0.80 * w), int(0.05 * h)), (int(0.97 * w), int(0.22 * h)), (120, 150, 185), -1)
    for k in range(4):
        y = int((0.08 + 0.035 * k) * h)
        cv2.line(back, (int(0.82 * w), y), (int(0.95 * w), y), (230, 230, 230), 1)
    # A chair behind each desk: seen empty when the staff member is away.
    for d in script.desks:
        cx = d.centre_x
        cv2.rectangle(back, (cx - 38, int(0.36 * h)), (cx + 38, int(COUNTER_TOP * h)), (60, 55, 52), -1)
        cv2.rectangle(back, (cx - 34, int(0.38 * h)), (cx + 34, int(COUNTER_TOP * h)), (78, 72, 70), -1)

    front = np.zeros_like(back)
    mask = np.zeros((h, w), np.uint8)
    top = int(COUNTER_TOP * h)
    cv2.rectangle(front, (0, top), (w, top + int(0.035 * h)), (150, 190, 215), -1)  # counter top
    cv2.rectangle(front, (0, top + int(0.035 * h)), (w, h), (70, 105, 140), -1)  # front panel
    cv2.rectangle(mask, (0, top), (w, h), 255, -1)
    for x in range(0, w, int(0.125 * w)):
        cv2.line(front, (x, top + int(0.04 * h)), (x, h), (55, 85, 115), 2)
    for i, d in enumerate(script.desks):
        cx = d.centre_x
        # Name plate on the counter front.
        cv2.rectangle(front, (cx - 34, top + int(0.07 * h)), (cx + 34, top + int(0.13 * h)), (230, 230, 230), -1)
        cv2.putText(front, f"QUAY {i + 1}", (cx - 28, top + int(0.115 * h)), cv2.FONT_HERSHEY_SIMPLEX,
                    0.4 * w / 640, (40, 40, 40), 1, cv2.LINE_AA)
        # A monitor on the counter, beside the seat.
        mx = cx + (74 if i % 2 == 0 else -74)
        m_top = top - int(0.12 * h)
        cv2.rectangle(front, (mx - 24, m_top), (mx + 24, top - int(0.02 * h)), (30, 30, 30), -1)
        cv2.rectangle(front, (mx - 21, m_top + 3), (mx + 21, top - int(0.025 * h)), (110, 80, 60), -1)
        cv2.rectangle(front, (mx - 4, top - int(0.02 * h)), (mx + 4, top), (30, 30, 30), -1)
        cv2.rectangle(mask, (mx - 24, m_top), (mx + 24, top), 255, -1)
    return _Stage(back, front, mask)


def _staff_sprite_for(script: SceneScript) -> list[Sprite]:
    height = int(STAFF_HEIGHT * script.height)
    out = [staff_sprite(d.staff_sprite % len(STAFF_CUTS)).scaled(height) for d in script.desks]
    return [tinted(s, d.shirt_bgr) if d.shirt_bgr is not None else s for s, d in zip(out, script.desks)]


def _citizen_sprites_for(script: SceneScript) -> list[Sprite]:
    # Citizens stand nearer the camera than the staff: taller, cut off by the frame bottom.
    height = int(0.95 * script.height)
    return [s.scaled(height) for s in citizen_sprites()]


class SceneRenderer:
    """Draws frame ``i`` of a script (deterministic: the same script gives the same video)."""

    def __init__(self, script: SceneScript) -> None:
        self.script = script
        self.stage = _draw_stage(script)
        self.staff = _staff_sprite_for(script)
        self.citizens = _citizen_sprites_for(script)
        rng = np.random.default_rng(script.seed)
        h, w = script.height, script.width
        # Sensor noise: a live camera's picture never repeats exactly. Kept as the
        # positive and negative parts so saturating uint8 adds apply it quickly.
        self._noise = []
        for _ in range(7):
            n = rng.normal(0, 2.5, (h, w, 3))
            self._noise.append((np.clip(n, 0, 255).astype(np.uint8), np.clip(-n, 0, 255).astype(np.uint8)))
        self._blank = self._no_signal_picture()
        self._phase = rng.uniform(0, 2 * math.pi, size=(len(script.desks), 2))
        self._frozen_frame: np.ndarray | None = None
        self._frozen_span = None

    def clean_frame(self, t: float) -> np.ndarray:
        s = self.script
        frame = self.stage.back.copy()
        for k, d in enumerate(s.desks):
            if d.seated_at(t):
                sp = self.staff[k]
                sway = int(round(3 * math.sin(2 * math.pi * t / 5.3 + self._phase[k, 0])))
                bob = int(round(1.5 * math.sin(2 * math.pi * t / 3.7 + self._phase[k, 1])))
                paste(frame, sp, d.centre_x - sp.width // 2 + sway, int(STAFF_TOP * s.height) + bob)
        cv2.copyTo(self.stage.front, self.stage.front_mask, frame)
        for v in s.visits:
            if v.span.contains(t):
                sp = self.citizens[v.sprite % len(self.citizens)]
                f = (t - v.span.start) / v.span.seconds
                cx = v.x0 + (v.x1 - v.x0) * f
                paste(frame, sp, int(round(cx - sp.width / 2)), v.top)
        return frame

    def frame(self, i: int) -> np.ndarray:
        s = self.script
        t = i / s.fps
        frozen = next((sp for sp in s.frozen if sp.contains(t)), None)
        if frozen is not None:
            if self._frozen_span != frozen or self._frozen_frame is None:
                self._frozen_span = frozen
                self._frozen_frame = self._noisy(self.clean_frame(frozen.start), i)
            return self._frozen_frame
        if any(sp.contains(t) for sp in s.no_signal):
            return self._blank.copy()
        return self._noisy(self.clean_frame(t), i)

    def _no_signal_picture(self) -> np.ndarray:
        s = self.script
        blank = np.zeros((s.height, s.width, 3), np.uint8)
        if s.blue_no_signal:  # a DVR's blue screen with a small caption
            blank[:] = (170, 60, 20)
            cv2.putText(blank, "NO SIGNAL", (s.width // 2 - 40, s.height // 2), cv2.FONT_HERSHEY_SIMPLEX,
                        0.5, (255, 255, 255), 1, cv2.LINE_AA)
        return cv2.add(blank, self._noise[0][0] // 2)  # a dark screen is not perfectly flat

    def _noisy(self, image: np.ndarray, i: int) -> np.ndarray:
        plus, minus = self._noise[i % len(self._noise)]
        return cv2.subtract(cv2.add(image, plus), minus)


def sites_document(scene_video: Path, script: SceneScript, settings: PresenceSettings) -> dict:
    """The sites file for one composed scene (the issue's minimal form + camera timing keys)."""
    return {
        "timezone": "Asia/Ho_Chi_Minh",
        "presence": {
            "present_after_s": settings.present_after_s,
            "absent_grace_s": settings.absent_grace_s,
            "incident_min_s": settings.incident_min_s,
        },
        "sample_fps": settings.sample_fps,
        "cameras": [
            {
                "id": CAMERA_ID,
                "source": str(scene_video),
                "unit": UNIT,
                "offline_after_s": settings.offline_after_s,
                "frozen_after_s": settings.frozen_after_s,
                "desks": [
                    {"id": d.desk_id, "name": d.name, "staff_zone": staff_zone(d, script.width)}
                    for d in script.desks
                ],
            }
        ],
    }


def _fingerprint(script: SceneScript, settings: PresenceSettings) -> str:
    return hashlib.sha256(repr((GENERATOR_VERSION, script, settings)).encode()).hexdigest()[:16]


def compose_scene(
    script: SceneScript,
    directory: Path,
    settings: PresenceSettings = PresenceSettings(),
    codec: str = "mp4v",
) -> ComposedScene:
    """Write ``<name>.mp4`` and ``<name>.sites.yaml`` into ``directory`` (reused when the
    same script was rendered there before)."""
    directory.mkdir(parents=True, exist_ok=True)
    video = directory / f"{script.name}.mp4"
    sites = directory / f"{script.name}.sites.yaml"
    stamp = directory / f"{script.name}.fingerprint"
    fp = _fingerprint(script, settings)
    if not (video.is_file() and sites.is_file() and stamp.is_file() and stamp.read_text() == fp):
        tmp = video.with_suffix(".tmp.mp4")
        writer = cv2.VideoWriter(str(tmp), cv2.VideoWriter_fourcc(*codec), script.fps, (script.width, script.height))
        if not writer.isOpened():
            raise RuntimeError(f"cannot write video {tmp} with codec {codec}")
        renderer = SceneRenderer(script)
        try:
            for i in range(script.n_frames):
                writer.write(renderer.frame(i))
        finally:
            writer.release()
        tmp.replace(video)
        sites.write_text(
            yaml.safe_dump(sites_document(video, script, settings), allow_unicode=True, sort_keys=False),
            encoding="utf-8",
        )
        stamp.write_text(fp)
    return ComposedScene(script, settings, video, sites)


def describe(scene: ComposedScene) -> str:
    s = scene.script
    return json.dumps(
        {
            "name": s.name, "seconds": s.duration_s, "fps": s.fps, "desks": len(s.desks),
            "visits": len(s.visits), "no_signal": len(s.no_signal), "frozen": len(s.frozen),
        }
    )
