"""Rendered cards: the label box is exactly the card pixels that stay visible."""
from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from tools.badge.cards import CardStyle, mask_box, paste_card


def _style(**kw) -> CardStyle:
    base = CardStyle(
        long_side=40, portrait=True, body=(250, 250, 250), stripe=(30, 30, 200), stripe_frac=0.2, photo=True,
        text_lines=3, holder=False, angle=0.0, lanyard=None, lanyard_px=1, cover_frac=0.0,
    )
    return dataclasses.replace(base, **kw)


def _changed_box(before: np.ndarray, after: np.ndarray):
    return mask_box(np.any(before != after, axis=2))


@pytest.mark.parametrize(
    "style",
    [
        _style(),
        _style(portrait=False),
        _style(angle=15.0),
        _style(angle=-25.0, portrait=False, long_side=60),
        _style(holder=True, body=(40, 40, 190), long_side=24),
    ],
    ids=["portrait", "landscape", "tilted", "tilted-landscape", "small-red-holder"],
)
def test_label_box_is_the_changed_pixels(style):
    canvas = np.full((160, 120, 3), 90, np.uint8)
    before = canvas.copy()
    pasted = paste_card(canvas, style, (60.0, 80.0), np.random.default_rng(1))
    assert pasted is not None
    changed = _changed_box(before, canvas)
    # Anti-aliased rim pixels below half alpha are outside the label; the box never
    # misses more than that one-pixel rim and never reaches beyond what changed.
    x1, y1, x2, y2 = pasted.box
    cx1, cy1, cx2, cy2 = changed
    assert cx1 <= x1 <= cx1 + 1 and cy1 <= y1 <= cy1 + 1
    assert cx2 - 1 <= x2 <= cx2 and cy2 - 1 <= y2 <= cy2
    assert mask_box(pasted.mask) == pasted.box


def test_portrait_is_taller_and_landscape_wider():
    for portrait in (True, False):
        canvas = np.full((120, 120, 3), 90, np.uint8)
        x1, y1, x2, y2 = paste_card(canvas, _style(portrait=portrait), (60.0, 60.0), np.random.default_rng(0)).box
        assert ((y2 - y1) > (x2 - x1)) == portrait


def test_covered_card_labels_only_what_shows():
    canvas = np.full((160, 160, 3), 90, np.uint8)
    full = paste_card(canvas.copy(), _style(long_side=60), (80.0, 80.0), np.random.default_rng(3))
    covered = paste_card(canvas, _style(long_side=60, cover_frac=0.35), (80.0, 80.0), np.random.default_rng(3),
                         cover_colour=(10, 200, 10))
    assert full is not None and covered is not None
    fa = (full.box[2] - full.box[0]) * (full.box[3] - full.box[1])
    ca = (covered.box[2] - covered.box[0]) * (covered.box[3] - covered.box[1])
    assert ca < 0.8 * fa
    x1, y1, x2, y2 = covered.box
    assert full.box[0] <= x1 and full.box[1] <= y1 and x2 <= full.box[2] and y2 <= full.box[3]
    # No occluder colour inside the visible-card mask.
    assert not np.any(np.all(canvas[covered.mask] == (10, 200, 10), axis=1))


def test_lanyard_is_drawn_outside_the_label():
    canvas = np.full((200, 120, 3), 90, np.uint8)
    before = canvas.copy()
    pasted = paste_card(canvas, _style(lanyard=(20, 20, 20), lanyard_px=2), (60.0, 140.0),
                        np.random.default_rng(0), neck=(60.0, 40.0))
    changed = _changed_box(before, canvas)
    assert changed[1] < pasted.box[1] - 30  # the strap reaches up towards the neck
    assert not pasted.mask[: pasted.box[1]].any()


def test_card_off_the_picture_gives_no_label():
    canvas = np.full((100, 100, 3), 90, np.uint8)
    assert paste_card(canvas, _style(), (-60.0, -60.0), np.random.default_rng(0)) is None


def test_style_draw_is_deterministic_and_varied():
    a = [CardStyle.draw(np.random.default_rng([7, i]), 30) for i in range(40)]
    b = [CardStyle.draw(np.random.default_rng([7, i]), 30) for i in range(40)]
    assert a == b
    assert {s.portrait for s in a} == {True, False}
    assert any(s.lanyard for s in a) and any(s.lanyard is None for s in a)
    assert any(s.angle != 0 for s in a) and any(s.cover_frac > 0 for s in a)
    assert len({s.body for s in a}) >= 4
