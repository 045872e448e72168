"""One camera's compliance: judge seated staff now and then, aggregate, snapshot evidence.

    desk observations (person in the staff zone + box) ─▶ rules ─▶ samples ─▶ windows ─▶ runs
                                                                                   └─▶ evidence (FAIL runs)
    desk states (ABSENT for incident_min_s)                                         ─▶ evidence (incidents)

Each seated person is judged at most every ``every_s`` seconds per desk. When a
window first agrees on FAIL, the current frame becomes the violation's evidence;
when a desk has been ABSENT for ``incident_min_s``, the current frame (the empty
desk) becomes the incident's evidence, whether or not the camera has dress-code rules (issue 13: a
camera without them gets a tracker with no rule, ``incidents_only``). Both are blurred before anything
is written; when the face model cannot load, the incident is recorded without a picture and says so.

What a supervisor's decision and a label need (issue 12): a violation's evidence comes with a
clean person crop, the rule's score, the person's box and the model version; a few single-frame
PASS judgments are kept the same way at random (vision.compliance.pass_samples), so the labels
are not only the rules' mistakes.
"""
from __future__ import annotations

import datetime as dt
import logging
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from domain.records import Box, ComplianceObservation, DeskObservation, DeskState, PassSample
from domain.sites import CameraConfig, ComplianceConfig
from domain.sites.compliance import BadgeRuleConfig, UniformRuleConfig
from domain.states import CameraHealth, DeskStateName
from domain.timezone import DEFAULT_TIMEZONE
from vision.compliance.badge_rule import BadgeModel, BadgeRule, load_badge_model
from vision.compliance.evidence import DEFAULT_ROOT, EvidenceFiles, evidence_path, write_evidence, write_person_evidence
from vision.compliance.pass_samples import PassSampler, camera_seed, card_box
from vision.compliance.rules import JudgeContext, RuleResult, Verdict
from vision.compliance.settings import uniform_reference, visibility_of, window_params
from vision.compliance.uniform import UniformRule, grey_gains
from vision.compliance.versions import badge_version, uniform_version
from vision.compliance.window import ComplianceRun, Sample, WindowAggregator
from vision.privacy import FaceDetector, FaceModelError, FrameFaces

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AbsenceEvidence:
    desk_id: str
    since: dt.datetime  # the ABSENT run's start
    at: dt.datetime  # when the snapshot was taken
    path: str | None  # None: no picture could be written, `missing` says why
    missing: str | None = None  # face_model (the face model cannot load: nothing unblurred is written) | write_failed


def incidents_only() -> ComplianceConfig:
    """The settings of a camera without dress-code rules: no rule judged, every absence incident still
    snapshotted (issue 13), faces blurred as everywhere, into the root the pages read (MONITOR_EVIDENCE_DIR)."""
    from data.retention.policy import evidence_dir  # noqa: PLC0415

    return ComplianceConfig(uniform=UniformRuleConfig(enabled=False), badge=BadgeRuleConfig(enabled=False),
                            evidence_dir=str(evidence_dir()))


@dataclass(frozen=True)
class ComplianceStep:
    observations: tuple[ComplianceObservation, ...]  # the samples judged on this frame
    closed: tuple[ComplianceRun, ...]  # runs that ended with this frame
    incidents: tuple[AbsenceEvidence, ...]  # incident snapshots taken on this frame
    pass_samples: tuple[PassSample, ...] = ()  # PASS judgments kept on this frame for a supervisor to check


class ComplianceTracker:
    """Not thread-safe; one per camera pipeline."""

    def __init__(
        self,
        camera: CameraConfig,
        config: ComplianceConfig,
        *,
        incident_min_s: float,
        timezone: str = DEFAULT_TIMEZONE,
        badge_model: BadgeModel | None = None,
        face_detector: FaceDetector | None = None,
        evidence_root: Path | None = None,
        frame_faces: FrameFaces | None = None,
        pass_rng: random.Random | None = None,
    ) -> None:
        """``frame_faces``: shared with the live publisher so a frame's faces are found once
        (default: this tracker's own, shared by the evidence it writes from one frame).
        ``pass_rng``: the draws of the PASS samples (default: seeded by the camera id)."""
        self.camera, self.config = camera, config
        self.incident_min_s = incident_min_s
        self.timezone = timezone
        self.root = Path(evidence_root or config.evidence_dir or DEFAULT_ROOT)
        self.faces = frame_faces if frame_faces is not None else FrameFaces(face_detector)
        self.context = {d.id: JudgeContext(d.id, camera.id, visibility_of(config)) for d in camera.desks}
        self.zones = [d.staff_zone for d in camera.desks]
        self.rules: list = []
        self.versions: dict[str, str | None] = {}  # rule -> what judges it (recorded with its evidence)
        if config.uniform.enabled:
            reference = uniform_reference(config.uniform)
            self.rules.append(UniformRule(reference))
            self.versions["uniform"] = uniform_version(reference)
        if config.badge.enabled:
            model = badge_model if badge_model is not None else load_badge_model(config.badge.model)
            self.rules.append(BadgeRule(model, config.badge.threshold))
            self.versions["badge"] = badge_version(model)
        self.sampler = PassSampler(config.pass_sample_rate, config.pass_samples_per_day, timezone,
                                   pass_rng if pass_rng is not None else random.Random(camera_seed(camera.id)))
        # How often each rule judges a seated person: the badge model, a detector per person,
        # at its own slower pace (BadgeRuleConfig.every_s).
        self.every_s = {"uniform": config.every_s, "badge": max(config.every_s, config.badge.every_s)}
        self._windows = {
            (d.id, r.name): WindowAggregator(d.id, r.name, window_params(config, self.every_s[r.name]))
            for d in camera.desks for r in self.rules
        }
        self._last_judged: dict[tuple[str, str], dt.datetime] = {}  # (desk, rule) -> last judged
        self._incident_snapped: dict[str, dt.datetime] = {}  # desk -> ABSENT since (already snapped)
        self.runs: list[ComplianceRun] = []
        self.incidents: list[AbsenceEvidence] = []
        self.pass_samples: list[PassSample] = []
        self.spent_s = 0.0  # time inside step(): what compliance adds to the pipeline

    @property
    def active(self) -> bool:
        return bool(self.rules)

    def step(
        self, image: np.ndarray, observations: Sequence[DeskObservation], states: Sequence[DeskState], at: dt.datetime
    ) -> ComplianceStep:
        t0 = time.perf_counter()
        try:
            return self._step(image, observations, states, at)
        finally:
            self.spent_s += time.perf_counter() - t0

    def _step(
        self, image: np.ndarray, observations: Sequence[DeskObservation], states: Sequence[DeskState], at: dt.datetime
    ) -> ComplianceStep:
        out: list[ComplianceObservation] = []
        closed: list[ComplianceRun] = []
        kept: list[PassSample] = []
        due = [
            (o, rule) for o in observations
            if o.staffed and o.person_xyxy is not None and o.camera_health is CameraHealth.ONLINE
            for rule in self.rules if self._due(o.desk_id, rule.name, at)
        ]
        gains = grey_gains(image) if any(isinstance(r, UniformRule) for _, r in due) else None
        for o, rule in due:
            self._last_judged[(o.desk_id, rule.name)] = at
            res = self._judge(rule, image, o, gains)
            agg = self._windows[(o.desk_id, rule.name)]
            closed.extend(agg.push(Sample(o.desk_id, rule.name, at, res.result, res.score)))
            path = None
            now = agg.current
            if now is not None and now.result is Verdict.FAIL and now.evidence is None:  # a new violation
                files = self._person_snapshot(image, o.desk_id, at, rule.name, o.person_xyxy)
                if files is not None:
                    path = str(files.evidence)
                    agg.set_evidence(path, crop_path=str(files.crop), score=res.score, person_box=_box(o.person_xyxy),
                                     model_version=self.versions.get(rule.name))
            elif res.result is Verdict.PASS and self.sampler.draw(o.desk_id, rule.name, at):
                sample = self._keep_pass(image, o, rule, res, at)
                if sample is not None:
                    kept.append(sample)
            out.append(ComplianceObservation(o.desk_id, at, rule.name, res.result.value, res.score, path))
        incidents = self._incidents(image, states, at)
        self.runs.extend(closed)
        self.pass_samples.extend(kept)
        return ComplianceStep(tuple(out), tuple(closed), incidents, tuple(kept))

    def _due(self, desk_id: str, rule: str, at: dt.datetime) -> bool:
        last = self._last_judged.get((desk_id, rule))
        return last is None or (at - last).total_seconds() >= self.every_s[rule] - 1e-6

    def _judge(self, rule, image: np.ndarray, o: DeskObservation, gains: np.ndarray | None) -> RuleResult:
        ctx = self.context[o.desk_id]
        if isinstance(rule, UniformRule):
            return rule.judge(image, o.person_xyxy, ctx, gains)
        return rule.judge(image, o.person_xyxy, ctx)

    def _incidents(self, image: np.ndarray, states: Sequence[DeskState], at: dt.datetime) -> tuple[AbsenceEvidence, ...]:
        found = []
        for st in states:
            if st.state is not DeskStateName.ABSENT or self._incident_snapped.get(st.desk_id) == st.since:
                continue
            if (at - st.since).total_seconds() >= self.incident_min_s:
                self._incident_snapped[st.desk_id] = st.since
                try:
                    path = self._snapshot(image, st.desk_id, at, "absence", None)
                except FaceModelError as exc:  # blurring impossible: no picture, and the store says why
                    log.warning("camera %s: no absence picture, face model unavailable: %s", self.camera.id, exc)
                    found.append(AbsenceEvidence(st.desk_id, st.since, at, None, "face_model"))
                    continue
                found.append(AbsenceEvidence(st.desk_id, st.since, at, path, None if path else "write_failed"))
        self.incidents.extend(found)
        return tuple(found)

    def _keep_pass(self, image: np.ndarray, o: DeskObservation, rule, res: RuleResult,
                   at: dt.datetime) -> PassSample | None:
        files = self._person_snapshot(image, o.desk_id, at, f"{rule.name}_pass", o.person_xyxy)
        if files is None:
            return None
        self.sampler.kept(o.desk_id, rule.name, at)
        card = card_box(rule.model, image, o.person_xyxy) if isinstance(rule, BadgeRule) else None
        ox, oy = files.crop_origin
        in_crop = None if card is None else _box((card[0] - ox, card[1] - oy, card[2] - ox, card[3] - oy))
        return PassSample(o.desk_id, rule.name, at, res.score, _box(o.person_xyxy), str(files.evidence),
                          str(files.crop), in_crop, self.versions.get(rule.name))

    def _person_snapshot(self, image: np.ndarray, desk_id: str, at: dt.datetime, kind: str,
                         person: Box) -> EvidenceFiles | None:
        """The marked frame and the clean crop of one judged person (None when they cannot be written)."""
        path = evidence_path(self.root, self.camera.id, desk_id, at, kind, self.timezone)
        try:
            return write_person_evidence(image, path, person, blur_staff=self.config.blur_staff_faces,
                                         staff_zones=self.zones, detector=self.faces.detector,
                                         faces=self.faces.faces(self.camera.id, image))
        except (OSError, ValueError) as exc:
            log.warning("camera %s: cannot write evidence %s: %s", self.camera.id, path, exc)
            return None

    def _snapshot(self, image: np.ndarray, desk_id: str, at: dt.datetime, kind: str, mark) -> str | None:
        path = evidence_path(self.root, self.camera.id, desk_id, at, kind, self.timezone)
        try:
            write_evidence(image, path, blur_staff=self.config.blur_staff_faces, staff_zones=self.zones,
                           detector=self.faces.detector, mark=mark, faces=self.faces.faces(self.camera.id, image))
        except OSError as exc:
            log.warning("camera %s: cannot write evidence %s: %s", self.camera.id, path, exc)
            return None
        return str(path)

    def finish(self) -> list[ComplianceRun]:
        """Close every open run; returns those (all runs so far are in ``runs``)."""
        closed = [r for agg in self._windows.values() for r in agg.finish()]
        self.runs.extend(closed)
        return closed


def _box(xyxy) -> Box:
    """A box as stored: plain floats, 0.1 px."""
    x1, y1, x2, y2 = (round(float(v), 1) for v in xyxy)
    return (x1, y1, x2, y2)
