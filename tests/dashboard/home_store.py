"""The desk store (desk_store.py) plus what the home page lists: notes, a violation to confirm, dossiers.

Monday 02/03/2026 in Xã Hoa Thám (Huyện Bình Gia), on top of desk_store's day:

* Q01's 10:00–10:10 absence: explained by an.nv (Nguyễn Văn An, rostered at Q01) at 11:00, excused
  by tt.binhgia at 12:00 ("Đi họp *chi bộ*") — decided, not waiting.
* Q03's 10:00–10:19 absence: explained by cuong.lv at 10:30 — waiting for a decision.
* Q01's 13:30–14:00 absence: no note — an.nv still has to explain it.
* Q02: one pending badge violation 09:30–09:40 (to confirm; pending ones do not count by default).
* Dossiers of Xã Hoa Thám: received 02/03 one resolved late and one on time (late share 50 %);
  received 20/02 two unresolved due 27/02 (overdue on 02/03) and one due in 2099 (not overdue).

Absence minutes per desk-day in 03/2026 (01/03–02/03), Huyện Bình Gia: incidents counted are Q01
13:30–14:00 (30 min) and Q03 10:00–10:19 (19 min) — Q01's 10:00 one is excused, its 09:00–09:04 is
under 5 minutes — over 3 desk-days watched (Q01, Q02, Q03; Q04 has no intervals): 49 / 3 = 16.33.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, insert, select

from data.dossiers.daily import rebuild_all
from data.schema import ComplianceViolation, Dossier, IncidentNote, Staff
from desk_store import DAY, DeskStore, at

FEB_20 = dt.date(2026, 2, 20)


@dataclass(frozen=True)
class HomeStore:
    desks: DeskStore
    an_staff_id: int


def _note(desk: int, start: dt.datetime, action: str, text: str, author: str, written: dt.datetime) -> dict:
    return {"desk_id": desk, "incident_kind": "absence", "incident_start": start, "action": action, "text": text,
            "author": author, "created_at": written}


def _dossier(code: str, unit: int, received: dt.datetime, due: dt.datetime, resolved: dt.datetime | None,
             outcome: str | None) -> dict:
    from domain.timezone import LOCAL_TZ

    return {"code": code, "unit_id": unit, "procedure": "Chứng thực", "field": "Chứng thực", "channel": "direct",
            "received_at": received, "received_day": received.astimezone(LOCAL_TZ).date(), "due_at": due,
            "resolved_at": resolved, "returned_at": resolved, "outcome": outcome, "status": None, "batch_id": None}


def add_home_items(engine: Engine, store: DeskStore) -> HomeStore:
    q = store.desks
    with engine.begin() as c:
        an = c.execute(select(Staff.id).where(Staff.full_name == "Nguyễn Văn An")).scalar_one()
        c.execute(insert(IncidentNote), [
            _note(q["Q01"], at(10), "explain", "Ra quầy bên cạnh hỗ trợ", "an.nv", at(11)),
            _note(q["Q01"], at(10), "excuse", "Đi họp *chi bộ*", "tt.binhgia", at(12)),
            _note(q["Q03"], at(10), "explain", "Ra lấy hồ sơ", "cuong.lv", at(10, 30)),
        ])
        c.execute(insert(ComplianceViolation).values(
            desk_id=q["Q02"], rule="badge", start_at=at(9, 30), end_at=at(9, 40), samples=5, fail_samples=5))
        feb = at(9, day=FEB_20)
        c.execute(insert(Dossier), [
            _dossier("HS-LATE", store.commune, at(8), at(9), at(15), "late"),
            _dossier("HS-ONTIME", store.commune, at(8), at(17), at(11), "on_time"),
            _dossier("HS-OVER-1", store.commune, feb, at(17, day=dt.date(2026, 2, 27)), None, None),
            _dossier("HS-OVER-2", store.commune, feb, at(17, day=dt.date(2026, 2, 27)), None, None),
            _dossier("HS-LATER", store.commune, feb, at(17, day=dt.date(2099, 1, 1)), None, None),
        ])
        rebuild_all(c)
    return HomeStore(store, int(an))


__all__ = ["DAY", "HomeStore", "add_home_items"]
