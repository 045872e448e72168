"""The unit a desk page starts on: the account's own, never the whole province by default.

A scoped account (an inspector's district, a commune's supervisor) starts on its unit, the top of its
tree. A province-wide account has no unit of its own below the province: it starts on the first unit
under the province in the picker's order (a district's desks fit on a page or two; the province's
hundreds of desks do not), and may still pick the whole province.
"""
from __future__ import annotations

import streamlit as st

from dashboard.i18n import t
from dashboard.tree import UnitTree
from dashboard.widgets import pick_hint, unit_labels
from data.access import Scope


def own_unit(units: UnitTree, scope: Scope) -> int | None:
    """The picker's starting unit for `scope` (None: the store has no units)."""
    if scope.unit_path:
        mine = int(scope.unit_path.strip("/").split("/")[-1])
        if mine in units:
            return mine
    order = units.tree_order()
    if not order:
        return None
    root = units.single_root
    if root is not None and units.children(root):
        return units.children(root)[0]
    return order[0]


def own_unit_picker(units: UnitTree, scope: Scope, key: str) -> int | None:
    """unit_picker (dashboard.widgets) that starts on own_unit instead of the province."""
    labels = unit_labels(units)
    options = list(labels)
    start = own_unit(units, scope)
    return st.selectbox(t("filter.unit"), options, key=key, format_func=labels.__getitem__,
                        index=options.index(start) if start in options else 0, placeholder=pick_hint())
