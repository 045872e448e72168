"""A Vietnamese "not found" page for addresses with more than one path segment.

Streamlit answers every unknown address with its app page; for `/a/b` that page loads its
scripts from `/a/static/…` and stays blank. Such an address is never one of our pages (page
addresses are one segment; an unknown one-segment address gets the app's own not-found page,
see `dashboard/page_routes.py`), so this middleware answers it with a plain 404 page.
"""
from __future__ import annotations

import html

from starlette.responses import HTMLResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from dashboard.i18n import translate
from dashboard.web.paths import under_base

# First segments Streamlit (and our session routes) serve below: left alone.
SERVED_PREFIXES = frozenset({"_stcore", "static", "media", "component", "app", "auth", "api"})


def is_unknown_nested(path: str, base_url_path: str | None = None) -> bool:
    base = under_base(base_url_path, "").rstrip("/")
    if base and not (path == base or path.startswith(base + "/")):
        return False
    parts = [p for p in path[len(base):].split("/") if p]
    return len(parts) >= 2 and parts[0] not in SERVED_PREFIXES


def not_found_html(home: str = "/") -> str:
    vi = {k: html.escape(translate("vi", k)) for k in ("notfound.title", "notfound.body", "notfound.home")}
    return (f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{vi["notfound.title"]}</title>'
            '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
            '<body style="font-family: sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem">'
            f'<h1>{vi["notfound.title"]}</h1><p>{vi["notfound.body"]}</p>'
            f'<p><a href="{html.escape(home)}">{vi["notfound.home"]}</a></p></body></html>')


class NotFoundMiddleware:
    def __init__(self, app: ASGIApp, base_url_path: str | None = None) -> None:
        self.app = app
        self.base_url_path = base_url_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] == "http" and scope["method"] in ("GET", "HEAD")
                and is_unknown_nested(scope["path"], self.base_url_path)):
            home = under_base(self.base_url_path, "")
            await HTMLResponse(not_found_html(home), status_code=404)(scope, receive, send)
            return
        await self.app(scope, receive, send)
