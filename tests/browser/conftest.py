"""One running app (demo store, demo worker, Streamlit) and one Chromium for every browser test file.

`browser` gives a new tab (its own cookies: a new context) to a test that signs in as someone else;
`page` is the administrator's tab that most tests share.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import sync_playwright

from app_server import CHROMIUM, CHROMIUM_ARGS, App, running_app
from steps import settle, sign_in


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("app")) as running:
        yield running


@pytest.fixture(scope="session")
def browser():
    assert CHROMIUM.is_file(), f"{CHROMIUM} missing: test.sh installs Debian's chromium"
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def page(app: App, browser):
    context = browser.new_context(viewport={"width": 1500, "height": 1300}, locale="vi-VN")
    tab = context.new_page()
    tab.set_default_timeout(90_000)
    tab.goto(app.url)
    # The first run of a fresh app can take a while: wait for the sign-in form or the navigation, not a quiet page.
    tab.locator('input[type="password"], [data-testid="stSidebarNav"]').first.wait_for()
    settle(tab)
    if tab.locator('input[type="password"]').count():
        sign_in(tab, app)
    yield tab
    context.close()
