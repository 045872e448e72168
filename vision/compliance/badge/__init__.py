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


SHIPPED_VERSION = "shipped-v3"  # models/badge/badge.pt of issue 11, by its digest below
_V3_SHA256 = "6407a9c7270c8b738324a7a5a3ac4380e5b5adcbd6eab481827bd1fd0a386087"


def shipped_version(sha256: str, record: dict) -> str:
    """The registry name of the shipped file: its record's own `version`, else shipped-v3 for that file,
    else shipped-<digest> (a newer shipped model is a new version, never the old name on new bytes)."""
    named = record.get("version")
    if isinstance(named, str) and named.strip():
        return named.strip()[:64]
    return SHIPPED_VERSION if sha256 == _V3_SHA256 else f"shipped-{sha256[:12]}"


def register_shipped(conn, by: str = "system") -> bool:
    """Put the shipped models/badge/badge.pt in the store's registry the first time it is used,
    live when nothing is (its threshold and figures from the overlay's own record); True when written."""
    import hashlib  # noqa: PLC0415

    from data.rule_models import ensure_registered, versions  # noqa: PLC0415
    from vision.compliance.badge.model import DEFAULT_WEIGHTS  # noqa: PLC0415
    from vision.detection.overlay import overlay_info  # noqa: PLC0415

    data = DEFAULT_WEIGHTS.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    if any(v.sha256 == sha for v in versions(conn, "badge")):  # known already (under whatever name)
        return ensure_registered(conn, "badge", next(v.version for v in versions(conn, "badge") if v.sha256 == sha),
                                 lambda: data, None, {}, by)
    extra = dict(overlay_info(DEFAULT_WEIGHTS)["extra"])
    figures = {"shipped": extra, "note": "held-out composed crops (models/badge/README.md); no province labels"}
    return ensure_registered(conn, "badge", shipped_version(sha, extra), lambda: data, extra.get("threshold"),
                             figures, by)


__all__ = ["SHIPPED_VERSION", "load_model", "register_shipped", "shipped_version"]
