"""Inspection findings of a period for the units of a review (inspection + inspection_finding)."""
from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection, select
from sqlalchemy.orm import aliased

from data.schema import Desk, Inspection, InspectionFinding, Staff, Unit

FINDING_COLUMNS = ["inspection_id", "day", "unit_id", "unit_name", "kind", "inspectors", "conclusion", "category",
                   "staff_id", "staff_name", "desk_id", "desk_name", "notes"]


def findings(conn: Connection, where, start: dt.date, end: dt.date) -> pd.DataFrame:
    """One row per finding of an inspection held in [start, end] at a unit matching `where`, by day."""
    desk = aliased(Desk)
    stmt = (
        select(Inspection.id, Inspection.day, Inspection.unit_id, Unit.name, Inspection.kind, Inspection.inspectors,
               Inspection.conclusion, InspectionFinding.category, InspectionFinding.staff_id, Staff.full_name,
               InspectionFinding.desk_id, desk.name, InspectionFinding.notes)
        .join(Unit, Unit.id == Inspection.unit_id)
        .join(InspectionFinding, InspectionFinding.inspection_id == Inspection.id)
        .outerjoin(Staff, Staff.id == InspectionFinding.staff_id)
        .outerjoin(desk, desk.id == InspectionFinding.desk_id)
        .where(where, Inspection.day >= start, Inspection.day <= end)
        .order_by(Inspection.day, Inspection.id, InspectionFinding.id)
    )
    df = pd.DataFrame([tuple(r) for r in conn.execute(stmt).all()], columns=FINDING_COLUMNS)
    for col in ("staff_id", "desk_id"):
        df[col] = df[col].astype("Int64")
    return df
