"""The badge rule slot: is an ID badge (thẻ công chức) worn on the chest?

No pretrained badge model exists offline. Without a configured model this rule
answers UNKNOWN — never PASS. The trained model (vision/compliance/badge/, made by
tools/badge/) supplies a :class:`BadgeModel`; the agreed interface is

    BadgeModel.predict(crop: np.ndarray) -> float | None

where ``crop`` is the BGR person crop (the whole person box, clipped to the image)
and the answer is the probability that a badge is worn, or None when the model
cannot tell (e.g. the crop is unusable). ``BadgeRule`` turns it into PASS / FAIL
with ``threshold`` (default: the model's own ``threshold`` attribute when it has one, else 0.5).
"""
from __future__ import annotations

from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from vision.compliance.rules import Box, JudgeContext, RuleResult, Verdict, torso_region

RULE = "badge"


@runtime_checkable
class BadgeModel(Protocol):
    def predict(self, crop: np.ndarray) -> float | None: ...


def person_crop(image: np.ndarray, person_xyxy: Box) -> np.ndarray:
    h, w = image.shape[:2]
    x1, y1, x2, y2 = person_xyxy
    return image[max(0, int(y1)):min(h, int(round(y2))), max(0, int(x1)):min(w, int(round(x2)))]


class BadgeRule:
    name = RULE

    def __init__(self, model: BadgeModel | None = None, threshold: float | None = None) -> None:
        self.model = model
        # None: the threshold the model carries (chosen on validation when trained), else 0.5.
        own = getattr(model, "threshold", None)
        self.threshold = float(threshold if threshold is not None else own if isinstance(own, (int, float)) else 0.5)

    def judge(self, image: np.ndarray, person_xyxy: Box, context: JudgeContext) -> RuleResult:
        if self.model is None:
            return RuleResult(RULE, Verdict.UNKNOWN, None,
                              "chưa cấu hình mô hình thẻ (no badge model configured)")
        torso = torso_region(image, person_xyxy, context.visibility)
        if torso.problem is not None:
            return RuleResult(RULE, Verdict.UNKNOWN, None, torso.problem)
        p = self.model.predict(person_crop(image, person_xyxy))
        if p is None:
            return RuleResult(RULE, Verdict.UNKNOWN, None, "mô hình thẻ không kết luận được (badge model unsure)")
        ok = p >= self.threshold
        return RuleResult(RULE, Verdict.PASS if ok else Verdict.FAIL, float(p),
                          "có đeo thẻ (badge seen)" if ok else "không thấy thẻ (no badge seen)")


def load_badge_model(path: str | Path | None) -> BadgeModel | None:
    """The configured badge model, or None (the rule then answers UNKNOWN).

    `path`: the sites file's or the unit's rule row's model, or — in a `--from-store` worker whose
    unit names none — the registry's live version, written to var/models/<sha256>.pt
    (vision.compliance.live_models). A path that cannot be loaded is an error, not a silent PASS.
    """
    if not path:
        return None
    try:
        from vision.compliance.badge import load_model  # type: ignore[attr-defined]  # noqa: PLC0415
    except ImportError as exc:
        raise RuntimeError(
            f"không nạp được mô hình thẻ {path} (badge model loader unavailable: {exc})"
        ) from None
    return load_model(Path(path))
