"""The server's session routes and not-found answer, as the ASGI app they are, on a real store.

Requests go through Starlette's routing into the real handlers (no HTTP client is installed, so
the test speaks ASGI itself); the browser side is in tests/browser/test_sessions.py.
"""
from __future__ import annotations

import asyncio
import datetime as dt
from http.cookies import SimpleCookie

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware

from dashboard.i18n import translate
from dashboard.web import session_routes
from dashboard.web.not_found import NotFoundMiddleware, is_unknown_nested
from dashboard.web.paths import COOKIE_NAME
from data.accounts import sessions
from data.accounts.accounts import create_account
from data.audit import SYSTEM_ACTOR
from data.db import make_engine

HOST = "127.0.0.1:8501"
USER = "an@langson.gov.vn"


@pytest.fixture
def app(store_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", store_url)
    engine = make_engine(store_url)
    with engine.begin() as conn:
        create_account(conn, username=USER, display_name=None, role="viewer", actor=SYSTEM_ACTOR)
    session_routes._engine_for.cache_clear()
    yield Starlette(routes=session_routes.make_routes(), middleware=[Middleware(NotFoundMiddleware)]), engine
    session_routes._engine_for.cache_clear()
    engine.dispose()


def call(app, method: str, path: str, body: bytes = b"", origin: str | None = f"http://{HOST}",
         cookie: str | None = None, host: str = HOST,
         forwarded_host: str | None = None) -> tuple[int, dict[str, list[str]], bytes]:
    headers = [(b"host", host.encode())]
    if forwarded_host:
        headers.append((b"x-forwarded-host", forwarded_host.encode()))
    if origin:
        headers.append((b"origin", origin.encode()))
    if cookie:
        headers.append((b"cookie", cookie.encode()))
    scope = {"type": "http", "method": method, "path": path, "raw_path": path.encode(), "query_string": b"",
             "headers": headers, "scheme": "http", "server": ("127.0.0.1", 8501), "client": ("127.0.0.1", 5000),
             "root_path": "", "http_version": "1.1"}
    sent: list[dict] = []
    chunks = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive():
        return chunks.pop(0) if chunks else {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    found: dict[str, list[str]] = {}
    for name, value in start["headers"]:
        found.setdefault(name.decode().lower(), []).append(value.decode())
    return start["status"], found, b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


def test_the_code_sets_an_http_only_cookie_once(app):
    asgi, engine = app
    started = sessions.start_session(engine, USER, "password")
    status, headers, _ = call(asgi, "POST", "/api/session", started.handoff_code.encode())
    assert status == 204 and headers["cache-control"] == ["no-store"]
    set_cookie = headers["set-cookie"][0]
    assert "HttpOnly" in set_cookie and "SameSite=lax" in set_cookie and "Path=/" in set_cookie
    assert "Max-Age=604" in set_cookie  # 7 days, less the seconds since sign-in
    token = SimpleCookie(set_cookie)[COOKIE_NAME].value
    assert sessions.resume(engine, token).scope.username == USER
    assert call(asgi, "POST", "/api/session", started.handoff_code.encode())[0] == 403  # used
    assert call(asgi, "GET", "/api/session")[0] == 405  # never by a link


def test_another_site_cannot_use_the_routes(app):
    asgi, engine = app
    started = sessions.start_session(engine, USER, "password")
    for origin in ("http://evil.example", None):
        status, headers, _ = call(asgi, "POST", "/api/session", started.handoff_code.encode(), origin=origin)
        assert status == 403 and "set-cookie" not in headers
    # Behind a reverse proxy that rewrites Host, the Origin must match the host the proxy forwards.
    public = "https://giamsat.langson.gov.vn"
    assert call(asgi, "POST", "/api/session", started.handoff_code.encode(), origin=public)[0] == 403
    assert call(asgi, "POST", "/api/session", started.handoff_code.encode(), origin=public,
                forwarded_host="giamsat.langson.gov.vn")[0] == 204  # still unused until now


def test_ending_clears_the_cookie_and_the_session(app):
    asgi, engine = app
    started = sessions.start_session(engine, USER, "password")
    token = sessions.claim_handoff(engine, started.handoff_code).token
    cookie = f"{COOKIE_NAME}={token}"
    assert call(asgi, "POST", "/api/session/end", origin="http://evil.example", cookie=cookie)[0] == 403
    assert sessions.check(engine, started.id, USER) is not None
    status, headers, _ = call(asgi, "POST", "/api/session/end", cookie=cookie)
    assert status == 204 and 'Max-Age=0' in headers["set-cookie"][0]
    assert sessions.check(engine, started.id, USER) is None
    assert sessions.resume(engine, token, now=dt.datetime.now(dt.UTC)) is None


@pytest.mark.parametrize(("path", "base", "unknown"), [
    ("/a/b", None, True), ("/kiem-diem-thang/x", None, True), ("/kiem-diem-thang", None, False), ("/", None, False),
    ("/_stcore/health", None, False), ("/static/js/index.js", None, False), ("/media/x.png", None, False),
    ("/api/session", None, False), ("/auth/login", None, False), ("/component/x/y", None, False),
    ("/giamsat/a/b", "giamsat", True), ("/giamsat/truc-tiep", "giamsat", False), ("/other/a/b", "giamsat", False),
])
def test_which_addresses_are_not_found_by_the_server(path, base, unknown):
    assert is_unknown_nested(path, base) is unknown


def test_a_nested_unknown_address_gets_a_vietnamese_404(app):
    asgi, _ = app
    status, headers, body = call(asgi, "GET", "/kiem-diem-thang/khong-co")
    text = body.decode()
    assert status == 404 and headers["content-type"][0].startswith("text/html")
    assert translate("vi", "notfound.title") in text and 'lang="vi"' in text and 'href="/"' in text
