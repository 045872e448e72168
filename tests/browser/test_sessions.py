"""Sessions that survive a refresh, in Chromium against the running app (issue 13, item 1).

These tests use browser contexts of their own (their own cookies), never the shared signed-in
admin `page`: F5 and a new tab keep the session and the page, a signed-out deep link shows
sign-in and then that page, sign-out in one tab ends the other, and unknown addresses answer in
Vietnamese. No address ever carries the session's token or its one-time code. (A disabled account's
sessions end in the store, tests/data/accounts/test_sign_in_sessions.py; a page session whose store
session ended is signed out at its next run, tests/dashboard/test_session_pages.py.)
"""
from __future__ import annotations

import pytest

from app_server import App
from dashboard.web.paths import COOKIE_NAME
from steps import settle, vi

pytestmark = pytest.mark.browser


def new_context(browser):
    context = browser.new_context(viewport={"width": 1300, "height": 1000}, locale="vi-VN")
    context.set_default_timeout(90_000)
    return context


def visit(tab, app: App, path: str):
    response = tab.goto(f"{app.url}/{path}")
    settle(tab)
    return response


def fill_sign_in(tab, user: str, password: str) -> None:
    tab.get_by_label(vi("auth.username")).fill(user)
    tab.get_by_label(vi("auth.password")).fill(password)
    tab.get_by_role("button", name=vi("auth.submit")).click()


def heading(tab, key: str):
    return tab.get_by_role("heading", name=vi(key), exact=True)


def assert_no_streamlit_box(tab) -> None:
    assert tab.get_by_text("Page not found").count() == 0
    assert tab.locator('[data-testid="stException"]').count() == 0


def signed_in(tab) -> bool:
    return tab.get_by_role("button", name=vi("auth.sign_out")).count() == 1


def session_cookies(context) -> list[dict]:
    return [c for c in context.cookies() if c["name"] == COOKIE_NAME]


@pytest.fixture(scope="module")
def signed_in_tabs(browser, app: App):
    """A context signed in through a deep link while signed out: (context, that tab, the addresses requested)."""
    context = new_context(browser)
    addresses: list[str] = []
    context.on("request", lambda request: addresses.append(request.url))
    tab = context.new_page()
    visit(tab, app, "nhat-ky-truy-cap")
    heading(tab, "page.sign_in").wait_for()
    assert_no_streamlit_box(tab)
    with tab.expect_response(f"{app.url}/api/session") as handed_over:
        fill_sign_in(tab, *app.admin)
    assert handed_over.value.status == 204
    heading(tab, "page.audit").wait_for()
    settle(tab)
    yield context, tab, addresses
    context.close()


def test_a_deep_link_signs_in_then_opens_its_page_and_f5_and_a_new_tab_keep_both(signed_in_tabs, app: App):
    context, tab, addresses = signed_in_tabs
    assert tab.url == f"{app.url}/nhat-ky-truy-cap"
    [cookie] = session_cookies(context)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and cookie["expires"] > 0
    assert COOKIE_NAME not in tab.evaluate("document.cookie")  # out of the page's scripts' reach

    tab.reload()
    settle(tab)
    heading(tab, "page.audit").wait_for()
    assert signed_in(tab)

    other = context.new_page()  # a new tab, or a bookmark, or a link someone shared
    visit(other, app, "tai-khoan")
    heading(other, "page.accounts").wait_for()
    assert signed_in(other)
    # The token never travels in an address, and the hand-over code went in a POST body, not a query.
    assert not [a for a in addresses if cookie["value"] in a]
    assert {a for a in addresses if "/api/" in a} == {f"{app.url}/api/session"}


def test_sign_out_in_one_tab_ends_the_other(signed_in_tabs, app: App):
    context, first, _ = signed_in_tabs
    second = next(tab for tab in context.pages if tab is not first)  # signed in by the cookie (test above)
    heading(second, "page.accounts").wait_for()
    with first.expect_response(f"{app.url}/api/session/end") as cleared:
        first.get_by_role("button", name=vi("auth.sign_out")).click()
    assert cleared.value.status == 204
    settle(first)
    heading(first, "page.sign_in").wait_for()
    assert session_cookies(context) == []

    # The other tab's next action (a click in the sidebar) finds its session over.
    second.locator('[data-testid="stSidebarNav"] a').first.click()
    settle(second)
    heading(second, "page.sign_in").wait_for()
    second.get_by_text(vi("auth.session_ended")).wait_for()


def test_unknown_addresses_answer_in_vietnamese(browser, app: App):
    context = new_context(browser)
    tab = context.new_page()
    visit(tab, app, "trang-khong-co")
    heading(tab, "notfound.title").wait_for()
    assert tab.url == f"{app.url}/trang-khong-co"
    assert_no_streamlit_box(tab)
    response = visit(tab, app, "kiem-diem-thang/khong-co")
    assert response.status == 404
    assert tab.get_by_role("heading", name=vi("notfound.title")).count() == 1
    assert "Page not found" not in tab.locator("body").inner_text()
    tab.get_by_role("link", name=vi("notfound.home")).click()
    tab.wait_for_url(f"{app.url}/")
    context.close()
