"""Cần xử lý, the home page at / for every role (AppTest on home_store.py, at 10:20 on 02/03/2026 with the
worker's live files of desk_store.publish_live): each line says what needs attention and links to the
page that deals with it, carrying the unit, day or month in its query string."""
from __future__ import annotations

import urllib.parse
from pathlib import Path

import pytest
from home_store import add_home_items

from streamlit.testing.v1 import AppTest

from dashboard.clock import NOW_KEY
from dashboard.i18n import LANG_KEY
from dashboard.session import SCOPE_KEY
from data.access import SYSTEM, Scope
from desk_store import at

APP = Path(__file__).resolve().parents[2] / "streamlit_app.py"


@pytest.fixture
def home(desk_store, live_dir, engine):
    return add_home_items(engine, desk_store)


@pytest.fixture
def open_home(home, store_url, monkeypatch):
    """The whole app at /, signed in as `scope`, its clock at 10:20 from the first run."""
    monkeypatch.setenv("DATABASE_URL", store_url)

    def open_as(scope: Scope, lang: str = "vi"):
        app = AppTest.from_file(APP, default_timeout=60)
        app.session_state[SCOPE_KEY] = scope  # signed in (what the sign-in page does)
        app.session_state[NOW_KEY] = at(10, 20)
        app.session_state[LANG_KEY] = lang
        app.run()
        assert not app.exception
        return app
    return open_as


def links(app) -> list[tuple[str, str, dict[str, str]]]:
    """(label, url path, query parameters) of every page link in the page's main area."""
    out = []
    for el in app.main.get("page_link"):
        p = el.proto
        out.append((p.label, p.page, dict(urllib.parse.parse_qsl(p.query_string))))
    return out


def metrics(app) -> dict[str, str]:
    return {m.label: m.value for m in app.metric}


def test_inspector_sees_desks_now_todays_incidents_and_what_waits(open_home, home):
    s = home.desks
    inspector = Scope("tt.binhgia", "inspector", f"/{s.province}/{s.district}/")
    app = open_home(inspector)
    assert app.title[0].value == "Cần xử lý"
    assert metrics(app) == {"Đang vắng": "2", "Mất tín hiệu": "1", "Vắng mặt hôm nay": "2", "Giải trình chờ": "1",
                            "Trang phục chờ": "1", "Hồ sơ quá hạn": "2"}
    day = {"unit": str(s.commune), "day": "2026-03-02"}
    ms = {"10": str(round(at(10).timestamp() * 1000))}
    assert links(app) == [
        # Q03 absent since 10:00 (the store: CAM-X publishes nothing), Q02 since 10:12 (the worker), Q04 down.
        ("Quầy 03 · Xã Hoa Thám — vắng từ 10:00 (20 phút)", "theo-doi-trong-ngay", {**day, "desk": str(s.desks["Q03"])}),
        ("Quầy 02 · Xã Hoa Thám — vắng từ 10:12 (8 phút)", "theo-doi-trong-ngay", {**day, "desk": str(s.desks["Q02"])}),
        ("Quầy 04 · Xã Hoa Thám — camera mất tín hiệu từ 10:05", "theo-doi-trong-ngay", {**day, "desk": str(s.desks["Q04"])}),
        ("Quầy 01 · Xã Hoa Thám — 10:00–10:10 (10 phút)", "theo-doi-trong-ngay",
         {**day, "desk": str(s.desks["Q01"]), "at": ms["10"]}),
        ("Quầy 03 · Xã Hoa Thám — 10:00–10:19 (19 phút)", "theo-doi-trong-ngay",
         {**day, "desk": str(s.desks["Q03"]), "at": ms["10"]}),
        # Q01's 13:30–14:00 absence (the hand-made store holds the whole day) has not begun at 10:20.
        ("Quầy 03 · Xã Hoa Thám — vắng mặt ngày 02/03/2026 lúc 10:00, cuong\\.lv giải trình ngày 02/03/2026",
         "kiem-diem-thang", {"unit": str(s.commune), "month": "2026-03"}),
        ("1 vi phạm và 0 mẫu đạt chờ xác nhận", "xac-nhan-trang-phuc", {"unit": str(s.district)}),
        ("Xã Hoa Thám — 2 hồ sơ, hạn sớm nhất 27/02/2026", "thong-ke-ho-so", {"unit": str(s.commune)}),
    ]


def test_viewer_gets_no_lines_for_what_they_may_not_decide(open_home, home):
    s = home.desks
    app = open_home(Scope("xem.binhgia", "viewer", f"/{s.province}/{s.district}/"))
    assert list(metrics(app)) == ["Đang vắng", "Mất tín hiệu", "Vắng mặt hôm nay", "Hồ sơ quá hạn"]
    assert {page for _, page, _ in links(app)} == {"theo-doi-trong-ngay", "thong-ke-ho-so"}


def test_provincial_office_sees_the_worst_units_of_the_month(open_home, home):
    s = home.desks
    app = open_home(SYSTEM)
    assert metrics(app) == {"Giải trình chờ": "1", "Trang phục chờ": "1", "Hồ sơ quá hạn": "2"}
    assert "Đơn vị cần chú ý tháng 03/2026" in [h.value for h in app.subheader]
    worst = [line for line in links(app) if line[0].startswith("Huyện")]
    assert worst == [
        ("Huyện Bình Gia — 16,3 phút vắng / quầy-ngày", "kiem-diem-thang", {"unit": str(s.district), "month": "2026-03"}),
        ("Huyện Bình Gia — 50,00 % trễ hạn (1/2)", "thong-ke-ho-so", {"unit": str(s.district)}),
    ]
    assert "Không đơn vị nào có số liệu này trong tháng." in [c.value for c in app.caption]  # no counted violation


def test_staff_sees_their_day_what_to_explain_and_the_decision(open_home, home):
    s = home.desks
    an = Scope("an.nv", "staff", f"/{s.province}/{s.district}/{s.commune}/", staff_id=home.an_staff_id)
    app = open_home(an)
    assert not app.metric
    assert links(app) == [
        # Present 07:30–09:00 and 09:04–10:00 of 160 office minutes with the camera up: 146 / 160.
        ("Quầy 01 · Xã Hoa Thám — Có mặt; có mặt 91,25 % giờ làm việc; 1 lần vắng", "theo-doi-trong-ngay",
         {"unit": str(s.commune), "day": "2026-03-02", "desk": str(s.desks["Q01"])}),
        # Still to explain: the month's incidents as the review reads them (the store holds the whole day).
        ("Quầy 01 — vắng mặt ngày 02/03/2026 lúc 13:30", "kiem-diem-thang",
         {"unit": str(s.commune), "month": "2026-03"}),
        ("Quầy 01 — vắng mặt ngày 02/03/2026 lúc 10:00: được miễn trừ (tt\\.binhgia, 02/03/2026)", "kiem-diem-thang",
         {"unit": str(s.commune), "month": "2026-03"}),
    ]
    assert "Lý do: Đi họp \\*chi bộ\\*" in [c.value for c in app.caption]  # typed text stays text


def test_english(open_home, home):
    s = home.desks
    app = open_home(Scope("tt.binhgia", "inspector", f"/{s.province}/{s.district}/"), lang="en")
    assert app.title[0].value == "Needs attention"
    assert links(app)[0][0] == "Quầy 03 · Xã Hoa Thám — absent since 10:00 (20 min)"


def test_the_home_page_alone_without_a_signed_in_scope_asks_to_sign_in(store_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", store_url)
    app = AppTest.from_file(str(APP.parent / "dashboard" / "pages" / "home.py"), default_timeout=60).run()
    assert not app.exception
    assert [w.value for w in app.warning] == ["Vui lòng đăng nhập để xem trang này."]
    assert not app.metric and not app.main.get("page_link")
