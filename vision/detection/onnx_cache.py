"""The ONNX export of a weights file: made once, cached by content and Ultralytics version.

Written into a temporary folder and moved into place, so a crash mid-export never leaves
a half file that later runs would trust.
"""
from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path

from vision.paths import MODEL_CACHE_DIR

log = logging.getLogger(__name__)


def file_digest(path: Path) -> str:
    """The first 16 hex digits of the file's SHA-256 (cache keys, overlay bases)."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()[:16]


def cached_onnx_path(weights: Path, cache_dir: Path = MODEL_CACHE_DIR) -> Path:
    """Where the ONNX export of ``weights`` lives (keyed by file content + Ultralytics version)."""
    from vision.detection.ultralytics_adapter import ultralytics_version  # noqa: PLC0415

    key = f"{weights.stem}-{file_digest(weights)}-ul{ultralytics_version()}"
    return cache_dir / key / f"{weights.stem}.onnx"


def export_onnx(weights: Path, cache_dir: Path = MODEL_CACHE_DIR) -> Path:
    """The cached ONNX file of ``weights`` (dynamic batch and image size), exported on first use."""
    target = cached_onnx_path(weights, cache_dir)
    if target.is_file():
        return target
    from vision.detection.ultralytics_adapter import export_to_onnx  # noqa: PLC0415

    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        os.replace(export_to_onnx(weights, Path(tmp)), target)
    log.info("exported %s to ONNX at %s", weights.name, target)
    return target
