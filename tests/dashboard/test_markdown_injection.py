"""Names and texts typed by people carrying Markdown (an outside image, a fake link) show as typed on every page.

Each page runs on its usual test store with the names, notes and explanation replaced by such text; every
Markdown body the page sends must hold it escaped, never as a live image or link.
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from desk_store import at as desk_at
from markdown_read import markdown_bodies
from sqlalchemy import update

from dashboard.clock import NOW_KEY
from dashboard.markdown_text import md_escape
from data.access import SYSTEM, Scope
from data.review.excuses import excuse, explain
from data.review.notes import IncidentKey
from data.schema import Desk, Staff, Unit

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "data" / "review"))
import review_store  # noqa: E402

IMAGE = "![x](http://evil.example/a.png)"
LINK = "[Bấm vào đây](http://evil.example)"
DESK = f"Quầy {IMAGE}"
UNIT = f"Xã {LINK}"
STAFF = f"An {IMAGE}"
TEXT = f"Đã báo {LINK} {IMAGE}"


def assert_no_live_markup(app) -> None:
    bodies = markdown_bodies(app)
    assert bodies
    for body in bodies:
        assert "](http" not in body and "![" not in body, body


def _rename(engine, unit_id: int, desk_id: int, staff_id: int) -> None:
    with engine.begin() as c:
        c.execute(update(Unit).where(Unit.id == unit_id).values(name=UNIT))
        c.execute(update(Desk).where(Desk.id == desk_id).values(name=DESK))
        c.execute(update(Staff).where(Staff.id == staff_id).values(full_name=STAFF))


def test_live_tiles(desk_store, live_dir, run_app, engine):
    with engine.connect() as c:
        an = c.execute(Staff.__table__.select().where(Staff.full_name == "Nguyễn Văn An")).one().id
    _rename(engine, desk_store.commune, desk_store.desks["Q01"], an)
    app = run_app()
    app.session_state[NOW_KEY] = desk_at(10, 20)
    app.switch_page("dashboard/pages/live.py").run()
    app.selectbox(key="live.unit").select(desk_store.commune).run()
    assert not app.exception
    assert f"**{md_escape(DESK)}** · {md_escape(UNIT)}" in [m.value for m in app.markdown]
    assert md_escape(STAFF) in [c.value for c in app.caption]
    assert_no_live_markup(app)


def test_monthly_review_notes_and_headings(engine, run_app):
    store = review_store.build_review_store(engine)
    an = store.staff["Nguyễn Văn An"]
    _rename(engine, store.commune_a, store.desk_a, an)
    key = IncidentKey(store.desk_a, "absence", review_store.at("16:00"))
    inspector = Scope(f"tra{LINK}", "admin")
    excuse(engine, inspector, key, TEXT)
    explain(engine, Scope("an", "staff", unit_path=f"/{store.province}/{store.district_a}/{store.commune_a}/",
                          staff_id=an), key, TEXT)
    app = run_app(SYSTEM)
    app.session_state[NOW_KEY] = dt.datetime(2026, 4, 2, 3, 0, tzinfo=dt.UTC)  # March is the month shown
    app.switch_page("dashboard/pages/monthly_review.py").run()
    app.selectbox(key="review.unit").select(store.commune_a).run()
    box = app.selectbox(key="review.incident")
    # Select box options are plain text: the desk's name is shown there as typed.
    box.select(next(i for i, label in enumerate(box.options) if label.startswith(f"{DESK} · 02/03/2026 16:00"))).run()
    assert not app.exception
    assert app.header[0].value == f"Kiểm điểm tháng 03/2026 — Huyện Bình Gia › {md_escape(UNIT)}"
    infos = [i.value for i in app.info]
    assert f"Giải trình của an: {md_escape(TEXT)}" in infos
    assert any(v.startswith(f"Đã miễn trừ bởi {md_escape(inspector.username)} lúc ") and
               v.endswith(f": {md_escape(TEXT)}") for v in infos), infos
    assert_no_live_markup(app)


def test_overview_breadcrumb_and_leaf(small_store, run_app, engine):
    with engine.begin() as c:
        c.execute(update(Unit).where(Unit.id == small_store.binh_gia).values(name=UNIT))
        c.execute(update(Unit).where(Unit.id == small_store.hoa_tham).values(name=f"Xã {IMAGE}"))
    app = run_app().switch_page("dashboard/pages/overview.py").run()
    for table, name in ((f"overview.table.{small_store.province}.None", UNIT),
                        (f"overview.table.{small_store.binh_gia}.None", f"Xã {IMAGE}")):
        row = list(app.dataframe[0].value["name"]).index(name)  # table cells are plain text
        app.session_state[table] = {"selection": {"rows": [row], "columns": []}}
        app.run()
        assert not app.exception
    assert app.markdown[-1].value == f"**{md_escape(UNIT)}**"
    assert [i.value for i in app.info] == [f"{md_escape(f'Xã {IMAGE}')} không có đơn vị trực thuộc."]
    assert_no_live_markup(app)


def test_desk_day_evidence_caption(desk_store, run_app, engine):
    with engine.begin() as c:
        c.execute(update(Desk).where(Desk.id == desk_store.desks["Q03"]).values(name=DESK))
    app = run_app()
    app.session_state[NOW_KEY] = desk_at(18)
    app.switch_page("dashboard/pages/desk_day.py").run()
    app.selectbox(key="day.unit").select(desk_store.commune).run()
    box = app.selectbox(key="day.incident")
    box.select(next(i for i, label in enumerate(box.options) if label.startswith(DESK))).run()
    assert not app.exception
    assert [c for img in app.image for c in img.captions] == [f"Ảnh bằng chứng: {md_escape(DESK)}, 10:00–10:19"]
    assert_no_live_markup(app)


def test_privacy_contact(small_store, run_app, engine):
    from data.retention.policy import retention_policy, save_retention

    with engine.begin() as c:
        save_retention(c, SYSTEM, retention_policy(c), f"Phòng một cửa {LINK}")
    app = run_app(None)
    app.switch_page("dashboard/pages/privacy.py").run()
    assert not app.exception
    assert app.markdown[-1].value.endswith(md_escape(f"Phòng một cửa {LINK}"))
    assert_no_live_markup(app)
