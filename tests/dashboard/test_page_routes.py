"""Which hidden pages the navigation gets for an address (dashboard/page_routes.py).

`st.Page` needs a script run, so a tiny script (AppTest.from_function) builds the pages and
prints what each case declares; the whole app's behaviour is in tests/browser/test_sessions.py.
"""
from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest


def declare_pages() -> None:
    import json

    import streamlit as st

    from dashboard.page_routes import signed_in_pages, signed_out_pages, with_not_found

    def view() -> None:
        pass

    def hidden(pages) -> list[list[str]]:
        every = pages if isinstance(pages, list) else [p for group in pages.values() for p in group]
        return [[p.url_path, p.title] for p in every if p._visibility == "hidden"]

    home = st.Page(view, title="Cần xử lý", url_path="can-xu-ly", default=True)
    review = st.Page(view, title="Kiểm điểm tháng", url_path="kiem-diem-thang")
    accounts = st.Page(view, title="Tài khoản", url_path="tai-khoan")
    privacy = st.Page(view, title="Bảo vệ dữ liệu cá nhân", url_path="bao-ve-du-lieu")
    sections = {"Giám sát": [home, review], "Quản trị": [accounts, privacy]}
    signed_out = signed_out_pages(sections, privacy)
    found = {
        "signed_out_visible": [p.url_path for p in signed_out if p._visibility != "hidden"],
        "signed_out_hidden": hidden(signed_out),
        "denied": hidden(signed_in_pages(sections, {"Giám sát": [home, review], "Quản trị": [privacy]})),
        "not_found": {str(r): hidden(with_not_found(sections, r))
                      for r in ("khong-co", "kiem-diem-thang", "", None, "a/b", "can-xu-ly")},
    }
    st.text(json.dumps(found, ensure_ascii=False))


def test_every_address_has_a_page_and_unknown_ones_a_not_found_page():
    at = AppTest.from_function(declare_pages).run()
    assert not at.exception
    found = json.loads(at.text[0].value)
    assert found["signed_out_visible"] == ["dang-nhap", "bao-ve-du-lieu"]
    # Signed out, / and every page's address show the sign-in form (that page opens after it).
    assert found["signed_out_hidden"] == [["", "Đăng nhập"], ["kiem-diem-thang", "Kiểm điểm tháng"],
                                          ["tai-khoan", "Tài khoản"]]
    # Signed in, a page the role may not use answers at its address; /dang-nhap goes to the main page.
    assert found["denied"] == [["tai-khoan", "Tài khoản"], ["dang-nhap", "Đăng nhập"]]
    assert found["not_found"] == {
        "khong-co": [["khong-co", "Không tìm thấy trang"]],
        "kiem-diem-thang": [], "": [], "None": [], "a/b": [],
        "can-xu-ly": [],  # the main page's own key: a page there would collide with it
    }
