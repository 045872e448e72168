"""Dress-code judgments a supervisor signs: the words for a violation's confirmation, a PASS sample's
check and a label, the gate for counting without confirmation, and the held-out split of labels.

A violation found by a rule is only a suspicion (the badge model is wrong about one time in five):
it counts in the review, the scorecard, the exports and alerts only once a supervisor in scope
confirmed it on its face-blurred evidence — or while its unit counts that rule without confirmation,
which an administrator may switch on only when the rule's measured precision there passes the gate.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from enum import Enum

RULES = ("badge", "uniform")

# The gate for "count without confirmation" (issue 12): precision from supervisors' decisions in the
# unit, over enough decisions that one lucky month cannot open it.
AUTO_COUNT_MIN_PRECISION = 0.95
AUTO_COUNT_MIN_DECISIONS = 200

# The share of labels held out for evaluation (whole desk-days, so one person's day is never in both).
TEST_SHARE = 0.2


class ViolationStatus(str, Enum):
    PENDING = "pending"  # chờ xác nhận: found by a rule, nobody looked yet
    CONFIRMED = "confirmed"  # a supervisor saw the evidence and agrees
    REJECTED = "rejected"  # a supervisor saw the evidence and the rule was wrong


class PassSampleStatus(str, Enum):
    PENDING = "pending"
    AGREED = "agreed"  # the person does wear the badge / the uniform
    DISAGREED = "disagreed"  # the rule said PASS but it was a violation


class LabelSource(str, Enum):
    CONFIRMED = "confirmed"  # label: violation
    REJECTED = "rejected"  # label: compliant
    PASS_AGREED = "pass_agreed"  # label: compliant
    PASS_DISAGREED = "pass_disagreed"  # label: violation


class Label(str, Enum):
    VIOLATION = "violation"
    COMPLIANT = "compliant"


LABEL_OF = {
    LabelSource.CONFIRMED: Label.VIOLATION,
    LabelSource.REJECTED: Label.COMPLIANT,
    LabelSource.PASS_AGREED: Label.COMPLIANT,
    LabelSource.PASS_DISAGREED: Label.VIOLATION,
}


@dataclass(frozen=True)
class RulePrecision:
    """One rule in one unit, from supervisors' decisions: violations confirmed vs rejected, and the
    PASS samples checked (agreed vs disagreed)."""

    confirmed: int
    rejected: int
    pass_agreed: int = 0
    pass_disagreed: int = 0

    @property
    def decisions(self) -> int:
        return self.confirmed + self.rejected

    @property
    def precision(self) -> float | None:
        """Share of the rule's violations that supervisors confirmed; None before any decision."""
        return self.confirmed / self.decisions if self.decisions else None

    @property
    def pass_agreement(self) -> float | None:
        checked = self.pass_agreed + self.pass_disagreed
        return self.pass_agreed / checked if checked else None

    @property
    def may_count_without_confirmation(self) -> bool:
        return may_count_without_confirmation(self.precision, self.decisions)


def may_count_without_confirmation(precision: float | None, decisions: int) -> bool:
    return precision is not None and decisions >= AUTO_COUNT_MIN_DECISIONS and precision >= AUTO_COUNT_MIN_PRECISION


def label_split(desk_id: int, local_day: dt.date) -> str:
    """'test' for about TEST_SHARE of desk-days, fixed forever (a hash, not a random draw), so a label
    never moves between the training and the held-out split from one retraining to the next."""
    digest = hashlib.sha256(f"{desk_id}:{local_day.isoformat()}".encode()).digest()
    return "test" if int.from_bytes(digest[:4], "big") / 2**32 < TEST_SHARE else "train"
