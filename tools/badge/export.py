"""`python -m tools.badge export-crops`: person crops of staff at their desks, from real
footage, in YOLO layout for labelling badges (images/, empty labels/, data.yaml).

Every frame is face-blurred before anything is cut from it, and each crop is checked
again (blurred once more if the face model still finds something): no picture with
an unblurred face is ever written.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from tools.badge.synth import write_data_yaml

EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)  # crops are named by offset, not wall time


@dataclass(frozen=True)
class ExportResult:
    out: Path
    frames: int  # frames looked at
    crops: int  # crops written
    faces_blurred: int
    data_yaml: Path


def crop_box(box: tuple[float, float, float, float], shape: tuple[int, ...], margin: float) -> tuple[int, int, int, int]:
    """The person box grown by `margin` of its size on every side, clipped to the frame."""
    x1, y1, x2, y2 = box
    h, w = shape[:2]
    mx, my = (x2 - x1) * margin, (y2 - y1) * margin
    return (int(max(0, np.floor(x1 - mx))), int(max(0, np.floor(y1 - my))),
            int(min(w, np.ceil(x2 + mx))), int(min(h, np.ceil(y2 + my))))


def export_crops(
    video: Path,
    sites,
    camera_id: str,
    out: Path,
    *,
    every_s: float = 10.0,
    margin: float = 0.1,
    detector=None,
    face_detector=None,
    progress: bool = False,
) -> ExportResult:
    """Write one crop per seated staff member every `every_s` seconds of `video`."""
    from vision.detection.person import PersonDetector  # noqa: PLC0415 — heavy
    from vision.privacy import blur_faces, default_face_detector  # noqa: PLC0415
    from vision.sources.file_source import FileSource  # noqa: PLC0415
    from vision.zones import desk_observations  # noqa: PLC0415

    if every_s <= 0:
        raise ValueError(f"--every-s phải dương (must be positive): {every_s}")
    camera = sites.camera(camera_id)
    if detector is None:
        d = sites.detector
        detector = PersonDetector(Path(d.weights) if d.weights else None, conf=d.conf, iou=d.iou, imgsz=d.imgsz)
    faces = face_detector or default_face_detector()
    out = Path(out)
    (out / "images").mkdir(parents=True, exist_ok=True)
    (out / "labels").mkdir(parents=True, exist_ok=True)
    source = FileSource(video, camera_id, EPOCH, sample_fps=1.0 / every_s)
    frames = crops = blurred = 0
    bar = None
    if progress:
        from tqdm import tqdm  # noqa: PLC0415

        bar = tqdm(total=source.expected_samples(), unit="khung", desc=f"export {camera_id}")
    try:
        for frame in source:
            frames += 1
            if bar is not None:
                bar.update(1)
            dets = detector.detect(frame.image)
            seated = [o for o in desk_observations(frame.image.shape, dets, camera, frame.captured_at, rule=sites.zone_rule)
                      if o.staffed and o.person_xyxy is not None]
            if not seated:
                continue
            # The whole frame first: a face cut in half by the crop edge is still found.
            safe = blur_faces(frame.image, faces)
            blurred += safe.faces
            offset_s = int(round((frame.captured_at - EPOCH).total_seconds()))
            for obs in seated:
                x1, y1, x2, y2 = crop_box(obs.person_xyxy, frame.image.shape, margin)
                if x2 - x1 < 8 or y2 - y1 < 8:
                    continue
                crop = blur_faces(safe.image[y1:y2, x1:x2], faces)  # the second look, at crop scale
                blurred += crop.faces
                stem = f"{Path(video).stem}_{camera_id}_{obs.desk_id}_{offset_s:06d}s"
                cv2.imwrite(str(out / "images" / f"{stem}.jpg"), crop.image, [cv2.IMWRITE_JPEG_QUALITY, 92])
                label = out / "labels" / f"{stem}.txt"
                if not label.exists():  # never wipe a label someone already drew
                    label.write_text("")
                crops += 1
    finally:
        if bar is not None:
            bar.close()
    data_yaml = write_data_yaml_flat(out)
    return ExportResult(out, frames, crops, blurred, data_yaml)


def write_data_yaml_flat(root: Path) -> Path:
    """data.yaml for a flat images/ + labels/ folder (train and val both point at it until
    the province splits its labelled crops)."""
    path = write_data_yaml(root, ())
    text = path.read_text().replace("names:", "train: images\nval: images\nnames:", 1)
    path.write_text(text)
    return path
