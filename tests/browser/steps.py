"""What every browser test does: wait for Streamlit to settle, sign in, open a page through the sidebar,
check it and keep a screenshot. The app and the signed-in admin tab are session fixtures (conftest.py):
one app and one Chromium for every file in tests/browser.
"""
from __future__ import annotations

import os
import shutil
import time

from app_server import REPO, App
from dashboard.i18n import translate

SHOTS = REPO / "var" / "screenshots"
README_SHOTS = REPO / "docs" / "screenshots"
# url path -> (title key, screenshot name); the README shows these pages.
PAGES = {
    "": ("page.home", "home"),  # Cần xử lý, where a sign-in lands
    "tong-quan": ("page.overview", "overview"),
    "thong-ke-ho-so": ("page.dossiers", "dossier-stats"),
    "truc-tiep": ("page.live", "live"),
    "theo-doi-trong-ngay": ("page.desk_day", "desk-day"),
    "kiem-diem-thang": ("page.review", "monthly-review"),
    "kiem-tra-cong-vu": ("page.inspections", "inspections"),
    "cau-hinh": ("page.setup", "setup"),
    "xac-nhan-trang-phuc": ("page.dress_code", "dress-code-queue"),
}


def vi(key: str, **fmt) -> str:
    return translate("vi", key, **fmt)


def settle(tab, quiet_s: float = 1.5, timeout_s: float = 120) -> None:
    """Wait until the script has stopped running for `quiet_s` (Streamlit's running icon gone)."""
    deadline = time.monotonic() + timeout_s
    quiet_since = None
    while time.monotonic() < deadline:
        if tab.locator('[data-testid="stStatusWidgetRunningIcon"]').count():
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= quiet_s:
            return
        tab.wait_for_timeout(250)
    raise AssertionError("the page kept running")


def sign_in(tab, app: App, account: tuple[str, str] | None = None) -> None:
    """Signs in at / as the administrator (or `account`: username, password); lands on Cần xử lý."""
    assert app.admin is not None, "the app asks to sign in but has no create-admin command"
    user, password = account or app.admin
    tab.get_by_label(vi("auth.username")).fill(user)
    tab.get_by_label(vi("auth.password")).fill(password)
    tab.get_by_role("button", name=vi("auth.submit")).click()
    tab.get_by_role("heading", name=vi("page.home")).wait_for()
    settle(tab)


def open_page(tab, path: str) -> None:
    """Through the sidebar link, as a person would (keeps the session)."""
    tab.keyboard.press("Escape")  # no popover left open over the page
    links = tab.locator('[data-testid="stSidebarNav"] a')
    links.first.wait_for()  # a page that has just signed in may still be drawing its navigation
    links.nth(nav_paths(tab).index(path)).click()
    settle(tab)


def check_page(tab, path: str) -> None:
    title_key, shot = PAGES[path]
    tab.get_by_role("heading", name=vi(title_key), exact=True).first.wait_for()
    assert tab.locator('[data-testid="stException"]').count() == 0, tab.locator('[data-testid="stException"]').first.inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        README_SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SHOTS / f"{shot}.png", README_SHOTS / f"{shot}.png")


def metric(tab, label: str) -> str:
    tile = tab.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return tile.locator('[data-testid="stMetricValue"]').inner_text().strip()


def nav_paths(tab) -> list[str]:
    links = tab.locator('[data-testid="stSidebarNav"] a')
    hrefs = [links.nth(i).get_attribute("href").rstrip("/") for i in range(links.count())]
    return ["" if h.count("/") == 2 else h.split("/")[-1] for h in hrefs]
