"""No English of Streamlit's own on a Vietnamese page (issue 13, item 7): every page in the navigation, an
open select box with nothing matching, the file uploader, the date picker's calendar, and no Deploy button
or main menu. The list of Streamlit's English: streamlit_english.py; the app's swaps:
dashboard/streamlit_texts.py.
"""
from __future__ import annotations

import pytest
from streamlit_english import english_in
from steps import SHOTS, nav_paths, settle, sign_in, vi

pytestmark = pytest.mark.browser

# What a person sees: visible text nodes, and the placeholders and tooltips of visible elements. Material
# icons are glyphs drawn from their ligature names ("upload", "visibility"), not words anyone reads.
VISIBLE_TEXTS = """(root) => {
  const shown = (el) => el && !el.closest('script, style, [data-testid="stIconMaterial"]')
    && el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true});
  const out = [];
  const walker = document.createTreeWalker(root || document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.nodeValue.trim();
    if (text && shown(n.parentElement)) out.push(text);
  }
  (root || document.body).querySelectorAll('[placeholder], [title]').forEach((el) => {
    if (!shown(el)) return;
    for (const name of ['placeholder', 'title']) {
      const value = (el.getAttribute(name) || '').trim();
      if (value) out.push(value);
    }
  });
  return out;
}"""


def _texts(tab, selector: str | None = None) -> list[str]:
    if selector is None:
        return tab.evaluate(VISIBLE_TEXTS)
    return tab.locator(selector).first.evaluate(VISIBLE_TEXTS)


@pytest.fixture
def admin(page, app):
    """The shared administrator's tab, signed in (the scan would pass on the sign-in page alone)."""
    if "thong-ke-ho-so" not in nav_paths(page):
        page.goto(app.url)
        page.locator('input[type="password"], [data-testid="stSidebarNav"] a[href$="thong-ke-ho-so"]').first.wait_for()
        settle(page, quiet_s=0.75)
        if page.locator('input[type="password"]').count():
            sign_in(page, app)
    assert "thong-ke-ho-so" in nav_paths(page), page.screenshot(path=str(SHOTS / "vietnamese-only-signed-out.png"))
    return page


def _open(tab, path: str) -> None:
    tab.keyboard.press("Escape")
    tab.locator('[data-testid="stSidebarNav"] a').nth(nav_paths(tab).index(path)).click()
    settle(tab, quiet_s=0.5)


def test_no_streamlit_english_on_any_page(admin):
    found = {}
    for path in nav_paths(admin):
        _open(admin, path)
        assert admin.locator('[data-testid="stAppDeployButton"]').count() == 0
        assert admin.locator('[data-testid="stMainMenu"]').count() == 0
        if english := english_in(_texts(admin)):
            found[path or "/"] = english
    assert found == {}


def test_the_uploader_and_an_empty_search_speak_vietnamese(admin):
    page = admin
    _open(page, "thong-ke-ho-so")
    uploader = _texts(page, '[data-testid="stFileUploader"]')
    before, after = vi("stui.per_file", size="\0").split("\0")  # "Tối đa {size} mỗi tệp"
    assert vi("stui.upload") in uploader and any(t.startswith(before) and t.endswith(after) for t in uploader), uploader
    page.locator('[data-testid="stSelectbox"]').first.click()
    page.keyboard.type("zzqx")  # matches no option
    listbox = page.get_by_role("listbox")
    listbox.wait_for()
    texts = _texts(page, '[role="listbox"]')
    page.keyboard.press("Escape")
    assert texts == [vi("stui.no_results")]


def test_a_typed_search_says_press_enter_in_vietnamese(admin):
    _open(admin, "nhat-ky-truy-cap")
    box = admin.get_by_label(vi("audit.text"))
    box.fill("zz")  # typed, not applied yet: Streamlit shows how to apply it
    hint = admin.locator('[data-testid="InputInstructions"]').first
    hint.wait_for()
    shown = hint.inner_text().strip()
    box.fill("")
    box.press("Enter")
    settle(admin, quiet_s=0.5)
    assert shown == vi("stui.enter_apply")


def test_the_calendar_speaks_vietnamese(admin):
    """Month names come from the browser's locale (vi-VN here); the calendar's heading for screen readers
    ("Choose date range, …") is Streamlit's English whatever the locale. In an en-US browser the app also
    swaps the month names (dashboard/streamlit_texts.py; tests/dashboard/test_streamlit_texts.py)."""
    _open(admin, "thong-ke-ho-so")
    admin.locator('[data-testid="stDateInput"] button').first.click()
    admin.locator('[data-testid="stDateInputCalendar"]').wait_for()
    texts = _texts(admin, '[data-testid="stDateInputCalendar"]')
    admin.keyboard.press("Escape")
    assert any(t.startswith(vi("stui.calendar_range_heading", month="")) for t in texts), texts
    assert english_in(texts) == []
