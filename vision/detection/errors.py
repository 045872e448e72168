"""The one error the detectors raise."""
from __future__ import annotations


class DetectorError(RuntimeError):
    """The detector cannot start: missing weights, no usable backend, a foreign overlay."""
