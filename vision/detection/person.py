"""The person detector: Detections of the people in BGR images, from any backend.

Backends, fastest first on the machines measured (see README, bench/):

* ``openvino``    — the weights exported once to ONNX (cached under ``var/models``) and
  compiled by OpenVINO (bfloat16 where the CPU has it);
* ``onnxruntime`` — the same ONNX file, float32;
* ``torch``       — Ultralytics' own predictor; the reference and the last fallback.

``backend="auto"`` takes the first that loads. The ONNX backends share the letterbox
and the post-processing, which follow Ultralytics' own, so every backend returns the
same boxes within rounding.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Literal, Sequence

import numpy as np

from vision.detection.errors import DetectorError
from vision.detection.letterbox import PAD_VALUE, letterbox
from vision.detection.offline import default_weights
from vision.detection.onnx_cache import export_onnx
from vision.detection.postprocess import MAX_DET, PERSON_CLASS, postprocess
from vision.detection.runners import OnnxRuntimeRunner, OpenVinoRunner
from vision.detection.threads import inference_threads
from vision.paths import MODEL_CACHE_DIR
from vision.types import Detections

log = logging.getLogger(__name__)

Backend = Literal["auto", "openvino", "onnxruntime", "torch"]
BACKENDS: tuple[str, ...] = ("openvino", "onnxruntime", "torch")

__all__ = ["BACKENDS", "PERSON_CLASS", "Backend", "PersonDetector"]


class PersonDetector:
    """Finds people in BGR images.

    ``weights`` defaults to :func:`default_weights`. ``conf``/``iou`` are the score and
    class-agnostic NMS thresholds, ``imgsz`` the longest side the image is resized to.
    ``backend`` "auto" picks the fastest that loads (OpenVINO, ONNX Runtime, PyTorch);
    :attr:`backend` says which one runs. ``threads`` caps the inference threads.
    """

    def __init__(
        self,
        weights: Path | None = None,
        conf: float = 0.2,
        iou: float = 0.5,
        imgsz: int = 640,
        device: str = "cpu",
        backend: Backend = "auto",
        threads: int | None = None,
        cache_dir: Path | None = None,
    ) -> None:
        if device != "cpu" and backend not in ("auto", "torch"):
            raise DetectorError(f"device={device!r} needs backend 'torch'")
        self.weights = Path(weights) if weights else default_weights()
        if not self.weights.is_file():
            raise DetectorError(f"Không tìm thấy tệp trọng số (weights file not found): {self.weights}")
        self.conf, self.iou, self.imgsz, self.device = float(conf), float(iou), int(imgsz), device
        self._threads = inference_threads(threads)
        self._cache_dir = Path(cache_dir) if cache_dir else MODEL_CACHE_DIR
        self._runner: OpenVinoRunner | OnnxRuntimeRunner | None = None
        self._torch = None
        order = [backend] if backend != "auto" else (list(BACKENDS) if device == "cpu" else ["torch"])
        errors: list[str] = []
        for name in order:
            try:
                self._load(name)
                self.backend: str = name
                break
            except Exception as exc:  # noqa: BLE001 — try the next backend, report all at the end
                errors.append(f"{name}: {type(exc).__name__}: {exc}")
                log.info("detector backend %s unavailable: %s", name, exc)
        else:
            raise DetectorError("Không nạp được bộ phát hiện (no detector backend loaded): " + "; ".join(errors))
        log.info("person detector: %s backend, weights %s, imgsz %d", self.backend, self.weights.name, self.imgsz)

    def _load(self, name: str) -> None:
        if name == "torch":
            from vision.detection.ultralytics_adapter import TorchPredictor  # noqa: PLC0415 — heavy

            self._torch = TorchPredictor(self.weights, self._threads)
            return
        onnx_path = export_onnx(self.weights, self._cache_dir)
        if name == "openvino":
            self._runner = OpenVinoRunner(onnx_path, self._threads, self._cache_dir)
        elif name == "onnxruntime":
            self._runner = OnnxRuntimeRunner(onnx_path, self._threads)
        else:
            raise DetectorError(f"unknown backend {name!r}; choose from {BACKENDS}")
        # Compile / warm up now for the usual 16:9 camera picture, not on the first frame.
        self.detect(np.full((360, 640, 3), PAD_VALUE, np.uint8))

    def detect(self, image: np.ndarray) -> Detections:
        """People in one BGR image (H×W×3 uint8), boxes in its pixel coordinates."""
        return self.detect_batch([image])[0]

    def detect_batch(self, images: Sequence[np.ndarray]) -> list[Detections]:
        """People in several images; same-sized images share one network call."""
        if not images:
            return []
        if self._torch is not None:
            found = self._torch.predict(images, conf=self.conf, iou=self.iou, imgsz=self.imgsz,
                                        device=self.device, max_det=MAX_DET)
            return [Detections(d.xyxy, d.scores, np.full(len(d), PERSON_CLASS, dtype=int)) for d in found]
        assert self._runner is not None
        out: list[Detections | None] = [None] * len(images)
        groups: dict[tuple[int, int], list[int]] = {}
        for i, im in enumerate(images):
            groups.setdefault(im.shape[:2], []).append(i)
        for shape, idx in groups.items():
            packed = [letterbox(images[i], self.imgsz) for i in idx]
            blob = np.concatenate([p[0] for p in packed]) if len(packed) > 1 else packed[0][0]
            pred = self._runner(blob)
            for k, i in enumerate(idx):
                _, r, dx, dy = packed[k]
                out[i] = postprocess(pred[k], self.conf, self.iou, r, dx, dy, shape)
        return [d for d in out if d is not None]

    def describe(self) -> str:
        extra = ""
        if isinstance(self._runner, OpenVinoRunner):
            extra = f", {self._runner.precision}"
        return f"{self.backend}{extra}, {self.weights.name}, imgsz {self.imgsz}"
