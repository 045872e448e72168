"""The uniform rule on composed desk scenes like the hidden check of issue 12 (item 6): seated staff
cut at the waist by the counter, light-blue shirts and navy jackets as the regulation, black suits,
brown jackets and own clothes as violations, dim light and colour casts. A few of the scenes of
bench/bench_uniform_scenes.py, one frame each: crops → verdict."""
from __future__ import annotations

import pytest

from uniform_scenes import LIGHTS, OWN_CLOTHES, REGULATION, SUITS, Seated, UniformScene, compliant_scene
from vision.compliance.calibrate import PersonCrop, calibrate_crops
from vision.compliance.rules import JudgeContext, Verdict, chest_band
from vision.compliance.uniform import UniformRule, grey_gains

LIGHT = {light.name: light for light in LIGHTS}
OUTFIT = {o.name: o for o in REGULATION + SUITS + OWN_CLOTHES}
GRACE, ZIDANE, ANCELOTTI = 0, 2, 3  # vision.demo.sprites.STAFF_CUTS


@pytest.fixture(scope="module")
def rule() -> UniformRule:
    """Calibrated as a province would from confirmed PASS crops: person crops with their frame's gains."""
    crops = []
    for seed in (9000, 9001):
        frame = compliant_scene(seed).frame(0.0)
        gains = grey_gains(frame.image)
        for x1, y1, x2, y2 in frame.boxes:
            crops.append(PersonCrop(frame.image[int(y1):int(y2), int(x1):int(x2)], gains))
    cal = calibrate_crops(crops, k=2)
    assert len(cal.reference.colours) == 2  # light blue and navy, nothing refused to be found
    return UniformRule(cal.reference)


@pytest.mark.parametrize(
    "people, light",
    [
        (((ZIDANE, "light-blue shirt"), (ANCELOTTI, "navy jacket"), (GRACE, "black suit")), "office"),
        (((GRACE, "navy jacket"), (ZIDANE, "brown jacket"), (ANCELOTTI, "light-blue shirt")), "very dim"),
        (((ANCELOTTI, "black suit"), (GRACE, "light-blue shirt"), (ZIDANE, "brown jacket, beige shirt")), "warm tubes"),
        (((ZIDANE, "navy jacket"), (GRACE, "white"), (ANCELOTTI, "red stripes")), "dim warm"),
        (((GRACE, "brown jacket"), (ANCELOTTI, "dark grey"), (ZIDANE, "light-blue shirt")), "green fluorescent"),
        (((ANCELOTTI, "beige"), (ZIDANE, "black suit"), (GRACE, "navy jacket")), "dim cool"),
    ],
)
def test_seated_staff_cut_at_the_counter(rule, people, light):
    seated = tuple(Seated(sprite, OUTFIT[name]) for sprite, name in people)
    frame = UniformScene(seated, LIGHT[light], seed=len(light)).frame(2.0)
    gains = grey_gains(frame.image)
    for person, box in zip(seated, frame.boxes):
        assert chest_band(box).cut  # the counter cuts every box at the waist
        res = rule.judge(frame.image, box, JudgeContext(), gains)
        want = Verdict.PASS if person.outfit.regulation else Verdict.FAIL
        assert res.result is want, (person.outfit.name, light, res)
