"""Where the worker's files live: the checkout, its ``var`` folder (``MONITOR_VAR_DIR``
moves it) and the model cache inside it."""
from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
VAR_DIR = Path(os.environ.get("MONITOR_VAR_DIR", REPO_ROOT / "var"))
MODEL_CACHE_DIR = VAR_DIR / "models"
