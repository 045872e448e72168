"""Where an incident stands after its notes: excused, rejected, waiting for a decision (issue 13).

Notes are only ever added (data.review.excuses). Read oldest first:

* ``explain`` — a staff member's explanation; the incident now waits for a supervisor's decision.
* ``excuse`` / ``reject`` — a supervisor's decision; it answers every explanation before it. An
  excuse takes the incident out of the figures; a rejection turns the explanation down (with a
  reason) and the incident counts as before.
* ``withdraw`` — the standing decision is taken back; the incident counts again, and when it was
  explained it waits for a decision again.

The newest excuse, rejection or withdrawal decides (an explanation decides nothing). A new
explanation after a decision makes the incident wait again; the decision stands until the next one.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

DECISIONS = ("excuse", "reject", "withdraw")
KEY_COLUMNS = ["desk_id", "incident_kind", "start_ms"]


@dataclass(frozen=True)
class Standing:
    excused: bool = False  # the newest decision is an excuse
    rejected: bool = False  # the newest decision turned the explanation down
    waiting: bool = False  # an explanation no decision has answered yet


def standing_of(actions: Iterable[str]) -> Standing:
    """The standing after these note actions, oldest first."""
    decision: str | None = None
    explained = waiting = False
    for action in actions:
        if action == "explain":
            explained = waiting = True
        elif action in ("excuse", "reject"):
            decision, waiting = action, False
        elif action == "withdraw":
            decision, waiting = None, explained
    return Standing(excused=decision == "excuse", rejected=decision == "reject", waiting=waiting)


def standings(notes: pd.DataFrame) -> dict[tuple[int, str, int], Standing]:
    """(desk_id, kind, start_ms) → standing, for every incident with notes (notes oldest first)."""
    out: dict[tuple[int, str, int], Standing] = {}
    for (desk_id, kind, ms), group in notes.groupby(KEY_COLUMNS, sort=False):
        out[(int(desk_id), str(kind), int(ms))] = standing_of(group["action"])
    return out
