"""Which model judged a sample: recorded with each violation and PASS sample (issue 12), so a label
says what it was judged by and a new model's figures are compared on the right decisions.

* badge: the loaded model's registry version when it carries one (a ``version`` attribute), else
  the first 12 hex digits of the weights file's SHA-256 — the registry names stored payloads by
  their SHA-256 too, so the two can be matched;
* uniform: the first 12 hex digits of the SHA-256 of the reference (colours rounded to 0.1 and the
  three tolerances, as canonical JSON): the same calibration gives the same version on any machine.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from vision.compliance.uniform import UniformReference

_DIGITS = 12
_by_file: dict[tuple[str, int, int], str] = {}  # (path, size, mtime_ns) -> digest: hashed once per process


def weights_version(path: Path | str) -> str:
    p = Path(path)
    st = p.stat()
    key = (str(p.resolve()), st.st_size, st.st_mtime_ns)
    if key not in _by_file:
        h = hashlib.sha256()
        with p.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        _by_file[key] = h.hexdigest()[:_DIGITS]
    return _by_file[key]


def badge_version(model: object | None) -> str | None:
    if model is None:
        return None
    own = getattr(model, "version", None)
    if isinstance(own, str) and own:
        return own[:64]
    weights = getattr(model, "weights", None)
    if weights is not None and Path(weights).is_file():
        return weights_version(weights)
    return None


def uniform_version(reference: UniformReference | None) -> str | None:
    if reference is None or not reference.colours:
        return None
    doc = {
        "colours": [[round(c.L, 1), round(c.a, 1), round(c.b, 1)] for c in reference.colours],
        "chroma_tol": reference.chroma_tol, "lightness_tol": reference.lightness_tol,
        "min_match_frac": reference.min_match_frac,
    }
    return hashlib.sha256(json.dumps(doc, sort_keys=True).encode("utf-8")).hexdigest()[:_DIGITS]
