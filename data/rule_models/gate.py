"""The gate before a dress-code model goes live (pure): a candidate may replace the live model only
when its precision AND recall on the province's held-out labels are each at least the live model's,
both measured by the same evaluation on the same labels (retrain stores both in the candidate's
figures). Nothing to compare (no held-out province labels, or figures measured against another live
version) refuses unless forced with a reason; a measured loss is never forced through.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float


@dataclass(frozen=True)
class HeldOut:
    """What a candidate's figures say about the province's held-out labels."""

    evaluated_against: str | None  # the live version the candidate was compared with
    images: int  # held-out province labels (0: nothing to compare)
    candidate: Scores | None
    live: Scores | None


@dataclass(frozen=True)
class GateDecision:
    allowed: bool
    forced: bool
    reason: str  # Vietnamese first, then English


def held_out_of(figures: Mapping[str, Any] | None) -> HeldOut:
    """The gate's view of a version's stored figures (missing parts read as nothing measured)."""
    figures = figures or {}
    block = figures.get("province_test") or {}

    def scores(key: str) -> Scores | None:
        s = block.get(key)
        if not isinstance(s, Mapping) or s.get("precision") is None or s.get("recall") is None:
            return None
        return Scores(float(s["precision"]), float(s["recall"]))

    return HeldOut(figures.get("evaluated_against"), int(block.get("images") or 0), scores("candidate"), scores("live"))


def _n(x: float) -> str:
    return f"{x:.2f}".replace(".", ",")


def decide(candidate_version: str, held: HeldOut, live_version: str | None,
           force_reason: str | None = None) -> GateDecision:
    forced = bool(force_reason and force_reason.strip())
    if live_version is None:
        return GateDecision(True, False, "chưa có bản đang dùng (nothing is live yet)")
    if candidate_version == live_version:
        return GateDecision(False, False, f"{candidate_version} đang được dùng ({candidate_version} is already live)")
    nothing = None
    if held.images == 0 or held.candidate is None or held.live is None:
        nothing = ("không có nhãn kiểm tra của tỉnh để so sánh (no held-out province labels to compare on)")
    elif held.evaluated_against != live_version:
        nothing = (f"số liệu được đo so với {held.evaluated_against or '?'}, nhưng bản đang dùng là {live_version}; "
                   f"hãy huấn luyện/đánh giá lại (figures compare against {held.evaluated_against or '?'}, "
                   f"the live version is {live_version}: retrain or re-evaluate)")
    if nothing is not None:
        if forced:
            return GateDecision(True, True, f"{nothing}; buộc thực hiện (forced): {force_reason.strip()}")
        return GateDecision(False, False, f"{nothing}; dùng --force \"lý do\" nếu chắc chắn (use --force REASON)")
    c, lv = held.candidate, held.live
    worse = []
    if c.precision < lv.precision:
        worse.append(f"độ chính xác {_n(c.precision)} < {_n(lv.precision)} "
                     f"(precision {c.precision:.2f} < {lv.precision:.2f})")
    if c.recall < lv.recall:
        worse.append(f"độ nhạy {_n(c.recall)} < {_n(lv.recall)} (recall {c.recall:.2f} < {lv.recall:.2f})")
    if worse:
        return GateDecision(False, False, "; ".join(worse) + f" của bản đang dùng {live_version} trên {held.images} "
                            f"nhãn kiểm tra của tỉnh (than the live {live_version} on {held.images} held-out labels)")
    return GateDecision(True, False, f"độ chính xác {_n(c.precision)} ≥ {_n(lv.precision)}, độ nhạy {_n(c.recall)} ≥ "
                        f"{_n(lv.recall)} của bản đang dùng {live_version} (precision and recall at least the live "
                        f"model's on {held.images} held-out labels)")
