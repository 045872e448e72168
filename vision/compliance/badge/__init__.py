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


SHIPPED_VERSION = "shipped-v3"  # models/badge/badge.pt in the registry (data.rule_models)


def register_shipped(conn, by: str = "system") -> bool:
    """Put the shipped models/badge/badge.pt in the store's registry the first time it is used,
    live when nothing is (its threshold and figures from the overlay's own record); True when written."""
    from data.rule_models import ensure_registered, get_version  # noqa: PLC0415
    from vision.compliance.badge.model import DEFAULT_WEIGHTS  # noqa: PLC0415
    from vision.detection.overlay import overlay_info  # noqa: PLC0415

    if get_version(conn, "badge", SHIPPED_VERSION) is not None:
        return ensure_registered(conn, "badge", SHIPPED_VERSION, DEFAULT_WEIGHTS.read_bytes, None, {}, by)
    extra = dict(overlay_info(DEFAULT_WEIGHTS)["extra"])
    figures = {"shipped": extra, "note": "held-out composed crops (models/badge/README.md); no province labels"}
    return ensure_registered(conn, "badge", SHIPPED_VERSION, DEFAULT_WEIGHTS.read_bytes, extra.get("threshold"),
                             figures, by)


__all__ = ["SHIPPED_VERSION", "load_model", "register_shipped"]
