"""The one module that imports ``ultralytics``: export, predict, rebuild and train.

Everything after it sees :class:`vision.types.Detections`, file paths and plain values.
Each entry sets the offline switches first (:func:`configure_offline`), and imports
Ultralytics (and torch) only when called: the ONNX backends never load either.
"""
from __future__ import annotations

import shutil
from importlib.metadata import version
from pathlib import Path
from typing import Sequence

import numpy as np

from vision.detection.errors import DetectorError
from vision.detection.offline import configure_offline, default_weights
from vision.types import Detections


def ultralytics_version() -> str:
    """The installed version (read from the package metadata, without importing it)."""
    return version("ultralytics")


def export_to_onnx(weights: Path, work_dir: Path) -> Path:
    """Ultralytics' ONNX export of ``weights`` (dynamic batch and image size) in ``work_dir``.

    Ultralytics writes the export beside the ``.pt``, so a copy is made in ``work_dir``
    first. ``simplify`` is off because onnxslim is not a dependency.
    """
    configure_offline()
    from ultralytics import YOLO  # noqa: PLC0415 — heavy; only when exporting

    src = Path(work_dir) / weights.name
    shutil.copyfile(weights, src)
    out = YOLO(str(src), task="detect").export(format="onnx", dynamic=True, simplify=False, imgsz=640, verbose=False)
    return Path(out)


class TorchPredictor:
    """Ultralytics' own predictor on PyTorch: the reference and the last fallback."""

    def __init__(self, weights: Path, threads: int | None = None) -> None:
        configure_offline()
        import torch  # noqa: PLC0415
        from ultralytics import YOLO  # noqa: PLC0415

        if threads:
            torch.set_num_threads(int(threads))
        self._yolo = YOLO(str(weights), task="detect")

    def predict(
        self, images: Sequence[np.ndarray], *, conf: float, iou: float, imgsz: int, device: str, max_det: int
    ) -> list[Detections]:
        """Boxes per BGR image with the model's own class ids (class-agnostic NMS)."""
        results = self._yolo.predict(
            list(images), conf=conf, iou=iou, imgsz=imgsz, device=device,
            agnostic_nms=True, max_det=max_det, verbose=False,
        )
        out = []
        for res in results:
            b = res.boxes
            n = len(b)
            out.append(
                Detections(
                    xyxy=b.xyxy.cpu().numpy().astype(np.float32).reshape(n, 4),
                    scores=b.conf.cpu().numpy().astype(np.float32).reshape(n),
                    class_ids=b.cls.cpu().numpy().astype(int).reshape(n),
                )
            )
        return out


def detection_model(description: dict, names: dict[int, str], state: dict, train_args: dict):
    """An Ultralytics ``DetectionModel`` built from its description and loaded with ``state``."""
    configure_offline()
    from ultralytics.nn.tasks import DetectionModel  # noqa: PLC0415

    model = DetectionModel(description, nc=len(names), verbose=False)
    model.load_state_dict(state, strict=True)
    model.names = names
    model.args = train_args
    return model


def train_yolo(
    data_yaml: Path,
    project: Path,
    *,
    base: Path | None = None,
    epochs: int = 10,
    imgsz: int = 256,
    batch: int = 16,
    freeze: int = 10,
    workers: int = 0,
    seed: int = 0,
    name: str = "train",
    extra_args: dict | None = None,
) -> Path:
    """Fine-tune ``base`` (default: the offline person weights) on ``data_yaml`` on the CPU,
    offline; returns the best checkpoint. ``freeze`` keeps the first layers (the backbone)
    as they are: faster on a small CPU, and those layers need not ship (overlay)."""
    configure_offline()
    from ultralytics import YOLO  # noqa: PLC0415

    base = Path(base) if base else default_weights()
    model = YOLO(str(base), task="detect")
    args = dict(
        data=str(data_yaml), epochs=int(epochs), imgsz=int(imgsz), batch=int(batch), freeze=int(freeze),
        workers=int(workers), seed=int(seed), deterministic=True, device="cpu", project=str(project),
        name=name, exist_ok=True, plots=False, amp=False, verbose=False, pretrained=True, val=True,
    )
    args.update(extra_args or {})
    model.train(**args)
    best = Path(project) / name / "weights" / "best.pt"
    if not best.is_file():
        raise DetectorError(f"huấn luyện không tạo ra best.pt (training wrote no best.pt): {best}")
    return best
