"""Trực tiếp on the desk store (tests/dashboard/desk_store.py) at a fixed clock: chips, pictures, coverage, absences."""
import datetime as dt

import pytest
from desk_store import at

from dashboard.clock import NOW_KEY
from dashboard.paging import pager_key

PAGE = "dashboard/pages/live.py"


@pytest.fixture
def open_live(desk_store, live_dir, run_app):
    def open_at(now: dt.datetime, lang: str = "vi"):
        app = run_app()
        if lang != "vi":
            app.segmented_control(key="lang").set_value(lang).run()
        app.session_state[NOW_KEY] = now
        app.switch_page(PAGE).run()
        app.selectbox(key="live.unit").select(desk_store.commune).run()
        assert not app.exception
        return app
    return open_at


def tiles(app):
    """(desk, chip) in grid order: each tile's bold title is followed by its chip."""
    texts = [m.value for m in app.markdown]
    titles = [i for i, v in enumerate(texts) if v.startswith("**")]
    return [(texts[i].split("**")[1], texts[i + 1]) for i in titles]


def captions(app):
    return [c.value for c in app.caption]


def test_chips_pictures_and_coverage_at_10_20(open_live):
    app = open_live(at(10, 20))
    assert app.title[0].value == "Trực tiếp"
    assert tiles(app) == [
        ("Quầy 01", ":green-badge[Có mặt]"),  # published and fresh: beats the store's OFFLINE
        ("Quầy 02", ":red-badge[Vắng từ 10:12]"),  # published
        ("Quầy 03", ":red-badge[Vắng từ 10:00]"),  # no snapshot: the store's newest interval
        ("Quầy 04", ":gray-badge[Camera mất tín hiệu]"),  # camera reported offline
    ]
    caps = captions(app)
    assert caps[0] == "Tự làm mới mỗi 5 giây · cập nhật lúc 10:20"
    assert [c for c in caps if c.startswith("Có mặt hôm nay")] == [
        "Có mặt hôm nay: 91,25 %", "Có mặt hôm nay: 100,00 %", "Có mặt hôm nay: 88,76 %", "Có mặt hôm nay: –"]
    assert ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Chưa phân công cán bộ"] == [
        c for c in caps if not c.startswith(("Tự làm", "Có mặt"))]
    # Only CAM-HT published a picture; it is shown on both of its desks.
    assert [c for img in app.image for c in img.captions] == ["Ảnh lúc 10:19 (đã làm mờ khuôn mặt)"] * 2
    assert [i.value for i in app.info] == ["Chưa có hình ảnh từ camera"] * 2


def test_absences_past_five_minutes_longest_first(open_live):
    app = open_live(at(10, 20))
    assert "Đang vắng quá 5 phút" in [h.value for h in app.subheader]
    table = app.dataframe[0].value
    assert table.values.tolist() == [
        ["Quầy 03", "Xã Hoa Thám", "Lê Văn Cường", "10:00", "20 phút"],
        ["Quầy 02", "Xã Hoa Thám", "Trần Thị Bình", "10:12", "8 phút"],
    ]


def test_stale_snapshots_give_way_to_the_store(open_live):
    # 10:21: the files are 70 s old; Q03's last interval ended at 10:19, recent enough to trust.
    app = open_live(at(10, 21))
    assert tiles(app) == [
        ("Quầy 01", ":gray-badge[Camera mất tín hiệu]"),  # store: OFFLINE since 10:10
        ("Quầy 02", ":green-badge[Có mặt]"),
        ("Quầy 03", ":red-badge[Vắng từ 10:00]"),
        ("Quầy 04", ":gray-badge[Chưa có dữ liệu]"),
    ]
    assert app.dataframe[0].value.values.tolist() == [
        ["Quầy 03", "Xã Hoa Thám", "Lê Văn Cường", "10:00", "21 phút"]]


def test_no_absence_before_the_threshold(open_live):
    # 10:04: Q01 and Q03 have been away 4 minutes (the files, from 10:19:50, are not trusted this early).
    app = open_live(at(10, 4))
    assert [chip for _, chip in tiles(app)][:3] == [
        ":red-badge[Vắng từ 10:00]", ":green-badge[Có mặt]", ":red-badge[Vắng từ 10:00]"]
    assert not app.dataframe
    assert [s.value for s in app.success] == ["Không có quầy nào đang vắng quá 5 phút."]


def test_english(open_live):
    app = open_live(at(10, 20), lang="en")
    assert app.title[0].value == "Live view"
    assert [chip for _, chip in tiles(app)] == [
        ":green-badge[Present]", ":red-badge[Absent since 10:12]", ":red-badge[Absent since 10:00]",
        ":gray-badge[Camera signal lost]"]
    assert "Coverage today: 91.25 %" in captions(app)
    assert app.dataframe[0].value.columns.tolist() == ["Desk", "Unit", "Staff", "Absent since", "Absent for"]
    assert app.dataframe[0].value.iloc[0].tolist()[-1] == "20 min"


def test_off_hours_and_a_big_unit_is_paged(open_live, desk_store):
    app = open_live(at(12, 0))
    assert tiles(app)[0] == ("Quầy 01", ":blue-badge[Ngoài giờ làm việc]")
    # Four desks fit on one page: no page picker.
    assert not [s for s in app.selectbox if s.key.startswith("live.page")]


def test_a_unit_with_many_desks_is_paged_twelve_at_a_time(desk_store, live_dir, run_app, engine):
    from sqlalchemy import insert

    from data.schema import Desk

    with engine.begin() as c:
        c.execute(insert(Desk), [{"unit_id": desk_store.commune, "code": f"Q{n:02d}", "name": f"Quầy {n:02d}"}
                                 for n in range(5, 15)])
        c.execute(insert(Desk).values(unit_id=desk_store.district, code="H01", name="Quầy huyện"))
    app = run_app()
    app.session_state[NOW_KEY] = at(10, 20)
    app.switch_page(PAGE).run()
    app.selectbox(key="live.unit").select(desk_store.commune).run()
    pager = app.selectbox(key=pager_key("live.page", 14))
    assert pager.options == ["Trang 1/2 (quầy 1–12 trên 14)", "Trang 2/2 (quầy 13–14 trên 14)"]
    assert [d for d, _ in tiles(app)][-1] == "Quầy 12"
    pager.select(2).run()
    assert not app.exception
    assert tiles(app) == [("Quầy 13", ":gray-badge[Chưa có dữ liệu]"), ("Quầy 14", ":gray-badge[Chưa có dữ liệu]")]
    # The absence list still covers the whole unit, not just the page.
    assert app.dataframe[0].value.iloc[:, 0].tolist() == ["Quầy 03", "Quầy 02"]
    # Another unit with another number of desks gets its own picker, at page 1, with its own labels.
    app.selectbox(key="live.unit").select(desk_store.province).run()
    [pager] = [s for s in app.selectbox if s.key.startswith("live.page")]
    assert pager.key == pager_key("live.page", 15)
    assert pager.value == 1 and pager.options[0] == "Trang 1/2 (quầy 1–12 trên 15)"


def heartbeats(live_dir) -> dict[str, float]:
    watch = live_dir / "watch"
    return {p.name: p.stat().st_mtime for p in watch.iterdir()} if watch.is_dir() else {}


def test_each_run_sends_the_shown_cameras_heartbeat(open_live, live_dir):
    import os
    import time

    from domain.live import heartbeat_age_s, is_watched

    before = time.time()
    app = open_live(at(10, 20))
    # Every camera on a tile, by its key only (the page's clock is fixed; the heartbeat is the worker's wall clock).
    beats = heartbeats(live_dir)
    assert sorted(beats) == ["CAM-HT", "CAM-OFF", "CAM-X"]
    assert all(m >= before - 1 for m in beats.values())
    assert all(is_watched(heartbeat_age_s(live_dir, c, time.time())) for c in beats)
    assert all(os.path.getsize(live_dir / "watch" / c) == 0 for c in beats)
    # The fragment's next refresh beats again: the worker keeps drawing at the full rate.
    for c in beats:
        os.utime(live_dir / "watch" / c, (before - 600, before - 600))
    app.run()
    assert not app.exception
    assert all(m >= before - 1 for m in heartbeats(live_dir).values())


def test_a_page_of_desks_without_cameras_sends_no_heartbeat(desk_store, live_dir, run_app, engine):
    from sqlalchemy import insert

    from data.schema import Desk

    with engine.begin() as c:
        c.execute(insert(Desk), [{"unit_id": desk_store.commune, "code": f"Q{n:02d}", "name": f"Quầy {n:02d}"}
                                 for n in range(5, 15)])
    app = run_app()
    app.session_state[NOW_KEY] = at(10, 20)
    app.switch_page(PAGE).run()
    app.selectbox(key="live.unit").select(desk_store.commune).run()
    (live_dir / "watch").rename(live_dir.parent / "page-1-beats")
    app.selectbox(key=pager_key("live.page", 14)).select(2).run()
    assert not app.exception and heartbeats(live_dir) == {}  # Q13, Q14 have no camera


def test_no_live_dir_no_heartbeat_and_the_page_still_draws(desk_store, run_app, tmp_path, monkeypatch):
    missing = tmp_path / "no-worker-yet"
    monkeypatch.setenv("MONITOR_LIVE_DIR", str(missing))
    app = run_app()
    app.session_state[NOW_KEY] = at(10, 20)
    app.switch_page(PAGE).run()
    app.selectbox(key="live.unit").select(desk_store.commune).run()
    assert not app.exception
    assert [d for d, _ in tiles(app)] == ["Quầy 01", "Quầy 02", "Quầy 03", "Quầy 04"]
    assert not missing.exists()  # the dashboard never creates the worker's dir
