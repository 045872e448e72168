"""The purge: pictures past retention go (rows stay, path NULL, audited); open disputes keep theirs.

The store (tests/access_store.py) has three absence snapshots taken 02/03/2026 10:05 at desks A1, A2, B1.
Purging "now" = that day + N days decides which are past the default 30 days.
"""
from __future__ import annotations

import datetime as dt
import os

import pytest
from access_store import at, build_two_districts
from sqlalchemy import insert, select, update

from data.audit import AuditQuery, search
from data.cli import main
from data.retention.holds import Hold
from data.retention.policy import EVIDENCE_DAYS_KEY, RetentionPolicy, retention_policy
from data.retention.purge import purge
from data.schema import AbsenceEvidence, IncidentNote, PresenceInterval
from data.settings import SettingError, put_setting

TAKEN = at(10, 5)


@pytest.fixture
def store(engine, tmp_path):
    return build_two_districts(engine, tmp_path / "evidence")


def note(engine, store, desk: str, action: str, written: dt.datetime) -> None:
    with engine.begin() as c:
        c.execute(insert(IncidentNote).values(desk_id=store.desks[desk], incident_kind="absence", incident_start=at(10),
                                              action=action, text="lý do", author="tt.a", created_at=written))


def paths(engine) -> dict[int, str | None]:
    with engine.connect() as c:
        return dict(c.execute(select(AbsenceEvidence.desk_id, AbsenceEvidence.evidence_path)).all())


def run(engine, tmp_path, days_later: float, live_dir=None, dry_run=False):
    return purge(engine, live_dir=live_dir, now=TAKEN + dt.timedelta(days=days_later), dry_run=dry_run,
                 evidence_root=tmp_path / "evidence")


@pytest.mark.parametrize("days_later, purged", [(29.9, 0), (30.1, 3)])
def test_evidence_goes_after_the_retention_period_and_rows_stay(engine, store, tmp_path, days_later, purged):
    report = run(engine, tmp_path, days_later)
    assert len(report.evidence) == purged
    gone = [d for d, p in paths(engine).items() if p is None]
    assert len(gone) == purged
    assert sum(not f.exists() for f in store.evidence.values()) == purged
    with engine.connect() as c:  # the intervals (the figures) are kept
        assert c.execute(select(PresenceInterval.id)).all().__len__() == 9
    audit = search(engine, AuditQuery(action="purge")).rows
    assert len(audit) == purged and set(audit["actor"]) <= {"system"}


def test_dry_run_lists_but_deletes_nothing(engine, store, tmp_path):
    report = run(engine, tmp_path, 31, dry_run=True)
    assert len(report.evidence) == 3
    assert all(f.exists() for f in store.evidence.values()) and None not in paths(engine).values()
    assert search(engine).total == 0


@pytest.mark.parametrize("notes, days_later, a1_kept", [
    ([("explain", 1)], 400, True),                    # open dispute: kept however old
    ([("explain", 1), ("excuse", 2)], 31, True),      # decided 2 days in: 30 days from the decision
    ([("explain", 1), ("excuse", 2)], 33, False),
    ([("excuse", 1)], 32, False),
    ([("excuse", 1), ("withdraw", 20)], 49, True),    # the withdrawal restarts the clock
    ([("excuse", 1), ("explain", 20)], 400, True),    # staff contest after the excuse: open again
])
def test_notes_hold_evidence_until_settled(engine, store, tmp_path, notes, days_later, a1_kept):
    for action, day in notes:
        note(engine, store, "A1", action, TAKEN + dt.timedelta(days=day))
    report = run(engine, tmp_path, days_later)
    assert store.evidence["A1"].exists() == a1_kept
    assert (paths(engine)[store.desks["A1"]] is not None) == a1_kept
    assert report.kept_for_notes == int(a1_kept)
    assert not store.evidence["B1"].exists()  # other incidents go as usual


def test_live_frames_older_than_the_setting_are_deleted_and_logged(engine, store, tmp_path):
    live = tmp_path / "live"
    live.mkdir()
    now = TAKEN + dt.timedelta(days=1)
    for name, minutes_old in (("CAM-A.jpg", 2), ("CAM-A.json", 0.1), ("CAM-B.jpg", 45), ("CAM-B.json", 45)):
        path = live / name
        path.write_bytes(b"x")
        stamp = (now - dt.timedelta(minutes=minutes_old)).timestamp()
        os.utime(path, (stamp, stamp))
    report = purge(engine, live_dir=live, now=now, evidence_root=tmp_path / "evidence")
    assert sorted(os.path.basename(p) for p in report.live_files) == ["CAM-B.jpg", "CAM-B.json"]
    assert sorted(p.name for p in live.iterdir()) == ["CAM-A.jpg", "CAM-A.json"]
    [row] = search(engine, AuditQuery(action="purge", text="live_frames")).rows.itertuples()
    assert row.detail["count"] == 2 and row.actor == "system"


def test_unreferenced_old_evidence_files_are_swept(engine, store, tmp_path):
    stray = tmp_path / "evidence" / "left-over.jpg"
    stray.write_bytes(b"x")
    old = (TAKEN - dt.timedelta(days=40)).timestamp()
    os.utime(stray, (old, old))
    report = run(engine, tmp_path, 1)
    assert not stray.exists() and report.orphan_files == (str(stray),)
    assert all(f.exists() for f in store.evidence.values())  # referenced and young: kept


@pytest.mark.parametrize("value", [0, -3, "30", 1.5, True, 5000])
def test_a_bad_retention_setting_names_the_field(engine, value):
    put_setting(engine, EVIDENCE_DAYS_KEY, value, "admin")
    with pytest.raises(SettingError, match="retention.evidence_days"):
        retention_policy(engine)


def test_the_setting_changes_the_period(engine, store, tmp_path):
    put_setting(engine, EVIDENCE_DAYS_KEY, 7, "admin")
    assert retention_policy(engine) == RetentionPolicy(evidence_days=7)
    assert len(run(engine, tmp_path, 8).evidence) == 3


def test_purge_command(engine, store, tmp_path, store_url, capsys, monkeypatch):
    monkeypatch.setenv("MONITOR_EVIDENCE_DIR", str(tmp_path / "evidence"))
    # The snapshots are from 2026; the command purges as of today, years later in CI or not: all are old.
    assert main(["purge", "--dry-run", "--db", store_url, "--live-dir", str(tmp_path / "none")]) == 0
    out = capsys.readouterr().out
    assert "would delete: 3 evidence pictures" in out and all(f.exists() for f in store.evidence.values())
    assert main(["purge", "--db", store_url, "--live-dir", str(tmp_path / "none")]) == 0
    assert "deleted: 3 evidence pictures" in capsys.readouterr().out
    assert not any(f.exists() for f in store.evidence.values())


def test_paths_outside_the_evidence_root_are_refused_never_deleted(engine, store, tmp_path, caplog):
    """Rows pointing at ../outside.jpg and at an absolute file elsewhere: both files survive the purge."""
    outside = tmp_path / "outside.jpg"
    elsewhere = tmp_path / "elsewhere" / "x.jpg"
    elsewhere.parent.mkdir()
    for f in (outside, elsewhere):
        f.write_bytes(b"not evidence")
    stored = {"A1": "../outside.jpg", "A2": str(elsewhere)}
    with engine.begin() as c:
        for desk, path in stored.items():
            c.execute(update(AbsenceEvidence).where(AbsenceEvidence.desk_id == store.desks[desk])
                      .values(evidence_path=path))
    report = run(engine, tmp_path, 31)
    assert outside.exists() and elsewhere.exists()
    assert sorted(i.path for i in report.refused) == sorted(stored.values())
    assert [i.desk_id for i in report.evidence] == [store.desks["B1"]]  # the one inside goes as usual
    assert not store.evidence["B1"].exists()
    assert paths(engine)[store.desks["A1"]] == "../outside.jpg"  # rows left as they are, nothing audited
    assert search(engine, AuditQuery(action="purge")).total == 1
    assert caplog.text.count("outside") >= 2


def test_hold_rule():
    cutoff = dt.datetime(2026, 4, 1, tzinfo=dt.UTC)
    assert Hold(open=True, last_note_at=cutoff - dt.timedelta(days=300)).keeps(cutoff)
    assert not Hold(open=False, last_note_at=cutoff - dt.timedelta(seconds=1)).keeps(cutoff)


def test_only_administrators_save_retention_and_the_change_is_audited(engine):
    from data.access import SYSTEM, AccessDenied, Scope
    from data.retention.policy import privacy_contact, save_retention

    with pytest.raises(AccessDenied):
        with engine.begin() as c:
            save_retention(c, Scope("tt", "inspector", "/1/"), RetentionPolicy(5, 7), "x")
    assert retention_policy(engine) == RetentionPolicy()
    with engine.begin() as c:
        save_retention(c, SYSTEM, RetentionPolicy(5, 7), " dpo@langson.gov.vn ")
    assert retention_policy(engine) == RetentionPolicy(5, 7) and privacy_contact(engine) == "dpo@langson.gov.vn"
    assert search(engine, AuditQuery(action="config_change")).rows["target"].tolist() == ["retention"]
