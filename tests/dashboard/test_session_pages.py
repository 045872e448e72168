"""The whole app (AppTest) with store sessions: a sign-in starts one and hands its code to the cookie route
once; a session ended anywhere signs this page session out at its next run; sign-out ends it and asks the
server to clear the cookie. The browser's side is tests/browser/test_sessions.py."""
from __future__ import annotations

import re

from dashboard.session import SCOPE_KEY, SESSION_ID_KEY
from data.accounts.accounts import create_account
from data.accounts.sessions import check, claim_handoff, end_session, resume

GOOD = "Lang-Son-2026!"
CLAIM = re.compile(r'fetch\("/api/session", \{method: \'POST\', body: "([A-Za-z0-9_-]+)"')


def sign_in(at):
    at.text_input(key="auth.username").input("quantri")
    at.text_input(key="auth.password").input(GOOD)
    return at.button(key="auth.submit").click().run()


def page_scripts(at) -> list[str]:
    return [element.proto.body for element in at.get("html")]


def test_a_session_from_sign_in_to_sign_out(run_app, small_store, engine):
    """One app run through (its start costs seconds): hand-over, an end elsewhere, then a sign-out."""
    with engine.begin() as c:
        create_account(c, username="quantri", display_name="Quản trị tỉnh", role="admin", actor="system", password=GOOD)
    at = sign_in(run_app(scope=None))
    assert not at.exception
    session_id = at.session_state[SESSION_ID_KEY]
    [code] = [m.group(1) for body in page_scripts(at) if (m := CLAIM.search(body))]
    cookie = claim_handoff(engine, code)
    assert resume(engine, cookie.token).id == session_id
    at.run()
    assert not [body for body in page_scripts(at) if "/api/session" in body]  # handed over once

    end_session(engine, session_id)  # sign-out in another tab, or the account disabled
    at.run()
    assert SCOPE_KEY not in at.session_state
    assert at.title[0].value == "Đăng nhập"
    assert [i.value for i in at.info] == ["Phiên đăng nhập đã kết thúc (đã đăng xuất, hết hạn hoặc tài khoản bị "
                                          "vô hiệu hoá). Vui lòng đăng nhập lại."]
    assert not [body for body in page_scripts(at) if "/api/session/end" in body]  # another tab's cookie stays

    sign_in(at)
    again = at.session_state[SESSION_ID_KEY]
    assert again != session_id
    at.sidebar.button(key="auth.sign_out").click().run()
    assert check(engine, again, "quantri") is None
    assert [body for body in page_scripts(at) if '"/api/session/end"' in body]
    assert not at.info  # one's own sign-out needs no explanation
