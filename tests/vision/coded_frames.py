"""Frames that carry their own number as big black/white blocks, readable after JPEG or MPEG-4."""
from __future__ import annotations

import numpy as np

BITS = 16
BLOCK = 16


def coded_frame(number: int, width: int = 320, height: int = 180, background: int = 90) -> np.ndarray:
    """A BGR frame with `number` written as BITS blocks along the top row, plus texture."""
    image = np.full((height, width, 3), background, np.uint8)
    # Some texture below so no frame is "uniform" (no signal) by accident.
    yy, xx = np.mgrid[0:height, 0:width]
    image[BLOCK * 2:, :, 1] = ((xx[BLOCK * 2:] // 8 + yy[BLOCK * 2:] // 8) % 2 * 120 + 60).astype(np.uint8)
    for bit in range(BITS):
        value = 255 if (number >> bit) & 1 else 0
        x = 4 + bit * (BLOCK + 2)
        image[2:2 + BLOCK, x:x + BLOCK] = value
    return image


def read_code(image: np.ndarray) -> int:
    grey = image.mean(axis=2)
    number = 0
    for bit in range(BITS):
        x = 4 + bit * (BLOCK + 2)
        if grey[4:BLOCK, x + 2:x + BLOCK - 2].mean() > 127:
            number |= 1 << bit
    return number
