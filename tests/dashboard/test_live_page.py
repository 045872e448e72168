"""Trực tiếp on the desk store (tests/dashboard/desk_store.py) at a fixed clock: counts, chips, pictures,
coverage, absences, the filter, the grace-period chips, the zone crop and the unit it starts on."""
import datetime as dt
import io

import pytest
from desk_store import PUBLISHED_AT, at
from PIL import Image

from dashboard.clock import NOW_KEY
from dashboard.paging import pager_key
from data.access import Scope
from domain.live import LiveSnapshot, PublishedDesk, atomic_write, image_path, snapshot_path
from domain.states import CameraHealth, DeskStateName

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


def counts(app) -> dict[str, str]:
    return {m.label: m.value for m in app.metric}


def test_chips_pictures_and_coverage_at_10_20_absences_first(open_live):
    app = open_live(at(10, 20))
    assert app.title[0].value == "Trực tiếp"
    assert counts(app) == {"Vắng": "2", "Mất tín hiệu": "1", "Có mặt": "1", "Ngoài giờ": "0", "Chưa rõ": "0"}
    assert tiles(app) == [
        ("Quầy 03", ":red-badge[Vắng từ 10:00]"),  # no snapshot: the store's newest interval; the longest absence
        ("Quầy 02", ":red-badge[Vắng từ 10:12]"),  # published
        ("Quầy 04", ":gray-badge[Camera mất tín hiệu]"),  # camera reported offline
        ("Quầy 01", ":green-badge[Có mặt]"),  # published and fresh: beats the store's OFFLINE
    ]
    caps = captions(app)
    assert caps[0] == "Tự làm mới mỗi 5 giây · cập nhật lúc 10:20"
    assert [c for c in caps if c.startswith("Có mặt hôm nay")] == [
        "Có mặt hôm nay: 88,76 %", "Có mặt hôm nay: 100,00 %", "Có mặt hôm nay: –", "Có mặt hôm nay: 91,25 %"]
    assert ["Lê Văn Cường", "Trần Thị Bình", "Chưa phân công cán bộ", "Nguyễn Văn An"] == [
        c for c in caps if not c.startswith(("Tự làm", "Có mặt"))]
    # Only CAM-HT published a picture; it is shown on both of its desks (whole: that file names no zones).
    assert [c for img in app.image for c in img.captions] == ["Ảnh lúc 10:19 (đã làm mờ khuôn mặt)"] * 2
    assert not app.toggle
    assert [i.value for i in app.info] == ["Chưa có hình ảnh từ camera"] * 2
    # The current absences come before the tiles.
    kinds = [type(e).__name__ for e in app.main if type(e).__name__ in ("Subheader", "Dataframe", "Markdown")]
    assert kinds[:2] == ["Subheader", "Dataframe"]


def test_the_filter_shows_only_absent_or_only_offline_desks(open_live):
    app = open_live(at(10, 20))
    assert app.segmented_control(key="live.filter").options == ["Tất cả quầy", "Chỉ quầy vắng", "Chỉ quầy mất tín hiệu"]
    app.segmented_control(key="live.filter").set_value("ABSENT").run()
    assert [d for d, _ in tiles(app)] == ["Quầy 03", "Quầy 02"]
    assert counts(app)["Vắng"] == "2" and counts(app)["Có mặt"] == "1"  # the counts stay the unit's
    app.segmented_control(key="live.filter").set_value("OFFLINE").run()
    assert tiles(app) == [("Quầy 04", ":gray-badge[Camera mất tín hiệu]")]
    app.segmented_control(key="live.filter").set_value("ALL").run()
    assert len(tiles(app)) == 4


def publish_grace(live_dir, q01_seen: bool, q01_since: dt.datetime, q02_seen: bool, q02_since: dt.datetime,
                  picture: bytes | None = None) -> None:
    """CAM-HT as the worker publishes it since issue 13: each desk's sighting and zone beside its state."""
    if picture is not None:
        atomic_write(image_path(live_dir, "CAM-HT"), picture)
    snap = LiveSnapshot(
        "CAM-HT", "CAM-HT", "Xã Hoa Thám", PUBLISHED_AT, CameraHealth.ONLINE, None, at(7),
        (PublishedDesk("Q01", "Quầy 01", DeskStateName.PRESENT, at(10, 15), q01_seen, q01_since,
                       ((0.05, 0.4), (0.45, 0.4), (0.45, 0.95), (0.05, 0.95))),
         PublishedDesk("Q02", "Quầy 02", DeskStateName.ABSENT, at(10, 12), q02_seen, q02_since,
                       ((0.55, 0.4), (0.95, 0.4), (0.95, 0.95), (0.55, 0.95)))),
        "CAM-HT.jpg", at(10, 19, 48), 1)
    atomic_write(snapshot_path(live_dir, "CAM-HT"), snap.to_json().encode("utf-8"))


def test_grace_periods_are_said_on_the_chip_and_each_tile_shows_its_zone(open_live, live_dir):
    # Q01 is still PRESENT but nobody has been seen since 10:19:20; someone sat at Q02 at 10:19:57.
    whole = io.BytesIO()
    Image.linear_gradient("L").rotate(90).resize((640, 360)).convert("RGB").save(whole, format="JPEG")
    publish_grace(live_dir, False, at(10, 19, 20), True, at(10, 19, 57), picture=whole.getvalue())
    app = open_live(at(10, 20))
    chips = dict(tiles(app))
    assert chips["Quầy 01"] == ":orange-badge[Vừa rời quầy 0:40 — tính vắng sau 1:00]"
    assert chips["Quầy 02"] == ":orange-badge[Vừa vào 0:03 — tính có mặt sau 0:05]"
    # Counted by their state, which has not changed yet.
    assert counts(app)["Có mặt"] == "1" and counts(app)["Vắng"] == "2"
    urls = [img.value[0] for img in app.image]
    assert len(set(urls)) == 2  # each desk of CAM-HT gets its own part of the one picture (left dark, right light)
    assert [t.label for t in app.toggle] == ["Toàn cảnh camera"] * 2
    for toggle in app.toggle:
        toggle.set_value(True)
    app.run()
    assert not app.exception
    assert len({img.value[0] for img in app.image}) == 1  # both show the same whole picture now
    assert not {img.value[0] for img in app.image} & set(urls)


def test_a_province_wide_account_starts_on_the_first_district_a_scoped_one_on_its_unit(
        desk_store, live_dir, run_app):
    app = run_app()
    app.session_state[NOW_KEY] = at(10, 20)
    app.switch_page(PAGE).run()
    assert app.selectbox(key="live.unit").value == desk_store.district  # not the whole province
    commune = Scope("thanhtra", "inspector", unit_path=f"/{desk_store.province}/{desk_store.district}/"
                                                       f"{desk_store.commune}/")
    app = run_app(commune)
    app.session_state[NOW_KEY] = at(10, 20)
    app.switch_page(PAGE).run()
    assert app.selectbox(key="live.unit").value == desk_store.commune
    assert len(tiles(app)) == 4


def test_absences_past_five_minutes_longest_first(open_live):
    app = open_live(at(10, 20))
    assert "Đang vắng quá 5 phút" in [h.value for h in app.subheader]
    table = app.dataframe[0].value
    assert table.values.tolist() == [
        ["Quầy 03", "Xã Hoa Thám", "Lê Văn Cường", "10:00", "20 phút"],
        ["Quầy 02", "Xã Hoa Thám", "Trần Thị Bình", "10:12", "8 phút"],
    ]
    # Each one's evidence opens from the list: Quầy 03's snapshot (taken at 10:05), or why Quầy 02 has none.
    picker = app.selectbox(key="live.absence.pick")
    assert picker.options == ["Quầy 03 · Xã Hoa Thám", "Quầy 02 · Xã Hoa Thám"]
    tiles_only = len(app.image)
    picker.select_index(0).run()
    assert not app.exception and len(app.image) == tiles_only + 1
    shown = [c for img in app.image for c in img.captions if c.startswith("Quầy 03: ảnh lúc đủ thời gian tính vắng")]
    assert len(shown) == 1, [img.captions for img in app.image]
    assert not [i for i in app.info if "Không có ảnh" in i.value]
    app.selectbox(key="live.absence.pick").select_index(1).run()
    why = [i.value for i in app.info if "Không có ảnh" in i.value]
    assert len(app.image) == tiles_only and len(why) == 1, why


def test_stale_snapshots_give_way_to_the_store(open_live):
    # 10:21: the files are 70 s old; Q03's last interval ended at 10:19, recent enough to trust.
    app = open_live(at(10, 21))
    assert tiles(app) == [
        ("Quầy 03", ":red-badge[Vắng từ 10:00]"),
        ("Quầy 01", ":gray-badge[Camera mất tín hiệu]"),  # store: OFFLINE since 10:10
        ("Quầy 04", ":gray-badge[Chưa có dữ liệu]"),
        ("Quầy 02", ":green-badge[Có mặt]"),
    ]
    assert app.dataframe[0].value.values.tolist() == [
        ["Quầy 03", "Xã Hoa Thám", "Lê Văn Cường", "10:00", "21 phút"]]


def test_no_absence_before_the_threshold(open_live):
    # 10:04: Q01 and Q03 have been away 4 minutes (the files, from 10:19:50, are not trusted this early).
    app = open_live(at(10, 4))
    assert tiles(app) == [("Quầy 01", ":red-badge[Vắng từ 10:00]"), ("Quầy 03", ":red-badge[Vắng từ 10:00]"),
                          ("Quầy 04", ":gray-badge[Chưa có dữ liệu]"), ("Quầy 02", ":green-badge[Có mặt]")]
    assert not app.dataframe
    assert [s.value for s in app.success] == ["Không có quầy nào đang vắng quá 5 phút."]


def test_english(open_live):
    app = open_live(at(10, 20), lang="en")
    assert app.title[0].value == "Live view"
    assert [chip for _, chip in tiles(app)] == [
        ":red-badge[Absent since 10:00]", ":red-badge[Absent since 10:12]", ":gray-badge[Camera signal lost]",
        ":green-badge[Present]"]
    assert list(counts(app)) == ["Absent", "Signal lost", "Present", "Off hours", "Unknown"]
    assert "Coverage today: 91.25 %" in captions(app)
    assert app.dataframe[0].value.columns.tolist() == ["Desk", "Unit", "Staff", "Absent since", "Absent for"]
    assert app.dataframe[0].value.iloc[0].tolist()[-1] == "20 min"


def test_off_hours_and_a_big_unit_is_paged(open_live, desk_store):
    app = open_live(at(12, 0))
    assert dict(tiles(app))["Quầy 01"] == ":blue-badge[Ngoài giờ làm việc]"
    # Past 11:30 the store holds no interval for Q02 and Q03 yet, Q04 none at all: not known, shown first.
    assert counts(app) == {"Vắng": "0", "Mất tín hiệu": "0", "Có mặt": "0", "Ngoài giờ": "1", "Chưa rõ": "3"}
    assert [d for d, _ in tiles(app)] == ["Quầy 02", "Quầy 03", "Quầy 04", "Quầy 01"]
    app.segmented_control(key="live.filter").set_value("ABSENT").run()  # nobody absent: said so
    assert not tiles(app)
    assert "Không có quầy nào ở trạng thái này." in [i.value for i in app.info]
    # Four desks fit on one page: no page picker.
    assert not [s for s in app.selectbox if s.key.startswith("live.page")]


def add_desks(engine, unit: int, last: int) -> None:
    """Desks Q05..Q<last> without camera or intervals (state unknown)."""
    from sqlalchemy import insert

    from data.schema import Desk

    with engine.begin() as c:
        c.execute(insert(Desk), [{"unit_id": unit, "code": f"Q{n:02d}", "name": f"Quầy {n:02d}"}
                                 for n in range(5, last + 1)])


def test_a_unit_with_many_desks_is_paged_24_at_a_time_absences_first(desk_store, live_dir, run_app, engine):
    from sqlalchemy import insert

    from data.schema import Desk

    add_desks(engine, desk_store.commune, 30)
    with engine.begin() as c:
        c.execute(insert(Desk).values(unit_id=desk_store.district, code="H01", name="Quầy huyện"))
    app = run_app()
    app.session_state[NOW_KEY] = at(10, 20)
    app.switch_page(PAGE).run()
    app.selectbox(key="live.unit").select(desk_store.commune).run()
    pager = app.selectbox(key=pager_key("live.page.ALL", 30))
    assert pager.options == ["Trang 1/2 (quầy 1–24 trên 30)", "Trang 2/2 (quầy 25–30 trên 30)"]
    assert [d for d, _ in tiles(app)][:4] == ["Quầy 03", "Quầy 02", "Quầy 04", "Quầy 05"]
    assert [d for d, _ in tiles(app)][-1] == "Quầy 25"
    pager.select(2).run()
    assert not app.exception
    assert tiles(app)[-2:] == [("Quầy 30", ":gray-badge[Chưa có dữ liệu]"), ("Quầy 01", ":green-badge[Có mặt]")]
    # The counts and the absence list still cover the whole unit, not just the page.
    assert counts(app)["Chưa rõ"] == "26"
    assert app.dataframe[0].value.iloc[:, 0].tolist() == ["Quầy 03", "Quầy 02"]
    # Another unit with another number of desks gets its own picker, at page 1, with its own labels.
    app.selectbox(key="live.unit").select(desk_store.province).run()
    [pager] = [s for s in app.selectbox if s.key.startswith("live.page")]
    assert pager.key == pager_key("live.page.ALL", 31)
    assert pager.value == 1 and pager.options[0] == "Trang 1/2 (quầy 1–24 trên 31)"


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
    add_desks(engine, desk_store.commune, 54)  # page 2: Q26..Q49, no camera (Q01 is last, on page 3)
    app = run_app()
    app.session_state[NOW_KEY] = at(10, 20)
    app.switch_page(PAGE).run()
    app.selectbox(key="live.unit").select(desk_store.commune).run()
    (live_dir / "watch").rename(live_dir.parent / "page-1-beats")
    app.selectbox(key=pager_key("live.page.ALL", 54)).select(2).run()
    assert not app.exception and heartbeats(live_dir) == {}


def test_no_live_dir_no_heartbeat_and_the_page_still_draws(desk_store, run_app, tmp_path, monkeypatch):
    missing = tmp_path / "no-worker-yet"
    monkeypatch.setenv("MONITOR_LIVE_DIR", str(missing))
    app = run_app()
    app.session_state[NOW_KEY] = at(10, 20)
    app.switch_page(PAGE).run()
    app.selectbox(key="live.unit").select(desk_store.commune).run()
    assert not app.exception
    assert [d for d, _ in tiles(app)] == ["Quầy 03", "Quầy 01", "Quầy 04", "Quầy 02"]  # store: Q01 OFFLINE
    assert not missing.exists()  # the dashboard never creates the worker's dir
