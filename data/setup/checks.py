"""Field checks shared with the worker: a camera or desk is valid here exactly when the
worker's sites format (domain.sites) accepts it, so a change saved on the Setup page can
never make a `--from-store` worker refuse its configuration.

The sites format wants a camera with at least one desk and a desk inside a camera, so
each check validates the row inside a minimal probe document and maps the error's
field path back to the form field.
"""
from __future__ import annotations

import re

from data.setup.changes import SetupError
from domain.sites import ConfigError, parse_sites

# Any valid triangle: stands in for the desks of a camera checked on its own.
_PROBE_ZONE = [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0]]
_PREFIX = re.compile(r"^cameras\[0\](?:\.desks\[0\])?\.?")


def _check(doc: dict) -> None:
    try:
        parse_sites(doc, "")
    except ConfigError as exc:
        field = _PREFIX.sub("", exc.field) or "source"
        key = field.split("[")[0]
        raise SetupError("code" if key == "id" else key, f"{field}: {exc.problem}") from None


def check_camera(code: str, source: str | None, unit: str, name: str) -> None:
    """`source` None: unchanged (the stored one was checked when it was entered)."""
    _check({"cameras": [{
        "id": code, "name": name or None, "unit": unit, "source": "0" if source is None else source,
        "desks": [{"id": "probe", "staff_zone": _PROBE_ZONE}],
    }]})


def check_desk(code: str, name: str, staff_zone: list[list[float]] | None) -> None:
    """A desk without a zone is allowed only while no camera watches it (the caller decides)."""
    _check({"cameras": [{
        "id": "probe", "source": "0", "unit": "probe",
        "desks": [{"id": code, "name": name or None, "staff_zone": _PROBE_ZONE if staff_zone is None else staff_zone}],
    }]})
