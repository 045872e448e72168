"""Cached wrappers around `data.scorecard` for the province overview."""
from __future__ import annotations


def clear() -> None:
    """Forget cached scorecards (after an inspection or a setting changes)."""
