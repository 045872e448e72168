"""Cấu hình in the browser (issue 13, item 7): a refused save keeps the tab the user was on and the value typed,
the reason reads in plain Vietnamese, and the camera form's connection test answers in words.
Nothing here is saved: the shared demo store stays as it was for the other browser tests."""
from __future__ import annotations

import socket
import time

import pytest

from steps import SHOTS, nav_paths, settle, vi

pytestmark = pytest.mark.browser


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _open_setup(page, app) -> None:
    """Through the sidebar, signed in first if the shared tab is not; with many pages Streamlit folds the
    last links under its "view more" button. The app may reload once after sign-in (its session cookie)."""
    link = page.locator('[data-testid="stSidebarNav"] a[href$="/cau-hinh"]')
    more = page.locator('[data-testid="stSidebarNavViewButton"]')
    deadline = time.monotonic() + 90
    while not link.count() and time.monotonic() < deadline:
        if page.get_by_label(vi("auth.password")).count():
            user, password = app.admin
            page.get_by_label(vi("auth.username")).fill(user)
            page.get_by_label(vi("auth.password")).fill(password)
            page.get_by_role("button", name=vi("auth.submit")).click()
            settle(page)
        elif more.count() and "cau-hinh" not in nav_paths(page):
            more.first.click()
        page.wait_for_timeout(500)
    if not link.count():
        page.screenshot(path=str(SHOTS / "setup-forms-failed.png"), full_page=True)
    link.first.click()
    settle(page)


def _alerts(main) -> list[str]:
    return [a.strip() for a in main.locator('[data-testid="stAlert"]').all_inner_texts()]


def test_a_refused_save_keeps_the_tab_and_what_was_typed(page, app):
    _open_setup(page, app)
    main = page.locator('[data-testid="stMain"]')
    presence = main.get_by_role("tab", name=vi("setup.tab.presence"))
    presence.click()
    settle(page)
    fps = main.get_by_label(vi("setup.pres.sample_fps"))
    fps.fill("0")
    fps.press("Tab")  # a number field takes its value when it loses focus
    form = main.locator('[data-testid="stForm"]').filter(has=page.get_by_label(vi("setup.pres.sample_fps")))
    form.get_by_role("button", name=vi("setup.save")).click()
    refused = "Chưa lưu — Số khung hình phân tích mỗi giây: phải lớn hơn 0 và không quá 30"
    main.locator('[data-testid="stAlert"]').filter(has_text=refused).wait_for()  # the rerun may start late
    settle(page)
    assert refused in _alerts(main)
    assert presence.get_attribute("aria-selected") == "true"  # not back on the first tab
    assert float(fps.input_value()) == 0  # what was typed, to be corrected

    cameras = main.get_by_role("tab", name=vi("setup.tab.cameras"))
    cameras.click()
    settle(page)
    add = main.locator('[data-testid="stForm"]').filter(has_text=vi("setup.cam.add"))
    port = _closed_port()
    add.get_by_label(vi("setup.cam.source"), exact=True).fill(f"rtsp://admin:S3cret@127.0.0.1:{port}/stream1")
    add.get_by_role("button", name=vi("setup.cam.check")).click()
    answer = f"Không kết nối được: máy camera có nhưng không nhận kết nối ở cổng {port}."
    main.locator('[data-testid="stAlert"]').filter(has_text=answer).wait_for()
    settle(page)
    assert answer in _alerts(main)
    assert cameras.get_attribute("aria-selected") == "true"
    assert "S3cret" not in main.inner_text()
    page.screenshot(path=str(SHOTS / "setup-forms.png"), full_page=True)
