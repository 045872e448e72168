"""Scope on the pages: an inspector of Huyện Bình Gia sees only its desks, frames, evidence and dossiers;
staff see only their own desk; each role is offered only its pages; looks at live views and evidence are audited.

Store: tests/access_store.py (districts A = Bình Gia, B = Văn Quan), with both cameras publishing live files.
"""
from __future__ import annotations

import datetime as dt

import pytest
from access_store import COLOURS, DAY, at, build_two_districts, jpeg

from dashboard.clock import NOW_KEY
from data.access import SYSTEM, Scope
from data.audit import AuditQuery, search
from domain.live import LiveSnapshot, PublishedDesk, atomic_write, image_path, snapshot_path
from domain.states import CameraHealth, DeskStateName

LIVE, DAY_PAGE, DOSSIERS = "dashboard/pages/live.py", "dashboard/pages/desk_day.py", "dashboard/pages/dossier_stats.py"
PUBLISHED = at(10, 30)


@pytest.fixture
def store(engine, tmp_path, monkeypatch):
    evidence = tmp_path / "evidence"
    monkeypatch.setenv("MONITOR_EVIDENCE_DIR", str(evidence))
    built = build_two_districts(engine, evidence)
    live = tmp_path / "live"
    live.mkdir()
    for cam, desks in (("CAM-A", ("A1", "A2")), ("CAM-B", ("B1",))):
        atomic_write(image_path(live, cam), jpeg(COLOURS[cam]))
        snap = LiveSnapshot(cam, cam, "x", PUBLISHED, CameraHealth.ONLINE, None, at(7),
                            tuple(PublishedDesk(d, d, DeskStateName.PRESENT, at(10, 20)) for d in desks),
                            f"{cam}.jpg", PUBLISHED, 0)
        atomic_write(snapshot_path(live, cam), snap.to_json().encode())
    monkeypatch.setenv("MONITOR_LIVE_DIR", str(live))
    return built


SCOPES = {
    "inspector_a": lambda s: s.inspector("a"),
    "staff_a1": lambda s: s.staff_scope("A1"),
    "viewer": lambda s: Scope("xem", "viewer"),
    "admin": lambda s: SYSTEM,
}


def open_page(run_app, store, who: str, page: str):
    app = run_app(scope=SCOPES[who](store))
    app.session_state[NOW_KEY] = PUBLISHED
    return app.switch_page(page).run()


def test_live_view_of_an_inspector_shows_only_their_desks_and_frames(run_app, store, engine):
    app = open_page(run_app, store, "inspector_a", LIVE)
    picker = app.selectbox(key="live.unit")
    assert picker.options == ["Huyện Bình Gia", "Xã Hoa Thám"]  # no province, nothing of Văn Quan
    titles = [m.value for m in app.markdown if m.value.startswith("**")]
    assert titles == ["**Quầy A1** · Xã Hoa Thám", "**Quầy A2** · Xã Hoa Thám"]
    assert len(app.image) == 2
    [log] = search(engine, AuditQuery(action="live_view")).rows.itertuples()
    assert (log.actor, log.target, log.detail["desks"]) == ("tt.a", f"unit:{store.district_a}",
                                                             [store.desks["A1"], store.desks["A2"]])
    # Rerunning the same view (the fragment, a click) does not log it again.
    app.run()
    assert search(engine, AuditQuery(action="live_view")).total == 1


def test_a_province_viewer_sees_both_districts(run_app, store):
    app = open_page(run_app, store, "viewer", LIVE)
    picker = app.selectbox(key="live.unit")
    # The page opens on a district (a province of desks is too many to watch at once); the province is offered first.
    assert picker.options[0] == "Tỉnh Lạng Sơn (toàn tỉnh)" and picker.value != picker.options[0]
    assert len([m for m in app.markdown if m.value.startswith("**Quầy")]) == 2
    picker.select(picker.options[0]).run()
    assert len([m for m in app.markdown if m.value.startswith("**Quầy")]) == 3


@pytest.mark.parametrize("who, desks", [("inspector_a", ["Quầy A1", "Quầy A2"]), ("staff_a1", ["Quầy A1"]),
                                        ("admin", ["Quầy A1 · Xã Hoa Thám", "Quầy A2 · Xã Hoa Thám",
                                                   "Quầy B1 · Xã Điềm He"])])
def test_desk_day_lists_only_the_scopes_desks(run_app, store, who, desks):
    app = open_page(run_app, store, who, DAY_PAGE)
    app.date_input(key="day.date").set_value(DAY).run()
    if who != "admin":
        app.selectbox(key="day.unit").select(store.commune_a).run()
    assert not app.exception
    assert sorted(set(app.dataframe[0].value.iloc[:, 0])) == desks


def test_evidence_view_is_audited_once_per_picture(run_app, store, engine):
    app = open_page(run_app, store, "inspector_a", DAY_PAGE)
    app.date_input(key="day.date").set_value(DAY).run()
    assert len(app.image) == 1  # the first incident's snapshot
    app.run()
    app.selectbox(key="day.incident").select_index(1).run()
    logs = search(engine, AuditQuery(action="evidence_view")).rows
    assert list(logs["actor"]) == ["tt.a", "tt.a"]
    assert sorted(d["file"] for d in logs["detail"]) == ["a1-absent-1000.jpg", "a2-absent-1000.jpg"]


def test_dossier_figures_of_an_inspector_are_their_districts(run_app, store):
    app = open_page(run_app, store, "inspector_a", DOSSIERS)
    app.date_input(key="dossiers.period").set_value((dt.date(2026, 3, 1), dt.date(2026, 3, 31))).run()
    assert app.selectbox(key="dossiers.unit").options == ["Huyện Bình Gia", "Xã Hoa Thám"]
    assert {m.label: m.value for m in app.metric}["Hồ sơ tiếp nhận"] == "10"
    assert not app.get("file_uploader")  # importing is for administrators


@pytest.mark.parametrize("who, refused", [
    ("inspector_a", ["dashboard/pages/audit.py", "dashboard/pages/setup.py"]),
    ("viewer", ["dashboard/pages/audit.py", "dashboard/pages/setup.py"]),
    ("staff_a1", [LIVE, DOSSIERS, "dashboard/pages/overview.py", "dashboard/pages/audit.py",
                  "dashboard/pages/inspections.py"]),
])
def test_each_role_is_offered_only_its_pages(run_app, store, who, refused):
    app = run_app(scope=SCOPES[who](store))
    assert not app.exception
    for page in refused:
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            app.switch_page(page)
    app.switch_page("dashboard/pages/privacy.py").run()
    assert app.title[0].value == "Bảo vệ dữ liệu cá nhân"


def test_overview_of_an_inspector_starts_at_their_district(run_app, store):
    app = run_app(scope=store.inspector("a")).switch_page("dashboard/pages/overview.py").run()
    assert not app.exception
    app.date_input(key="overview.period").set_value((dt.date(2026, 3, 1), dt.date(2026, 3, 31))).run()
    assert not app.exception
    shown = "\n".join(str(df.value.to_dict()) for df in app.dataframe)
    assert "Xã Hoa Thám" in shown and "Văn Quan" not in shown and "Điềm He" not in shown
    assert {m.label: m.value for m in app.metric}["Hồ sơ tiếp nhận"] == "10"


def everything_shown(app) -> str:
    """Every text, table and option the page drew, as one string to search."""
    parts = [str(df.value.to_dict()) for df in app.dataframe]
    parts += [m.value for m in app.markdown] + [h.value for h in app.header] + [h.value for h in app.subheader]
    parts += [str(s.options) for s in app.selectbox] + [str(s.options) for s in app.multiselect]
    return "\n".join(parts)


@pytest.mark.parametrize("page, picker", [("dashboard/pages/monthly_review.py", "review.unit"),
                                          ("dashboard/pages/inspections.py", None)])
def test_review_and_inspection_pages_of_an_inspector_hold_nothing_of_the_other_district(run_app, store, engine, page,
                                                                                       picker):
    from sqlalchemy import insert

    from data.schema import Inspection

    with engine.begin() as c:
        for unit in (store.commune_a, store.commune_b):
            c.execute(insert(Inspection).values(unit_id=unit, day=DAY, kind="unannounced", inspectors="Đoàn tỉnh",
                                                created_at=at(12)))
    app = open_page(run_app, store, "inspector_a", page)
    if picker is not None:
        app.selectbox(key="review.month").select(DAY.replace(day=1)).run()
    assert not app.exception
    shown = everything_shown(app)
    assert "Hoa Thám" in shown and ("Quầy A1" in shown or picker is None)
    assert "Văn Quan" not in shown and "Điềm He" not in shown and "Quầy B1" not in shown
