"""Which rows the province overview shows for the unit being viewed.

Provincial agencies sit beside the districts under the province; they are
folded into one group row there (the article counts "11 district-level
units" plus the province level), and selecting that row lists them.
"""
from __future__ import annotations

from dataclasses import dataclass

from dashboard.tree import UnitTree

GROUPED_LEVELS = ("province_agency",)


@dataclass(frozen=True)
class View:
    """A unit (None: every top unit), optionally narrowed to its children of one level."""

    unit_id: int | None
    group: str | None = None


@dataclass(frozen=True)
class Group:
    level_code: str
    members: tuple[int, ...]


@dataclass(frozen=True)
class Layout:
    own: int | None  # the viewed unit's own desk
    units: tuple[int, ...]  # one row each, with their whole subtree
    groups: tuple[Group, ...]  # one row each, summing their members' subtrees

    @property
    def unit_ids(self) -> tuple[int, ...]:
        own = (self.own,) if self.own is not None else ()
        return own + self.units + tuple(m for g in self.groups for m in g.members)


def layout(units: UnitTree, view: View) -> Layout:
    kids = units.children(view.unit_id)
    if view.group is not None:
        return Layout(None, tuple(k for k in kids if units.levels[k] == view.group), ())
    groups = []
    for level in GROUPED_LEVELS:
        members = tuple(k for k in kids if units.levels[k] == level)
        # A group is only worth a row when something else stands beside it.
        if members and len(members) < len(kids):
            groups.append(Group(level, members))
    grouped = {m for g in groups for m in g.members}
    return Layout(view.unit_id, tuple(k for k in kids if k not in grouped), tuple(groups))
