"""Hard negatives for the badge data: chest items that are not cards, and other clothes."""
from __future__ import annotations

import numpy as np
import pytest

from tools.badge.clutter import chest_clutter, redress_torso
from tools.badge.sources import TRAIN_PHOTOS, load_people
from tools.badge.synth import compose, sample_rng

FACE = (80.0, 30.0, 120.0, 80.0)  # x1 y1 x2 y2 of a 40×50 face in a 200×256 crop


def canvas() -> np.ndarray:
    img = np.full((256, 200, 3), (150, 110, 60), np.uint8)  # a blue shirt everywhere
    img[30:80, 80:120] = (120, 150, 200)  # the (blurred) face, skin-toned
    return img


@pytest.mark.parametrize("seed", range(12))
def test_chest_items_are_drawn_on_the_chest_only(seed):
    img = canvas()
    before = img.copy()
    drawn = chest_clutter(img, FACE, np.random.default_rng(seed))
    changed = np.any(img != before, axis=2)
    assert drawn >= 1 and changed.any()
    ys, xs = np.nonzero(changed)
    assert ys.min() >= FACE[3] - 2  # nothing on the face or above it
    fw = FACE[2] - FACE[0]
    assert xs.min() >= 100 - 2.5 * fw and xs.max() <= 100 + 2.5 * fw  # within the torso's width


@pytest.mark.parametrize("seed", range(8))
def test_redressing_changes_the_clothes_below_the_chin_not_the_face(seed):
    img = canvas()
    before = img.copy()
    redress_torso(img, FACE, np.random.default_rng(seed))
    assert np.array_equal(img[:int(FACE[3] + 0.25 * 50)], before[:int(FACE[3] + 0.25 * 50)])
    assert np.abs(img[150:200, 90:110].astype(int) - before[150:200, 90:110]).max() > 10


def test_negatives_often_wear_chest_items_and_never_a_label():
    persons = load_people(TRAIN_PHOTOS)
    samples = [compose(persons[i % len(persons)], sample_rng(5, "train", i), positive=False, augment=False)
               for i in range(30)]
    assert all(not s.badges and s.card_mask is None for s in samples)
    assert 10 <= sum(s.chest_items > 0 for s in samples) <= 28  # ~65 % carry ties, ribbons, pens…
