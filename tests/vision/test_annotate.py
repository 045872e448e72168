"""Drawing for the live view: zones tinted by state, boxes where the people are, readable labels."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from domain.records import DeskState
from domain.sites import CameraConfig
from domain.states import CameraHealth, DeskStateName
from vision.annotate import (
    PERSON_COLOUR,
    STATE_COLOURS,
    DeskOverlay,
    annotate_frame,
    ascii_text,
    desk_overlays,
    font_path,
)
from vision.types import Detections

W, H = 640, 360
GREY = 200  # the test background: light, so every state colour shows on it


def blank() -> np.ndarray:
    return np.full((H, W, 3), GREY, np.uint8)


def zone(x1: float, y1: float, x2: float, y2: float) -> tuple[tuple[float, float], ...]:
    return ((x1, y1), (x2, y1), (x2, y2), (x1, y2))


DESKS = (
    DeskOverlay("d1", "Quầy 1", zone(0.05, 0.35, 0.30, 0.80), DeskStateName.PRESENT),
    DeskOverlay("d2", "Quầy 2", zone(0.37, 0.35, 0.62, 0.80), DeskStateName.ABSENT),
    DeskOverlay("d3", "Quầy 3", zone(0.70, 0.35, 0.95, 0.80), DeskStateName.OFFLINE),
)


def pixel(image: np.ndarray, x: float, y: float) -> np.ndarray:
    return image[round(y * (H - 1)), round(x * (W - 1))].astype(int)


def test_each_zone_is_tinted_with_its_state_colour_and_the_scene_stays_visible():
    out = annotate_frame(blank(), DESKS)
    for desk in DESKS:
        cx = (desk.zone[0][0] + desk.zone[1][0]) / 2
        inside = pixel(out, cx, 0.6)
        expected = 0.25 * np.array(STATE_COLOURS[desk.state]) + 0.75 * GREY  # tinted, not painted over
        assert np.abs(inside - expected).max() <= 2, (desk.desk_id, inside, expected)
    assert len({tuple(pixel(out, (d.zone[0][0] + d.zone[1][0]) / 2, 0.6)) for d in DESKS}) == 3
    assert (pixel(out, 0.335, 0.6) == GREY).all()  # between the zones: untouched


def test_person_boxes_are_scaled_from_the_frame_they_were_found_in():
    full_w, full_h = 1280, 720  # detections on the full-size frame, drawn on a 640×360 copy
    det = Detections(
        np.array([[200, 100, 600, 700]], np.float32), np.array([0.9], np.float32), np.array([0])
    )
    out = annotate_frame(blank(), (), det, detections_size=(full_w, full_h))
    # On the small image: left edge x = 100, right edge x = 300, top y = 50.
    assert (out[200, 100] == PERSON_COLOUR).all()
    assert (out[200, 300] == PERSON_COLOUR).all()
    assert (out[50, 200] == PERSON_COLOUR).all()
    assert (out[200, 200] == GREY).all()  # inside the box: untouched
    assert (out[200, 600] == GREY).all()  # where the unscaled box's right edge would have been


def test_labels_are_drawn_in_vietnamese_with_a_shipped_font():
    assert font_path() is not None and font_path().name == "DejaVuSans.ttf"
    plain = annotate_frame(blank(), DESKS)
    labelled_area = plain[int(0.35 * H) - 30:int(0.35 * H), int(0.05 * W):int(0.30 * W)]
    assert (labelled_area != GREY).any()  # text box above the zone
    white = np.all(labelled_area > 240, axis=2).sum()
    assert white > 30  # white glyphs


def test_title_and_health_banner():
    at = dt.datetime(2025, 3, 3, 2, 15, 30, tzinfo=dt.timezone.utc)  # 09:15:30 in Hà Nội
    online = annotate_frame(blank(), DESKS, title="cam1 · Xã Điềm He", at=at)
    frozen = annotate_frame(blank(), DESKS, health=CameraHealth.FROZEN, title="cam1 · Xã Điềm He", at=at)
    bottom = slice(H - 40, H)
    assert (online[bottom] == GREY).all()  # no banner while ONLINE
    red = frozen[bottom][..., 2].astype(int) - frozen[bottom][..., 0].astype(int)
    assert (red > 100).sum() > 500  # a red banner when the camera is not
    assert (online[:30, :200] != GREY).any()  # title in the top-left corner


def test_input_is_not_modified_and_shape_kept():
    image = blank()
    out = annotate_frame(image, DESKS)
    assert (image == GREY).all() and out.shape == image.shape and out.dtype == np.uint8


@pytest.mark.parametrize(
    "text, ascii",
    [("Quầy 1", "Quay 1"), ("Xã Điềm He", "Xa Diem He"), ("Đang xác định", "Dang xac dinh"), ("Vắng", "Vang")],
)
def test_ascii_fallback(text, ascii):
    assert ascii_text(text) == ascii


def test_desk_overlays_from_the_sites_config():
    camera = CameraConfig.model_validate(
        {
            "id": "cam1",
            "source": "rtsp://u:p@10.0.0.5/s",
            "unit": "Xã Điềm He",
            "desks": [
                {"id": "d1", "name": "Quầy 1", "staff_zone": [[0.1, 0.3], [0.4, 0.3], [0.4, 0.75], [0.1, 0.75]]},
                {"id": "d2", "staff_zone": [[0.5, 0.3], [0.9, 0.3], [0.9, 0.75]]},
            ],
        }
    )
    since = dt.datetime(2025, 3, 3, 2, 0, tzinfo=dt.timezone.utc)
    overlays = desk_overlays(camera, [DeskState("d2", DeskStateName.ABSENT, since)])
    assert overlays == (
        DeskOverlay("d1", "Quầy 1", ((0.1, 0.3), (0.4, 0.3), (0.4, 0.75), (0.1, 0.75)), None),
        DeskOverlay("d2", "d2", ((0.5, 0.3), (0.9, 0.3), (0.9, 0.75)), DeskStateName.ABSENT),
    )
