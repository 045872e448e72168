"""Composed desk scenes with ground truth: test material built from shipped photos.

    from scenes import compose_scene, random_script, score_scene

Used by tests/vision (imported as ``scenes``) and bench/bench_vision.py (which puts
tests/vision on sys.path). Videos are generated into temporary folders in tests and
cached under var/scenes for the bench; none is committed. The compositor and the
scripts are product code (vision.demo, which the demo worker plays); the scoring
against the truth stays here.
"""
from vision.demo.compose import CAMERA_ID, ComposedScene, PresenceSettings, SceneRenderer, compose_scene, sites_document
from vision.demo.script import MONDAY_0900, DeskScript, SceneScript, Span, Visit, random_script, staff_zone
from .scoring import (
    Interval,
    SceneScore,
    expected_state,
    intervals_from_json,
    intervals_from_result,
    office_open,
    score_scene,
    state_at,
)

__all__ = [
    "CAMERA_ID", "ComposedScene", "DeskScript", "Interval", "MONDAY_0900", "PresenceSettings", "SceneRenderer",
    "SceneScore", "SceneScript", "Span", "Visit", "compose_scene", "expected_state", "intervals_from_json",
    "intervals_from_result", "office_open", "random_script", "score_scene", "sites_document", "staff_zone",
    "state_at",
]
