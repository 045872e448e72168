"""How many threads one model may use for inference when its caller names none.

`MONITOR_INFERENCE_THREADS` caps it for the whole process: several worker processes on one
machine (or a test run with more processes than cores) would otherwise each start a thread
per core, and the runtimes' spinning threads then fight over the same cores.
Unset (the default): the runtime decides (every core).
"""
from __future__ import annotations

import os

ENV = "MONITOR_INFERENCE_THREADS"


def inference_threads(asked: int | None) -> int | None:
    """`asked` when given; else the environment's cap; else None (the runtime's default)."""
    if asked:
        return int(asked)
    raw = os.environ.get(ENV, "").strip()
    if not raw:
        return None
    try:
        n = int(raw)
    except ValueError:
        raise ValueError(f"{ENV}={raw!r}: cần một số nguyên dương (a positive whole number)") from None
    if n < 1:
        raise ValueError(f"{ENV}={raw!r}: cần một số nguyên dương (a positive whole number)")
    return n
