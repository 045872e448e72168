"""The values the inspection code passes around: what a form submits and what a read returns."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

KINDS = ("scheduled", "unannounced", "camera_review")
CATEGORIES = ("absent", "no_badge", "wrong_outfit", "attitude", "procedure")


@dataclass(frozen=True)
class FindingInput:
    """One shortcoming found: its category, the staff member concerned (optional) and notes."""

    category: str
    staff_id: int | None = None
    notes: str | None = None
    desk_id: int | None = None  # kept from camera-era records; the form does not ask for it


@dataclass(frozen=True)
class InspectionInput:
    """What a person records (or edits): everything but who and when."""

    day: dt.date | None
    unit_id: int | None
    inspectors: str
    kind: str
    findings: tuple[FindingInput, ...] = ()
    conclusion: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class InspectionRecord:
    """A stored inspection with its findings and who recorded and last changed it."""

    id: int
    data: InspectionInput
    created_at: dt.datetime
    created_by: str | None
    updated_at: dt.datetime | None
    updated_by: str | None


@dataclass(frozen=True)
class InspectionFilter:
    """Which inspections to list; None means 'any'. `unit_id` includes its whole subtree."""

    unit_id: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    kind: str | None = None
    category: str | None = None
    staff_id: int | None = None

    @classmethod
    def for_year(cls, year: int, **rest) -> InspectionFilter:
        return cls(start=dt.date(year, 1, 1), end=dt.date(year, 12, 31), **rest)


@dataclass(frozen=True)
class SavedInspection:
    """What a write returns: the inspection's id and its findings' count."""

    id: int
    findings: int = field(default=0)
