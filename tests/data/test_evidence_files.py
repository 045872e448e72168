"""Stored evidence paths resolve under the evidence root or not at all."""
from __future__ import annotations

from pathlib import Path

import pytest

from data.evidence_files import readable_evidence, resolve_evidence


@pytest.fixture
def tree(tmp_path) -> Path:
    """tmp/evidence (the root) with a picture, tmp/outside.jpg, tmp/evidence-old/a.jpg and symlinks."""
    root = tmp_path / "evidence"
    (root / "cam" / "2026-03-02").mkdir(parents=True)
    (root / "cam" / "2026-03-02" / "100500_q1_absence.jpg").write_bytes(b"in")
    (tmp_path / "outside.jpg").write_bytes(b"out")
    (tmp_path / "evidence-old").mkdir()
    (tmp_path / "evidence-old" / "a.jpg").write_bytes(b"out")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "x.jpg").write_bytes(b"out")
    (root / "out.jpg").symlink_to(tmp_path / "outside.jpg")
    (root / "outdir").symlink_to(tmp_path / "elsewhere")
    (root / "alias.jpg").symlink_to(root / "cam" / "2026-03-02" / "100500_q1_absence.jpg")
    (tmp_path / "root-link").symlink_to(root)
    return tmp_path


PICTURE = "evidence/cam/2026-03-02/100500_q1_absence.jpg"


@pytest.mark.parametrize("stored, expected", [
    ("cam/2026-03-02/100500_q1_absence.jpg", PICTURE),    # relative to the root
    ("{tmp}/evidence/cam/2026-03-02/100500_q1_absence.jpg", PICTURE),  # absolute under the root (the worker)
    ("{tmp}/root-link/cam/2026-03-02/100500_q1_absence.jpg", PICTURE),  # under the root by another name
    ("alias.jpg", PICTURE),                                 # a symlink that stays inside
    ("cam/2026-03-03/not-yet.jpg", "evidence/cam/2026-03-03/not-yet.jpg"),  # missing but inside: resolvable
    ("../outside.jpg", None),
    ("cam/../../outside.jpg", None),
    ("cam/../2026/../x.jpg", None),                          # '..' anywhere is refused
    ("{tmp}/outside.jpg", None),
    ("/tmp/x.jpg", None),
    ("/etc/passwd", None),
    ("{tmp}/evidence-old/a.jpg", None),                      # a sibling sharing the root's prefix
    ("out.jpg", None),                                        # a symlink leading out
    ("outdir/x.jpg", None),                                   # through a symlinked directory
    ("cam/x.jpg\x00.png", None),
    (".", None),                                              # the root itself is no picture
    ("", None),
    (None, None),
])
def test_resolve_evidence(tree, stored, expected):
    stored = stored.replace("{tmp}", str(tree)) if stored else stored
    found = resolve_evidence(tree / "evidence", stored)
    assert found == (None if expected is None else (tree / expected).resolve())


def test_readable_evidence_needs_an_existing_file_and_logs_refusals(tree, caplog):
    root = tree / "evidence"
    assert readable_evidence(root, "cam/2026-03-02/100500_q1_absence.jpg").read_bytes() == b"in"
    assert readable_evidence(root, "cam/2026-03-03/not-yet.jpg") is None and not caplog.records
    assert readable_evidence(root, "../outside.jpg") is None
    assert "outside the evidence root" in caplog.text


@pytest.mark.parametrize(
    ("env", "root"),
    [
        ({}, "var/evidence"),
        ({"MONITOR_VAR_DIR": "/srv/monitor/var"}, "/srv/monitor/var/evidence"),  # where the worker writes then
        ({"MONITOR_VAR_DIR": "/srv/x", "MONITOR_EVIDENCE_DIR": "/data/evidence"}, "/data/evidence"),
    ],
)
def test_the_evidence_root_follows_the_workers_var_dir_unless_named(monkeypatch, env, root):
    from data.retention.policy import evidence_dir

    for name in ("MONITOR_VAR_DIR", "MONITOR_EVIDENCE_DIR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert evidence_dir() == Path(root)
