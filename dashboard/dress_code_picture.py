"""The pictures a supervisor decides on: the marked, face-blurred evidence and the person enlarged.

Both come from files the worker wrote face-blurred (the evidence with the person's box drawn, the clean
crop next to it). Paths are the store's and untrusted: they are resolved only inside the evidence root
(data.evidence_files). With no picture the page says why, never shows a broken image. Pillow only: the
dashboard reads and crops JPEGs, it runs no vision code.
"""
from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from data.evidence_files import resolve_evidence

# The person is enlarged to about this height, so a 15-20 px card becomes visible.
ZOOM_HEIGHT = 420
# Room around the person's box when the zoom is cut from the evidence (share of the box).
MARGIN = 0.08


@dataclass(frozen=True)
class Picture:
    """The evidence to show (JPEG bytes) and the evidence file's name for the audit; or why there is none."""

    evidence: bytes | None
    name: str | None
    zoom: bytes | None
    missing: str | None  # catalogue key of the reason (dress.why.*) when `evidence` is None


def _file(root: Path, stored: str | None) -> tuple[Path | None, str | None]:
    """The file `stored` names inside `root`, or (None, reason key)."""
    if not stored:
        return None, "dress.why.none_taken"
    found = resolve_evidence(root, stored)
    if found is None:
        return None, "dress.why.outside"
    if not found.is_file():
        return None, "dress.why.missing"
    return found, None


def _image(data: bytes) -> Image.Image | None:
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    # ImportError: in a process that imported Ultralytics, Image.open is wrapped and reaches for an
    # optional HEIF plugin on a file Pillow cannot identify; it is still "not a picture".
    except (OSError, UnidentifiedImageError, ImportError):
        return None
    return image.convert("RGB")


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=90)
    return out.getvalue()


def _enlarged(image: Image.Image) -> Image.Image:
    w, h = image.size
    if h >= ZOOM_HEIGHT or h == 0:
        return image
    scale = ZOOM_HEIGHT / h
    return image.resize((max(1, round(w * scale)), ZOOM_HEIGHT), Image.Resampling.LANCZOS)


def person_crop(image: Image.Image, box: Sequence[float] | None) -> Image.Image | None:
    """The person's box (with a small margin) cut from the evidence; None for a box that is missing or empty."""
    if not box or len(box) != 4:
        return None
    x1, y1, x2, y2 = (float(v) for v in box)
    mx, my = (x2 - x1) * MARGIN, (y2 - y1) * MARGIN
    w, h = image.size
    left, top = max(0, int(x1 - mx)), max(0, int(y1 - my))
    right, bottom = min(w, int(round(x2 + mx))), min(h, int(round(y2 + my)))
    if right - left < 2 or bottom - top < 2:
        return None
    return image.crop((left, top, right, bottom))


def load_picture(root: Path, evidence_path: str | None, crop_path: str | None, person_box: Sequence[float] | None,
                 purged: bool = False) -> Picture:
    """What the queue shows for one item. The zoom is the worker's clean crop when it is there, else the
    person's box cut from the evidence (which then still shows the drawn box's edge)."""
    found, why = _file(root, evidence_path)
    if found is None:
        return Picture(None, None, None, "dress.why.purged" if purged else why)
    data = found.read_bytes()
    image = _image(data)
    if image is None:
        return Picture(None, None, None, "dress.why.unreadable")
    crop_file, _ = _file(root, crop_path)
    zoom = _image(crop_file.read_bytes()) if crop_file is not None else None
    if zoom is None:
        zoom = person_crop(image, person_box)
    return Picture(data, found.name, _jpeg(_enlarged(zoom)) if zoom is not None else None, None)


def thumbnail(root: Path, evidence_path: str | None, person_box: Sequence[float] | None,
              height: int = 220) -> bytes | None:
    """A small picture of the person (or the whole evidence without a box) for the desk-day batch."""
    found, _ = _file(root, evidence_path)
    image = _image(found.read_bytes()) if found is not None else None
    if image is None:
        return None
    part = person_crop(image, person_box) or image
    w, h = part.size
    scale = height / h
    return _jpeg(part.resize((max(1, round(w * scale)), height), Image.Resampling.LANCZOS))
