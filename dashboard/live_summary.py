"""Trực tiếp's judgements about what to show first, as pure functions of the desks' states now.

* the counts by state at the top of the page;
* the filter (all / only absent / only offline);
* the order of the tiles: current absences first (longest first), then lost cameras, unknown desks,
  desks whose staff just left, the staffed ones, and the closed ones;
* the state chip, which says so during a grace period (domain.live.transition) rather than disagree
  with the orange zone on the picture: "Vừa rời quầy 0:40 — tính vắng sau 1:00", "Vừa vào 0:03 — …".

Nothing here reads the store or draws: dashboard.live_view does, with these.
"""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from dashboard.format import fmt_time
from dashboard.i18n import translate
from dashboard.live_state import DeskNow
from domain.live import Transition, transition
from domain.presence_policy import PresencePolicy
from domain.states import DeskStateName
from domain.timezone import as_utc

ABSENT, OFFLINE, PRESENT, OFF_HOURS = (DeskStateName.ABSENT.value, DeskStateName.OFFLINE.value,
                                       DeskStateName.PRESENT.value, DeskStateName.OFF_HOURS.value)
CHIP_COLOURS = {PRESENT: "green", ABSENT: "red", OFFLINE: "gray", OFF_HOURS: "blue", None: "gray"}
TRANSITION_CHIP = "orange"  # the picture draws the zone orange too (vision.annotate.TRANSITION_COLOUR)


class LiveFilter(str, Enum):
    ALL = "ALL"
    ABSENT = "ABSENT"
    OFFLINE = "OFFLINE"


@dataclass(frozen=True)
class StateCounts:
    """Desks by their state now; a desk in a grace period counts under its state (it is not changed yet)."""

    absent: int = 0
    offline: int = 0
    present: int = 0
    off_hours: int = 0
    unknown: int = 0

    @property
    def total(self) -> int:
        return self.absent + self.offline + self.present + self.off_hours + self.unknown


@dataclass(frozen=True)
class Chip:
    colour: str  # a Streamlit badge colour
    label: str

    @property
    def markdown(self) -> str:
        return f":{self.colour}-badge[{self.label}]"


def count_states(states: Sequence[DeskNow]) -> StateCounts:
    names = [s.state for s in states]
    known = {ABSENT, OFFLINE, PRESENT, OFF_HOURS}
    return StateCounts(absent=names.count(ABSENT), offline=names.count(OFFLINE), present=names.count(PRESENT),
                       off_hours=names.count(OFF_HOURS), unknown=sum(n not in known for n in names))


def keep(choice: LiveFilter, desk: DeskNow) -> bool:
    return choice is LiveFilter.ALL or desk.state == choice.value


def _moving(desk: DeskNow) -> Transition | None:
    return transition(None if desk.state is None else DeskStateName(desk.state), desk.seen)


def _rank(desk: DeskNow) -> tuple[int, float]:
    def since(t: dt.datetime | None) -> float:
        return math.inf if t is None else as_utc(t).timestamp()

    if desk.state == ABSENT:
        return 0, since(desk.since)  # the longest absence first
    if desk.state == OFFLINE:
        return 1, since(desk.since)
    if desk.state == PRESENT and _moving(desk) is Transition.LEAVING:
        return 3, since(desk.seen_since)
    order = {PRESENT: 4, OFF_HOURS: 5}
    return order.get(desk.state, 2), 0.0  # type: ignore[arg-type]


def board_order(states: Sequence[DeskNow]) -> list[DeskNow]:
    """What needs a supervisor first; ties keep the unit/desk order they came in."""
    return sorted(states, key=_rank)


def clock(seconds: float) -> str:
    """A short duration as the grace chips show it: 0:03, 1:00, 12:40, 1:02:05."""
    whole = max(0, int(seconds))
    h, rest = divmod(whole, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def chip(desk: DeskNow, now: dt.datetime, policy: PresencePolicy, language: str) -> Chip:
    """The state chip of a tile, in `language`."""
    moving = _moving(desk)
    if moving is not None and desk.seen_since is not None:
        elapsed = clock((as_utc(now) - as_utc(desk.seen_since)).total_seconds())
        if moving is Transition.LEAVING:
            label = translate(language, "live.leaving", elapsed=elapsed, after=clock(policy.absent_grace_s))
        else:
            label = translate(language, "live.arriving", elapsed=elapsed, after=clock(policy.present_after_s))
        return Chip(TRANSITION_CHIP, label)
    if desk.state is None:
        return Chip(CHIP_COLOURS[None], translate(language, "state.unknown"))
    if desk.state == ABSENT and desk.since is not None:
        return Chip(CHIP_COLOURS[ABSENT], translate(language, "state.ABSENT_since", time=fmt_time(desk.since)))
    return Chip(CHIP_COLOURS.get(desk.state, "gray"), translate(language, f"state.{desk.state}"))
