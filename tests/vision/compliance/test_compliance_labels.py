"""What the worker records so a supervisor can decide and a label can be made (issue 12): a violation's
clean, face-blurred person crop with its score, box and model version; a few PASS judgments kept at
random (at most so many a desk-day, the same ones on every run), written to a real store once.

The scene is a real photo (a face CenterFace finds) judged by the badge rule with a tiny real detector:
a saturated magenta patch is the card. No network model is needed to test what is recorded."""
from __future__ import annotations

import datetime as dt
import hashlib
import random
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import cv2
import numpy as np
import pytest
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from photos import photo  # noqa: E402

from data.schema import CompliancePassSample as PassRow  # noqa: E402
from data.schema import ComplianceViolation as ViolationRow  # noqa: E402
from domain.records import DeskObservation  # noqa: E402
from domain.sites import parse_sites  # noqa: E402
from vision.compliance.badge.model import BadgeHit  # noqa: E402
from vision.compliance.evidence import blur_for_evidence, crop_box  # noqa: E402
from vision.compliance.pass_samples import PassSampler, camera_seed  # noqa: E402
from vision.compliance.stage import ComplianceTracker  # noqa: E402
from vision.compliance.versions import badge_version, uniform_version, weights_version  # noqa: E402
from vision.compliance.uniform import LabColour, UniformReference  # noqa: E402
from vision.store_writer import StoreWriter  # noqa: E402

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DAY1 = dt.datetime(2025, 3, 3, 9, 0, tzinfo=VN).astimezone(dt.UTC)
DAY2 = dt.datetime(2025, 3, 4, 9, 0, tzinfo=VN).astimezone(dt.UTC)
PERSON = (110.0, 20.0, 380.0, 500.0)  # the astronaut, head to waist; her face is near (181, 58)-(270, 178)
CARD = (250, 300, 276, 336)  # where a card is painted on the chest (x1, y1, x2, y2)
ZONE = [[0.1, 0.1], [0.9, 0.1], [0.9, 0.9], [0.1, 0.9]]


class MagentaCard:
    """A real, tiny badge detector: the card is the saturated magenta patch in the crop."""

    version = "magenta-v1"

    def best(self, crop: np.ndarray) -> BadgeHit | None:
        b, g, r = (crop[..., k].astype(int) for k in range(3))
        ys, xs = np.nonzero((b > 200) & (r > 200) & (g < 60))
        if len(xs) < 20:
            return None
        return BadgeHit(0.9, (float(xs.min()), float(ys.min()), float(xs.max() + 1), float(ys.max() + 1)))

    def predict(self, crop: np.ndarray) -> float | None:
        return 0.9 if self.best(crop) is not None else 0.1


def with_card() -> np.ndarray:
    image = photo("astronaut")
    x1, y1, x2, y2 = CARD
    image[y1:y2, x1:x2] = (255, 0, 255)
    return image


def tracker(tmp_path, face_detector, *, rate=0.0, per_day=4, rng=None, camera="cam1",
            blur_staff=True) -> ComplianceTracker:
    sites = parse_sites({
        "cameras": [{"id": camera, "source": "x.mp4", "unit": "Xã Điềm He",
                     "desks": [{"id": "d1", "staff_zone": ZONE}, {"id": "d2", "staff_zone": ZONE}]}],
        "compliance": {"every_s": 1, "window": {"min_samples": 2, "minutes": 1}, "uniform": {"enabled": False},
                       "badge": {"every_s": 1}, "evidence_dir": str(tmp_path / "evidence"),
                       "pass_sample_rate": rate, "pass_samples_per_day": per_day, "blur_staff_faces": blur_staff},
    })
    return ComplianceTracker(sites.camera(camera), sites.compliance_for(camera), incident_min_s=1e9,
                             badge_model=MagentaCard(), face_detector=face_detector, pass_rng=rng)


def run(t: ComplianceTracker, image: np.ndarray, starts, seconds: int, desks=("d1",)):
    """One frame a second for `seconds` from each start, the same person seated at every desk."""
    steps = []
    for start in starts:
        for s in range(seconds):
            at = start + dt.timedelta(seconds=s)
            steps.append(t.step(image, [DeskObservation(d, at, True, PERSON) for d in desks], [], at))
    return steps


def test_a_violation_carries_a_clean_blurred_crop_its_score_box_and_model(tmp_path, face_detector):
    image = photo("astronaut")  # no card: the badge rule fails
    t = tracker(tmp_path, face_detector)
    run(t, image, [DAY1], 4)
    runs = t.finish()
    assert [r.result.value for r in t.runs if r.is_violation] == ["FAIL"]
    v = next(r for r in t.runs if r.is_violation)
    assert (v.score, v.person_box, v.model_version) == (0.1, PERSON, "magenta-v1")
    assert v.evidence and v.crop_path == v.evidence.removesuffix(".jpg") + "_crop.jpg"
    assert Path(v.crop_path).name == "090001_d1_badge_crop.jpg"  # the second sample made the window agree
    assert runs and not t.pass_samples  # rate 0: no PASS kept (and this person never passes anyway)

    crop = cv2.imread(v.crop_path)
    x1, y1, x2, y2 = crop_box(PERSON, image.shape)
    assert crop is not None and crop.shape == (y2 - y1, x2 - x1, 3)
    assert x1 < PERSON[0] and y1 < PERSON[1]  # a margin around the person
    # The same face, found in the raw picture's crop, is gone from the written one.
    assert len(face_detector.detect(image[y1:y2, x1:x2], 0.5)) == 1
    assert len(face_detector.detect(crop, 0.5)) == 0
    # No mark: the crop is the blurred frame's pixels (up to JPEG), while the evidence shows the red box.
    blurred = blur_for_evidence(image, detector=face_detector)[y1:y2, x1:x2]
    assert float(np.abs(crop.astype(int) - blurred.astype(int)).mean()) < 3
    evidence = cv2.imread(v.evidence)
    top = int(PERSON[1])
    xs = slice(int(PERSON[0]) + 5, int(PERSON[2]) - 5)
    assert evidence[top, xs, 2].mean() > 200 and evidence[top, xs, 1].mean() < 60  # outlined in red
    assert not (crop[top - y1, xs.start - x1:xs.stop - x1, 2].mean() > 200
                and crop[top - y1, xs.start - x1:xs.stop - x1, 1].mean() < 60)


def test_the_crop_blurs_the_staff_face_even_where_the_unit_shows_it(tmp_path, face_detector):
    image = photo("astronaut")
    t = tracker(tmp_path, face_detector, blur_staff=False)  # the staff zone covers her face
    run(t, image, [DAY1], 3)
    v = next(r for r in t.runs + t.finish() if r.is_violation)
    assert len(face_detector.detect(cv2.imread(v.evidence), 0.5)) == 1  # the unit's choice, on the frame
    assert len(face_detector.detect(cv2.imread(v.crop_path), 0.5)) == 0  # never on what becomes a label


def test_a_kept_pass_sample_has_its_pictures_and_the_card_box_in_the_crop(tmp_path, face_detector):
    image = with_card()
    t = tracker(tmp_path, face_detector, rate=1.0, per_day=1)
    steps = run(t, image, [DAY1], 3)
    assert [len(s.pass_samples) for s in steps] == [1, 0, 0]  # one a day
    p = steps[0].pass_samples[0]
    assert (p.desk_id, p.rule, p.at, p.score, p.person_box, p.model_version) == (
        "d1", "badge", DAY1, 0.9, PERSON, "magenta-v1")
    assert Path(p.evidence_path).name == "090000_d1_badge_pass.jpg" and p.crop_path.endswith("_badge_pass_crop.jpg")
    crop = cv2.imread(p.crop_path)
    assert len(face_detector.detect(crop, 0.5)) == 0 and len(face_detector.detect(cv2.imread(p.evidence_path), 0.5)) == 0
    # The card's box is in the crop file's pixels: that is where the magenta patch is in it.
    x1, y1, *_ = crop_box(PERSON, image.shape)
    assert p.badge_box == (CARD[0] - x1, CARD[1] - y1, CARD[2] - x1, CARD[3] - y1)
    bx1, by1, bx2, by2 = (int(v) for v in p.badge_box)
    patch = crop[by1 + 2:by2 - 2, bx1 + 2:bx2 - 2].reshape(-1, 3).mean(axis=0)
    assert patch[0] > 200 and patch[2] > 200 and patch[1] < 60


@pytest.mark.parametrize(("rate", "per_day", "draws", "kept"), [
    (0.0, 4, 50, 0),  # never
    (1.0, 2, 50, 2),  # always, up to the cap
    (1.0, 0, 50, 0),  # a cap of 0 keeps nothing
    (0.5, 1000, 400, (150, 250)),  # about half
])
def test_pass_sampler_rate_and_daily_cap(rate, per_day, draws, kept):
    s = PassSampler(rate, per_day, "Asia/Ho_Chi_Minh", random.Random(7))
    n = 0
    for i in range(draws):
        at = DAY1 + dt.timedelta(seconds=i)
        if s.draw("d1", "badge", at):
            s.kept("d1", "badge", at)
            n += 1
    if isinstance(kept, tuple):
        assert kept[0] <= n <= kept[1]
    else:
        assert n == kept


def test_pass_sampler_counts_per_desk_rule_and_local_day():
    s = PassSampler(1.0, 1, "Asia/Ho_Chi_Minh", random.Random(0))
    late = dt.datetime(2025, 3, 3, 23, 59, tzinfo=VN).astimezone(dt.UTC)
    midnight = dt.datetime(2025, 3, 4, 0, 0, 30, tzinfo=VN).astimezone(dt.UTC)  # same UTC day, next local day
    got = []
    for desk, rule, at in [("d1", "badge", DAY1), ("d1", "badge", late), ("d1", "uniform", late),
                           ("d2", "badge", late), ("d1", "badge", midnight)]:
        keep = s.draw(desk, rule, at)
        if keep:
            s.kept(desk, rule, at)
        got.append(keep)
    assert late.date() == midnight.date()
    assert got == [True, False, True, True, True]


def draws(rng: random.Random, n: int = 200) -> list[int]:
    s = PassSampler(0.3, 1000, "Asia/Ho_Chi_Minh", rng)
    return [i for i in range(n) if s.draw("d1", "badge", DAY1 + dt.timedelta(seconds=i))]


def test_the_draws_are_fixed_per_camera():
    first = draws(random.Random(camera_seed("cam1")))
    assert 30 <= len(first) <= 90
    assert draws(random.Random(camera_seed("cam1"))) == first
    assert draws(random.Random(camera_seed("cam2"))) != first


def test_the_same_camera_keeps_the_same_samples_on_every_run(tmp_path, face_detector):
    def kept(folder, rng=None) -> list[dt.datetime]:
        t = tracker(folder, face_detector, rate=0.3, per_day=100, rng=rng)
        run(t, with_card(), [DAY1], 12)
        return [p.at for p in t.pass_samples]

    first = kept(tmp_path / "a")
    assert first == [DAY1 + dt.timedelta(seconds=i) for i in draws(random.Random(camera_seed("cam1")), 12)]
    assert first and kept(tmp_path / "b") == first  # seeded by the camera id: the same on every run
    assert kept(tmp_path / "c", random.Random(5)) == [DAY1 + dt.timedelta(seconds=i)
                                                      for i in draws(random.Random(5), 12)]  # an injected generator


def test_pass_samples_reach_the_store_two_per_desk_day_once(tmp_path, face_detector, engine):
    t = tracker(tmp_path, face_detector, rate=1.0, per_day=2)
    steps = run(t, with_card(), [DAY1, DAY2], 5, desks=("d1", "d2"))
    kept = [p for s in steps for p in s.pass_samples]
    assert len(kept) == 8
    sites = parse_sites({"cameras": [{"id": "cam1", "source": "x.mp4", "unit": "Xã Điềm He",
                                      "desks": [{"id": "d1", "staff_zone": ZONE}, {"id": "d2", "staff_zone": ZONE}]}]})
    writer = StoreWriter(engine, sites, tmp_path / "state")
    writer.sync()
    assert writer.write_compliance(pass_samples=kept)
    assert writer.write_compliance(pass_samples=kept)  # the same again (a retried batch): no new rows
    with engine.connect() as c:
        rows = c.execute(select(PassRow.desk_id, PassRow.observed_at, PassRow.status, PassRow.crop_path,
                                PassRow.badge_box, PassRow.model_version)).all()
    per_day: dict[tuple[int, dt.date], int] = {}
    for desk, at, status, crop, box, version in rows:
        key = (desk, at.replace(tzinfo=at.tzinfo or dt.UTC).astimezone(VN).date())
        per_day[key] = per_day.get(key, 0) + 1
        assert status == "pending" and Path(crop).is_file() and version == "magenta-v1" and len(box) == 4
    assert sorted(per_day.values()) == [2, 2, 2, 2] and len(rows) == 8


def test_a_violation_row_is_pending_with_what_the_decision_needs(tmp_path, face_detector, engine):
    t = tracker(tmp_path, face_detector)
    run(t, photo("astronaut"), [DAY1], 4)
    t.finish()
    sites = parse_sites({"cameras": [{"id": "cam1", "source": "x.mp4", "unit": "Xã Điềm He",
                                      "desks": [{"id": "d1", "staff_zone": ZONE}, {"id": "d2", "staff_zone": ZONE}]}]})
    writer = StoreWriter(engine, sites, tmp_path / "state")
    writer.sync()
    assert writer.write_compliance(runs=t.runs)
    with engine.connect() as c:
        rows = c.execute(select(ViolationRow.status, ViolationRow.score, ViolationRow.person_box, ViolationRow.crop_path,
                                ViolationRow.model_version)).all()
        assert c.execute(select(func.count()).select_from(PassRow)).scalar_one() == 0
    v = next(r for r in t.runs if r.is_violation)
    assert [tuple(r) for r in rows] == [("pending", 0.1, list(PERSON), v.crop_path, "magenta-v1")]


def test_model_versions(tmp_path):
    weights = tmp_path / "w.pt"
    weights.write_bytes(b"weights")
    assert weights_version(weights) == hashlib.sha256(b"weights").hexdigest()[:12]

    class Loaded:  # a model as vision.compliance.badge loads it: its weights, maybe a registry version
        def __init__(self, version=None):
            self.weights, self.version = weights, version

    assert badge_version(Loaded()) == weights_version(weights) and badge_version(Loaded("shipped-v3")) == "shipped-v3"
    assert badge_version(None) is None and badge_version(MagentaCard()) == "magenta-v1"
    navy = UniformReference((LabColour(25.0, 15.0, -40.0),))
    assert uniform_version(navy) == uniform_version(UniformReference((LabColour(25.04, 15.0, -40.0),)))
    assert uniform_version(navy) != uniform_version(UniformReference((LabColour(60.0, -60.0, 50.0),)))
    assert uniform_version(navy) != uniform_version(UniformReference(navy.colours, min_match_frac=0.6))
    assert uniform_version(None) is None and uniform_version(UniformReference(())) is None
