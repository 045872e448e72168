"""`export-crops`: seated staff from footage, YOLO layout for labelling, and no face
the face model can find in any picture it writes."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import cv2
import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "vision"))  # tests/vision: the scene composer

from scenes.compose import PresenceSettings, compose_scene  # noqa: E402
from scenes.script import MONDAY_0900, DeskScript, SceneScript, Span, Visit  # noqa: E402

from tools.badge.export import crop_box  # noqa: E402
from vision.privacy import default_face_detector  # noqa: E402

REPO = Path(__file__).resolve().parents[3]
SURE_FACE = 0.5


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    """12 s, two seated staff (faces from the shipped photos), a citizen at desk 2."""
    script = SceneScript(
        name="badge_export", start=MONDAY_0900, duration_s=12, fps=2,
        desks=(DeskScript("d1", "Quầy 1", 160, 0, (Span(0, 12),)),
               DeskScript("d2", "Quầy 2", 480, 1, (Span(0, 12),))),
        visits=(Visit(Span(0, 12), 0, 470, 470, 250),), seed=3,
    )
    return compose_scene(script, tmp_path_factory.mktemp("export_scene"), PresenceSettings())


def _cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "tools.badge", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def exported(scene, tmp_path_factory):
    out = tmp_path_factory.mktemp("crops")
    res = _cli("export-crops", str(scene.video), "--sites", str(scene.sites), "--camera", scene.camera_id,
               "--out", str(out), "--every-s", "4", "--no-progress")
    assert res.returncode == 0, res.stderr[-3000:]
    return out


def test_yolo_layout_one_empty_label_per_crop(exported):
    images = sorted((exported / "images").glob("*.jpg"))
    labels = sorted((exported / "labels").glob("*.txt"))
    # 3 sampled frames (0, 4, 8 s) × 2 seated staff; the citizen is never cropped.
    assert len(images) == 6, [p.name for p in images]
    assert [p.stem for p in images] == [p.stem for p in labels]
    assert all(p.read_text() == "" for p in labels)
    assert {p.stem.split("_")[-2] for p in images} == {"d1", "d2"}
    doc = yaml.safe_load((exported / "data.yaml").read_text())
    assert doc["names"] == {0: "badge"} and doc["train"] == "images" and doc["val"] == "images"


def test_crops_are_people_sized(exported):
    for p in (exported / "images").glob("*.jpg"):
        h, w = cv2.imread(str(p)).shape[:2]
        assert 60 <= h <= 360 and 30 <= w <= 640 and h > w * 0.8, (p.name, w, h)


def test_no_face_survives_in_any_written_crop(scene, exported):
    faces = default_face_detector()
    # The composed frames do show faces: the check below is not vacuous.
    cap = cv2.VideoCapture(str(scene.video))
    ok, frame = cap.read()
    cap.release()
    assert ok and len(faces.detect(frame, SURE_FACE)) >= 2
    for p in sorted((exported / "images").glob("*.jpg")):
        image = cv2.imread(str(p))
        for side in (640, 320):
            found = faces.detect(image, SURE_FACE, max_side=side)
            assert len(found) == 0, f"{p.name} at {side}px: {found.scores}"


def test_existing_labels_are_kept_on_a_second_export(scene, exported):
    label = sorted((exported / "labels").glob("*.txt"))[0]
    label.write_text("0 0.5 0.4 0.1 0.1\n")
    res = _cli("export-crops", str(scene.video), "--sites", str(scene.sites), "--camera", scene.camera_id,
               "--out", str(exported), "--every-s", "4", "--no-progress")
    assert res.returncode == 0, res.stderr[-2000:]
    assert label.read_text() == "0 0.5 0.4 0.1 0.1\n"


@pytest.mark.parametrize(
    "args, needle",
    [
        (["missing.mp4", "--camera", "cam1"], "video"),
        (["VIDEO", "--camera", "nope"], "nope"),
        (["VIDEO", "--camera", "cam1", "--every-s", "0"], "--every-s"),
    ],
    ids=["no-video", "unknown-camera", "bad-interval"],
)
def test_bad_input_one_clear_message(scene, tmp_path, args, needle):
    args = [str(scene.video) if a == "VIDEO" else a for a in args]
    res = _cli("export-crops", args[0], "--sites", str(scene.sites), *args[1:], "--out", str(tmp_path / "o"))
    assert res.returncode == 2
    assert needle in res.stderr and res.stderr.startswith("Lỗi:")
    assert not (tmp_path / "o" / "images").exists() or not any((tmp_path / "o" / "images").iterdir())


def test_crop_box_grows_and_clips():
    assert crop_box((100, 100, 200, 300), (360, 640, 3), 0.1) == (90, 80, 210, 320)
    assert crop_box((0, 0, 50, 350), (360, 640, 3), 0.1) == (0, 0, 55, 360)
