"""The unit tree as people pick from it: ordered options, labels, breadcrumbs.

Built once from the `data.units.load_units` frame into plain dicts, because
the unit picker labels every unit on every run and pandas lookups per unit
cost too much there.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from data.text import fold

# Sibling order: districts before provincial agencies, then by name.
_LEVEL_ORDER = {"province": 0, "district": 1, "province_agency": 2, "commune": 3}
SEPARATOR = " › "


@dataclass(frozen=True)
class UnitTree:
    names: dict[int, str]
    levels: dict[int, str]
    paths: dict[int, str]
    # parent id (None for the top) -> children in display order
    kids: dict[int | None, tuple[int, ...]] = field(repr=False)

    def __contains__(self, unit_id: object) -> bool:
        return unit_id in self.names

    def __len__(self) -> int:
        return len(self.names)

    @property
    def roots(self) -> tuple[int, ...]:
        return self.kids.get(None, ())

    @property
    def single_root(self) -> int | None:
        """The province when the store has exactly one top unit."""
        return self.roots[0] if len(self.roots) == 1 else None

    def children(self, unit_id: int | None) -> tuple[int, ...]:
        """Direct children in display order; the top units when `unit_id` is None."""
        return self.kids.get(unit_id, ())

    def has_children(self, unit_id: int) -> bool:
        return bool(self.kids.get(unit_id))

    def tree_order(self) -> list[int]:
        """Every unit, depth first, each parent before its children."""
        out: list[int] = []
        stack = list(reversed(self.roots))
        while stack:
            uid = stack.pop()
            out.append(uid)
            stack.extend(reversed(self.children(uid)))
        return out

    def lineage(self, unit_id: int) -> list[int]:
        """Ids from the top unit down to `unit_id`, read off the materialised path."""
        return [int(p) for p in self.paths[unit_id].strip("/").split("/")]

    def path_label(self, unit_id: int) -> str:
        """'Huyện Bình Gia › Xã Hoa Thám': the province itself is left out below it."""
        # A scoped tree (an inspector's district) holds no ancestors above its top unit.
        chain = [i for i in self.lineage(unit_id) if i in self.names]
        if len(chain) > 1 and self.single_root == chain[0]:
            chain = chain[1:]
        return SEPARATOR.join(self.names[i] for i in chain)


def build(units: pd.DataFrame) -> UnitTree:
    ids = [int(i) for i in units["id"]]
    names = dict(zip(ids, units["name"]))
    levels = dict(zip(ids, units["level_code"]))
    parents = {i: (None if pd.isna(p) else int(p)) for i, p in zip(ids, units["parent_id"])}
    grouped: dict[int | None, list[int]] = {}
    for uid in ids:
        grouped.setdefault(parents[uid], []).append(uid)

    def order(uid: int) -> tuple[int, str]:
        return (_LEVEL_ORDER.get(levels[uid], 9), fold(names[uid]))

    kids = {parent: tuple(sorted(members, key=order)) for parent, members in grouped.items()}
    return UnitTree(names=names, levels=levels, paths=dict(zip(ids, units["path"])), kids=kids)
