"""The network input of the ONNX backends, as Ultralytics makes it: the image resized
keeping its aspect, centred on grey padding up to the stride ("rect" inference)."""
from __future__ import annotations

import cv2
import numpy as np

STRIDE = 32
PAD_VALUE = 114  # Ultralytics' letterbox grey


def letterbox_shape(h: int, w: int, imgsz: int) -> tuple[int, int, float]:
    """The network input (height, width) for an h×w image: longest side ``imgsz``,
    each side padded up to the stride, and the scale used."""
    r = min(imgsz / h, imgsz / w)
    nh, nw = int(round(h * r)), int(round(w * r))
    ph = int(np.ceil(nh / STRIDE) * STRIDE)
    pw = int(np.ceil(nw / STRIDE) * STRIDE)
    return ph, pw, r


def letterbox(image: np.ndarray, imgsz: int) -> tuple[np.ndarray, float, float, float]:
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
        value=(PAD_VALUE, PAD_VALUE, PAD_VALUE),
    )
    blob = cv2.dnn.blobFromImage(image, scalefactor=1 / 255.0, swapRB=True)
    return blob, r, float(left), float(top)
