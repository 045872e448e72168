"""Drawing on frames for the live view: staff zones coloured by desk state, person boxes, labels.

Kept apart from every decision: it receives states and boxes, it decides nothing.
Labels are Vietnamese. `cv2.putText` cannot draw diacritics, so text goes
through Pillow with DejaVu Sans (shipped inside matplotlib, found without
importing it). Without that font the labels fall back to ASCII
("Quay 1 · Co mat"), still readable.
"""
from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import cv2
import numpy as np

from domain.live import Transition, transition
from domain.records import DeskState
from domain.states import CameraHealth, DeskStateName
from domain.timezone import LOCAL_TZ
from vision.types import Detections

# BGR
STATE_COLOURS: dict[DeskStateName | None, tuple[int, int, int]] = {
    DeskStateName.PRESENT: (60, 170, 40),
    DeskStateName.ABSENT: (40, 40, 220),
    DeskStateName.OFFLINE: (130, 130, 130),
    DeskStateName.OFF_HOURS: (170, 120, 40),
    None: (0, 200, 230),  # no state yet
}
STATE_LABELS: dict[DeskStateName | None, str] = {
    DeskStateName.PRESENT: "Có mặt",
    DeskStateName.ABSENT: "Vắng",
    DeskStateName.OFFLINE: "Mất tín hiệu",
    DeskStateName.OFF_HOURS: "Ngoài giờ",
    None: "Đang xác định",
}
HEALTH_BANNERS: dict[CameraHealth, str | None] = {
    CameraHealth.ONLINE: None,
    CameraHealth.OFFLINE: "CAMERA MẤT KẾT NỐI",
    CameraHealth.FROZEN: "HÌNH ĐỨNG / KHÔNG CÓ TÍN HIỆU",
}
PERSON_COLOUR = (0, 215, 255)  # amber boxes: detections, not judgements
# A grace period (domain.live.transition): the sighting changed, the state waits. Neither green around
# an empty chair nor red around a seated person; the dashboard's chip says the same in words.
TRANSITION_COLOUR = (0, 130, 255)  # orange
TRANSITION_LABELS: dict[Transition, str] = {
    Transition.LEAVING: "Vừa rời quầy",
    Transition.ARRIVING: "Vừa vào quầy",
}



class DeskLike(Protocol):
    id: str
    name: str | None
    staff_zone: Sequence[Sequence[float]]


class CameraLike(Protocol):
    id: str
    name: str | None
    desks: Sequence[DeskLike]


@dataclass(frozen=True)
class DeskOverlay:
    desk_id: str
    label: str  # shown name, e.g. "Quầy 1"
    zone: tuple[tuple[float, float], ...]  # normalised (x, y) polygon
    state: DeskStateName | None = None
    seen: bool | None = None  # someone in the zone now (None: not known)

    @property
    def colour(self) -> tuple[int, int, int]:
        if transition(self.state, self.seen) is not None:
            return TRANSITION_COLOUR
        return STATE_COLOURS.get(self.state, STATE_COLOURS[None])

    @property
    def state_label(self) -> str:
        moving = transition(self.state, self.seen)
        return TRANSITION_LABELS[moving] if moving else STATE_LABELS.get(self.state, STATE_LABELS[None])


def desk_overlays(camera: CameraLike, states: Sequence[DeskState]) -> tuple[DeskOverlay, ...]:
    """One overlay per desk of `camera`, with its current state where known."""
    by_desk = {s.desk_id: s for s in states}
    return tuple(
        DeskOverlay(
            desk_id=d.id,
            label=d.name or d.id,
            zone=tuple((float(x), float(y)) for x, y in d.staff_zone),
            state=by_desk[d.id].state if d.id in by_desk else None,
            seen=by_desk[d.id].seen if d.id in by_desk else None,
        )
        for d in camera.desks
    )


def ascii_text(text: str) -> str:
    """Vietnamese without diacritics (đ → d), for drawing without a Unicode font."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    return "".join(c for c in text if unicodedata.category(c) != "Mn").encode("ascii", "replace").decode()


@functools.lru_cache(maxsize=1)
def font_path() -> Path | None:
    """DejaVu Sans from matplotlib's data folder, or None."""
    spec = importlib.util.find_spec("matplotlib")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / "mpl-data" / "fonts" / "ttf" / "DejaVuSans.ttf"
        if path.is_file():
            return path
    return None


@functools.lru_cache(maxsize=16)
def _font(size: int):  # -> PIL.ImageFont.FreeTypeFont | None
    path = font_path()
    if path is None:
        return None
    from PIL import ImageFont

    return ImageFont.truetype(str(path), size)


@dataclass(frozen=True)
class _Text:
    xy: tuple[int, int]  # top-left
    text: str
    colour: tuple[int, int, int]  # BGR of the background box
    size: int


def annotate_frame(
    image: np.ndarray,
    desks: Sequence[DeskOverlay],
    detections: Detections | None = None,
    *,
    health: CameraHealth = CameraHealth.ONLINE,
    detections_size: tuple[int, int] | None = None,
    title: str | None = None,
    at: dt.datetime | None = None,
    tz: dt.tzinfo = LOCAL_TZ,
) -> np.ndarray:
    """A copy of the BGR `image` with zones, boxes and labels drawn.

    `detections_size` is (width, height) of the image the boxes were found in,
    when `image` has been resized since; zones are normalised and need no help.
    """
    out = image.copy()
    h, w = out.shape[:2]
    size = max(11, round(min(w, h * 16 / 9) / 48))
    line = max(1, round(w / 400))
    texts: list[_Text] = []

    fill = out.copy()
    for desk in desks:
        pts = np.array([[round(x * (w - 1)), round(y * (h - 1))] for x, y in desk.zone], np.int32)
        cv2.fillPoly(fill, [pts], desk.colour)
    cv2.addWeighted(fill, 0.25, out, 0.75, 0, dst=out)  # zones tinted, scene still visible

    for desk in desks:
        pts = np.array([[round(x * (w - 1)), round(y * (h - 1))] for x, y in desk.zone], np.int32)
        cv2.polylines(out, [pts], True, desk.colour, line + 1, cv2.LINE_AA)
        x0, y0 = int(pts[:, 0].min()), int(pts[:, 1].min())
        texts.append(_Text((x0, max(0, y0 - size - 6)), f"{desk.label} · {desk.state_label}", desk.colour, size))

    if detections is not None and len(detections):
        sx, sy = 1.0, 1.0
        if detections_size is not None:
            sx, sy = w / detections_size[0], h / detections_size[1]
        for x1, y1, x2, y2 in np.asarray(detections.xyxy, dtype=np.float64):
            p1 = (round(x1 * sx), round(y1 * sy))
            p2 = (round(x2 * sx), round(y2 * sy))
            cv2.rectangle(out, p1, p2, PERSON_COLOUR, line, cv2.LINE_AA)

    header = " · ".join(
        part for part in (title, at.astimezone(tz).strftime("%d/%m/%Y %H:%M:%S") if at else None) if part
    )
    if header:
        texts.append(_Text((4, 4), header, (40, 40, 40), size))
    banner = HEALTH_BANNERS.get(health)
    if banner:
        texts.append(_Text((4, h - size - 12), banner, (30, 30, 200), size))
    return _draw_texts(out, texts)


def _draw_texts(image: np.ndarray, texts: list[_Text]) -> np.ndarray:
    """White text on filled boxes; Pillow for Vietnamese glyphs, OpenCV as ASCII fallback."""
    if not texts:
        return image
    font = _font(texts[0].size)
    if font is None:
        for t in texts:
            text = ascii_text(t.text)
            scale = t.size / 22
            (tw, th), base = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, scale, 1)
            x, y = t.xy
            cv2.rectangle(image, (x, y), (x + tw + 6, y + th + base + 6), t.colour, -1)
            cv2.putText(image, text, (x + 3, y + th + 3), cv2.FONT_HERSHEY_SIMPLEX, scale, (255, 255, 255), 1,
                        cv2.LINE_AA)
        return image
    h, w = image.shape[:2]
    for t in texts:  # each label drawn once into a small patch (cached): no whole-frame round trip
        patch = _label_patch(t.text, t.colour, t.size)
        x, y = t.xy
        ph, pw = patch.shape[:2]
        x2, y2 = min(w, x + pw), min(h, y + ph)
        if x2 > x and y2 > y:
            image[y:y2, x:x2] = patch[:y2 - y, :x2 - x]
    return image


@functools.lru_cache(maxsize=512)
def _label_patch(text: str, colour: tuple[int, int, int], size: int) -> np.ndarray:
    """White `text` on a filled box of `colour` (BGR), as a BGR patch; Pillow draws the
    Vietnamese glyphs."""
    from PIL import Image, ImageDraw

    font = _font(size)
    probe = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    left, top, right, bottom = probe.textbbox((3, 2), text, font=font)
    b, g, r = colour
    pil = Image.new("RGB", (int(right) + 4, int(bottom) + 4), (r, g, b))
    ImageDraw.Draw(pil).text((3, 2), text, font=font, fill=(255, 255, 255))
    patch = cv2.cvtColor(np.asarray(pil), cv2.COLOR_RGB2BGR)
    patch.flags.writeable = False  # shared by every picture that shows this label
    return patch
