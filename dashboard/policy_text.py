"""The incident threshold as the pages and exports name it: '5', or '5–10' when the units shown differ."""
from __future__ import annotations

from collections.abc import Iterable

from domain.presence_policy import DEFAULT_POLICY


def incident_minutes(thresholds_s: Iterable[float]) -> str:
    minutes = sorted({int(s // 60) for s in thresholds_s}) or [DEFAULT_POLICY.incident_minutes]
    return str(minutes[0]) if len(minutes) == 1 else f"{minutes[0]}–{minutes[-1]}"
