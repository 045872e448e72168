"""Rule tables: the uniform rule on synthetic torsos under office lighting changes, UNKNOWN cases,
and the badge rule that never passes without a model."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from vision.compliance import BadgeRule, JudgeContext, Rule, Verdict, Visibility
from vision.compliance.uniform import LabColour, UniformReference, UniformRule, learn_reference, torso_lab

NAVY = (90, 40, 25)  # BGR of a regulation navy shirt
LIGHT_BLUE = (225, 190, 150)
RED = (40, 40, 190)
WHITE = (235, 235, 235)
BEIGE = (150, 190, 215)
BOX = (240.0, 60.0, 400.0, 300.0)  # a seated person, 240 px tall


def scene(shirt: tuple[int, int, int], box=BOX, size=(360, 640), seed: int = 0) -> np.ndarray:
    """A wall, a face-coloured head and a shirt-coloured torso with fabric texture and noise."""
    rng = np.random.default_rng(seed)
    h, w = size
    img = np.empty((h, w, 3), np.uint8)
    img[:] = (185, 200, 212)  # office wall
    cv2.rectangle(img, (0, int(0.62 * h)), (w, h), BEIGE, -1)  # counter
    x1, y1, x2, y2 = (int(v) for v in box)
    bh = y2 - y1
    cv2.ellipse(img, ((x1 + x2) // 2, y1 + bh // 7), ((x2 - x1) // 5, bh // 7), 0, 0, 360, (120, 150, 200), -1)
    torso = np.empty((y2 - (y1 + bh * 2 // 7), x2 - x1, 3), np.float32)
    torso[:] = shirt
    folds = 1 + 0.15 * np.sin(np.linspace(0, 12, torso.shape[1]))[None, :, None]
    torso = torso * folds + rng.normal(0, 6, torso.shape)
    img[y1 + bh * 2 // 7:y2, x1:x2] = np.clip(torso, 0, 255).astype(np.uint8)
    return img


LIGHTS = {
    "office": (1.0, 1.0, 1.0),
    "warm tubes": (0.75, 0.92, 1.12),  # B, G, R gains
    "cool daylight": (1.18, 1.02, 0.85),
    "dim afternoon": (0.55, 0.55, 0.55),
    "bright": (1.2, 1.2, 1.2),
}


def lit(img: np.ndarray, gains) -> np.ndarray:
    return np.clip(img.astype(np.float32) * np.asarray(gains, np.float32), 0, 255).astype(np.uint8)


@pytest.fixture(scope="module")
def navy_rule() -> UniformRule:
    # Calibrated from two compliant snapshots, as `calibrate-uniform` does.
    pixels = [torso_lab(scene(NAVY, seed=s), BOX) for s in (1, 2)]
    return UniformRule(learn_reference(pixels, k=2))


@pytest.mark.parametrize("light", LIGHTS)
@pytest.mark.parametrize(
    "shirt, expected", [(NAVY, Verdict.PASS), (RED, Verdict.FAIL), (WHITE, Verdict.FAIL), (LIGHT_BLUE, Verdict.FAIL)]
)
def test_uniform_under_office_lighting(navy_rule, light, shirt, expected):
    res = navy_rule.judge(lit(scene(shirt, seed=5), LIGHTS[light]), BOX, JudgeContext())
    assert res.rule == "uniform"
    assert res.result is expected, (light, res)
    assert (res.score >= 0.8) if expected is Verdict.PASS else (res.score < 0.35)


@pytest.mark.parametrize(
    "image, box, why",
    [
        (scene(NAVY), (300.0, 100.0, 340.0, 150.0), "quá nhỏ"),  # 50 px tall
        (lit(scene(NAVY), (0.15, 0.15, 0.15)), BOX, "quá tối"),  # lights off
        (scene(NAVY), (500.0, 60.0, 760.0, 300.0), "che"),  # torso mostly outside the frame
        (scene(NAVY), (240.0, -250.0, 400.0, 90.0), "che"),  # top of the frame cuts the torso
    ],
)
def test_unknown_when_the_person_cannot_be_judged(navy_rule, image, box, why):
    for rule in (navy_rule, BadgeRule(_Always(0.9))):
        res = rule.judge(image, box, JudgeContext())
        assert res.result is Verdict.UNKNOWN and res.score is None and why in res.reason


def test_uniform_without_reference_is_unknown():
    res = UniformRule(None).judge(scene(NAVY), BOX, JudgeContext())
    assert res.result is Verdict.UNKNOWN


def test_torso_band_is_configurable():
    # BOX is as tall as 1.5 times its width: a head-to-waist box, judged on the cut band.
    # A band over the head sees no navy clothing (skin, wall): never PASS against the navy reference.
    ref = UniformReference((LabColour(18.0, 12.0, -25.0),), chroma_tol=14)
    head = JudgeContext(visibility=Visibility(cut_top=0.02, cut_bottom=0.25))
    chest = JudgeContext(visibility=Visibility(cut_top=0.4, cut_bottom=0.9))
    img = scene(NAVY)
    assert UniformRule(ref).judge(img, BOX, head).result is not Verdict.PASS
    assert UniformRule(ref).judge(img, BOX, chest).result is Verdict.PASS


def test_learn_reference_finds_the_shirt_colour():
    ref = learn_reference([torso_lab(scene(RED, seed=s), BOX) for s in range(3)], k=2)
    main = ref.colours[0]
    assert main.a > 35 and main.b > 15  # red in Lab
    with pytest.raises(ValueError, match="quá ít"):
        learn_reference([np.zeros((3, 3), np.float32)])


class _Always:
    """A stand-in badge model with a fixed answer (the interface the trained model implements)."""

    def __init__(self, p: float | None) -> None:
        self.p = p
        self.seen: list[tuple[int, ...]] = []

    def predict(self, crop: np.ndarray) -> float | None:
        self.seen.append(crop.shape)
        return self.p


@pytest.mark.parametrize("light", LIGHTS)
def test_badge_rule_without_a_model_never_passes(light):
    rule = BadgeRule(None)
    assert isinstance(rule, Rule)
    for shirt in (NAVY, RED, WHITE):
        res = rule.judge(lit(scene(shirt), LIGHTS[light]), BOX, JudgeContext())
        assert res.result is Verdict.UNKNOWN and res.score is None


@pytest.mark.parametrize("p, expected", [(0.9, Verdict.PASS), (0.2, Verdict.FAIL), (None, Verdict.UNKNOWN)])
def test_badge_rule_with_a_model(p, expected):
    model = _Always(p)
    res = BadgeRule(model, threshold=0.5).judge(scene(NAVY), BOX, JudgeContext())
    assert res.result is expected
    assert model.seen == [(240, 160, 3)]  # the person crop went to the model


def test_badge_threshold_comes_from_the_model_unless_configured():
    model = _Always(0.45)
    model.threshold = 0.4  # what a trained model carries
    assert BadgeRule(model).judge(scene(NAVY), BOX, JudgeContext()).result is Verdict.PASS
    assert BadgeRule(model, threshold=0.5).judge(scene(NAVY), BOX, JudgeContext()).result is Verdict.FAIL
    assert BadgeRule(_Always(0.45)).threshold == 0.5
