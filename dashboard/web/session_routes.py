"""The two HTTP routes that put the session cookie in the browser and take it out again.

A page script cannot set an HttpOnly cookie, so sign-in hands the browser a one-time code (in the
page, never in a URL); a script on the page POSTs it here and the answer sets the cookie
(`dashboard.session.send_to_browser`). Sign-out POSTs to the end route, which ends the cookie's
session and clears the cookie. Both refuse a request from another site (its Origin is not ours).
"""
from __future__ import annotations

import functools
from urllib.parse import urlsplit

from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from dashboard.web.paths import CLAIM_PATH, COOKIE_NAME, END_PATH, under_base
from data.accounts.sessions import claim_handoff, end_by_token
from data.db import open_store, resolve_url

_NO_STORE = {"Cache-Control": "no-store"}
_MAX_BODY = 256


@functools.lru_cache(maxsize=4)
def _engine_for(url: str) -> Engine:
    return open_store(url)


def _engine() -> Engine:
    return _engine_for(resolve_url(None))  # DATABASE_URL, as the page script reads it


def same_origin(request: Request) -> bool:
    """The request comes from a page of this very server: its Origin names our Host (or, behind a reverse
    proxy that rewrites Host, the X-Forwarded-Host the proxy passes on)."""
    origin = request.headers.get("origin")
    hosts = {h.strip().lower() for name in ("host", "x-forwarded-host")
             for h in request.headers.get(name, "").split(",")[:1] if h.strip()}
    return bool(origin) and urlsplit(origin).netloc.lower() in hosts


def _https(request: Request) -> bool:
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto", "").lower() == "https"


def _refused() -> Response:
    return Response(status_code=403, headers=_NO_STORE)


def make_routes(base_url_path: str | None = None) -> list[Route]:
    cookie_path = under_base(base_url_path, "").rstrip("/") or "/"

    async def claim(request: Request) -> Response:
        if not same_origin(request):
            return _refused()
        code = (await request.body())[:_MAX_BODY].decode("ascii", "replace").strip()
        cookie = await run_in_threadpool(claim_handoff, _engine(), code)
        if cookie is None:  # wrong, used or expired code
            return _refused()
        response = Response(status_code=204, headers=_NO_STORE)
        response.set_cookie(COOKIE_NAME, cookie.token, max_age=cookie.max_age_s, path=cookie_path,
                            httponly=True, secure=_https(request), samesite="lax")
        return response

    async def end(request: Request) -> Response:
        if not same_origin(request):
            return _refused()
        await run_in_threadpool(end_by_token, _engine(), request.cookies.get(COOKIE_NAME))
        response = Response(status_code=204, headers=_NO_STORE)
        response.delete_cookie(COOKIE_NAME, path=cookie_path, httponly=True, secure=_https(request),
                               samesite="lax")
        return response

    return [Route(under_base(base_url_path, CLAIM_PATH), claim, methods=["POST"]),
            Route(under_base(base_url_path, END_PATH), end, methods=["POST"])]
