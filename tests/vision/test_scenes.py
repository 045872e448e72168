"""The composed test scenes themselves: the picture shows what the ground truth says.

If the test material lied (a "seated" person the detector cannot see, a citizen whose
box sits squarely in a staff zone, a "frozen" stretch that changes), the replay tests
would prove nothing; these tests pin the material down.
"""
from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from scenes import (
    MONDAY_0900,
    DeskScript,
    Interval,
    PresenceSettings,
    SceneRenderer,
    SceneScript,
    Span,
    Visit,
    compose_scene,
    expected_state,
    random_script,
    score_scene,
    sites_document,
)
from scenes.sprites import citizen_sprites, staff_sprites
from domain.sites import parse_sites
from vision.detection.person import PersonDetector
from vision.sources import HealthConfig, HealthTracker, is_uniform, pictures_differ
from vision.sources.health import health_thumbnail
from vision.zones import desk_observations, match_person

DESKS = tuple(DeskScript(f"d{k + 1}", f"Quầy {k + 1}", cx, k, (Span(0, 60),)) for k, cx in enumerate((110, 320, 530)))
SETTINGS = PresenceSettings(present_after_s=3, absent_grace_s=15, incident_min_s=45, frozen_after_s=6)


@pytest.fixture(scope="module")
def detector(person_detector) -> PersonDetector:
    return person_detector


def test_people_are_cut_out_of_shipped_photos():
    staff, citizens = staff_sprites(), citizen_sprites()
    assert len(staff) == 4 and len(citizens) == 4
    for s in staff + citizens:
        assert s.bgr.shape[:2] == s.alpha.shape and s.alpha.dtype == np.float32
        covered = float((s.alpha > 0.5).mean())
        assert 0.25 < covered < 0.95, f"{s.name}: the cut-out covers {covered:.0%} of its box"


@pytest.mark.parametrize("staff", range(4))
def test_every_seated_staff_member_is_seen_at_their_desk(detector, staff):
    desks = tuple(DeskScript(d.desk_id, d.name, d.centre_x, (staff + k) % 4, d.seated) for k, d in enumerate(DESKS))
    script = SceneScript("seated", MONDAY_0900, 60, 5, desks)
    camera = parse_sites(sites_document(Path("unused"), script, SETTINGS)).cameras[0]
    image = SceneRenderer(script).frame(10)
    obs = desk_observations(image.shape, detector.detect(image), camera, script.at(2))
    assert [o.staffed for o in obs] == [True, True, True]


@pytest.mark.parametrize("sprite", range(4))
def test_a_citizen_in_front_of_an_empty_desk_grazes_the_zone_but_does_not_count(detector, sprite):
    desks = (DeskScript("d1", "Quầy 1", 320, 0, ()),)
    for top in (230, 240):  # the range random scenes use: 0.635–0.685 of the height
        script = SceneScript("citizen", MONDAY_0900, 60, 5, desks, visits=(Visit(Span(0, 60), sprite, 320, 320, top),))
        camera = parse_sites(sites_document(Path("unused"), script, SETTINGS)).cameras[0]
        image = SceneRenderer(script).frame(10)
        found = detector.detect(image)
        assert len(found) >= 1, "the citizen is visible"
        zone = camera.desks[0].staff_zone
        h, w = image.shape[:2]
        box = max(found.xyxy.tolist(), key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))
        norm = (box[0] / w, box[1] / h, box[2] / w, box[3] / h)
        assert norm[1] < max(y for _, y in zone), "the box reaches into the zone (grazes it)"
        assert not match_person(norm, zone).counts
        assert desk_observations(image.shape, found, camera, script.at(2))[0].staffed is False


def test_the_video_shows_the_scripted_outages(tmp_path):
    script = SceneScript(
        "outages", MONDAY_0900, 30, 5, DESKS[:2],
        no_signal=(Span(5, 9),), frozen=(Span(15, 22),), seed=4,
    )
    scene = compose_scene(script, tmp_path, SETTINGS)
    cap = cv2.VideoCapture(str(scene.video))
    assert cap.get(cv2.CAP_PROP_FPS) == pytest.approx(5)
    thumbs, health = [], []
    tracker = HealthTracker(HealthConfig(frozen_after_s=3), started_at=0.0)
    while True:
        ok, image = cap.read()
        if not ok:
            break
        thumbs.append(health_thumbnail(image))
        health.append(tracker.frame_seen(len(thumbs) / script.fps, image).health.value)
    assert len(thumbs) == script.n_frames == 150
    for i, thumb in enumerate(thumbs):
        t = i / script.fps
        assert is_uniform(thumb) == any(s.contains(t) for s in script.no_signal), f"frame {i}"
    live = [i for i in range(1, 150) if not script.offline_at(i / 5) and not script.offline_at((i - 1) / 5)]
    # Sensor noise keeps live footage ONLINE (judged against the start of a still run,
    # not frame to frame: consecutive re-coded frames can be as alike as frozen ones).
    assert {h for i, h in enumerate(health) if i in live} == {"ONLINE"}
    # The encoder settles on a repeated picture within a keyframe or two; from then on
    # nothing changes, and the camera's health says FROZEN once frozen_after_s passed.
    settled = [i for i in range(1, 150) if 15 + 2.5 < i / 5 < 22]
    assert not any(pictures_differ(thumbs[i - 1], thumbs[i]) for i in settled)
    assert set(health[int(5 * (15 + 3 + 2.5)) : int(5 * 22)]) == {"FROZEN"}
    assert set(health[int(5 * 10) : int(5 * 15)]) == {"ONLINE"}
    # Rendering again gives the same video: the scene is cached, not remade.
    again = compose_scene(script, tmp_path, SETTINGS)
    assert again.video.stat().st_mtime_ns == scene.video.stat().st_mtime_ns


@pytest.mark.parametrize("seed", range(1, 9))
def test_random_days_keep_clear_of_the_thresholds(seed):
    grace, incident = 60.0, 300.0
    script = random_script(f"r{seed}", seed=seed, duration_s=2400, n_offline=3)
    for desk in script.desks:
        for a, b in zip(desk.seated, desk.seated[1:]):
            assert a.end < b.start
        for gap in desk.absences(script.duration_s):
            if gap.start == 0 or gap.end >= script.duration_s:
                continue  # a late start or the end of the video
            short, medium = gap.seconds < 0.6 * grace + 1, 1.6 * grace - 1 < gap.seconds < 0.7 * incident + 1
            long = gap.seconds > incident + 1.5 * grace - 1
            assert short or medium or long, f"{desk.desk_id}: an absence of {gap.seconds:.0f} s is ambiguous"
            if long:
                for outage in script.offline_spans():
                    assert not (outage.start < gap.end + grace and gap.start - grace < outage.end)
    spans = script.offline_spans()
    assert all(a.end < b.start for a, b in zip(spans, spans[1:]))
    assert (len(script.no_signal), len(script.frozen)) == (2, 1)  # every scene has both kinds
    assert all(f.seconds > 30 for f in script.frozen)  # longer than frozen_after_s


def test_scoring_of_the_truth_itself_is_perfect_and_of_nonsense_is_not():
    script = random_script("truth", seed=99, duration_s=2400, n_offline=3)
    settings = PresenceSettings()

    def constant(state_of) -> list[Interval]:
        return [
            Interval(desk.desk_id, state_of(k, sec + 0.5), sec, sec + 1)
            for k, desk in enumerate(script.desks) for sec in range(int(script.duration_s))
        ]

    good = score_scene(script, settings, constant(lambda k, t: expected_state(script, settings, k, t)))
    assert good.accuracy == good.accuracy_all == 1.0
    assert good.offline_as_absent_s == 0
    assert good.true_incidents >= 3 and good.f1 == 1.0
    always_absent = score_scene(script, settings, constant(lambda k, t: "ABSENT"))
    assert always_absent.accuracy < 0.5
    assert always_absent.offline_as_absent_s >= 3 * int(sum(s.seconds for s in script.offline_spans()))
    always_present = score_scene(script, settings, constant(lambda k, t: "PRESENT"))
    assert always_present.f1 == 0.0 and always_present.offline_as_absent_s == 0


@pytest.mark.parametrize(
    ("desk", "t", "state"),
    [
        (0, 30, "PRESENT"),  # seated
        (0, 74, "PRESENT"),  # an 8 s break, shorter than the 15 s grace
        (0, 100, "ABSENT"),  # a 40 s absence
        (0, 45, "OFFLINE"),  # black frames
    ],
)
def test_expected_state_table(desk, t, state):
    script = SceneScript(
        "table", MONDAY_0900, 200, 5,
        (DeskScript("d1", "Quầy 1", 110, 0, (Span(0, 70), Span(78, 90), Span(130, 200))),),
        no_signal=(Span(40, 50),),
    )
    assert expected_state(script, SETTINGS, desk, t) == state


def test_off_hours_in_the_truth():
    script = SceneScript("late", MONDAY_0900.replace(hour=4, minute=29), 120, 5, DESKS[:1])  # 11:29 local
    assert expected_state(script, SETTINGS, 0, 30) == "PRESENT"
    assert expected_state(script, SETTINGS, 0, 61) == "OFF_HOURS"  # 11:30:01
