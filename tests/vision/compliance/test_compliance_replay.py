"""Replay of a composed scene whose staff wear known shirt colours: compliance runs in the JSON,
blurred evidence on disk, the calibration command."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import cv2
import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from scenes import MONDAY_0900, DeskScript, PresenceSettings, SceneScript, Span, Visit, compose_scene  # noqa: E402
from scenes.compose import SceneRenderer  # noqa: E402


REPO = Path(__file__).resolve().parents[3]
NAVY, RED = (90, 40, 25), (40, 40, 190)
SETTINGS = PresenceSettings(present_after_s=3, absent_grace_s=10, incident_min_s=30, frozen_after_s=6)
SCENE = SceneScript(
    name="dress_code",
    start=MONDAY_0900,
    duration_s=100,
    fps=5,
    desks=(
        DeskScript("d1", "Quầy 1", 110, 1, (Span(0, 100),), NAVY),  # the uniform
        DeskScript("d2", "Quầy 2", 320, 2, (Span(0, 100),), RED),  # not the uniform
        DeskScript("d3", "Quầy 3", 530, 3, (Span(0, 25),), NAVY),  # leaves: an absence incident
    ),
    visits=(Visit(Span(50, 70), 0, 320, 320, 232),),  # a citizen at d2: their face must not be kept
    seed=11,
)
COMPLIANCE = {
    "every_s": 2,
    "window": {"min_samples": 4, "minutes": 1, "agree_frac": 0.7},
    # The composed staff are head-and-shoulders portraits: the shirt is the lower part of the box.
    "visibility": {"torso_top": 0.6, "torso_bottom": 0.95},
}


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vision", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=600)


@pytest.fixture(scope="module")
def replayed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dress")
    scene = compose_scene(SCENE, folder, SETTINGS)
    doc = yaml.safe_load(scene.sites.read_text(encoding="utf-8"))
    evidence = folder / "evidence"
    doc["compliance"] = {**COMPLIANCE, "evidence_dir": str(evidence)}
    sites = folder / "sites.yaml"
    sites.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    # Calibrate on a snapshot where d1 and d3 wear the uniform.
    snap = folder / "compliant.png"
    cv2.imwrite(str(snap), SceneRenderer(SCENE).frame(50))
    snippet = folder / "uniform.yaml"
    cal_d1 = cli("calibrate-uniform", "--sites", str(sites), "--camera", "cam1", "--desk", "d1", str(snap),
                 "--out", str(snippet), "--update-sites")
    assert cal_d1.returncode == 0, cal_d1.stderr
    run = cli("replay", str(scene.video), "--sites", str(sites), "--camera", "cam1",
              "--start", "2025-03-03T09:00:00+07:00", "--json", "--no-progress")
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout), evidence, sites, snippet


def at(doc_time: str) -> float:
    return (dt.datetime.fromisoformat(doc_time.replace("Z", "+00:00")) - MONDAY_0900).total_seconds()


def test_calibration_learnt_the_navy_shirt(replayed):
    _, _, sites, snippet = replayed
    colours = yaml.safe_load(snippet.read_text())["compliance"]["uniform"]["colours"]
    stored = yaml.safe_load(sites.read_text())["cameras"][0]["compliance"]["uniform"]["colours"]
    assert stored == colours and len(colours) >= 1
    L, a, b = colours[0]
    assert b < -10  # blue, not red or skin


def test_replay_json_has_compliance_runs(replayed):
    doc, *_ = replayed
    assert set(doc) == {"intervals", "compliance"}
    entries = doc["compliance"]
    assert entries and all(set(e) == {"desk", "rule", "result", "start", "end", "evidence"} for e in entries)
    assert {e["result"] for e in entries} <= {"PASS", "FAIL", "UNKNOWN"}
    for desk in ("d1", "d2", "d3"):
        for rule in ("uniform", "badge"):
            runs = [e for e in entries if e["desk"] == desk and e["rule"] == rule]
            assert runs, (desk, rule)
            assert all(at(a["end"]) <= at(b["start"]) for a, b in zip(runs, runs[1:]))  # ordered, no overlap

    def seconds(desk, rule, result):
        return sum(at(e["end"]) - at(e["start"]) for e in entries
                   if e["desk"] == desk and e["rule"] == rule and e["result"] == result)

    assert seconds("d1", "uniform", "PASS") >= 70 and seconds("d1", "uniform", "FAIL") == 0
    assert seconds("d2", "uniform", "FAIL") >= 70 and seconds("d2", "uniform", "PASS") == 0
    # no badge model configured: never PASS (nor FAIL)
    assert {e["result"] for e in entries if e["rule"] == "badge"} == {"UNKNOWN"}
    # evidence only on violations, and every violation has one
    for e in entries:
        assert (e["evidence"] is not None) == (e["result"] == "FAIL")


def test_evidence_files_hold_no_face(replayed, face_detector):
    doc, evidence, *_ = replayed
    files = sorted(evidence.rglob("*.jpg"))
    fail_paths = {e["evidence"] for e in doc["compliance"] if e["result"] == "FAIL"}
    assert fail_paths and fail_paths <= {str(f) for f in files}
    assert any(f.name.endswith("_d3_absence.jpg") for f in files)  # the incident at d3
    assert all("cam1" == f.parent.parent.name and f.parent.name == "2025-03-03" for f in files)
    faces = face_detector
    for f in files:
        image = cv2.imread(str(f))
        assert image is not None and len(faces.detect(image, 0.5)) == 0, f.name
    assert not [p for p in evidence.rglob("*") if p.is_file() and p.suffix != ".jpg"]  # no temporary or raw file


def test_calibration_without_seated_staff_fails_clearly(replayed, tmp_path):
    _, _, sites, _ = replayed
    empty = tmp_path / "empty.png"
    script = SceneScript(name="empty", start=MONDAY_0900, duration_s=2, fps=5,
                         desks=(DeskScript("d1", "Quầy 1", 110, 1, (Span(1, 2),)),))
    cv2.imwrite(str(empty), SceneRenderer(script).frame(0))
    out = cli("calibrate-uniform", "--sites", str(sites), "--camera", "cam1", str(empty))
    assert out.returncode == 2 and "không thấy nhân viên" in out.stderr
    out = cli("calibrate-uniform", "--sites", str(sites), "--camera", "cam1", "--desk", "d9", str(empty))
    assert out.returncode == 2 and "d9" in out.stderr
