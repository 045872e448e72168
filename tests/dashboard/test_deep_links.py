"""Links from the home page open their page on the unit, day, month and incident they carry
(dashboard/deep_link.py), once: a later pick on the page wins, and a unit outside the scope is ignored."""
from __future__ import annotations

import datetime as dt

from home_store import add_home_items

from dashboard.clock import NOW_KEY
from dashboard.deep_link import day_params, month_params, unit_param
from data.access import Scope
from desk_store import DAY, at


def test_desk_day_opens_on_the_linked_incident_and_then_follows_the_reader(desk_store, run_app):
    app = run_app()
    app.session_state[NOW_KEY] = at(18)
    app.query_params = day_params(desk_store.commune, DAY, desk_store.desks["Q03"], at(10))
    app.switch_page("dashboard/pages/desk_day.py").run()
    assert not app.exception
    assert app.selectbox(key="day.unit").value == desk_store.commune
    assert app.date_input(key="day.date").value == DAY
    assert app.selectbox(key="day.incident").index == 2
    assert [c for img in app.image for c in img.captions] == ["Ảnh bằng chứng: Quầy 03, 10:00–10:19"]
    # The link stays in the address bar; the reader's own pick is kept on the next run.
    app.selectbox(key="day.incident").select_index(1).run()
    assert app.selectbox(key="day.incident").index == 1
    assert app.date_input(key="day.date").value == DAY


def test_review_dress_code_and_dossiers_open_on_the_linked_unit(desk_store, engine, run_app):
    add_home_items(engine, desk_store)
    inspector = Scope("tt.binhgia", "inspector", f"/{desk_store.province}/{desk_store.district}/")
    app = run_app(inspector)
    app.session_state[NOW_KEY] = at(18)
    app.query_params = month_params(desk_store.commune, dt.date(2026, 3, 1))
    app.switch_page("dashboard/pages/monthly_review.py").run()
    assert not app.exception
    assert (app.selectbox(key="review.unit").value, app.selectbox(key="review.month").value) == (
        desk_store.commune, dt.date(2026, 3, 1))
    for page, key in (("dress_code_queue.py", "dress.unit"), ("dossier_stats.py", "dossiers.unit")):
        app.query_params = unit_param(desk_store.commune)
        app.switch_page(f"dashboard/pages/{page}").run()
        assert not app.exception
        assert app.selectbox(key=key).value == desk_store.commune
    # A unit outside the reader's scope (the province, above the district) is ignored.
    app.query_params = unit_param(desk_store.province)
    app.switch_page("dashboard/pages/monthly_review.py").run()
    assert not app.exception
    assert app.selectbox(key="review.unit").value == desk_store.district
