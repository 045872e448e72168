"""Text the Setup page's fields hold, to values and back: zone points and office-hour spans.

Kept free of Streamlit so the rules are plain functions; `FieldText` errors carry
which item was bad so the page can name it.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

_SPAN = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


class FieldText(ValueError):
    """Item `index` (1-based) of a field, `text`, could not be read."""

    def __init__(self, index: int, text: str) -> None:
        self.index, self.text = index, text
        super().__init__(f"{index}: {text!r}")


def parse_zone(text: str) -> tuple[tuple[float, float], ...] | None:
    """'0.1,0.3; 0.4,0.3; …' → points; empty text → None (no zone). Ranges are checked by data/setup."""
    items = [p for p in text.replace("\n", ";").split(";") if p.strip()]
    if not items:
        return None
    points = []
    for i, item in enumerate(items, start=1):
        parts = item.replace(" ", "").split(",")
        try:
            if len(parts) != 2:
                raise ValueError
            points.append((float(parts[0]), float(parts[1])))
        except ValueError:
            raise FieldText(i, item.strip()) from None
    return tuple(points)


def format_zone(zone: Sequence[Sequence[float]] | None) -> str:
    return "" if not zone else "; ".join(f"{x:.3f},{y:.3f}" for x, y in zone)


def parse_spans(text: str) -> list[tuple[dt.time, dt.time]]:
    """'07:30-11:30, 13:30-17:00' → [(07:30, 11:30), (13:30, 17:00)]; '24:00' or '00:00' as an end = midnight."""
    spans = []
    for i, item in enumerate([p for p in text.split(",") if p.strip()], start=1):
        m = _SPAN.match(item)
        if m is None:
            raise FieldText(i, item.strip())
        h1, m1, h2, m2 = (int(g) for g in m.groups())
        if h2 == 24 and m2 == 0:
            h2 = 0
        if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
            raise FieldText(i, item.strip())
        spans.append((dt.time(h1, m1), dt.time(h2, m2)))
    return spans


def format_spans(spans: Sequence[tuple[dt.time, dt.time]]) -> str:
    return ", ".join(f"{a:%H:%M}-{'24:00' if b == dt.time(0) else f'{b:%H:%M}'}" for a, b in spans)


def add_point(text: str, x: float, y: float, width: float, height: float) -> str:
    """`text` with the point clicked at (x, y) on a picture shown width × height appended (normalised)."""
    if width <= 0 or height <= 0:
        return text
    nx, ny = min(max(x / width, 0.0), 1.0), min(max(y / height, 0.0), 1.0)
    point = f"{nx:.3f},{ny:.3f}"
    text = text.strip().rstrip(";").strip()
    return f"{text}; {point}" if text else point
