"""The unit tree as people pick from it: ordered options, labels, breadcrumbs.

Works on the `data.units.load_units` frame (id, name, level_code, parent_id,
path). Pure functions, so the ordering and labels are tested without a page.
"""
from __future__ import annotations

import pandas as pd

from data.text import fold

# Sibling order: districts before provincial agencies, then by name.
_LEVEL_ORDER = {"province": 0, "district": 1, "province_agency": 2, "commune": 3}
SEPARATOR = " › "


def _sort_key(units: pd.DataFrame, uid: int) -> tuple[int, str]:
    return (_LEVEL_ORDER.get(units.at[uid, "level_code"], 9), fold(units.at[uid, "name"]))


def roots(units: pd.DataFrame) -> list[int]:
    ids = [int(i) for i in units.index[units["parent_id"].isna()]]
    return sorted(ids, key=lambda i: _sort_key(units, i))


def single_root(units: pd.DataFrame) -> int | None:
    """The province when the store has exactly one top unit."""
    top = roots(units)
    return top[0] if len(top) == 1 else None


def children(units: pd.DataFrame, unit_id: int | None) -> list[int]:
    """Direct children in display order; the top units when `unit_id` is None."""
    if unit_id is None:
        return roots(units)
    ids = [int(i) for i in units.index[units["parent_id"] == unit_id]]
    return sorted(ids, key=lambda i: _sort_key(units, i))


def tree_order(units: pd.DataFrame) -> list[int]:
    """Every unit, depth first, each parent before its children."""
    out: list[int] = []
    stack = list(reversed(roots(units)))
    while stack:
        uid = stack.pop()
        out.append(uid)
        stack.extend(reversed(children(units, uid)))
    return out


def lineage(units: pd.DataFrame, unit_id: int) -> list[int]:
    """Ids from the top unit down to `unit_id`, read off the materialised path."""
    return [int(p) for p in units.at[unit_id, "path"].strip("/").split("/")]


def path_label(units: pd.DataFrame, unit_id: int) -> str:
    """'Huyện Bình Gia › Xã Hoa Thám': the province itself is left out below it."""
    chain = lineage(units, unit_id)
    if len(chain) > 1 and single_root(units) == chain[0]:
        chain = chain[1:]
    return SEPARATOR.join(units.at[i, "name"] for i in chain)


def has_children(units: pd.DataFrame, unit_id: int) -> bool:
    return bool((units["parent_id"] == unit_id).any())
