"""The synthetic badge data: labels match the pasted cards, negatives have none, the
same seed gives the same bytes, and the held-out people never appear in training."""
from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import cv2
import numpy as np
import pytest
import yaml

from tools.badge.sources import HELDOUT_PHOTOS, TRAIN_PHOTOS, load_people
from tools.badge.synth import SplitSizes, compose, generate_split, sample_rng, write_dataset
from vision.privacy import default_face_detector

SIZES = SplitSizes(train=12, val=4, test=8)


@pytest.fixture(scope="module")
def people():
    cache: dict[tuple[str, ...], list] = {}

    def load(names: tuple[str, ...]):
        if names not in cache:
            cache[names] = load_people(names)
        return cache[names]

    return load


@pytest.fixture(scope="module")
def dataset(people, tmp_path_factory):
    root = tmp_path_factory.mktemp("badge_ds")
    return write_dataset(root, seed=5, sizes=SIZES, people_loader=people)


def _labels(path: Path) -> list[tuple[float, ...]]:
    return [tuple(float(v) for v in line.split()) for line in path.read_text().splitlines() if line.strip()]


def test_source_people_have_faces_and_come_from_both_sides_of_the_split(people):
    train, held = people(TRAIN_PHOTOS), people(HELDOUT_PHOTOS)
    assert len(train) >= 3 and len(held) >= 2
    assert {p.photo for p in train}.isdisjoint({p.photo for p in held})
    for p in train + held:
        x1, y1, x2, y2 = p.box
        fx1, fy1, fx2, fy2 = p.face
        assert fx2 > fx1 and fy2 > fy1
        assert x1 - 1 <= (fx1 + fx2) / 2 <= x2 + 1


def test_positive_labels_are_the_pasted_card(people):
    persons = people(TRAIN_PHOTOS)
    found = 0
    for i in range(16):
        smp = compose(persons[i % len(persons)], sample_rng(11, "train", i), positive=True, augment=False)
        if not smp.badges:
            continue  # the chest fell outside this crop: then nothing was pasted
        found += 1
        assert smp.card_mask is not None and smp.card_mask.shape == smp.image.shape[:2]
        (b,) = smp.badges
        ys, xs = np.nonzero(smp.card_mask)
        assert (b.x1, b.y1, b.x2, b.y2) == (xs.min(), ys.min(), xs.max() + 1, ys.max() + 1)
        h, w = smp.image.shape[:2]
        assert 0 <= b.x1 < b.x2 <= w and 0 <= b.y1 < b.y2 <= h
        # Card-sized: a few per cent of the crop, never most of it.
        assert 0.0003 < (b.x2 - b.x1) * (b.y2 - b.y1) / (w * h) < 0.2
        for d in smp.distractors:  # the look-alikes never sit on the label
            assert min(b.x2, d.x2) <= max(b.x1, d.x1) or min(b.y2, d.y2) <= max(b.y1, d.y1)
    assert found >= 12


def test_negatives_wear_nothing_but_may_hold_look_alikes(people):
    persons = people(TRAIN_PHOTOS)
    samples = [compose(persons[i % len(persons)], sample_rng(3, "train", i), positive=False) for i in range(20)]
    assert all(not s.badges and s.card_mask is None for s in samples)
    assert sum(len(s.distractors) for s in samples) >= 5


def test_written_labels_match_the_images(dataset):
    root = dataset.root
    with (root / "manifest.csv").open() as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == SIZES.train + SIZES.val + SIZES.test
    for row in rows:
        image = root / row["image"]
        label = root / row["image"].replace("images/", "labels/").replace(".jpg", ".txt")
        assert image.is_file() and label.is_file()
        lines = _labels(label)
        if row["badge"] == "1":
            assert len(lines) == 1
            cls, cx, cy, w, h = lines[0]
            assert cls == 0 and 0 < cx < 1 and 0 < cy < 1 and 0 < w < 0.5 and 0 < h < 0.5
        else:
            assert lines == [] and label.read_text() == ""
    for split in ("train", "val", "test"):
        n = sum(r["split"] == split for r in rows)
        pos = sum(r["split"] == split and r["badge"] == "1" for r in rows)
        assert n == SIZES.of(split)
        assert n // 2 - 2 <= pos <= n // 2  # balanced (a chest off the crop makes a negative)
    doc = yaml.safe_load(dataset.data_yaml.read_text())
    assert doc["names"] == {0: "badge"}
    assert (doc["train"], doc["val"], doc["test"]) == ("images/train", "images/val", "images/test")


def test_heldout_split_shares_no_source_photo_with_training(dataset):
    with (dataset.root / "manifest.csv").open() as f:
        rows = list(csv.DictReader(f))
    seen = {split: {r["photo"] for r in rows if r["split"] == split} for split in ("train", "val", "test")}
    people = {split: {r["person"] for r in rows if r["split"] == split} for split in ("train", "val", "test")}
    assert seen["test"] and seen["train"]
    assert seen["test"].isdisjoint(seen["train"] | seen["val"])
    assert people["test"].isdisjoint(people["train"] | people["val"])
    assert seen["test"] <= set(HELDOUT_PHOTOS) and seen["train"] <= set(TRAIN_PHOTOS)


def _digest(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file() and p.suffix in (".jpg", ".txt", ".csv"):
            h.update(p.relative_to(root).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def test_same_seed_same_bytes_other_seed_other_data(people, dataset, tmp_path):
    again = write_dataset(tmp_path / "again", seed=5, sizes=SIZES, people_loader=people)
    assert _digest(again.root) == _digest(dataset.root)
    other = generate_split(people(TRAIN_PHOTOS), "train", 4, seed=6)
    mine = generate_split(people(TRAIN_PHOTOS), "train", 4, seed=5)
    assert any(a.image.shape != b.image.shape or not np.array_equal(a.image, b.image) for a, b in zip(mine, other))


def test_no_face_survives_in_the_synthetic_images(dataset):
    faces = default_face_detector()
    for image in sorted((dataset.root / "images").rglob("*.jpg")):
        found = faces.detect(cv2.imread(str(image)), 0.5)
        assert len(found) == 0, f"{image.name}: {found.scores}"
