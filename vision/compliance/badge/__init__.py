"""The badge (thẻ công chức) model at run time: the :class:`BadgeModel` the badge rule
uses. Its data, training and evaluation are tooling, in tools/badge (``python -m tools.badge``).

Kept light to import: torch and Ultralytics load only when a model is built.
"""
from __future__ import annotations

from pathlib import Path


def load_model(path: Path | str | None = None, **kwargs):
    """The trained badge model (vision.compliance.badge.model.BadgeModel) from `path`
    (an overlay or an Ultralytics checkpoint; default models/badge/badge.pt)."""
    from vision.compliance.badge.model import BadgeModel  # noqa: PLC0415 — heavy

    return BadgeModel(path, **kwargs)


__all__ = ["load_model"]
