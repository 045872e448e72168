"""Composed desk scenes for the badge rule (issue 12, item 6): seated staff behind the
counter of vision/demo's compositor, at 720p, wearing a thẻ công chức on a lanyard or
clipped to the breast pocket, or none; pens, pins and ties as look-alikes; dim light and
colour casts. The frames are the camera's picture as the worker judges it (faces not yet
blurred: detection and the rules run on that); nothing here writes them, and anything
written from them must go through vision.privacy.blur_faces first.

Only held-out people (the staff cut-outs from zidane.jpg and grace_hopper.jpg — training
never saw those photos) and held-out card styles appear by default. Each frame stands for
one judged second of each seated desk: `badge_scene_score` counts badge violations (FAIL)
against the truth, and the seconds in which someone wearing a card was judged without one.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterator, Sequence

import cv2
import numpy as np

from tools.badge.cards import paste_patch, rotate_patch
from tools.badge.civil_card import (
    HELDOUT_STYLES,
    Wear,
    draw_clip,
    draw_pocket,
    draw_strap,
    place_card,
    render_civil_card,
    short_side_for_face,
    style_named,
)
from tools.badge.clutter import chest_clutter
from tools.badge.evaluate import Rates

WIDTH, HEIGHT = 1280, 720
CENTRES = (220, 640, 1060)
HELDOUT_SPRITES = (0, 2, 3)  # vision.demo.sprites.STAFF_CUTS: grace_hopper, zidane, ancelotti (not astronaut)
SHIRTS = ((225, 190, 150), (90, 40, 25), None, None)  # regulation light blue, navy jacket, own clothes (twice)
START = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.timezone.utc)  # a Monday, 09:00 in Hà Nội


@dataclass(frozen=True)
class DeskTruth:
    desk_id: str
    wears: bool
    wear: str  # "lanyard" / "pocket" / ""
    card_short_px: float  # 0 without a card


@dataclass(frozen=True)
class DeskFrame:
    image: np.ndarray = field(repr=False)  # the camera's picture (never written as it is)
    truths: tuple[DeskTruth, ...]  # one per desk whose card could be placed (a face was found)
    dim: bool


def _script(rng: np.random.Generator, sprites: Sequence[int]):
    from vision.demo.script import DeskScript, SceneScript, Span  # noqa: PLC0415

    desks = tuple(
        DeskScript(f"d{i + 1}", f"Quầy {i + 1}", cx, int(sprites[int(rng.integers(len(sprites)))]), (Span(0, 1),),
                   SHIRTS[int(rng.integers(len(SHIRTS)))])
        for i, cx in enumerate(CENTRES))
    return SceneScript(name="badge", start=START, duration_s=1, fps=1, desks=desks, width=WIDTH, height=HEIGHT,
                       seed=int(rng.integers(1 << 30)))


def scene_sites():
    """The sites configuration of these scenes (one camera, three desks)."""
    from pathlib import Path  # noqa: PLC0415

    from domain.sites import parse_sites  # noqa: PLC0415
    from vision.demo.compose import PresenceSettings, sites_document  # noqa: PLC0415

    rng = np.random.default_rng(0)
    return parse_sites(sites_document(Path("badge.mp4"), _script(rng, HELDOUT_SPRITES), PresenceSettings()))


def _light(image: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, bool]:
    dim = bool(rng.random() < 0.35)
    overall = rng.uniform(0.4, 0.65) if dim else rng.uniform(0.8, 1.2)
    gains = np.array([rng.uniform(0.78, 1.22) for _ in range(3)], np.float32) if rng.random() < 0.5 else np.ones(3)
    out = image.astype(np.float32) * gains * overall + rng.normal(0, 2.5, image.shape)
    return np.clip(out, 0, 255).astype(np.uint8), dim


def desk_frames(count: int, seed: int, faces, sprites: Sequence[int] = HELDOUT_SPRITES,
                styles: Sequence[str] = HELDOUT_STYLES, wear_share: float = 0.5) -> Iterator[DeskFrame]:
    """`count` composed frames; each seated person wears a card with probability `wear_share`,
    half of them clipped to the pocket. `faces`: the face detector (finds where the chest is)."""
    from vision.demo.compose import SceneRenderer  # noqa: PLC0415
    from vision.demo.script import COUNTER_TOP  # noqa: PLC0415

    waist = COUNTER_TOP * HEIGHT
    for k in range(count):
        rng = np.random.default_rng([seed, k])
        renderer = SceneRenderer(_script(rng, sprites))
        image = renderer.clean_frame(0.0)
        front = renderer.stage.front_mask > 0  # the counter and monitors stay in front of what is worn
        clean = image.copy()
        empty = renderer.stage.back.copy()
        cv2.copyTo(renderer.stage.front, renderer.stage.front_mask, empty)
        # The staff members' own pixels: a card counts as worn only when it lies on them.
        body = (np.abs(clean.astype(np.int16) - empty.astype(np.int16)).max(axis=2) > 10) & ~front
        found = faces.detect(image, 0.3).xyxy.tolist()
        truths = []
        for i, cx in enumerate(CENTRES):
            near = [f for f in found if abs((f[0] + f[2]) / 2 - cx) < 120 and f[3] < waist]
            if not near:
                continue
            face = tuple(max(near, key=lambda f: (f[2] - f[0]) * (f[3] - f[1])))
            if rng.random() < 0.5:  # pens, pins, ties: on wearers and non-wearers alike
                chest_clutter(image, face, rng)
                image[front] = clean[front]
            if rng.random() >= wear_share:
                truths.append(DeskTruth(f"d{i + 1}", False, "", 0.0))
                continue
            wear = Wear.POCKET if rng.random() < 0.5 else Wear.LANYARD
            short = short_side_for_face(face[2] - face[0], rng)
            patch = render_civil_card(style_named(styles[int(rng.integers(len(styles)))]), short, rng)
            if _wear_card(image, clean, front, body, face, wear, patch, short, waist, rng):
                truths.append(DeskTruth(f"d{i + 1}", True, wear.value, short))
            else:  # no placement kept the card on the body and above the counter: no honest truth
                truths.append(DeskTruth(f"d{i + 1}", False, "", 0.0))
        lit, dim = _light(image, rng)
        yield DeskFrame(lit, tuple(truths), dim)


def _wear_card(image: np.ndarray, clean: np.ndarray, front: np.ndarray, body: np.ndarray, face, wear: Wear,
               patch: np.ndarray, short: float, waist: float, rng: np.random.Generator) -> bool:
    """Draw the card (pocket and clip, or lanyard) in place at the first of a few placements
    that keeps ≥ 90 % of it on the person and ≥ 60 % in front of the counter."""
    for _ in range(6):
        place = place_card(wear, face, patch.shape[0], waist, rng)
        top = (place.centre[0], place.centre[1] - patch.shape[0] / 2)
        trial = image.copy()
        if place.pocket is not None:
            draw_pocket(trial, place.pocket, rng)
        else:
            draw_strap(trial, ((face[0] + face[2]) / 2, face[3]), top, 0.3 * (face[2] - face[0]),
                       (30, 30, 190), max(1, int(round(short / 12))))
        card = paste_patch(trial, rotate_patch(patch, place.angle), place.centre)
        if place.pocket is not None:
            draw_clip(trial, top, patch.shape[1])
        trial[front] = clean[front]
        n = int(card.sum())
        if n and (card & body).sum() >= 0.9 * n and (card & ~front).sum() >= 0.6 * n:
            image[:] = trial
            return True
    return False


@dataclass(frozen=True)
class SceneScore(Rates):
    judged_s: int  # desk-seconds with a PASS or FAIL
    unknown_s: int
    tp: int  # violation (FAIL) and no card worn
    fp: int  # FAIL while a card is worn: a false accusation
    fn: int  # PASS without a card
    tn: int
    missed: dict = field(default_factory=dict)  # wear → FAILs on wearers

    @property
    def false_accusation_share(self) -> float:
        return self.fp / self.judged_s if self.judged_s else 0.0


def badge_scene_score(frames: Sequence[DeskFrame], verdicts: Sequence[dict[str, bool | None]]) -> SceneScore:
    """`verdicts[k][desk]`: True = badge seen (PASS), False = FAIL, None = UNKNOWN or not seen."""
    tp = fp = fn = tn = unknown = 0
    missed: dict[str, int] = {}
    for frame, said in zip(frames, verdicts, strict=True):
        for t in frame.truths:
            v = said.get(t.desk_id)
            if v is None:
                unknown += 1
            elif not v and not t.wears:
                tp += 1
            elif not v:
                fp += 1
                missed[t.wear] = missed.get(t.wear, 0) + 1
            elif not t.wears:
                fn += 1
            else:
                tn += 1
    return SceneScore(tp + fp + fn + tn, unknown, tp, fp, fn, tn, missed)
