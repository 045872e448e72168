"""Evidence paths from the store are untrusted: every read or delete resolves them under the evidence root.

A row's `evidence_path` is relative to the evidence root (var/evidence, or
MONITOR_EVIDENCE_DIR), or absolute under it (the worker writes
`<root>/<camera>/<date>/<file>.jpg`). Anything else — an absolute path
elsewhere, a `..` part, a symlink leading out of the root, a NUL byte — is
refused: the pages do not show it and the purge does not delete it.
"""
from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger(__name__)


def resolve_evidence(root: Path, stored: str | None) -> Path | None:
    """The real path of the file `stored` names inside `root`, or None (empty, or outside the root)."""
    if not stored or "\x00" in stored:
        return None
    path = Path(stored)
    if ".." in path.parts:
        return None
    base = root.resolve()
    try:
        real = (path if path.is_absolute() else base / path).resolve()  # follows every symlink
    except (OSError, RuntimeError):  # a symlink loop, an unreadable directory
        return None
    return real if real != base and real.is_relative_to(base) else None


def readable_evidence(root: Path, stored: str | None) -> Path | None:
    """The picture to show for a row: an existing file inside the root; a refused path is logged."""
    found = resolve_evidence(root, stored)
    if found is None and stored:
        log.warning("ảnh bằng chứng ngoài thư mục bằng chứng, không hiển thị "
                    "(evidence path outside the evidence root refused): %r", stored)
    return found if found is not None and found.is_file() else None
