"""The inspections page's filters: unit (inside the scope), year, kind, category, staff."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from dashboard import inspection_queries as iq
from dashboard.i18n import t
from dashboard.tree import UnitTree
from dashboard.widgets import pick_hint, unit_labels
from data.access import Scope
from data.inspections.model import CATEGORIES, KINDS, InspectionFilter
from domain.timezone import local_today


@dataclass(frozen=True)
class Picked:
    """What the filters chose: the list's filter, the unit subtree and the year."""

    flt: InspectionFilter
    unit_id: int
    year: int


def scoped_labels(units: UnitTree, scope: Scope) -> dict[int, str]:
    """Picker labels of the units `scope` may see, in tree order (its root first)."""
    return {uid: label for uid, label in unit_labels(units).items()
            if uid is not None and scope.allows_path(units.paths[uid])}


def kind_label(kind: str) -> str:
    return t(f"insp.kind.{kind}")


def category_label(category: str) -> str:
    return t(f"insp.cat.{category}")


def _any(value: object, name) -> str:
    return t("insp.filter.any") if value is None else name(value)


def filters(url: str, units: UnitTree, scope: Scope, labels: dict[int, str]) -> Picked:
    row = st.columns([3, 1, 2, 2, 3])
    unit_id = row[0].selectbox(t("filter.unit"), list(labels), key="insp.f.unit", format_func=labels.__getitem__,
                               placeholder=pick_hint())
    known = iq.years(url, scope)
    this_year = local_today().year
    year_options = sorted(set(known) | {this_year}, reverse=True)
    year = row[1].selectbox(t("insp.filter.year"), year_options, key="insp.f.year", placeholder=pick_hint())
    kind = row[2].selectbox(t("insp.filter.kind"), [None, *KINDS], key="insp.f.kind",
                            format_func=lambda k: _any(k, kind_label), placeholder=pick_hint())
    category = row[3].selectbox(t("insp.filter.category"), [None, *CATEGORIES], key="insp.f.category",
                                format_func=lambda c: _any(c, category_label), placeholder=pick_hint())
    staff = iq.subtree_staff(url, scope, unit_id)
    names = dict(zip(staff["id"].tolist(), (f"{n} ({u})" for n, u in zip(staff["full_name"], staff["unit_name"]))))
    staff_id = row[4].selectbox(t("insp.filter.staff"), [None, *names], key="insp.f.staff",
                                format_func=lambda s: t("insp.filter.any") if s is None else names.get(s, str(s)),
                                placeholder=pick_hint())
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    # Keyed by year, so picking another year starts from that whole year again.
    days = st.date_input(t("insp.filter.days"), value=(first, last), min_value=first, max_value=last,
                         format="DD/MM/YYYY", key=f"insp.f.days.{year}")
    start, end = (days[0], days[1]) if isinstance(days, (tuple, list)) and len(days) == 2 else (first, last)
    flt = InspectionFilter(unit_id=unit_id, start=start, end=end, kind=kind, category=category, staff_id=staff_id)
    return Picked(flt, unit_id, year)
