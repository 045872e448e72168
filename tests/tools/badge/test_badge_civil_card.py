"""Civil-servant cards (thẻ công chức) and the desk-camera data made with them: card sizes
in the 14–40 px a 720p desk camera sees, pocket-clipped cards high on one side of the chest,
labels on the visible card, and splits that hold out whole people and whole card styles."""
from __future__ import annotations

import numpy as np
import pytest

from tools.badge.civil_card import (
    CARD_ASPECT,
    CIVIL_STYLES,
    HELDOUT_STYLES,
    MAX_SHORT_PX,
    MIN_SHORT_PX,
    TRAIN_STYLES,
    Holder,
    Wear,
    card_size,
    place_card,
    render_civil_card,
    style_named,
    torso_of,
)
from tools.badge.desk_synth import compose_desk, generate_desk_split, split_plan
from tools.badge.sources import HELDOUT_PHOTOS, TRAIN_PHOTOS, SourcePerson
from tools.badge.synth import sample_rng


def _person(photo: str = "bus", index: int = 0) -> SourcePerson:
    """A plain stand-in person (textured picture, a face box): geometry needs no detector."""
    rng = np.random.default_rng(index)
    image = np.clip(rng.normal(120, 30, (600, 400, 3)), 0, 255).astype(np.uint8)
    return SourcePerson(photo, index, image, (80.0, 30.0, 320.0, 600.0), (170.0, 60.0, 230.0, 140.0))


@pytest.mark.parametrize("short", [14, 17, 21, 28, 40])
def test_card_size_is_a_portrait_54_by_86_card(short):
    w, h = card_size(short)
    assert w == short
    assert abs(h / w - CARD_ASPECT) < 0.05


@pytest.mark.parametrize("style", [s.name for s in CIVIL_STYLES])
@pytest.mark.parametrize("short", [MIN_SHORT_PX, 24, MAX_SHORT_PX])
def test_rendered_card_keeps_its_size_and_a_red_or_blue_header(style, short):
    s = style_named(style)
    patch = render_civil_card(s, short, np.random.default_rng(1))
    h, w = patch.shape[:2]
    rim = 0 if s.holder is Holder.NONE else 0.3 * short  # a holder adds a few pixels around the card
    assert short <= w <= short + rim + 1
    assert h > w  # portrait
    assert (patch[:, :, 3] == 255).all()
    rows = np.median(patch[:int(h * 0.35), w // 4:max(w // 4 + 1, 3 * w // 4), :3].astype(int), axis=1)
    # Somewhere near the top a row is red or blue (the header band), not white or grey.
    assert any(max(b, r) > g + 40 for b, g, r in rows)


def test_styles_split_into_training_and_held_out_whole_styles():
    names = {s.name for s in CIVIL_STYLES}
    assert set(TRAIN_STYLES) | set(HELDOUT_STYLES) == names
    assert not set(TRAIN_STYLES) & set(HELDOUT_STYLES)
    held = [style_named(n) for n in HELDOUT_STYLES]
    # Both header colours are held out (the held-out set is not "the blue ones").
    assert {s.headers[0][2] > s.headers[0][0] for s in held} == {True, False}


@pytest.mark.parametrize("seed", range(12))
def test_pocket_card_sits_in_the_torsos_upper_half_to_one_side(seed):
    face = (170.0, 60.0, 230.0, 140.0)
    waist = 140.0 + 80 * 3.2
    rng = np.random.default_rng(seed)
    p = place_card(Wear.POCKET, face, 50.0, waist, rng)
    tx1, ty1, tx2, ty2 = torso_of(face, waist)
    cx, cy = p.centre
    assert tx1 < cx < tx2
    assert ty1 < cy < ty1 + (ty2 - ty1) / 2
    assert abs(cx - 200.0) > 0.4 * 60  # off the centre line, over one pocket
    assert p.pocket is not None and p.pocket[1] < cy + 25  # the card hangs over the pocket's top edge
    lan = place_card(Wear.LANYARD, face, 50.0, waist, np.random.default_rng(seed))
    assert abs(lan.centre[0] - 200.0) <= 0.25 * 60 + 1e-6
    assert lan.centre[1] + 25 < waist  # a lanyard card stays above the counter


def test_pocket_cards_hang_higher_than_lanyard_cards_on_average():
    face, waist = (170.0, 60.0, 230.0, 140.0), 400.0
    pocket = [place_card(Wear.POCKET, face, 50.0, waist, np.random.default_rng(k)).centre[1] for k in range(40)]
    lanyard = [place_card(Wear.LANYARD, face, 50.0, waist, np.random.default_rng(k)).centre[1] for k in range(40)]
    assert np.mean(pocket) < np.mean(lanyard) - 10


def test_desk_sample_cards_are_at_desk_camera_sizes_and_labelled_where_drawn():
    samples = [compose_desk(_person(), sample_rng(3, "train", k), positive=True, styles=TRAIN_STYLES, augment=False)
               for k in range(16)]
    # A draw may leave too little of the card visible to paste it (then it carries no label):
    # most positives must still carry one, and every one that does is checked.
    drawn = [smp for smp in samples if smp.badges]
    assert len(drawn) >= 12, len(drawn)
    for smp in drawn:
        assert MIN_SHORT_PX <= smp.card_short_px <= MAX_SHORT_PX
        assert smp.style in TRAIN_STYLES and smp.wear in ("pocket", "lanyard")
        (b,) = smp.badges
        h, w = smp.image.shape[:2]
        assert 0 <= b.x1 < b.x2 <= w and 0 <= b.y1 < b.y2 <= h
        assert b.y1 < smp.waist_y  # above the counter
        assert max(b.x2 - b.x1, b.y2 - b.y1) >= MIN_SHORT_PX  # the long side, even when partly covered
        assert min(b.x2 - b.x1, b.y2 - b.y1) <= 1.5 * MAX_SHORT_PX


def test_negatives_carry_no_label_and_most_crops_end_at_a_counter():
    samples = [compose_desk(_person(), sample_rng(4, "train", k), positive=False, styles=TRAIN_STYLES, augment=False)
               for k in range(40)]
    assert all(not s.badges and s.style == "" for s in samples)
    assert sum(s.seated for s in samples) >= 20  # "a large part" of the set is seated at a counter
    assert any(not s.seated for s in samples)


def test_held_out_split_is_disjoint_by_person_and_style():
    train_photos, train_styles = split_plan("train")
    val_photos, val_styles = split_plan("val")
    test_photos, test_styles = split_plan("test")
    assert (train_photos, train_styles) == (val_photos, val_styles) == (TRAIN_PHOTOS, TRAIN_STYLES)
    assert (test_photos, test_styles) == (HELDOUT_PHOTOS, HELDOUT_STYLES)
    assert not set(train_photos) & set(test_photos)
    assert not set(train_styles) & set(test_styles)
    train = generate_desk_split([_person("bus", 0), _person("astronaut", 1)], "train", 24, seed=0)
    test = generate_desk_split([_person("zidane", 2), _person("grace_hopper", 3)], "test", 24, seed=0)
    assert {s.style for s in train if s.positive} <= set(TRAIN_STYLES)
    assert {s.style for s in test if s.positive} <= set(HELDOUT_STYLES)
    assert {s.source for s in train}.isdisjoint({s.source for s in test})
    assert sum(s.positive for s in test) >= 8 and sum(not s.positive for s in test) == 12


def test_same_seed_same_pixels():
    a = compose_desk(_person(), sample_rng(9, "val", 5), positive=True, styles=TRAIN_STYLES)
    b = compose_desk(_person(), sample_rng(9, "val", 5), positive=True, styles=TRAIN_STYLES)
    assert np.array_equal(a.image, b.image) and a.badges == b.badges


def _frame(*truths):
    from tools.badge.desk_scene import DeskFrame, DeskTruth  # noqa: PLC0415

    return DeskFrame(np.zeros((4, 4, 3), np.uint8), tuple(DeskTruth(d, w, "pocket" if w else "", 20.0 * w)
                                                         for d, w in truths), False)


@pytest.mark.parametrize(
    "worn, said, expect",  # expect: (tp, fp, fn, tn, unknown, false-accusation share)
    [
        ((False,), (False,), (1, 0, 0, 0, 0, 0.0)),  # no card, FAIL: a true violation
        ((True,), (False,), (0, 1, 0, 0, 0, 1.0)),  # a card worn and FAIL: a false accusation
        ((False,), (True,), (0, 0, 1, 0, 0, 0.0)),  # no card, PASS: a missed violation
        ((True,), (True,), (0, 0, 0, 1, 0, 0.0)),
        ((True, False), (None, False), (1, 0, 0, 0, 1, 0.0)),  # UNKNOWN is never judged
        ((True, True, False, False), (False, True, False, True), (1, 1, 1, 1, 0, 0.25)),
    ],
)
def test_scene_score_counts_violations_and_false_accusations(worn, said, expect):
    from tools.badge.desk_scene import badge_scene_score  # noqa: PLC0415

    desks = [f"d{i + 1}" for i in range(len(worn))]
    frame = _frame(*zip(desks, worn))
    s = badge_scene_score([frame], [dict(zip(desks, said))])
    assert (s.tp, s.fp, s.fn, s.tn, s.unknown_s) == expect[:5]
    assert s.false_accusation_share == pytest.approx(expect[5])
    assert s.judged_s == sum(v is not None for v in said)
