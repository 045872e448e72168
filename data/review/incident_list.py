"""The incident and violation lists of a review: each with its excuse or rejection (reason, who, when), the
staff's explanation and whether it waits for a decision, the staff on duty and the evidence picture."""
from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, select

from data.presence.incident_picture import missing_reasons
from data.review.decisions import DECISIONS, Standing, standings
from data.review.notes import start_ms
from data.schema import AbsenceEvidence, ComplianceObservation
from domain.timezone import as_utc

NOTE_FIELDS = ["excuse_reason", "excused_by", "excused_at", "explanation", "explained_by",
               "reject_reason", "rejected_by", "rejected_at", "waiting"]


def note_fields(notes: pd.DataFrame, kinds: pd.Series, desk_ids: pd.Series, starts_ms: pd.Series) -> pd.DataFrame:
    """For each incident: the deciding excuse or rejection, the newest explanation, and whether the
    explanation waits for a decision (data.review.decisions)."""
    cols = ["desk_id", "incident_kind", "start_ms"]
    keys = pd.DataFrame({"desk_id": desk_ids.astype("int64").to_numpy(), "incident_kind": kinds.astype(str).to_numpy(),
                         "start_ms": starts_ms.astype("int64").to_numpy()})
    decisive = notes[notes["action"].isin(list(DECISIONS))].groupby(cols).tail(1)
    excused = decisive[decisive["action"] == "excuse"][[*cols, "text", "author", "created_at"]].set_axis(
        [*cols, "excuse_reason", "excused_by", "excused_at"], axis=1)
    rejected = decisive[decisive["action"] == "reject"][[*cols, "text", "author", "created_at"]].set_axis(
        [*cols, "reject_reason", "rejected_by", "rejected_at"], axis=1)
    explained = notes[notes["action"] == "explain"].groupby(cols).tail(1)[[*cols, "text", "author"]].set_axis(
        [*cols, "explanation", "explained_by"], axis=1)
    out = (keys.merge(excused, on=cols, how="left").merge(explained, on=cols, how="left")
           .merge(rejected, on=cols, how="left"))
    found = standings(notes)
    out["waiting"] = [found.get((int(d), str(k), int(s)), Standing()).waiting
                      for d, k, s in zip(out["desk_id"], out["incident_kind"], out["start_ms"])]
    out = out[NOTE_FIELDS]
    return out.astype(object).where(out.notna(), None)


def staff_on_duty(entries: pd.DataFrame, desk_ids: pd.Series, days: pd.Series) -> list[str]:
    """Names rostered at each (desk, day), joined with ', '."""
    by_desk: dict[int, list[tuple[int, int, str]]] = {}
    for d, n, a, b in zip(entries["desk_id"], entries["staff_name"], entries["first_day"], entries["last_day"]):
        by_desk.setdefault(int(d), []).append((int(a), int(b), n))
    return [", ".join(sorted(n for a, b, n in by_desk.get(int(d), []) if a <= day <= b))
            for d, day in zip(desk_ids, days)]


def absence_evidence(conn: Connection, runs: pd.DataFrame) -> list[str | None]:
    """Each absence run's picture, as the desk-day page picks it (data.presence.incidents.day_incidents):
    the worker's snapshot of the absence (absence_evidence), else the newest compliance picture taken
    at that desk during it."""
    if runs.empty:
        return []
    lo = dt.datetime.fromtimestamp(float(runs["start_s"].min()) - 1, dt.UTC)
    hi = dt.datetime.fromtimestamp(float(runs["end_s"].max()) + 1, dt.UTC)
    desks = [int(d) for d in runs["desk_id"].unique()]
    snaps = _pictures(conn.execute(
        select(AbsenceEvidence.desk_id, AbsenceEvidence.absent_since, AbsenceEvidence.evidence_path)
        .where(AbsenceEvidence.desk_id.in_(desks), AbsenceEvidence.absent_since >= lo,
               AbsenceEvidence.absent_since <= hi, AbsenceEvidence.evidence_path.is_not(None))).all())
    obs = ComplianceObservation
    checks = _pictures(conn.execute(
        select(obs.desk_id, obs.observed_at, obs.evidence_path)
        .where(obs.desk_id.in_(desks), obs.observed_at >= lo, obs.observed_at <= hi,
               obs.evidence_path.is_not(None), obs.evidence_path != "")).all())
    out = []
    for d, s, e in zip(runs["desk_id"], runs["start_s"], runs["end_s"]):
        snap = next((p for t, p in snaps.get(int(d), []) if s - 0.001 <= t < e), None)
        during = [p for t, p in checks.get(int(d), []) if s - 0.001 <= t <= e + 0.001]
        out.append(snap or (during[-1] if during else None))
    return out


def _pictures(rows) -> dict[int, list[tuple[float, str]]]:
    """desk -> [(epoch seconds, path)] oldest first."""
    out: dict[int, list[tuple[float, str]]] = {}
    for d, at, path in sorted(rows, key=lambda r: (int(r[0]), as_utc(r[1]))):
        out.setdefault(int(d), []).append((as_utc(at).timestamp(), path))
    return out


def incident_table(conn: Connection, runs: pd.DataFrame, notes: pd.DataFrame, entries: pd.DataFrame) -> pd.DataFrame:
    """desk_id, day, start_at, end_at, seconds, excused, staff, evidence_path, picture_missing, NOTE_FIELDS — by
    desk then start."""
    out = runs[["desk_id", "day", "seconds", "excused"]].reset_index(drop=True)
    # Whole milliseconds, the precision run bounds are kept to (a float of seconds would add stray nanoseconds).
    out.insert(2, "start_at", pd.to_datetime((runs["start_s"] * 1000).round().astype("int64").to_numpy(), unit="ms",
                                             utc=True))
    out.insert(3, "end_at", pd.to_datetime((runs["end_s"] * 1000).round().astype("int64").to_numpy(), unit="ms",
                                           utc=True))
    out["staff"] = staff_on_duty(entries, out["desk_id"], out["day"])
    out["evidence_path"] = pd.Series(absence_evidence(conn, runs.reset_index(drop=True)), dtype=object)
    out["picture_missing"] = _missing(conn, out)
    ms = pd.Series([start_ms(float(s)) for s in runs["start_s"]], dtype="int64")
    fields = note_fields(notes, pd.Series(["absence"] * len(out)), out["desk_id"], ms)
    return pd.concat([out, fields], axis=1)


def _missing(conn: Connection, out: pd.DataFrame) -> pd.Series:
    """Why an incident has no picture (data.presence.incident_picture), None where it has one."""
    bare = out[out["evidence_path"].isna()]
    why = missing_reasons(conn, [int(d) for d in bare["desk_id"]], [t.to_pydatetime() for t in bare["start_at"]],
                          [t.to_pydatetime() for t in bare["end_at"]])
    found = pd.Series([None] * len(out), index=out.index, dtype=object)
    found.loc[bare.index] = pd.Series(why, index=bare.index, dtype=object)
    return found


def violation_table(found: pd.DataFrame, notes: pd.DataFrame, entries: pd.DataFrame) -> pd.DataFrame:
    """The violations with staff on duty and their notes; every one is listed with its `status` (pending
    = chờ xác nhận, confirmed, rejected) and whether it is `counted` (data.dress_code.counting)."""
    out = found.reset_index(drop=True).copy()
    out["staff"] = staff_on_duty(entries, out["desk_id"], out["day"])
    ms = pd.Series([start_ms(t.to_pydatetime()) for t in out["start_at"]], dtype="int64")
    return pd.concat([out, note_fields(notes, out["rule"], out["desk_id"], ms)], axis=1)
